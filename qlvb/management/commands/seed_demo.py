"""`manage.py seed_demo`: Load the demo cast of the seed letters. Idempotent: running it twice changes nothing.

The demo lives in qlvb/demo; this file only names the command for manage.py."""

from qlvb.demo.commands.seed_demo import Command  # noqa: F401
