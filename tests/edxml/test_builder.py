"""The builder writes the official form: namespaces, prefixes, order, layout, attachment forms."""

from __future__ import annotations

import base64
import io
import random
import re
import tracemalloc
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from lxml import etree

from interchange.edxml import (
    Attachment,
    BuildError,
    Code,
    PromulgationInfo,
    build,
    build_to,
    compose_document_id,
    parse,
)
from interchange.edxml.namespaces import EDXML_NS

from . import messages

NS = {"e": EDXML_NS}
OFFICIAL_ORDER = [
    "From",
    "To",
    "DocumentId",
    "Code",
    "PromulgationInfo",
    "DocumentType",
    "Subject",
    "Content",
    "SignerInfo",
    "DueDate",
    "OtherInfo",
    "ResponseFor",
    "SteeringType",
    "ToPlaces",
]


def tree(data: bytes) -> etree._Element:
    return etree.fromstring(data, etree.XMLParser(huge_tree=True))


def attachments_of(data: bytes) -> list[etree._Element]:
    return tree(data).findall("e:AttachmentEncoded/e:Attachment", NS)


def test_layout_is_utf8_with_crlf_and_two_space_indent() -> None:
    data = build(messages.edoc())
    text = data.decode("utf-8")

    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\r\n<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">\r\n'
    )
    assert text.endswith("</edXML>\r\n")
    assert "\n" not in text.replace("\r\n", "")
    indents = {len(line) - len(line.lstrip(" ")) for line in text.split("\r\n") if line}
    assert all(indent % 2 == 0 for indent in indents)
    assert "Văn phòng Chính phủ".encode() in data


def test_prefixes_follow_the_official_builder() -> None:
    text = build(messages.edoc()).decode()

    assert '  <edXML:edXMLEnvelope xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">' in text
    assert "<edXML:MessageHeader>" in text and "<edXML:Bussiness>" in text
    assert "\r\n  <AttachmentEncoded>\r\n    <Attachment>\r\n      <ContentId>cid:vb-807</ContentId>" in text
    assert '<edXML:ContentTransferEncoded xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">' in text


def test_message_header_elements_come_in_the_official_order() -> None:
    root = tree(build(messages.edoc()))
    header = root.find("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader", NS)

    names = [etree.QName(child).localname for child in header]

    assert [name for i, name in enumerate(names) if i == 0 or names[i - 1] != name] == OFFICIAL_ORDER


def test_bussiness_is_written_before_the_trace_headers() -> None:
    root = tree(build(messages.edoc()))
    trace_list = root.find("e:edXMLEnvelope/e:edXMLHeader/e:TraceHeaderList", NS)

    assert [etree.QName(child).localname for child in trace_list] == ["Bussiness", "TraceHeader"]


def test_document_id_is_composed_from_sender_date_number_and_notation() -> None:
    message = messages.edoc(document_id=None)

    root = tree(build(message))

    assert root.findtext("e:edXMLEnvelope/e:edXMLHeader/e:MessageHeader/e:DocumentId", namespaces=NS) == (
        "000.00.00.G22,2021/02/01,807/VPCP-KSTT"
    )
    assert compose_document_id("000.00.00.G22", date(2021, 2, 1), "807", "VPCP-KSTT") == (
        "000.00.00.G22,2021/02/01,807/VPCP-KSTT"
    )


def test_a_given_document_id_is_kept() -> None:
    # A revocation re-sends the original document's identifier.
    message = messages.edoc(document_id="000.00.00.G22,2020/12/30,799/VPCP-KSTT")

    assert parse(build(message)).document_id == "000.00.00.G22,2020/12/30,799/VPCP-KSTT"


@pytest.mark.parametrize("extension", ["pdf", "doc", "docx", "xsl", "xslx"])
def test_office_formats_travel_as_raw_base64_with_their_own_content_type(extension: str) -> None:
    payload = bytes(range(256)) * 3
    message = messages.edoc(attachments=(Attachment(name=f"tệp.{extension}", data=payload, content_id="a1"),))

    [attachment] = attachments_of(build(message))

    assert attachment.findtext("e:ContentType", namespaces=NS) == f"application/{extension}"
    assert base64.b64decode(attachment.findtext("e:ContentTransferEncoded", namespaces=NS)) == payload


def test_a_zip_travels_as_it_is() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("a.txt", "nội dung")
    message = messages.edoc(
        attachments=(Attachment(name="hồ sơ.zip", data=archive.getvalue(), content_id="z"),)
    )

    [attachment] = attachments_of(build(message))

    assert attachment.findtext("e:ContentType", namespaces=NS) == "application/zip"
    assert (
        base64.b64decode(attachment.findtext("e:ContentTransferEncoded", namespaces=NS)) == archive.getvalue()
    )


@pytest.mark.parametrize(
    "name, extension", [("bang.xlsx", "xlsx"), ("ghi chú.txt", "txt"), ("ảnh.JPG", "jpg"), ("README", "unk")]
)
def test_other_files_travel_in_a_deflated_zip_with_one_uuid_named_entry(name: str, extension: str) -> None:
    payload = "Cộng hòa xã hội chủ nghĩa Việt Nam\n".encode() * 100
    message = messages.edoc(attachments=(Attachment(name=name, data=payload, content_id="x"),))

    [attachment] = attachments_of(build(message))
    packed = base64.b64decode(attachment.findtext("e:ContentTransferEncoded", namespaces=NS))

    assert attachment.findtext("e:ContentType", namespaces=NS) == "application/zip"
    with zipfile.ZipFile(io.BytesIO(packed)) as bundle:
        [entry] = bundle.infolist()
        assert re.fullmatch(rf"[0-9a-f-]{{36}}\.{extension}", entry.filename)
        assert entry.compress_type == zipfile.ZIP_DEFLATED
        assert bundle.read(entry) == payload


def test_manifest_always_says_zip_and_shares_content_ids_with_the_attachments() -> None:
    message = messages.edoc(
        attachments=(
            Attachment(name="a.pdf", data=b"%PDF-1.4 a", content_id="one", description="Văn bản"),
            Attachment(name="b.txt", data=b"b", content_id="two"),
        )
    )
    root = tree(build(message))
    references = root.findall("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest/e:Reference", NS)

    assert [r.findtext("e:ContentType", namespaces=NS) for r in references] == ["application/zip"] * 2
    assert [r.findtext("e:ContentId", namespaces=NS) for r in references] == ["cid:one", "cid:two"]
    assert [a.findtext("e:ContentId", namespaces=NS) for a in attachments_of(build(message))] == [
        "cid:one",
        "cid:two",
    ]
    # Without a description the official builder repeats the name.
    assert [r.findtext("e:Description", namespaces=NS) for r in references] == ["Văn bản", "b.txt"]


def test_attachments_without_content_id_get_a_generated_one_shared_by_manifest_and_attachment() -> None:
    message = messages.edoc(attachments=(Attachment(name="a.pdf", data=b"%PDF-1.4"),))
    root = tree(build(message))

    manifest_id = root.findtext(
        "e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest/e:Reference/e:ContentId", namespaces=NS
    )

    assert re.fullmatch(r"cid:[0-9a-f-]{36}", manifest_id)
    assert root.findtext("e:AttachmentEncoded/e:Attachment/e:ContentId", namespaces=NS) == manifest_id


def test_base64_is_written_on_one_line() -> None:
    message = messages.edoc(attachments=(Attachment(name="big.pdf", data=bytes(300_000), content_id="b"),))

    text = build(message).decode()
    line = next(line for line in text.split("\r\n") if "ContentTransferEncoded" in line)

    assert len(line) > 400_000


def test_output_is_deterministic_when_ids_are_given() -> None:
    message = messages.edoc(
        attachments=(
            Attachment(name="a.pdf", data=b"%PDF-1.4 a", content_id="one"),
            Attachment(name="b.txt", data=b"b" * 1000, content_id="two", zip_entry_name="entry.txt"),
        )
    )

    assert build(message) == build(message)


def test_special_characters_are_escaped_and_come_back() -> None:
    message = messages.edoc(subject='Trích yếu <đặc biệt> & "ký tự" — ổn')

    data = build(message)

    assert b"&lt;\xc4\x91\xe1\xba\xb7c bi\xe1\xbb\x87t&gt; &amp;" in data
    assert parse(data).subject == 'Trích yếu <đặc biệt> & "ký tự" — ổn'


def test_text_that_xml_cannot_carry_is_refused() -> None:
    with pytest.raises(BuildError, match="Subject"):
        build(messages.edoc(subject="bad \x00 byte"))


def test_an_attachment_needs_data_or_a_file() -> None:
    with pytest.raises(BuildError, match="neither data nor"):
        build(messages.edoc(attachments=(Attachment(name="empty.pdf"),)))


def test_missing_number_or_date_gives_no_document_id() -> None:
    message = messages.edoc(
        document_id=None, code=Code(number=None, notation="VPCP"), promulgation=PromulgationInfo(date=None)
    )

    assert parse(build(message)).document_id is None


@pytest.mark.parametrize(
    "name, expected_type", [("scan.pdf", "application/pdf"), ("data.bin", "application/zip")]
)
def test_files_on_disk_are_streamed_not_loaded(tmp_path, name: str, expected_type: str) -> None:
    size = 24 * 1024 * 1024
    source = tmp_path / name
    with source.open("wb") as out:
        block = random.Random(7).randbytes(1024 * 1024)
        for _ in range(size // len(block)):
            out.write(block)
    message = messages.edoc(attachments=(Attachment.from_path(source, content_id="disk"),))
    target = tmp_path / "out.edxml"

    tracemalloc.start()
    try:
        with target.open("wb") as out:
            build_to(message, out)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 12 * 1024 * 1024  # the file is 24 MB, its Base64 32 MB
    received = parse(target.read_bytes())
    assert received.attachments[0].content_type == expected_type
    assert received.attachments[0].digest() == Attachment.from_path(source).digest()
    assert received.attachments[0].name == name


def test_status_messages_carry_no_trace_list_signature_or_body() -> None:
    root = tree(build(messages.status()))
    header = root.find("e:edXMLEnvelope/e:edXMLHeader", NS)

    assert [etree.QName(child).localname for child in header] == ["MessageHeader"]
    assert root.find("e:edXMLEnvelope/e:edXMLBody", NS) is None
    assert [etree.QName(c).localname for c in header.find("e:MessageHeader", NS)] == [
        "From",
        "ResponseFor",
        "StaffInfo",
        "StatusCode",
        "Description",
        "Timestamp",
    ]


def test_a_message_without_attachments_has_an_empty_manifest() -> None:
    root = tree(build(replace(messages.edoc(), attachments=())))

    manifest = root.find("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest", NS)
    assert manifest is not None and len(manifest) == 0
    assert root.find("e:AttachmentEncoded", NS) is None
