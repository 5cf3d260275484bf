"""The verification page of a document's file version (``signatures:file-verification`` at
/chu-ky/tep/<id>/): the latest result for each signature, the versions signing made, and checking
again now."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from documents.selectors.files import document_file_get, document_file_lineage
from documents.selectors.records_longterm import longterm_proof_for_file
from signatures.clock import short_vietnam
from signatures.selectors.signing import signature_record_list
from signatures.selectors.verification import file_verification_latest
from signatures.services import file_verify


def _when(iso: str | None) -> str:
    return short_vietnam(datetime.fromisoformat(iso)) if iso else ""


def _rows(verification) -> list[dict]:
    """The per-signature reports with their times as Vietnamese readers write them."""
    if verification is None:
        return []
    rows = []
    for report in verification.details:
        timestamp = report.get("timestamp") or {}
        rows.append({**report, "when": _when(report.get("signing_time")), "timestamp_when": _when(timestamp.get("time"))})
    return rows


def _archive_stamp(rows: list[dict]) -> dict | None:
    """The archive timestamp the last check found (a B-LTA file made elsewhere, e.g. imported)."""
    for row in rows:
        stamp = row.get("archive_timestamp")
        if stamp:
            return {**stamp, "when": _when(stamp.get("time")),
                    "until": datetime.fromisoformat(stamp["tsa_valid_until"]).strftime("%d/%m/%Y")}
    return None


@login_required
def file_verification(request, file_id: int):
    document_file = document_file_get(user=request.user, pk=file_id)
    verification = file_verification_latest(document_file=document_file)
    rows = _rows(verification)
    return render(
        request,
        "documents/verification/file_verification.html",
        {
            "document_file": document_file,
            "document": document_file.document,
            "verification": verification,
            "rows": rows,
            "lineage": document_file_lineage(document_file),
            "records": signature_record_list(document=document_file.document),
            "longterm": longterm_proof_for_file(document_file=document_file),
            "archive_stamp": _archive_stamp(rows),
        },
    )


@login_required
@require_POST
def file_verify_now(request, file_id: int):
    document_file = document_file_get(user=request.user, pk=file_id)
    if document_file.destroyed_at:  # destroyed with its hồ sơ: nothing left to check
        messages.error(request, f"Tệp {document_file.destroyed_note[0].lower()}{document_file.destroyed_note[1:]}.")
        return redirect("signatures:file-verification", file_id=document_file.pk)
    verification = file_verify(document_file=document_file, actor=request.user)
    level = messages.SUCCESS if verification.valid else messages.WARNING
    messages.add_message(request, level, f"Đã kiểm tra chữ ký số: {verification.get_outcome_display().lower()}.")
    return redirect("signatures:file-verification", file_id=document_file.pk)
