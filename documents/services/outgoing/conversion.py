"""DOCX → PDF with LibreOffice (headless) in a worker; the drafter sees the progress."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from documents.models import Conversion, DocumentFile
from documents.services.files import file_read, file_store
from qlvb.services.enqueue import enqueue_on_commit

CONVERT_TIMEOUT = 180
NO_LIBREOFFICE = "Máy chủ chưa cài LibreOffice nên chưa chuyển được tệp DOCX sang PDF. Đề nghị liên hệ quản trị."


def libreoffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def conversion_queue(*, source: DocumentFile) -> Conversion:
    conversion = Conversion.objects.create(source=source)
    enqueue_on_commit("documents.task_conversion_run", conversion.pk)
    return conversion


def conversion_run(*, conversion_id: int) -> Conversion:
    claimed = Conversion.objects.filter(pk=conversion_id, state=Conversion.State.QUEUED).update(
        state=Conversion.State.RUNNING, started_at=timezone.now())
    conversion = Conversion.objects.select_related("source__document").get(pk=conversion_id)
    if not claimed:
        return conversion
    binary = libreoffice_binary()
    if binary is None:
        return _finish(conversion, error=NO_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="qlvb-convert-") as tmp:
        source_path = Path(tmp) / "input.docx"
        source_path.write_bytes(file_read(conversion.source))
        command = [binary, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", tmp, str(source_path)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            return _finish(conversion, error=f"Chuyển đổi quá {CONVERT_TIMEOUT} giây, đã dừng.")
        pdf_path = Path(tmp) / "input.pdf"
        if result.returncode != 0 or not pdf_path.exists():
            detail = (result.stderr or result.stdout).decode(errors="replace").strip()[-500:]
            return _finish(conversion, error=f"Không chuyển được tệp sang PDF. {detail}".strip())
        pdf = pdf_path.read_bytes()
    with transaction.atomic():
        stem = conversion.source.name.rsplit(".", 1)[0]
        result_file = file_store(document=conversion.source.document, name=f"{stem}.pdf", data=pdf,
                                 role=conversion.source.role, content_type="application/pdf",
                                 replaces=conversion.source)
        conversion.result = result_file
        return _finish(conversion)


def _finish(conversion: Conversion, *, error: str = "") -> Conversion:
    conversion.state = Conversion.State.FAILED if error else Conversion.State.DONE
    conversion.error = error
    conversion.finished_at = timezone.now()
    conversion.save(update_fields=["state", "error", "finished_at", "result"])
    return conversion
