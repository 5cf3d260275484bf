"""`manage.py seed_incidents`: Add the demo incidents (a failed send, a backlog item) once; the alert rules find them.

The demo lives in qlvb/demo; this file only names the command for manage.py."""

from qlvb.demo.commands.seed_incidents import Command  # noqa: F401
