"""The Celery application shared by the worker and beat processes."""

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qlvb.settings.development")

app = Celery("qlvb")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Task priority on Redis (0 is taken first, 9 last). Work that follows an arrival or a new file
# (signature check, search indexing) waits behind the exchange itself, so that a burst of
# documents is received and acknowledged first and checked right after.
BACKGROUND_PRIORITY = 9

# Celery's Django fixup closes the database connection before and after every task unless told
# to reuse it; a fresh PostgreSQL connection costs more than most of our tasks. Keep connections
# and let Django decide, as it does per web request: CONN_MAX_AGE and the health check close a
# connection that is too old or broken.
app.conf.CELERY_DB_REUSE_MAX = 1_000_000


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender=None, **_kwargs) -> None:
    from django.db import close_old_connections, connection

    if getattr(getattr(sender, "request", None), "is_eager", False) or connection.in_atomic_block:
        return  # run inline (tests, eager mode): the caller owns the connection and its transaction
    close_old_connections()
