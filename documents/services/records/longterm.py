"""Long-term proof of the signed files of an archived hồ sơ: PAdES B-LTA, and its renewal.

When the archive accepts a hồ sơ (``enqueue_on_commit("documents.records_longterm_proof", record_id)``),
every signed PDF of its documents — the newest version of each file — gets the validation data of
its signatures and an archive (document) timestamp, stored as a new immutable version
(``replaces=`` the one it was made from, which stays) with a :class:`LongTermProof` row. The daily
``documents.records_longterm_renew`` renews each proof whose timestamp authority's certificate
expires within QLVB_LTV_RENEW_DAYS, and adds what an earlier run could not.

The cryptography and the network (TSA, CRL/OCSP through the guarded fetch) happen outside any
transaction; the new version, its proof and the audit event are written together or not at all.
A failure (TSA down, revocation data unreachable) is logged in English, audited, kept on the proof
(``last_error``), and tried again on the next run.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from documents.models import DocumentFile, LongTermProof, RecordFile
from documents.selectors.records_longterm import longterm_proofs_due, record_signed_files_without_proof
from documents.services.files import file_store
from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record
from signatures import conf
from signatures.pdf.longterm import LongTermPdf, add_long_term_proof, renew_long_term_proof
from signatures.pki.errors import SignatureServiceError
from signatures.pki.tsa import http_timestamper
from signatures.selectors.certificates import trust_anchor_list
from signatures.services import publication
from signatures.services.files import file_bytes

log = logging.getLogger(__name__)


def ltv_tsa_url() -> str:
    return settings.QLVB_LTV_TSA_URL or conf.tsa_url()


def renew_margin() -> timedelta:
    return timedelta(days=int(settings.QLVB_LTV_RENEW_DAYS))


@dataclass
class LongTermRun:
    """What one run did: proofs added or renewed, and the files that failed (id, English reason)."""

    added: list[LongTermProof] = field(default_factory=list)
    renewed: list[LongTermProof] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def extend(self, other: LongTermRun) -> None:
        self.added += other.added
        self.renewed += other.renewed
        self.failed += other.failed
        self.skipped += other.skipped

    def as_dict(self) -> dict:
        return {"added": len(self.added), "renewed": len(self.renewed), "failed": len(self.failed),
                "skipped": len(self.skipped)}


def _materials():
    """Trust roots, the guarded revocation fetch (one per file) and the archive TSA client."""
    return (
        tuple(trust_anchor_list()),
        publication.revocation_fetch(),
        http_timestamper(ltv_tsa_url(), timeout=conf.tsa_timeout()),
    )


def _proof_name(name: str) -> str:
    return name if name.lower().endswith(".pdf") else f"{name}.pdf"


def _store_proof(*, record: RecordFile, source: DocumentFile, result: LongTermPdf,
                 renewed_from: LongTermProof | None) -> LongTermProof | None:
    """The new version and its proof, in one transaction; None when another run got there first."""
    action = AuditAction.RECORD_LONGTERM_PROOF_RENEW if renewed_from else AuditAction.RECORD_LONGTERM_PROOF_ADD
    with transaction.atomic():
        locked = DocumentFile.objects.select_for_update().get(pk=source.pk)
        if DocumentFile.objects.filter(replaces=locked).exists() or LongTermProof.objects.filter(source=locked).exists():
            return None
        stored = file_store(document=locked.document, name=_proof_name(locked.name), data=result.data,
                            role=locked.role, content_type="application/pdf", replaces=locked)
        proof = LongTermProof.objects.create(
            record=record, source=locked, file=stored, timestamp_time=result.timestamp_time,
            tsa_valid_until=result.tsa_valid_until, renewed_from=renewed_from,
        )
        audit_record(
            action=action, organization=record.organization, obj=stored,
            data={"record": record.pk, "source": locked.pk, "file": stored.pk, "proof": proof.pk,
                  "timestamp_time": result.timestamp_time.isoformat(),
                  "tsa_valid_until": result.tsa_valid_until.isoformat(), "signatures": result.signatures,
                  "sha256": result.sha256},
        )
    return proof


def _record_failure(*, record: RecordFile, source: DocumentFile, reason: str,
                    proof: LongTermProof | None = None) -> None:
    log.error("long-term proof of file %s (record %s) failed: %s", source.pk, record.pk, reason)
    with transaction.atomic():
        if proof is not None:
            LongTermProof.objects.filter(pk=proof.pk).update(
                last_error=reason[:2000], last_attempt_at=timezone.now(), attempts=proof.attempts + 1
            )
        audit_record(
            action=AuditAction.RECORD_LONGTERM_PROOF_FAILED, organization=record.organization, obj=source,
            data={"record": record.pk, "source": source.pk, "proof": proof.pk if proof else None,
                  "reason": reason[:500]},
        )


def _intact(document_file: DocumentFile) -> bytes:
    data = file_bytes(document_file)
    if hashlib.sha256(data).hexdigest() != document_file.sha256:
        raise SignatureServiceError(f"stored bytes of file {document_file.pk} do not match its SHA-256")
    return data


def record_longterm_proof_add(*, record: RecordFile) -> LongTermRun:
    """B-LTA for every signed PDF (newest version) of the documents of an archived hồ sơ that has none yet.

    Idempotent: a file that already has its proof (or whose newest version is a proof) is left
    alone, so a retry or a second call adds nothing. Only an archived hồ sơ gets proofs.
    """
    run = LongTermRun()
    record = RecordFile.objects.select_related("organization").get(pk=record.pk)
    if record.state != RecordFile.State.ARCHIVED:
        log.warning("record %s is not archived (%s): no long-term proof added", record.pk, record.state)
        run.skipped.append((record.pk, "not_archived"))
        return run
    roots, _, _ = _materials()
    for source in record_signed_files_without_proof(record=record):
        _, fetch, timestamper = _materials()
        try:
            result = add_long_term_proof(_intact(source), trust_roots=roots, timestamper=timestamper, fetch=fetch)
        except Exception as exc:  # noqa: BLE001 - any failure of one file is recorded; the others go on
            if not isinstance(exc, SignatureServiceError | OSError):
                log.exception("unexpected failure of the long-term proof of file %s", source.pk)
            _record_failure(record=record, source=source, reason=f"{type(exc).__name__}: {exc}")
            run.failed.append((source.pk, str(exc)))
            continue
        proof = _store_proof(record=record, source=source, result=result, renewed_from=None)
        if proof is None:
            run.skipped.append((source.pk, "done_elsewhere"))
        else:
            run.added.append(proof)
    return run


def longterm_proof_renew(*, proof: LongTermProof) -> LongTermProof | None:
    """Fresh validation data for the proof's last archive timestamp and a new archive timestamp.

    Returns the new proof, or None when it failed (kept on ``proof.last_error``, tried again next
    run) or another run renewed it first. A renewal whose authority's certificate does not expire
    later than the current one would not extend anything: it is refused as a failure (the TSA's
    certificate must be renewed first)."""
    record, source = proof.record, proof.file
    roots, fetch, timestamper = _materials()
    try:
        result = renew_long_term_proof(_intact(source), trust_roots=roots, timestamper=timestamper, fetch=fetch)
        if result.tsa_valid_until <= proof.tsa_valid_until:
            raise SignatureServiceError(
                f"the archive TSA's certificate expires {result.tsa_valid_until.isoformat()}, not later than the "
                f"current archive timestamp's ({proof.tsa_valid_until.isoformat()}): renew the TSA certificate first"
            )
    except Exception as exc:  # noqa: BLE001 - recorded on the proof, tried again on the next run
        if not isinstance(exc, SignatureServiceError | OSError):
            log.exception("unexpected failure of the renewal of long-term proof %s", proof.pk)
        _record_failure(record=record, source=source, reason=f"{type(exc).__name__}: {exc}", proof=proof)
        return None
    return _store_proof(record=record, source=source, result=result, renewed_from=proof)


def records_longterm_renew(*, now: datetime | None = None, margin: timedelta | None = None) -> LongTermRun:
    """The daily run: renew every proof due within ``margin`` (QLVB_LTV_RENEW_DAYS), and add the proofs
    missing from archived hồ sơ (a run that failed before, a file archived while the TSA was down)."""
    now = now or timezone.now()
    margin = renew_margin() if margin is None else margin
    run = LongTermRun()
    for proof in longterm_proofs_due(until=now + margin):
        renewed = longterm_proof_renew(proof=proof)
        if renewed is None:
            run.failed.append((proof.file_id, LongTermProof.objects.get(pk=proof.pk).last_error))
        else:
            run.renewed.append(renewed)
    for record in RecordFile.objects.filter(state=RecordFile.State.ARCHIVED).order_by("pk"):
        if record_signed_files_without_proof(record=record):
            run.extend(record_longterm_proof_add(record=record))
    log.info("long-term proofs: %s", run.as_dict())
    return run
