"""Celery tasks of documents. Thin: each calls one service."""

from celery import shared_task

from .services.handling import overdue_remind_all
from .services.outgoing.conversion import conversion_run


@shared_task(name="documents.task_conversion_run", acks_late=True)
def task_conversion_run(conversion_id: int) -> str:
    return conversion_run(conversion_id=conversion_id).state


@shared_task(name="documents.task_overdue_remind")
def task_overdue_remind() -> int:
    return overdue_remind_all()
