"""Small builders for the records package tests: a test PKI whose root is in the trust store, signed
PDFs, and hồ sơ made through the models (the work-files services are written in parallel)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

from django.core.files.base import ContentFile

from documents.models import Document
from documents.models.records import RecordFile, RecordItem
from documents.services.files import file_store
from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record
from signatures.pdf import pades
from signatures.pdf.samples import SampleDocument, nd30_document
from signatures.pki import issuing, keys
from tests.factories import make_document


@functools.cache
def pki_pair() -> tuple[issuing.Credential, issuing.Credential]:
    """(root, signer): a root and a leader's certificate under it, made once per test process."""
    urls = issuing.PkiUrls("http://127.0.0.1:9/pki")
    root = issuing.create_root_ca("Root CA gói hồ sơ thử nghiệm", slug="package-root")
    signer = issuing.issue_person(root, urls, full_name="Hoàng Văn Ký", organization="UBND tỉnh thử",
                                  title="Phó Chủ tịch")
    return root, signer


@functools.cache
def signed_pdf(pages: int = 1) -> bytes:
    """An ND30 sample signed (PAdES B-B, no timestamp) by the test signer."""
    _, signer = pki_pair()
    policy = pades.SigningPolicy(level=pades.Level.B_B, allow_without_timestamp=True)
    return pades.sign_pdf(nd30_document(SampleDocument(pages=pages)), keys.signer_from_credential(signer),
                          policy=policy).data


def trust_test_root() -> None:
    """Put the test root in this database's trust store."""
    from signatures.models import Certificate
    from signatures.services.trust import certificate_store

    certificate_store(pki_pair()[0].cert, kind=Certificate.Kind.TRUST_ANCHOR)


def make_record(org, owner, *, code: str = "01-VP", documents: int = 2, other_files: int = 1,
                state: str = RecordFile.State.CLOSED, access: str = RecordFile.Access.UNIT, unit=None,
                year: int = 2026, pdf: bytes | None = None) -> RecordFile:
    """A hồ sơ with `documents` signed outgoing documents (each with an audit event) and
    `other_files` minutes, in that order."""
    record = RecordFile.objects.create(
        organization=org, year=year, code=code, title=f"Hồ sơ thử nghiệm {code}", retention_years=10,
        owner=owner, unit=unit, state=state, access=access, started_on=dt.date(year, 1, 5),
        ended_on=dt.date(year, 6, 30), notes="Ghi chú của hồ sơ",
    )
    data = pdf if pdf is not None else signed_pdf()
    ordinal = 0
    for n in range(documents):
        doc = make_document(org, direction="out", unit=unit, created_by=owner, subject=f"Về việc thử nghiệm số {n + 1}")
        Document.objects.filter(pk=doc.pk).update(symbol=f"{100 + n}/UBND-VP", issued_on=dt.date(year, 2, n % 27 + 1),
                                                  signer_name="Hoàng Văn Ký", signer_title="Phó Chủ tịch",
                                                  state=Document.State.DISPATCHED, urgency=1)
        doc.refresh_from_db()
        draft = file_store(document=doc, name="du-thao.pdf", data=nd30_document(), content_type="application/pdf")
        file_store(document=doc, name=f"{100 + n}-UBND-VP.pdf", data=data, content_type="application/pdf",
                   replaces=draft)
        audit_record(action=AuditAction.OUTGOING_SIGN, actor=owner, organization=org, obj=doc,
                     data={"symbol": doc.symbol})
        ordinal += 1
        RecordItem.objects.create(record=record, ordinal=ordinal, document=doc, added_by=owner)
    for n in range(other_files):
        content = f"Biên bản cuộc họp số {n + 1}".encode()
        ordinal += 1
        item = RecordItem(record=record, ordinal=ordinal, kind=RecordItem.Kind.MINUTES, title=f"Biên bản họp {n + 1}",
                          file_name=f"bien-ban-{n + 1}.txt", content_type="text/plain", size=len(content),
                          sha256=hashlib.sha256(content).hexdigest(), added_by=owner)
        item.file.save(item.file_name, ContentFile(content), save=False)
        item.save()
    audit_record(action=AuditAction.TEST_EVENT, actor=owner, organization=org, obj=record, data={"made": code})
    return record
