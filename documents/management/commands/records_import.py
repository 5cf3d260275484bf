"""Bring a records package into this instance, for an organization of it.

    python manage.py records_import goi.zip --organization 000.00.01.H01 [--user USERNAME]

Verifies the package first (as records_verify) and refuses it, writing nothing, on any problem, or
when one of its hồ sơ codes already exists. The hồ sơ come in archived, owned by --user (default:
the organization's first archivist, else its first leader); the import is audited with the
manifest's SHA-256 and the package is kept in storage.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.services.records.package_format import PackageError
from documents.services.records.packages import ImportRefused, record_package_import
from qlvb.models import Organization, User


def _default_user(organization: Organization):
    for role in ("archivist", "leader"):
        user = User.objects.filter(memberships__organization=organization,
                                   memberships__roles__role=role, is_active=True).order_by("pk").first()
        if user:
            return user
    raise CommandError(f"{organization.organ_id} has no archivist or leader: give --user")


class Command(BaseCommand):
    help = "Import a records package (verified first; all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("package", type=Path)
        parser.add_argument("--organization", required=True, help="organ id (mã định danh) of the organization")
        parser.add_argument("--user", help="username who receives the hồ sơ (owner and archivist of record)")

    def handle(self, *args, package: Path, organization: str, user: str | None, **options):
        from documents.management.commands.records_verify import local_roots

        org = Organization.objects.filter(organ_id=organization).first()
        if org is None:
            raise CommandError(f"no organization with organ id {organization!r}")
        actor = User.objects.filter(username=user).first() if user else _default_user(org)
        if actor is None:
            raise CommandError(f"no user {user!r}")
        try:
            result = record_package_import(source=package, organization=org, actor=actor,
                                           trust_roots=local_roots([]))
        except PackageError as exc:
            raise CommandError(f"cannot read {package}: {exc.message}; nothing was imported", returncode=2) from exc
        except ImportRefused as exc:
            for problem in exc.report.problems if exc.report else []:
                self.stderr.write(f"PROBLEM: {problem}")
            raise CommandError(exc.message) from exc
        codes = ", ".join(r.code for r in result.records)
        self.stdout.write(self.style.SUCCESS(
            f"imported {len(result.records)} hồ sơ ({codes}): {result.documents} document(s), {result.files} "
            f"file(s); manifest SHA-256 {result.manifest_sha256}"))
