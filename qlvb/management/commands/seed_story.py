"""`manage.py seed_story`: Put the seed story in the demo data, so a newcomer can click through it after `make run`.

The demo lives in qlvb/demo; this file only names the command for manage.py."""

from qlvb.demo.commands.seed_story import Command  # noqa: F401
