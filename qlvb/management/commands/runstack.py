"""`manage.py runstack`: Run the whole stack in the foreground: local axis, timestamp authority, web server, Celery worker and beat.

The demo lives in qlvb/demo; this file only names the command for manage.py."""

from qlvb.demo.commands.runstack import Command  # noqa: F401
