"""`manage.py runstack`: Run the whole stack in the foreground, restarting a process that stops: a private
Redis (unless REDIS_URL is set), local axis, timestamp authority, web server, Celery workers and beat.

The demo lives in qlvb/demo; this file only names the command for manage.py."""

from qlvb.demo.commands.runstack import Command  # noqa: F401
