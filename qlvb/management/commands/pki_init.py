"""`manage.py pki_init`: Create the demo CA hierarchy and a server-held key for every demo leader and organization.

The demo lives in qlvb/demo; this file only names the command for manage.py."""

from qlvb.demo.commands.pki_init import Command  # noqa: F401
