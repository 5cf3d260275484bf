"""Create or update the axis connection that serves some hosted organizations."""

from django.core.management.base import BaseCommand, CommandError

from interchange.services.connections import axis_connection_upsert


class Command(BaseCommand):
    help = "Connect hosted organizations to the axis: endpoint, system id and secret (idempotent by system id)."

    def add_arguments(self, parser):
        parser.add_argument("--endpoint", required=True)
        parser.add_argument("--system-id", required=True)
        parser.add_argument("--secret", required=True)
        parser.add_argument("--organ-id", action="append", required=True, dest="organ_ids")
        parser.add_argument("--name", default="")
        parser.add_argument("--read-timeout", type=float, default=60)

    def handle(self, *args, endpoint, system_id, secret, organ_ids, name, read_timeout, **options):
        try:
            _, created = axis_connection_upsert(endpoint=endpoint, system_id=system_id, secret=secret,
                                                organ_ids=organ_ids, name=name, read_timeout=read_timeout)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        verb = "created" if created else "updated"
        self.stdout.write(f"axis connection {system_id} {verb}: {endpoint}, serving {', '.join(organ_ids)}")
