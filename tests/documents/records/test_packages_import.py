"""Records packages: import into another organization (all or nothing), and hostile packages (zip
bombs, path traversal, symlinks, oversized members, XML entities) refused before anything is read
or written."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from documents.models import Document, DocumentFile
from documents.models.records import RecordFile, RecordItem
from documents.services.records import package_format as fmt
from documents.services.records.package_format import Limits, PackageError
from documents.services.records.packages import (
    ImportRefused,
    record_package_export,
    record_package_import,
    record_package_verify,
)
from qlvb.models import AuditEvent
from qlvb.models.people import Role
from tests.documents.records.package_helpers import make_record, signed_pdf, trust_test_root
from tests.documents.records.test_packages_export import members, rebuild
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def package(tmp_path):
    trust_test_root()
    org = make_org("UBND", organ_id="000.00.31.H05")
    unit = make_unit(org, "VP")
    owner = make_user(org, [Role.SPECIALIST], unit=unit)
    record = make_record(org, owner, code="01-VP", documents=2, other_files=1, unit=unit)
    path = tmp_path / "goi.zip"
    summary = record_package_export(actor=None, records=[record], out=path)
    archive = make_org("LTLS", organ_id="000.00.99.H05", name="Trung tâm Lưu trữ lịch sử tỉnh")
    archivist = make_user(archive, [Role.ARCHIVIST], username="luutru.lichsu")
    return path, summary, record, archive, archivist


def counts():
    return (RecordFile.objects.count(), RecordItem.objects.count(), Document.objects.count(),
            DocumentFile.objects.count())


def test_import_recreates_the_record_with_identical_bytes(package):
    path, summary, source, archive, archivist = package
    result = record_package_import(source=path, organization=archive, actor=archivist)
    record = result.records[0]
    assert (record.organization, record.code, record.year, record.title) == (archive, "01-VP", 2026, source.title)
    assert record.state == RecordFile.State.ARCHIVED and record.is_read_only
    assert record.retention_years == 10 and record.owner == archivist
    items = list(record.items.order_by("ordinal"))
    assert [i.ordinal for i in items] == [1, 2, 3]
    assert [i.kind for i in items] == ["document", "document", "minutes"]
    first = items[0].document
    assert (first.symbol, first.subject, first.source) == ("100/UBND-VP", "Về việc thử nghiệm số 1", "paper")
    assert first.signer_name == "Hoàng Văn Ký" and first.urgency == 1 and first.direction == "out"
    signed = first.files.get(replaces__isnull=False)
    assert signed.file.open("rb").read() == signed_pdf()  # byte for byte
    assert signed.sha256 == hashlib.sha256(signed_pdf()).hexdigest()
    assert signed.replaces.name == "du-thao.pdf"
    assert items[2].file.open("rb").read() == "Biên bản cuộc họp số 1".encode()
    event = AuditEvent.objects.get(action="record.package.import")
    assert event.object_id == str(record.pk) and event.actor == archivist
    assert event.data["manifest_sha256"] == summary.manifest_sha256
    assert event.data["source_file_codes"] == ["000.00.31.H05.2026.01-VP"]


def test_import_command_and_a_second_import_is_refused(package, capsys):
    path, summary, source, archive, archivist = package
    call_command("records_import", str(path), "--organization", archive.organ_id)
    assert "imported 1 hồ sơ (01-VP)" in capsys.readouterr().out
    before = counts()
    with pytest.raises(CommandError, match="already exists"):
        call_command("records_import", str(path), "--organization", archive.organ_id)
    assert counts() == before


def test_import_into_the_same_organization_with_the_code_taken_is_refused(package):
    path, summary, source, archive, archivist = package
    before = counts()
    with pytest.raises(ImportRefused) as caught:
        record_package_import(source=path, organization=source.organization, actor=archivist)
    assert caught.value.code == "record_exists"
    assert counts() == before


def test_import_refuses_a_package_that_fails_verification(package, tmp_path, capsys):
    path, summary, source, archive, archivist = package
    pdf_member = next(n for n, d in members(path).items() if d == signed_pdf())
    bad = rebuild(path, tmp_path / "bad.zip", change={pdf_member: signed_pdf()[:-10] + b"0000000000"})
    before = counts()
    with pytest.raises(CommandError, match="fails verification"):
        call_command("records_import", str(bad), "--organization", archive.organ_id)
    assert "checksum mismatch" in capsys.readouterr().err
    assert counts() == before
    assert not AuditEvent.objects.filter(action="record.package.import").exists()


def test_import_is_all_or_nothing_across_records(package, tmp_path):
    """Two hồ sơ in one package, the second's code already taken: neither comes in."""
    path, summary, source, archive, archivist = package
    owner = source.owner
    second = make_record(source.organization, owner, code="02-VP", documents=1, other_files=0)
    both = tmp_path / "both.zip"
    record_package_export(actor=None, records=[source, second], out=both)
    RecordFile.objects.create(organization=archive, year=2026, code="02-VP", title="Đã có", retention_years=5,
                              owner=archivist, started_on=source.started_on)
    before = counts()
    with pytest.raises(ImportRefused, match="02-VP"):
        record_package_import(source=both, organization=archive, actor=archivist)
    assert counts() == before


def test_import_of_an_unknown_organization_is_a_clear_error(package):
    path, *_ = package
    with pytest.raises(CommandError, match="no organization"):
        call_command("records_import", str(path), "--organization", "000.00.00.X00")


# --- hostile packages ---------------------------------------------------------------------------

def zip_with(tmp_path, entries: list[tuple[zipfile.ZipInfo | str, bytes]], name="hostile.zip",
             compression=zipfile.ZIP_DEFLATED):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compression) as z:
        for info, data in entries:
            z.writestr(info, data)
    return path


def refused(path, code, **limits):
    with pytest.raises(PackageError) as caught:
        record_package_verify(path, limits=Limits(**limits) if limits else fmt.LIMITS)
    assert caught.value.code == code, caught.value.message
    return caught.value


@pytest.mark.parametrize("name", ["../evil.txt", "files/../../evil.txt", "/etc/passwd", "files\\..\\evil.txt",
                                  "C:/evil.txt", "files/./a.txt", "files//a.txt"])
def test_path_traversal_and_absolute_names_are_refused(tmp_path, name):
    path = zip_with(tmp_path, [(fmt.MANIFEST, b"{}"), (name, b"x")])
    error = refused(path, "unsafe_member_name")
    assert repr(name) in error.message


def test_symlinks_are_refused(tmp_path):
    link = zipfile.ZipInfo("files/001/001/link.pdf")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = zip_with(tmp_path, [(fmt.MANIFEST, b"{}"), (link, b"/etc/passwd")])
    assert "symbolic link" in refused(path, "unsafe_member_type").message


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path):
    path = zip_with(tmp_path, [(fmt.MANIFEST, b"{}"), ("files/001/001/1-bomb.pdf", b"\0" * (50 * 1024 * 1024))])
    assert path.stat().st_size < 200_000
    assert "zip bomb" in refused(path, "compression_bomb").message


def test_oversized_members_and_too_many_members_are_refused(tmp_path):
    path = zip_with(tmp_path, [(fmt.MANIFEST, b"{}"), ("files/001/001/1-big.bin", bytes(range(256)) * 4200)],
                    compression=zipfile.ZIP_STORED)
    refused(path, "member_too_large", max_member_bytes=1024 * 1024)
    refused(path, "package_too_large", max_total_bytes=1024 * 1024)
    refused(path, "too_many_members", max_members=1)


def test_a_header_that_lies_about_the_size_is_caught(tmp_path, package):
    """The central directory says 10 bytes; the member expands further: reading stops and refuses."""
    path, *_ = package
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(fmt.INDEX)
    # Patch the uncompressed size in the central directory entry of index.xml.
    position = raw.find(info.filename.encode(), raw.find(b"PK\x01\x02"))
    entry = raw.rfind(b"PK\x01\x02", 0, position)
    assert entry != -1
    raw[entry + 24:entry + 28] = (10).to_bytes(4, "little")
    lying = tmp_path / "lying.zip"
    lying.write_bytes(bytes(raw))
    with pytest.raises(PackageError) as caught:
        record_package_verify(lying)
    assert caught.value.code in {"member_corrupt", "member_size_mismatch"}


@pytest.mark.parametrize("index", [
    # billion laughs
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    b'<GoiHoSo xmlns="urn:qlvb:records-package:1">&lol2;</GoiHoSo>',
    # external entity (XXE)
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<GoiHoSo xmlns="urn:qlvb:records-package:1">&xxe;</GoiHoSo>',
    # a DTD from the network
    b'<?xml version="1.0"?><!DOCTYPE GoiHoSo SYSTEM "http://127.0.0.1:9/evil.dtd">'
    b'<GoiHoSo xmlns="urn:qlvb:records-package:1"/>',
])
def test_xml_entities_and_dtds_are_refused(tmp_path, index):
    manifest = {"format": fmt.FORMAT, "version": 1, "files": [
        {"path": fmt.INDEX, "size": len(index), "sha256": hashlib.sha256(index).hexdigest()}]}
    path = zip_with(tmp_path, [(fmt.MANIFEST, json.dumps(manifest).encode()), (fmt.INDEX, index)])
    assert refused(path, "index_has_dtd")


def test_the_parser_itself_expands_no_entity():
    """Even if the DOCTYPE check were bypassed, the parser neither loads nor resolves entities."""
    from lxml import etree

    data = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>'
    root = etree.fromstring(data, parser=fmt._parser())
    assert "root:" not in etree.tostring(root).decode()


def test_a_hostile_package_is_refused_by_the_import_command_with_nothing_written(tmp_path, package):
    path, summary, source, archive, archivist = package
    hostile = zip_with(tmp_path, [(fmt.MANIFEST, b"{}"), ("../../evil.txt", b"x")])
    before = counts()
    with pytest.raises(CommandError) as caught:
        call_command("records_import", str(hostile), "--organization", archive.organ_id)
    assert caught.value.returncode == 2 and "path traversal" in str(caught.value)
    assert counts() == before
    assert not (tmp_path.parent / "evil.txt").exists()


def test_a_package_without_manifest_or_of_another_format_is_refused(tmp_path):
    refused(zip_with(tmp_path, [(fmt.INDEX, b"<x/>")], "a.zip"), "manifest_missing")
    refused(zip_with(tmp_path, [(fmt.MANIFEST, b'{"format": "other"}')], "b.zip"), "not_a_records_package")
    refused(zip_with(tmp_path, [(fmt.MANIFEST, b"\xff\xfe")], "c.zip"), "manifest_not_json")


def test_a_value_longer_than_the_field_is_refused_not_cut(package, tmp_path):
    path, summary, source, archive, archivist = package
    index = members(path)[fmt.INDEX].replace(b"<CodeNotation>UBND-VP</CodeNotation>",
                                             b"<CodeNotation>" + b"X" * 200 + b"</CodeNotation>", 1)
    long = rebuild(path, tmp_path / "long.zip", change={fmt.INDEX: index}, fix_manifest=True)
    before = counts()
    with pytest.raises(ImportRefused) as caught:
        record_package_import(source=long, organization=archive, actor=archivist)
    assert caught.value.code == "field_too_long" and "Document.symbol" in caught.value.message
    assert counts() == before
