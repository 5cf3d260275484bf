"""Print the header fields read off a scan (PDF, JPEG, PNG or TIFF) as JSON: the form's code path."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.services.scan.extract import scan_extract
from documents.services.scan.ocr import OcrTimeout, OcrUnavailable, ScanUnreadable
from documents.services.scan.reading import issuer_match


class Command(BaseCommand):
    help = "OCR a scanned document and print the NĐ30 header fields read off it as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the scan: PDF, JPEG, PNG or TIFF")
        parser.add_argument("--text", action="store_true", help="also print the OCR text")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            found = scan_extract(data=path.read_bytes())
        except (ScanUnreadable, OcrUnavailable, OcrTimeout) as exc:
            raise CommandError(f"{path}: {exc}") from None
        result = {**found.fields(), "pages": found.pages, "seconds": found.seconds}
        issuer = issuer_match(found.issuer)
        result["issuer_organ_id"] = issuer.organ_id if issuer else ""
        if options["text"]:
            result["text"] = found.text
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
