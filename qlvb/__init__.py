"""QLVB project package: settings, Celery app and the core (organizations, people, calendar, audit)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
