"""Wire the demo organizations to the local axis: register their systems there, connect them here.

Two connected systems, as a real deployment would have: a central one for the ministries
(VPCP, BTTTT) and the province's center for UBND tỉnh Bắc Kạn and its departments. Each run gives
each system a new random secret, on the axis and here at once; the secret goes to the axis through
the command's standard input, never on a command line that other users of the machine can list.
"""

import secrets
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from interchange.services.connections import axis_connection_upsert
from qlvb.models import Organization

SYSTEMS = [
    ("qlvb.trunguong", "Hệ thống QLVB các bộ (demo)", ["000.00.00.G22", "000.00.00.G14"]),
    ("qlvb.h05", "Hệ thống QLVB tỉnh Bắc Kạn (demo)", ["000.00.00.H05", "000.00.01.H05", "000.00.13.H05",
                                                       "000.00.11.H05", "000.00.31.H05"]),
]


def demo_systems_connect(*, data: str, endpoint: str) -> None:
    """Register the demo systems on the local axis in ``data`` with new random secrets, and connect
    the demo organizations here to ``endpoint`` with the same secrets."""
    for system_id, label, organ_ids in SYSTEMS:
        orgs = dict(Organization.objects.filter(organ_id__in=organ_ids).values_list("organ_id", "name"))
        if set(orgs) != set(organ_ids):
            raise CommandError("run `manage.py seed_demo` first")
        secret = secrets.token_urlsafe(32)
        cmd = [sys.executable, "-m", "interchange.axis", "add-system", "--data", data, "--system-id", system_id]
        for organ_id in organ_ids:
            cmd += ["--organ-id", organ_id, "--name", orgs[organ_id]]
        result = subprocess.run(cmd, cwd=settings.BASE_DIR, input=secret + "\n", capture_output=True, text=True)
        if result.returncode:
            raise CommandError(f"add-system {system_id} failed: {result.stderr.strip()}")
        axis_connection_upsert(endpoint=endpoint, system_id=system_id, secret=secret, organ_ids=organ_ids,
                               name=label)


class Command(BaseCommand):
    help = "Register the demo systems on the local axis and connect the demo organizations to it."

    def add_arguments(self, parser):
        parser.add_argument("--data", default=str(settings.VAR_DIR / "axis"))
        parser.add_argument("--endpoint", default=settings.QLVB_LOCAL_AXIS_URL)

    def handle(self, *args, data, endpoint, **options):
        demo_systems_connect(data=data, endpoint=endpoint)
        for system_id, _label, organ_ids in SYSTEMS:
            self.stdout.write(f"axis: {system_id} serves {', '.join(organ_ids)}")
