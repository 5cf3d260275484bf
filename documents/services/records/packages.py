"""Records packages (gói hồ sơ, Phụ lục VI III.5.đ–e, II.2.a): one or more hồ sơ exported as one
self-contained zip, checked offline, and brought into another instance.

- `record_package_export` writes the package: the index (index.xml, Thông tư 02/2019/TT-BNV
  fields, validated against records_package.xsd), every file byte for byte (signed PDFs as
  stored), the audit events of the hồ sơ and its documents (content and MACs), the trusted roots
  of this instance, and a manifest with the SHA-256 of every member.
- `record_package_verify` checks a package with no network and no database: the checksums, every
  signature of every PDF (integrity and the chain embedded in it, to the roots shipped in the
  package or given by the caller), and the completeness of the index against the files.
- `record_package_import` verifies, then creates the hồ sơ, documents, files and items in one
  transaction, and records the import with the manifest's hash.

The layout is described in docs/RECORDS-PACKAGE.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from lxml import etree

from documents.models import Document, DocumentFile, DocumentType
from documents.models.records import RecordFile, RecordItem, retention_label
from documents.services.files import file_read, file_store
from documents.services.records.package_format import (
    AUDIT,
    FILES_DIR,
    FORMAT,
    FORMAT_VERSION,
    INDEX,
    LIMITS,
    MANIFEST,
    NS,
    TRUST_DIR,
    Limits,
    PackageError,
    SafeZip,
    manifest_parse,
    q,
    sha256_hex,
    text,
    xml_parse,
    xml_validate,
)
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent, Organization
from qlvb.services.audit import audit_record

SYSTEM_NAME = "QLVB"
RIGHTS = {
    RecordFile.Access.ORGANIZATION: "Công khai trong cơ quan",
    RecordFile.Access.UNIT: "Hạn chế",
    RecordFile.Access.RESTRICTED: "Hạn chế",
}


# --- export -------------------------------------------------------------------------------------

def file_code(record: RecordFile) -> str:
    """Mã hồ sơ (TT 02/2019): mã định danh cơ quan . năm . số và ký hiệu hồ sơ."""
    return f"{record.organization.organ_id}.{record.year}.{record.code}"


def package_download_name(record: RecordFile) -> str:
    """The zip's name as the browser saves it: "goi-ho-so-2026-01-VP.zip"."""
    return f"goi-ho-so-{record.year}-{_slug(record.code)}.zip"


def _slug(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    stem, dot, ext = bare.rpartition(".")
    if not dot:
        stem, ext = bare, ""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")[:80] or "tep"
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext)[:10]
    return f"{stem}.{ext}" if ext else stem


def _pdf_facts(data: bytes) -> tuple[int | None, int]:
    """(page count, number of signatures) of a PDF; (None, 0) for anything else."""
    if b"%PDF-" not in data[:1024]:
        return None, 0
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        return int(reader.root["/Pages"]["/Count"]), len(reader.embedded_regular_signatures)
    except Exception:  # noqa: BLE001 — an unreadable PDF is still exported as it is, with no facts
        return None, 0


def _sub(parent: etree._Element, tag: str, value=None, **attrs) -> etree._Element:
    element = etree.SubElement(parent, q(tag), {k: str(v) for k, v in attrs.items() if v is not None})
    if value is not None:
        element.text = str(value)
    return element


def _opt(parent: etree._Element, tag: str, value) -> None:
    if value not in (None, ""):
        _sub(parent, tag, value)


@dataclass
class _Member:
    path: str
    data: bytes


@dataclass
class PackageSummary:
    """What an export wrote: the manifest's SHA-256 names the package."""

    manifest_sha256: str
    records: list[str]
    documents: int
    files: int
    audit_events: int
    bytes: int = 0


def _split_symbol(symbol: str) -> tuple[str, str]:
    number, slash, notation = symbol.partition("/")
    return (number, notation) if slash else ("", symbol)


def _file_element(files: etree._Element, members: list[_Member], prefix: str, *, id_, name, role,
                  content_type, data: bytes, replaces=None, current=True) -> int | None:
    pages, signatures = _pdf_facts(data)
    path = f"{prefix}/{id_}-{_slug(name)}"
    members.append(_Member(path, data))
    _sub(files, "File", Id=id_, Path=path, Name=name, Role=role, ContentType=content_type or None,
         Size=len(data), Sha256=sha256_hex(data), Signatures=signatures, Pages=pages, Replaces=replaces,
         Current="true" if current else "false")
    return pages


def _document_element(record_el, item: RecordItem, code: str, members: list[_Member], prefix: str) -> int:
    """One VanBan: the document's fields and its files; returns its page count (0 if unknown)."""
    el = _sub(record_el, "VanBan")
    _sub(el, "DocCode", f"{code}.{item.ordinal:03d}")
    _sub(el, "FileCode", code)
    _sub(el, "DocOrdinal", item.ordinal)
    _sub(el, "Kind", item.kind)
    files_pages = 0
    doc = item.document
    if doc is not None:
        number, notation = _split_symbol(doc.symbol)
        _sub(el, "TypeName", doc.document_type.name)
        _opt(el, "CodeNumber", number)
        _opt(el, "CodeNotation", notation)
        _opt(el, "IssuedDate", doc.issued_on.isoformat() if doc.issued_on else None)
        _opt(el, "OrganName", doc.issuer_name or (doc.issuer.name if doc.issuer else "")
             or (doc.organization.name if doc.direction == "out" else ""))
        _sub(el, "Subject", doc.subject)
        _sub(el, "Language", item.record.language)
        pages_at = len(el)
        _opt(el, "Description", "")
        if doc.signer_name or doc.signer_title:
            signer = _sub(el, "SignerInfo")
            _opt(signer, "Position", doc.signer_title)
            _opt(signer, "FullName", doc.signer_name)
        _sub(el, "Priority", doc.get_urgency_display(), Code=doc.urgency)
        _sub(el, "Secrecy", doc.get_secrecy_display(), Code=doc.secrecy)
        _sub(el, "Mode", "Hạn chế" if doc.secrecy else "Công khai")
        _sub(el, "Direction", doc.direction)
        _sub(el, "TypeCode", doc.document_type.code)
        files = _sub(el, "Files")
        rows = list(doc.files.order_by("id"))
        replaced = {f.replaces_id for f in rows if f.replaces_id}
        for f in rows:
            pages = _file_element(files, members, prefix, id_=f.pk, name=f.name, role=f.role,
                                  content_type=f.content_type, data=file_read(f), replaces=f.replaces_id,
                                  current=f.pk not in replaced)
            if f.pk not in replaced and f.role == DocumentFile.Role.MAIN and pages:
                files_pages += pages
    else:
        _sub(el, "TypeName", item.get_kind_display())
        _sub(el, "Subject", item.title or item.file_name or item.get_kind_display())
        _sub(el, "Language", item.record.language)
        pages_at = len(el)
        files = _sub(el, "Files")
        with item.file.open("rb") as handle:
            data = handle.read()
        files_pages = _file_element(files, members, prefix, id_=item.pk, name=item.file_name or "tep",
                                    role="item", content_type=item.content_type, data=data) or 0
    if files_pages:
        page_el = etree.Element(q("PageAmount"))
        page_el.text = str(files_pages)
        el.insert(pages_at, page_el)
    return files_pages


def _audit_events(records: list[RecordFile], items: list[RecordItem]) -> list[dict]:
    """The audit rows of the hồ sơ, their items, documents and document files: content and MACs."""
    wanted = {("documents.recordfile", str(r.pk)) for r in records}
    wanted |= {("documents.recorditem", str(i.pk)) for i in items}
    doc_ids = [i.document_id for i in items if i.document_id]
    wanted |= {("documents.document", str(d)) for d in doc_ids}
    wanted |= {("documents.documentfile", str(f)) for f in
               DocumentFile.objects.filter(document_id__in=doc_ids).values_list("pk", flat=True)}
    by_type: dict[str, list[str]] = {}
    for object_type, object_id in wanted:
        by_type.setdefault(object_type, []).append(object_id)
    events = []
    for object_type, ids in by_type.items():
        for start in range(0, len(ids), 1000):
            events += AuditEvent.objects.filter(object_type=object_type, object_id__in=ids[start:start + 1000]) \
                .select_related("actor", "on_behalf_of")
    events.sort(key=lambda e: e.seq)
    return [{
        "seq": e.seq, "at": e.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor": e.actor_id, "actor_username": e.actor.username if e.actor else None,
        "on_behalf_of": e.on_behalf_of_id, "organization": e.organization_id, "action": e.action,
        "object_type": e.object_type, "object_id": e.object_id, "request_id": e.request_id, "data": e.data,
        "prev_hash": e.prev_hash, "hash": e.hash, "key_id": e.key_id,
    } for e in events]


def _trust_roots() -> list[x509.Certificate]:
    from signatures.selectors.certificates import trust_anchor_list

    return trust_anchor_list()


def package_write(*, records: list[RecordFile], out: BinaryIO | str | Path,
                  extra_roots: Iterable[x509.Certificate] = ()) -> PackageSummary:
    """Write the package of `records` to `out` (a path or a binary file). No permission check and no
    audit event: `record_package_export` is the service that does both."""
    now = timezone.now()
    root = etree.Element(q("GoiHoSo"), nsmap={None: NS}, Version=str(FORMAT_VERSION),
                         CreatedAt=now.astimezone(dt.UTC).isoformat(timespec="seconds"), System=SYSTEM_NAME)
    members: list[_Member] = []
    all_items: list[RecordItem] = []
    documents = 0
    for n, record in enumerate(records, start=1):
        code = file_code(record)
        items = list(record.items.select_related("document__document_type", "document__issuer",
                                                 "document__organization", "record").order_by("ordinal"))
        all_items += items
        el = _sub(root, "HoSo")
        _sub(el, "FileCode", code)
        _sub(el, "OrganId", record.organization.organ_id)
        _sub(el, "FileCatalog", record.year)
        _sub(el, "FileNotation", record.code)
        _sub(el, "Title", record.title)
        _sub(el, "Maintenance", retention_label(record.retention_years), Years=record.retention_years)
        _sub(el, "Rights", RIGHTS[record.access], Access=record.access)
        _sub(el, "Creator", record.owner.get_full_name() or record.owner.username)
        _sub(el, "Language", record.language)
        _sub(el, "StartDate", record.started_on.isoformat())
        _opt(el, "EndDate", record.ended_on.isoformat() if record.ended_on else None)
        _sub(el, "DocTotal", len(items))
        page_total_at = len(el)
        _opt(el, "Description", record.notes)
        _sub(el, "Format", "Bản điện tử")
        _sub(el, "State", record.state)
        page_total = 0
        for item in items:
            page_total += _document_element(el, item, code, members, f"{FILES_DIR}{n:03d}/{item.ordinal:03d}")
            documents += item.document_id is not None
        total = etree.Element(q("PageTotal"))
        total.text = str(page_total)
        el.insert(page_total_at, total)
    index = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if problems := xml_validate(etree.fromstring(index)):
        raise PackageError("index_invalid", "the index does not match its schema: " + "; ".join(problems))
    events = _audit_events(records, all_items)
    roots = {c.fingerprint(hashes.SHA256()).hex(): c for c in [*_trust_roots(), *extra_roots]}
    head = [_Member(INDEX, index),
            _Member(AUDIT, json.dumps(events, ensure_ascii=False, indent=1, cls=DjangoJSONEncoder).encode())]
    head += [_Member(f"{TRUST_DIR}{fp[:16]}.pem", c.public_bytes(serialization.Encoding.PEM))
             for fp, c in sorted(roots.items())]
    members = head + members
    manifest = {
        "format": FORMAT, "version": FORMAT_VERSION, "created_at": now.astimezone(dt.UTC).isoformat(),
        "system": SYSTEM_NAME, "records": [file_code(r) for r in records], "audit_events": len(events),
        "note": "SHA-256 of every member except this manifest; trust/ holds the roots the exporting "
                "system trusted, which a reader should compare with its own.",
        "files": [{"path": m.path, "size": len(m.data), "sha256": sha256_hex(m.data)} for m in members],
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo(MANIFEST, date_time=now.timetuple()[:6]), manifest_bytes,
                         compress_type=zipfile.ZIP_DEFLATED)
        for m in members:
            info = zipfile.ZipInfo(m.path, date_time=now.timetuple()[:6])
            info.external_attr = 0o100644 << 16
            stored = m.path.startswith(FILES_DIR)  # PDFs and images are compressed already
            archive.writestr(info, m.data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return PackageSummary(manifest_sha256=sha256_hex(manifest_bytes), records=[file_code(r) for r in records],
                          documents=documents, files=sum(1 for m in members if m.path.startswith(FILES_DIR)),
                          audit_events=len(events), bytes=sum(len(m.data) for m in members) + len(manifest_bytes))


class PackageRefused(Exception):
    """The person may not export these hồ sơ (Vietnamese message for the screens)."""


def record_package_export(*, actor, records: list[RecordFile], out: BinaryIO | str | Path) -> PackageSummary:
    """Export `records` as one package. With an `actor` (the web), each hồ sơ must be visible to them
    (RecordFile.objects.visible_to: whoever sees the hồ sơ reads its documents), and a secret
    document in it (độ mật) must also be readable by them under the documents' rule (clearance);
    without one (the command line, run by the operator), no check. Each hồ sơ gets an audit event
    quoting the manifest hash."""
    destroyed = [r.code for r in records if r.state == RecordFile.State.DISPOSED]
    if destroyed:
        # Its files were destroyed by decision; what remains is the tombstone in the audit log.
        raise PackageRefused(f"Hồ sơ {', '.join(destroyed)} đã hủy theo quyết định: không còn tệp để xuất gói.")
    if actor is not None:
        visible = set(RecordFile.objects.visible_to(actor).filter(pk__in=[r.pk for r in records])
                      .values_list("pk", flat=True))
        if any(r.pk not in visible for r in records):
            raise PackageRefused("Bạn không có quyền xem hồ sơ này.")
        secret = set(Document.objects.filter(record_items__record__in=records).exclude(secrecy=0)
                     .values_list("pk", flat=True))
        readable = set(Document.objects.visible_to(actor).filter(pk__in=secret).values_list("pk", flat=True))
        if secret - readable:
            raise PackageRefused("Hồ sơ có văn bản bạn không được xem (văn bản mật): không xuất được gói hồ sơ.")
    summary = package_write(records=records, out=out)
    with transaction.atomic():
        for record in records:
            audit_record(action=AuditAction.RECORD_PACKAGE_EXPORT, actor=actor, organization=record.organization,
                         obj=record, data={"file_code": file_code(record), "manifest_sha256": summary.manifest_sha256,
                                           "records": summary.records, "documents": summary.documents,
                                           "files": summary.files})
    return summary


# --- verification -------------------------------------------------------------------------------

@dataclass
class VerifyReport:
    """What `record_package_verify` found: `problems` (each fails the package), `notes` (what it
    checked and what it could not), and the parsed parts an import needs."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    manifest_sha256: str = ""
    manifest: dict = field(default_factory=dict)
    records: int = 0
    documents: int = 0
    files: int = 0
    signatures: int = 0
    index: etree._Element | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _load_roots(archive: SafeZip, report: VerifyReport) -> list[x509.Certificate]:
    roots = []
    for name in archive.names():
        if name.startswith(TRUST_DIR):
            try:
                roots.append(x509.load_pem_x509_certificate(archive.read(name)))
            except ValueError:
                report.problems.append(f"{name}: not a PEM certificate")
    return roots


def _check_signatures(path: str, data: bytes, declared: int, roots: list[x509.Certificate],
                      report: VerifyReport) -> None:
    from signatures.errors import InvalidPdfError
    from signatures.pdf.verify import verify_pdf

    try:
        results = verify_pdf(data, trust_roots=roots, fetch=None)
    except InvalidPdfError as exc:
        report.problems.append(f"{path}: cannot be read as a PDF ({exc})")
        return
    if len(results) < declared:
        report.problems.append(f"{path}: the index lists {declared} signature(s), the file has {len(results)}")
    no_revocation = 0
    for r in results:
        report.signatures += 1
        who = r.signer or "unknown signer"
        if "not_intact" in r.problems:
            report.problems.append(f"{path}: signature of {who} is broken (the signed content was changed)")
        elif "modified_after" in r.problems:
            report.problems.append(f"{path}: the file was modified after the signature of {who}")
        if "revoked" in r.problems:
            report.problems.append(f"{path}: the certificate of {who} was revoked (per the embedded data)")
        if "expired" in r.problems:
            report.problems.append(f"{path}: the certificate of {who} was not valid at the time of signing")
        if "untrusted" in r.problems:
            report.problems.append(f"{path}: the signature of {who} does not chain to a root of the package "
                                   "or of the local trust store")
        if "timestamp_invalid" in r.problems:
            report.problems.append(f"{path}: the timestamp on the signature of {who} does not verify")
        if not r.revocation_checked:
            no_revocation += 1
    if no_revocation:
        report.notes.append(f"{path}: revocation not checked for {no_revocation} signature(s) (no CRL/OCSP "
                            "embedded and no network by design)")


def _check_index(root: etree._Element, listed: set[str], report: VerifyReport) -> dict[str, dict]:
    """Completeness: ordinals 1..n, DocTotal, codes, every referenced file present; returns the
    file entries of the index by path."""
    referenced: dict[str, dict] = {}
    seen_codes = set()
    for record in root.iter(q("HoSo")):
        report.records += 1
        code = text(record, "FileCode")
        expected = f"{text(record, 'OrganId')}.{text(record, 'FileCatalog')}.{text(record, 'FileNotation')}"
        if code != expected:
            report.problems.append(f"hồ sơ {code}: FileCode is not OrganId.FileCatalog.FileNotation ({expected})")
        if code in seen_codes:
            report.problems.append(f"hồ sơ {code} appears twice in the index")
        seen_codes.add(code)
        items = record.findall(q("VanBan"))
        ordinals = [int(text(i, "DocOrdinal") or 0) for i in items]
        if sorted(ordinals) != list(range(1, len(items) + 1)):
            missing = sorted(set(range(1, len(items) + 1)) - set(ordinals))
            report.problems.append(f"hồ sơ {code}: document ordinals are not 1..{len(items)} without gaps "
                                   f"(have {sorted(ordinals)}; missing {missing})")
        if text(record, "DocTotal") != str(len(items)):
            report.problems.append(f"hồ sơ {code}: DocTotal says {text(record, 'DocTotal')}, the index lists "
                                   f"{len(items)}")
        for item in items:
            ordinal = text(item, "DocOrdinal")
            if text(item, "FileCode") != code or text(item, "DocCode") != f"{code}.{int(ordinal or 0):03d}":
                report.problems.append(f"hồ sơ {code}, document {ordinal}: DocCode or FileCode does not match")
            report.documents += text(item, "Kind") == "document"
            files = item.find(q("Files")).findall(q("File"))
            if text(item, "Kind") != "document" and len(files) != 1:
                report.problems.append(f"hồ sơ {code}, item {ordinal}: another file must have exactly one file")
            for f in files:
                path = f.get("Path")
                if not path.startswith(FILES_DIR) or path in referenced:
                    report.problems.append(f"hồ sơ {code}, document {ordinal}: file path {path!r} is outside "
                                           f"{FILES_DIR} or used twice")
                    continue
                referenced[path] = dict(f.attrib, record=code, ordinal=ordinal)
                if path not in listed:
                    report.problems.append(f"hồ sơ {code}, document {ordinal}: file {path} is missing from the "
                                           "package")
    for path in sorted(listed):
        if path.startswith(FILES_DIR) and path not in referenced:
            report.problems.append(f"{path}: in the package but not listed in the index")
    return referenced


def record_package_verify(source: str | Path | BinaryIO, *, limits: Limits = LIMITS,
                          trust_roots: Iterable[x509.Certificate] = (), audit_key: bytes | None = None
                          ) -> VerifyReport:
    """Check a package offline. Raises PackageError when it cannot be read at all (not a zip, a
    hostile member); otherwise returns a report whose `problems` name everything wrong.

    `trust_roots` are the reader's own roots (the local trust store); the package's roots count too,
    and the notes say which of them the reader does not know. With `audit_key` the MAC of each
    audit event is recomputed (the exporting system's key)."""
    report = VerifyReport()
    local_roots = list(trust_roots)
    with SafeZip(source, limits) as archive:
        if MANIFEST not in archive.members:
            raise PackageError("manifest_missing", f"the package has no {MANIFEST}")
        manifest_bytes = archive.read(MANIFEST)
        report.manifest_sha256 = sha256_hex(manifest_bytes)
        report.manifest = manifest = manifest_parse(manifest_bytes)
        # 1. checksums: every member listed, every listed member present and intact
        listed = {}
        for entry in manifest["files"]:
            if entry["path"] in listed:
                report.problems.append(f"{entry['path']}: listed twice in the manifest")
            listed[entry["path"]] = entry
        present = set(archive.names()) - {MANIFEST}
        for path in sorted(present - set(listed)):
            report.problems.append(f"{path}: in the package but not in the manifest")
        contents: dict[str, bytes] = {}
        for path, entry in listed.items():
            if path not in present:
                report.problems.append(f"{path}: listed in the manifest but missing from the package")
                continue
            data = archive.read(path)
            if len(data) != entry["size"] or sha256_hex(data) != entry["sha256"]:
                report.problems.append(f"{path}: checksum mismatch (SHA-256 or size differs from the manifest)")
            if not path.startswith(FILES_DIR):
                contents[path] = data
        report.files = sum(1 for p in present if p.startswith(FILES_DIR))
        # 2. the index: hardened parse, schema, completeness
        if INDEX not in contents:
            report.problems.append(f"{INDEX} is missing")
            return report
        root = xml_parse(contents[INDEX], limit=limits.max_metadata_bytes)
        if root.tag != q("GoiHoSo"):
            report.problems.append(f"{INDEX}: root element is not GoiHoSo in {NS}")
            return report
        if schema_problems := xml_validate(root):
            report.problems += [f"{INDEX} does not match the schema: {p}" for p in schema_problems]
            return report
        report.index = root
        referenced = _check_index(root, present, report)
        for path, entry in referenced.items():
            if path in listed and entry["Sha256"] != listed[path]["sha256"]:
                report.problems.append(f"{path}: the index and the manifest give different SHA-256")
        # 3. signatures, offline
        package_roots = _load_roots(archive, report)
        local_fps = {c.fingerprint(hashes.SHA256()) for c in local_roots}
        unknown = [c for c in package_roots if c.fingerprint(hashes.SHA256()) not in local_fps]
        roots = local_roots + unknown
        for path, entry in sorted(referenced.items()):
            if path not in present:
                continue
            data = archive.read(path)
            if int(entry.get("Signatures") or 0) or b"%PDF-" in data[:1024]:
                declared = int(entry.get("Signatures") or 0)
                if declared or _has_signature_field(data):
                    _check_signatures(path, data, declared, roots, report)
        for c in unknown:
            report.notes.append(
                f"root {c.subject.rfc4514_string()} (SHA-256 {c.fingerprint(hashes.SHA256()).hex()}) comes with "
                "the package and is not in the local trust store: compare its fingerprint with the publisher's")
        report.notes.append("not checked offline: revocation status beyond what the PDFs embed, and whether the "
                            "package's roots deserve trust")
        # 4. the audit events
        _check_audit(contents.get(AUDIT), audit_key, report)
    return report


def _has_signature_field(data: bytes) -> bool:
    return b"/ByteRange" in data


def _check_audit(data: bytes | None, key: bytes | None, report: VerifyReport) -> None:
    if data is None:
        report.problems.append(f"{AUDIT} is missing")
        return
    try:
        events = json.loads(data.decode("utf-8"))
        if not isinstance(events, list):
            raise ValueError("not a list")
    except (UnicodeDecodeError, ValueError) as exc:
        report.problems.append(f"{AUDIT} is not a JSON list of events: {exc}")
        return
    if key is None:
        report.notes.append(f"{len(events)} audit event(s) included; their MACs were not recomputed (give the "
                            "exporting system's audit key to check them)")
        return
    from qlvb.services.audit import event_mac

    bad = 0
    for e in events:
        try:
            event = AuditEvent(seq=e["seq"], at=dt.datetime.fromisoformat(e["at"]), actor_id=e["actor"],
                               on_behalf_of_id=e["on_behalf_of"], organization_id=e["organization"],
                               action=e["action"], object_type=e["object_type"], object_id=e["object_id"],
                               request_id=e["request_id"], data=e["data"], prev_hash=e["prev_hash"],
                               key_id=e["key_id"])
            good = event_mac(event, key=key) == e["hash"]
        except (KeyError, TypeError, ValueError):
            good = False
        if not good:
            bad += 1
            report.problems.append(f"{AUDIT}: event #{e.get('seq') if isinstance(e, dict) else '?'} does not match "
                                   "its MAC under the given key")
    if not bad:
        report.notes.append(f"{len(events)} audit event(s): every MAC matches under the given key")


# --- import -------------------------------------------------------------------------------------

class ImportRefused(Exception):
    def __init__(self, code: str, message: str, report: VerifyReport | None = None):
        super().__init__(message)
        self.code, self.message, self.report = code, message, report


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _document_type(item: etree._Element) -> DocumentType:
    code, name = text(item, "TypeCode"), text(item, "TypeName")
    found = (DocumentType.objects.filter(code=code).first() if code else None) or \
        DocumentType.objects.filter(name__iexact=name).first() or DocumentType.objects.filter(code="cong-van").first()
    if found is None:
        raise ImportRefused("no_document_type", f"no document type {name!r} (nor cong-van) in this system")
    return found


def _fit(model, name: str, value: str, where: str) -> str:
    """`value` for `model.name`, refused (not cut) when longer than the field allows."""
    limit = model._meta.get_field(name).max_length
    if limit and len(value) > limit:
        raise ImportRefused("field_too_long", f"{where}: {model.__name__}.{name} is {len(value)} characters, more than "
                                              f"{limit}; nothing was imported")
    return value


def _coded(item: etree._Element, tag: str, choices) -> int:
    el = item.find(q(tag))
    value = int(el.get("Code")) if el is not None else 0
    return value if value in choices.values else 0


@dataclass
class ImportResult:
    records: list[RecordFile]
    documents: int
    files: int
    manifest_sha256: str


def record_package_import(*, source: str | Path, organization: Organization, actor,
                          trust_roots: Iterable[x509.Certificate] = (), limits: Limits = LIMITS) -> ImportResult:
    """Verify the package, then create its hồ sơ in `organization` (archived, owned by `actor`), in
    one transaction. Refuses (and writes nothing) a package that fails verification or one whose hồ
    sơ code already exists in that organization and year. The organization may be another than the
    one that made the hồ sơ (a historical archive receives them from many); the audit event keeps
    the original mã hồ sơ."""
    from documents.literals import Secrecy, Urgency

    source = Path(source)
    report = record_package_verify(source, limits=limits, trust_roots=trust_roots)
    if not report.ok:
        raise ImportRefused("verification_failed", f"the package fails verification ({len(report.problems)} "
                                                   "problem(s)); nothing was imported", report)
    root = report.index
    with transaction.atomic():
        created: list[RecordFile] = []
        documents = files = 0
        for record_el in root.iter(q("HoSo")):
            code, year = text(record_el, "FileNotation"), int(text(record_el, "FileCatalog"))
            if RecordFile.objects.filter(organization=organization, year=year, code=code).exists():
                raise ImportRefused("record_exists", f"hồ sơ {code} of {year} already exists in "
                                    f"{organization.organ_id}; nothing was imported")
            now = timezone.now()
            record = RecordFile.objects.create(
                organization=organization, year=year, code=code, title=text(record_el, "Title"),
                retention_years=int(record_el.find(q("Maintenance")).get("Years")),
                owner=actor, access=record_el.find(q("Rights")).get("Access"),
                state=RecordFile.State.ARCHIVED, started_on=_date(text(record_el, "StartDate")),
                ended_on=_date(text(record_el, "EndDate")),
                language=_fit(RecordFile, "language", text(record_el, "Language") or "Tiếng Việt", f"hồ sơ {code}"),
                notes=text(record_el, "Description"), closed_at=now, archived_at=now, archived_by=actor,
            )
            with SafeZip(source, limits) as archive:  # read again as warily: the file may have changed
                for item_el in record_el.findall(q("VanBan")):
                    files_el = item_el.find(q("Files")).findall(q("File"))
                    kind = text(item_el, "Kind")
                    ordinal = int(text(item_el, "DocOrdinal"))
                    if kind != "document":
                        f = files_el[0]
                        content = archive.read(f.get("Path"))
                        where = f"hồ sơ {code}, item {ordinal}"
                        item = RecordItem(record=record, ordinal=ordinal, kind=kind,
                                          title=_fit(RecordItem, "title", text(item_el, "Subject"), where),
                                          file_name=_fit(RecordItem, "file_name", f.get("Name"), where),
                                          content_type=_fit(RecordItem, "content_type", f.get("ContentType") or "",
                                                            where),
                                          size=len(content), sha256=sha256_hex(content), added_by=actor)
                        item.file.save(_slug(f.get("Name")), ContentFile(content), save=False)
                        item.save()
                        files += 1
                        continue
                    number, notation = text(item_el, "CodeNumber"), text(item_el, "CodeNotation")
                    direction = text(item_el, "Direction") or "in"
                    signer = item_el.find(q("SignerInfo"))
                    where = f"hồ sơ {code}, document {ordinal}"
                    doc = Document.objects.create(
                        organization=organization, direction=direction, document_type=_document_type(item_el),
                        symbol=_fit(Document, "symbol", f"{number}/{notation}" if number else notation, where),
                        subject=_fit(Document, "subject", text(item_el, "Subject"), where),
                        issued_on=_date(text(item_el, "IssuedDate")),
                        issuer_name=_fit(Document, "issuer_name", text(item_el, "OrganName"), where),
                        urgency=_coded(item_el, "Priority", Urgency), secrecy=_coded(item_el, "Secrecy", Secrecy),
                        signer_name=_fit(Document, "signer_name", text(signer, "FullName") if signer is not None
                                         else "", where),
                        signer_title=_fit(Document, "signer_title", text(signer, "Position") if signer is not None
                                          else "", where),
                        source=Document.Source.PAPER, created_by=actor,
                        state=Document.State.DISPATCHED if direction == "out" else Document.State.DONE,
                    )
                    new_ids: dict[str, DocumentFile] = {}
                    for f in files_el:
                        content = archive.read(f.get("Path"))
                        role = f.get("Role") if f.get("Role") in DocumentFile.Role.values else DocumentFile.Role.MAIN
                        stored = file_store(document=doc, name=f.get("Name"), data=content, role=role,
                                            content_type=_fit(DocumentFile, "content_type", f.get("ContentType") or "",
                                                              where),
                                            replaces=new_ids.get(f.get("Replaces")))
                        if stored.sha256 != f.get("Sha256"):
                            raise ImportRefused("file_changed", f"{f.get('Path')} changed while importing")
                        new_ids[f.get("Id")] = stored
                        files += 1
                    RecordItem.objects.create(record=record, ordinal=ordinal, kind=kind, document=doc, added_by=actor)
                    documents += 1
            created.append(record)
        with open(source, "rb") as handle:
            package_sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
            handle.seek(0)
            kept = default_storage.save(f"records/packages/imported/{report.manifest_sha256}.zip", File(handle))
        for record in created:
            audit_record(action=AuditAction.RECORD_PACKAGE_IMPORT, actor=actor, organization=organization, obj=record,
                         data={"file_code": file_code(record), "source_file_codes": report.manifest.get("records"),
                               "manifest_sha256": report.manifest_sha256,
                               "package_sha256": package_sha256, "package_kept_as": kept,
                               "source_system": report.manifest.get("system"),
                               "source_created_at": report.manifest.get("created_at"),
                               "documents": documents, "files": files,
                               "source_audit_events": report.manifest.get("audit_events")})
    return ImportResult(records=created, documents=documents, files=files, manifest_sha256=report.manifest_sha256)
