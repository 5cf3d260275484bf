"""Export one or more hồ sơ as one records package (docs/RECORDS-PACKAGE.md).

    python manage.py records_export --record 12 --record 000.00.01.H01.2026.01-VP --out goi.zip

A hồ sơ is named by its id, its mã hồ sơ (organ id.year.code) or its code alone when that is
unique. The operator runs this: no permission check, one audit event per hồ sơ.
"""

from django.core.management.base import BaseCommand, CommandError

from documents.models.records import RecordFile
from documents.services.records.packages import file_code, record_package_export


def find_record(name: str) -> RecordFile:
    records = RecordFile.objects.select_related("organization")
    if name.isdigit() and (found := records.filter(pk=int(name)).first()):
        return found
    matches = [r for r in records.filter(code=name)] or [
        r for r in records.filter(code=name.rsplit(".", 1)[-1]) if file_code(r) == name
    ]
    if not matches:
        matches = [r for r in records if file_code(r) == name]
    if len(matches) != 1:
        raise CommandError(f"hồ sơ {name!r}: {'not found' if not matches else 'ambiguous, give its id'}")
    return matches[0]


class Command(BaseCommand):
    help = "Export hồ sơ (work files) as one self-contained records package (zip)."

    def add_arguments(self, parser):
        parser.add_argument("--record", action="append", required=True, help="id or code of a hồ sơ (repeatable)")
        parser.add_argument("--out", required=True, help="path of the zip to write")

    def handle(self, *args, record: list[str], out: str, **options):
        records = [find_record(name) for name in record]
        summary = record_package_export(actor=None, records=records, out=out)
        self.stdout.write(f"wrote {out}: {len(summary.records)} hồ sơ, {summary.documents} document(s), "
                          f"{summary.files} file(s), {summary.audit_events} audit event(s), {summary.bytes} bytes")
        self.stdout.write(f"manifest SHA-256: {summary.manifest_sha256}")
