"""`manage.py demo_axis`: Wire the demo organizations to the local axis: register their systems there, connect them here.

The demo lives in qlvb/demo; this file only names the command for manage.py."""

from qlvb.demo.commands.demo_axis import Command  # noqa: F401
