"""Wire the demo organizations to the local axis: register their systems there, connect them here.

Two connected systems, as a real deployment would have: a central one for the ministries
(VPCP, BTTTT) and the province's center for UBND tỉnh Bắc Kạn and its departments. Secrets are
derived from this installation's SECRET_KEY, so they are stable but never the same on two installs.
"""

import hashlib
import hmac
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


def demo_secret(system_id: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), system_id.encode(), hashlib.sha256).hexdigest()[:32]


class Command(BaseCommand):
    help = "Register the demo systems on the local axis and connect the demo organizations to it."

    def add_arguments(self, parser):
        parser.add_argument("--data", default=str(settings.VAR_DIR / "axis"))
        parser.add_argument("--endpoint", default=settings.QLVB_LOCAL_AXIS_URL)

    def handle(self, *args, data, endpoint, **options):
        for system_id, label, organ_ids in SYSTEMS:
            orgs = dict(Organization.objects.filter(organ_id__in=organ_ids).values_list("organ_id", "name"))
            if set(orgs) != set(organ_ids):
                raise CommandError("run `manage.py seed_demo` first")
            cmd = [sys.executable, "-m", "interchange.axis", "add-system", "--data", data,
                   "--system-id", system_id, "--secret", demo_secret(system_id)]
            for organ_id in organ_ids:
                cmd += ["--organ-id", organ_id, "--name", orgs[organ_id]]
            result = subprocess.run(cmd, cwd=settings.BASE_DIR, capture_output=True, text=True)
            if result.returncode:
                raise CommandError(f"add-system {system_id} failed: {result.stderr.strip()}")
            axis_connection_upsert(endpoint=endpoint, system_id=system_id, secret=demo_secret(system_id),
                                   organ_ids=organ_ids, name=label)
            self.stdout.write(f"axis: {system_id} serves {', '.join(organ_ids)}")

