"""Carry the audit rows written before the audit key over to the keyed chain, once.

The old chain (plain SHA-256) is verified first; if any row was changed, removed or inserted the
command refuses and changes nothing. Otherwise every row is re-chained under the key and an
`audit.upgrade` event keeps the old head hash. Run it once after migrating to the keyed chain.
"""

from django.core.management.base import BaseCommand, CommandError

from qlvb.services.audit import UpgradeRefused, audit_upgrade


class Command(BaseCommand):
    help = "Verify the unkeyed audit chain and re-chain it under the audit key (once, after the upgrade)."

    def handle(self, *args, **options):
        try:
            rows = audit_upgrade()
        except UpgradeRefused as exc:
            raise CommandError(f"audit log NOT upgraded: {exc}") from exc
        if rows:
            self.stdout.write(self.style.SUCCESS(f"{rows} unkeyed row(s) verified and re-chained under the audit key"))
        else:
            self.stdout.write("nothing to upgrade: every row is keyed")
