"""`manage.py seed_records`: the records side of the demo (file catalogue, hồ sơ, archive, disposal).

The demo lives in qlvb/demo; this file only names the command for manage.py."""

from qlvb.demo.commands.seed_records import Command  # noqa: F401
