"""DOCX → PDF with LibreOffice (headless) in a worker of its own queue; the drafter sees the progress.

A DOCX is input from a user: it can link external images (fetched when the file is opened) and can
be made to run LibreOffice for ever. So LibreOffice runs in a box (sandbox.py): no network, an
address-space ceiling, a time limit after which its whole process group is killed, an environment
without the application's secrets. If the box cannot be made, nothing is converted (fail closed).
The task runs on the "conversion" Celery queue (qlvb/settings: CELERY_TASK_ROUTES), which only the
conversion worker consumes, so a conversion never holds up the exchange.

| setting | default | meaning |
|---|---|---|
| QLVB_CONVERT_BOX | unshare --net --pid --fork --kill-child --map-root-user | the command put before soffice |
| QLVB_CONVERT_TIMEOUT | 120 | seconds one conversion may take |
| QLVB_CONVERT_MEMORY_MB | 2048 | address-space ceiling of LibreOffice (RLIMIT_AS) |
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from documents.models import Conversion, DocumentFile
from documents.services.files import file_read, file_store
from documents.services.outgoing.sandbox import BoxTimeout, BoxUnavailable, box_run
from qlvb.services.enqueue import enqueue_on_commit

log = logging.getLogger(__name__)

CONVERSION_QUEUE = "conversion"
NO_LIBREOFFICE = "Máy chủ chưa cài LibreOffice nên chưa chuyển được tệp DOCX sang PDF. Đề nghị liên hệ quản trị."
NO_BOX = ("Máy chủ chưa tạo được môi trường cách ly (không mạng) để chuyển tệp DOCX sang PDF, nên chưa chuyển. "
          "Đề nghị liên hệ quản trị.")


def convert_timeout() -> float:
    return float(settings.QLVB_CONVERT_TIMEOUT)


def soffice_command(binary: str, workdir: str, source: Path) -> list[str]:
    """LibreOffice converting ``source`` to PDF in ``workdir``, with a profile of its own there."""
    return [binary, f"-env:UserInstallation=file://{workdir}/profile", "--headless", "--norestore",
            "--nolockcheck", "--convert-to", "pdf", "--outdir", workdir, str(source)]


def libreoffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def conversion_queue(*, source: DocumentFile) -> Conversion:
    conversion = Conversion.objects.create(source=source)
    enqueue_on_commit("documents.task_conversion_run", conversion.pk, queue=CONVERSION_QUEUE)
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
    timeout = convert_timeout()
    with tempfile.TemporaryDirectory(prefix="qlvb-convert-") as tmp:
        source_path = Path(tmp) / "input.docx"
        source_path.write_bytes(file_read(conversion.source))
        try:
            result = box_run(soffice_command(binary, tmp, source_path), box_command=settings.QLVB_CONVERT_BOX,
                             memory_mb=int(settings.QLVB_CONVERT_MEMORY_MB), timeout=timeout, workdir=tmp)
        except BoxUnavailable as exc:
            log.error("conversion %s not run: the LibreOffice box cannot be made: %s", conversion.pk, exc)
            return _finish(conversion, error=NO_BOX)
        except BoxTimeout as exc:
            log.warning("conversion %s stopped: %s", conversion.pk, exc)
            return _finish(conversion, error=(
                f"Chuyển đổi tệp sang PDF quá {timeout:g} giây nên đã dừng. Đề nghị kiểm tra lại tệp DOCX "
                "(ví dụ bớt hình ảnh, bảng biểu lớn) rồi tải lên lại."))
        pdf_path = Path(tmp) / "input.pdf"
        if result.returncode != 0 or not pdf_path.exists():
            log.warning("conversion %s failed (exit %s): %s", conversion.pk, result.returncode,
                        result.output.decode(errors="replace").strip()[-500:])
            return _finish(conversion, error="Không chuyển được tệp sang PDF. Đề nghị kiểm tra lại tệp DOCX.")
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
