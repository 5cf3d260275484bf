"""Create or update the axis connection that serves some hosted organizations."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from interchange.models import AxisConnection
from qlvb.models import Organization


class Command(BaseCommand):
    help = "Connect hosted organizations to the axis: endpoint, system id and secret (idempotent by system id)."

    def add_arguments(self, parser):
        parser.add_argument("--endpoint", required=True)
        parser.add_argument("--system-id", required=True)
        parser.add_argument("--secret", required=True)
        parser.add_argument("--organ-id", action="append", required=True, dest="organ_ids")
        parser.add_argument("--name", default="")
        parser.add_argument("--read-timeout", type=float, default=60)

    @transaction.atomic
    def handle(self, *args, endpoint, system_id, secret, organ_ids, name, read_timeout, **options):
        orgs = list(Organization.objects.filter(organ_id__in=organ_ids))
        missing = set(organ_ids) - {o.organ_id for o in orgs}
        if missing:
            raise CommandError(f"unknown organizations: {', '.join(sorted(missing))}")
        connection, created = AxisConnection.objects.update_or_create(
            system_id=system_id,
            defaults={"endpoint": endpoint, "secret": secret, "name": name or system_id,
                      "read_timeout": read_timeout, "is_active": True},
        )
        connection.organizations.set(orgs)
        for org in orgs:
            if not org.hosted:
                org.hosted = True
                org.save(update_fields=["hosted"])
        verb = "created" if created else "updated"
        self.stdout.write(f"axis connection {system_id} {verb}: {endpoint}, serving {', '.join(organ_ids)}")
