"""Records packages: export (layout, XML against the schema, signed PDFs byte for byte, checksums,
audit events) and offline verification (checksums, signatures, completeness)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from documents.models.records import RecordFile
from documents.services.records import package_format as fmt
from documents.services.records.packages import file_code, record_package_export, record_package_verify
from qlvb.models import AuditEvent
from qlvb.models.people import Role
from tests.documents.records.package_helpers import make_record, pki_pair, signed_pdf, trust_test_root
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def world():
    trust_test_root()
    org = make_org("UBND", organ_id="000.00.31.H05")
    unit = make_unit(org, "VP")
    owner = make_user(org, [Role.SPECIALIST], unit=unit, full_name="Trần Thị Lập")
    record = make_record(org, owner, code="01-VP", documents=2, other_files=1, unit=unit)
    return org, owner, record


def export(record, tmp_path, name="goi.zip"):
    path = tmp_path / name
    summary = record_package_export(actor=None, records=[record], out=path)
    return path, summary


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def rebuild(path, out, *, change=None, drop=(), add=None, fix_manifest=False):
    """A copy of the package with members changed, dropped or added (and the manifest made to match
    when `fix_manifest`, as a careful forger would)."""
    content = members(path)
    for name in drop:
        content.pop(name)
    for name, data in (change or {}).items():
        content[name] = data
    for name, data in (add or {}).items():
        content[name] = data
    if fix_manifest:
        manifest = json.loads(content[fmt.MANIFEST])
        manifest["files"] = [{"path": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                             for n, d in content.items() if n != fmt.MANIFEST]
        content[fmt.MANIFEST] = json.dumps(manifest).encode()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in content.items():
            z.writestr(name, data)
    return out


def test_package_holds_index_files_audit_and_manifest(world, tmp_path):
    org, owner, record = world
    path, summary = export(record, tmp_path)
    content = members(path)
    assert {fmt.MANIFEST, fmt.INDEX, fmt.AUDIT} <= set(content)
    assert any(n.startswith("trust/") for n in content)
    # The manifest lists every member but itself, with its SHA-256; its own hash names the package.
    manifest = json.loads(content[fmt.MANIFEST])
    assert {f["path"] for f in manifest["files"]} == set(content) - {fmt.MANIFEST}
    for entry in manifest["files"]:
        assert hashlib.sha256(content[entry["path"]]).hexdigest() == entry["sha256"]
    assert summary.manifest_sha256 == hashlib.sha256(content[fmt.MANIFEST]).hexdigest()
    # Signed PDFs byte for byte: every stored file is in the package unchanged.
    stored = {f.sha256 for item in record.items.all() if item.document for f in item.document.files.all()}
    packaged = {hashlib.sha256(d).hexdigest() for n, d in content.items() if n.startswith("files/")}
    assert stored <= packaged
    assert hashlib.sha256(signed_pdf()).hexdigest() in packaged
    assert summary.documents == 2 and summary.files == 5  # 2 × (draft + signed) + the minutes


def test_index_has_the_tt02_fields_and_matches_the_schema(world, tmp_path):
    org, owner, record = world
    path, _ = export(record, tmp_path)
    root = etree.fromstring(members(path)[fmt.INDEX])
    assert fmt.xml_validate(root) == []
    ns = {"g": fmt.NS}
    hoso = root.find("g:HoSo", ns)
    assert hoso.findtext("g:FileCode", namespaces=ns) == "000.00.31.H05.2026.01-VP" == file_code(record)
    assert hoso.findtext("g:Title", namespaces=ns) == "Hồ sơ thử nghiệm 01-VP"
    assert hoso.find("g:Maintenance", ns).get("Years") == "10"
    assert hoso.findtext("g:Maintenance", namespaces=ns) == "10 năm"
    assert hoso.findtext("g:Creator", namespaces=ns) == "Trần Thị Lập"
    assert hoso.findtext("g:StartDate", namespaces=ns) == "2026-01-05"
    assert hoso.findtext("g:DocTotal", namespaces=ns) == "3"
    assert int(hoso.findtext("g:PageTotal", namespaces=ns)) >= 2
    first = hoso.find("g:VanBan", ns)
    assert first.findtext("g:DocCode", namespaces=ns) == "000.00.31.H05.2026.01-VP.001"
    assert first.findtext("g:DocOrdinal", namespaces=ns) == "1"
    assert first.findtext("g:TypeName", namespaces=ns) == "Công văn"
    assert first.findtext("g:CodeNumber", namespaces=ns) == "100"
    assert first.findtext("g:CodeNotation", namespaces=ns) == "UBND-VP"
    assert first.findtext("g:Subject", namespaces=ns) == "Về việc thử nghiệm số 1"
    assert first.findtext("g:SignerInfo/g:FullName", namespaces=ns) == "Hoàng Văn Ký"
    assert first.find("g:Priority", ns).get("Code") == "1"
    files = first.findall("g:Files/g:File", ns)
    assert [f.get("Current") for f in files] == ["false", "true"]
    assert files[1].get("Signatures") == "1"
    minutes = hoso.findall("g:VanBan", ns)[2]
    assert minutes.findtext("g:Kind", namespaces=ns) == "minutes"


def test_audit_events_of_the_record_and_its_documents_come_with_their_macs(world, tmp_path):
    org, owner, record = world
    path, _ = export(record, tmp_path)
    events = json.loads(members(path)[fmt.AUDIT])
    kinds = {(e["object_type"], e["action"]) for e in events}
    assert ("documents.document", "outgoing.sign") in kinds
    assert ("documents.recordfile", "test.event") in kinds
    stored = {e.seq: e.hash for e in AuditEvent.objects.all()}
    assert all(stored[e["seq"]] == e["hash"] for e in events)
    # With the exporting system's key, the verifier recomputes every MAC.
    from qlvb.services.audit import audit_key

    report = record_package_verify(path, audit_key=audit_key())
    assert report.ok, report.problems
    assert any("every MAC matches" in n for n in report.notes)


def test_export_is_audited_with_the_manifest_hash(world, tmp_path):
    org, owner, record = world
    _, summary = export(record, tmp_path)
    event = AuditEvent.objects.filter(action="record.package.export").get()
    assert event.object_id == str(record.pk)
    assert event.data["manifest_sha256"] == summary.manifest_sha256


def test_several_records_in_one_package(world, tmp_path):
    org, owner, record = world
    other = make_record(org, owner, code="02-VP", documents=1, other_files=0)
    path = tmp_path / "two.zip"
    summary = record_package_export(actor=None, records=[record, other], out=path)
    assert summary.records == [file_code(record), file_code(other)]
    report = record_package_verify(path)
    assert report.ok, report.problems
    assert report.records == 2 and report.documents == 3


def test_verify_command_passes_a_fresh_package(world, tmp_path, capsys):
    org, owner, record = world
    path, summary = export(record, tmp_path)
    call_command("records_export", "--record", str(record.pk), "--out", str(tmp_path / "cli.zip"))
    call_command("records_verify", str(tmp_path / "cli.zip"))
    out = capsys.readouterr().out
    assert "the package is valid" in out
    assert "2 signature(s)" in out
    assert "revocation not checked" in out  # what it could not check, said


def test_verify_names_a_changed_file(world, tmp_path, capsys):
    org, owner, record = world
    path, _ = export(record, tmp_path)
    pdf_member = next(n for n, d in members(path).items() if n.startswith("files/") and d == signed_pdf())
    changed = bytearray(signed_pdf())
    changed[len(changed) // 2] ^= 0x01
    bad = rebuild(path, tmp_path / "bad.zip", change={pdf_member: bytes(changed)})
    with pytest.raises(CommandError) as caught:
        call_command("records_verify", str(bad))
    assert caught.value.returncode == 1
    assert f"PROBLEM: {pdf_member}: checksum mismatch" in capsys.readouterr().err


def test_verify_finds_a_broken_signature_even_when_the_manifest_is_redone(world, tmp_path):
    org, owner, record = world
    path, _ = export(record, tmp_path)
    content = members(path)
    pdf_member = next(n for n, d in content.items() if n.startswith("files/") and d == signed_pdf())
    data = signed_pdf()
    # Change a byte of the signed content (in the page stream), not of the signature.
    position = data.index(b"stream") + 20
    forged = data[:position] + bytes([data[position] ^ 0x20]) + data[position + 1:]
    index = content[fmt.INDEX].replace(hashlib.sha256(data).hexdigest().encode(),
                                       hashlib.sha256(forged).hexdigest().encode())
    bad = rebuild(path, tmp_path / "forged.zip", change={pdf_member: forged, fmt.INDEX: index}, fix_manifest=True)
    report = record_package_verify(bad)
    assert any(pdf_member in p and "broken" in p for p in report.problems), report.problems


def test_verify_reports_an_unknown_signer_root(world, tmp_path):
    """A signature whose chain reaches no root (neither the package's nor the local store's)."""
    org, owner, record = world
    path, _ = export(record, tmp_path)
    content = members(path)
    roots = [n for n in content if n.startswith("trust/")]
    RecordFile.objects.none()
    bad = rebuild(path, tmp_path / "noroot.zip", drop=roots, fix_manifest=True)
    report = record_package_verify(bad, trust_roots=[])
    assert any("does not chain to a root" in p for p in report.problems)
    # The same package with the reader's own root: fine.
    assert record_package_verify(bad, trust_roots=[pki_pair()[0].cert]).ok


def test_verify_checks_completeness_against_the_index(world, tmp_path):
    org, owner, record = world
    path, _ = export(record, tmp_path)
    content = members(path)
    minutes = next(n for n in content if n.endswith(".txt"))
    missing = record_package_verify(rebuild(path, tmp_path / "m.zip", drop=[minutes], fix_manifest=True))
    assert any(minutes in p and "missing from the package" in p for p in missing.problems)
    extra = record_package_verify(rebuild(path, tmp_path / "e.zip", add={"files/999/x.txt": b"x"}, fix_manifest=True))
    assert any("files/999/x.txt: in the package but not listed in the index" == p for p in extra.problems)
    unlisted = record_package_verify(rebuild(path, tmp_path / "u.zip", add={"files/999/y.txt": b"y"}))
    assert any("not in the manifest" in p for p in unlisted.problems)
    gap = content[fmt.INDEX].replace(b"<DocOrdinal>3</DocOrdinal>", b"<DocOrdinal>4</DocOrdinal>")
    gapped = record_package_verify(rebuild(path, tmp_path / "g.zip", change={fmt.INDEX: gap}, fix_manifest=True))
    assert any("without gaps" in p and "missing [3]" in p for p in gapped.problems), gapped.problems


def test_verify_refuses_an_index_that_breaks_the_schema(world, tmp_path):
    org, owner, record = world
    path, _ = export(record, tmp_path)
    index = members(path)[fmt.INDEX].replace(b"<DocTotal>3</DocTotal>", b"<DocTotal>ba</DocTotal>")
    report = record_package_verify(rebuild(path, tmp_path / "s.zip", change={fmt.INDEX: index}, fix_manifest=True))
    assert any("does not match the schema" in p for p in report.problems)


def test_export_of_an_unknown_record_is_a_clear_error(db):
    with pytest.raises(CommandError, match="not found"):
        call_command("records_export", "--record", "khong-co", "--out", "/tmp/never.zip")


def test_verify_of_something_not_a_zip_exits_2(tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(CommandError) as caught:
        call_command("records_verify", str(junk))
    assert caught.value.returncode == 2
    assert "not a readable zip" in str(caught.value)


def test_verify_needs_no_network(world, tmp_path, monkeypatch):
    """Offline: any attempt to open a socket fails the test."""
    import socket

    org, owner, record = world
    path, _ = export(record, tmp_path)

    def refuse(*args, **kwargs):
        raise AssertionError("records_verify tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    report = record_package_verify(io.BytesIO(path.read_bytes()))
    assert report.ok, report.problems
