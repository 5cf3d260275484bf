"""The parser is lenient in what it accepts and says what it had to drop."""

from __future__ import annotations

import base64
import io
import zipfile
from dataclasses import replace
from datetime import date, datetime

import pytest

from interchange.edxml import (
    Attachment,
    BadArchive,
    EdocMessage,
    NotEdxml,
    StatusMessage,
    build,
    parse,
    parse_edoc,
    parse_status,
)

from . import messages

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def zipped(*files: tuple[str, bytes]) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files:
            bundle.writestr(name, data)
    return archive.getvalue()


def package_with_attachment(name: str, content_type: str, payload: bytes) -> bytes:
    """A built package whose one attachment is replaced by the given declaration and bytes."""
    data = build(messages.edoc(attachments=(Attachment(name="x.pdf", data=b"%PDF-", content_id="c1"),)))
    encoded = base64.b64encode(b"%PDF-")
    return (
        data.replace(
            b"<AttachmentName>x.pdf</AttachmentName>", f"<AttachmentName>{name}</AttachmentName>".encode()
        )
        .replace(
            b"<ContentType>application/pdf</ContentType>",
            f"<ContentType>{content_type}</ContentType>".encode(),
        )
        .replace(encoded, base64.b64encode(payload))
    )


def test_a_built_message_reads_back_equal() -> None:
    message = messages.edoc()

    assert parse(build(message)) == message


def test_kind_is_detected_from_the_message_header() -> None:
    assert isinstance(parse(build(messages.edoc())), EdocMessage)
    assert isinstance(parse(build(messages.status())), StatusMessage)
    assert parse_status(build(messages.status())).label == "Đã tiếp nhận"
    with pytest.raises(NotEdxml):
        parse_edoc(build(messages.status()))
    with pytest.raises(NotEdxml):
        parse_status(build(messages.edoc()))


@pytest.mark.parametrize("prefix", ["x", "ns0", ""])
def test_any_prefix_or_none_is_accepted(prefix: str) -> None:
    message = messages.edoc()
    data = build(message).decode()
    if prefix:
        data = data.replace("edXML:", f"{prefix}:").replace("xmlns:edXML=", f"xmlns:{prefix}=")
    else:
        data = data.replace("edXML:", "").replace(f' xmlns:edXML="{NS}"', "")

    assert parse(data.encode()) == message


def test_business_spelt_correctly_is_accepted_and_noted() -> None:
    message = messages.edoc(business=messages.edoc().business)
    data = build(message).replace(b"Bussiness", b"Business")

    received = parse(data)

    assert received.business == message.business
    assert [note.path for note in received.notes] == [
        "edXMLEnvelope/edXMLHeader/TraceHeaderList/Bussiness",
        "edXMLEnvelope/edXMLHeader/TraceHeaderList/Bussiness/BussinessDocType",
        "edXMLEnvelope/edXMLHeader/TraceHeaderList/Bussiness/BussinessDocReason",
    ]
    assert "spelt 'Business'" in received.notes[0].message


def test_trace_headers_before_or_after_bussiness_are_both_accepted() -> None:
    message = messages.edoc()
    data = build(message).decode()
    start, end = (
        data.index("        <edXML:Bussiness>"),
        data.index("</edXML:Bussiness>\r\n") + len("</edXML:Bussiness>\r\n"),
    )
    block = data[start:end]
    moved = data[:start] + data[end:]
    moved = moved.replace("      </edXML:TraceHeaderList>", block + "      </edXML:TraceHeaderList>")

    assert moved != data
    assert parse(moved.encode()) == message


@pytest.mark.parametrize(
    "written, expected",
    [("2021/02/01", date(2021, 2, 1)), ("01/02/2021", date(2021, 2, 1)), ("2021-02-01", date(2021, 2, 1))],
)
def test_dates_in_the_three_forms_met_in_traffic(written: str, expected: date) -> None:
    data = build(messages.edoc()).replace(
        b"<edXML:PromulgationDate>2021/02/01<", f"<edXML:PromulgationDate>{written}<".encode()
    )

    assert parse(data).promulgation.date == expected


@pytest.mark.parametrize(
    "written",
    [
        "2021/02/01 14:32:05",
        "01/02/2021 14:32:05",
        "2021-02-01 14:32:05",
        "2021-02-01T14:32:05",
        "2021-02-01T07:32:05Z",
    ],
)
def test_timestamps_in_the_forms_met_in_traffic(written: str) -> None:
    data = build(messages.edoc()).replace(b"2021/02/01 14:32:05", written.encode())

    assert parse(data).trace_headers[0].timestamp == datetime(2021, 2, 1, 14, 32, 5)


def test_missing_optional_blocks_are_none() -> None:
    data = build(messages.edoc())
    for block in (b"SignerInfo", b"OtherInfo", b"ToPlaces"):
        start = data.index(b"        <edXML:" + block + b">")
        end = data.index(b"</edXML:" + block + b">\r\n") + len(b"</edXML:" + block + b">\r\n")
        data = data[:start] + data[end:]

    received = parse(data)

    assert (received.signer, received.other_info, received.to_places) == (None, None, ())
    assert received.subject == messages.edoc().subject


def test_empty_elements_read_as_empty_text_or_no_value() -> None:
    data = (
        build(messages.edoc())
        .replace(
            b"<edXML:Content>" + messages.edoc().content.encode() + b"</edXML:Content>", b"<edXML:Content />"
        )
        .replace(b"<edXML:Priority>1</edXML:Priority>", b"<edXML:Priority></edXML:Priority>")
        .replace(b"<edXML:DueDate>2021/03/01</edXML:DueDate>", b"<edXML:DueDate/>")
    )

    received = parse(data)

    assert received.content == ""
    assert received.other_info.priority is None
    assert received.due_date is None
    assert received.notes == ()


def test_unknown_elements_are_ignored() -> None:
    data = build(messages.edoc()).replace(
        b"<edXML:Subject>",
        b"<edXML:ApplicationType>99</edXML:ApplicationType><other:Thing xmlns:other='urn:x'><a/></other:Thing><edXML:Subject>",
    )

    assert parse(data) == messages.edoc()


def test_unknown_numbers_are_kept_as_given() -> None:
    data = (
        build(messages.edoc())
        .replace(b"<edXML:SteeringType>1<", b"<edXML:SteeringType>7<")
        .replace(b"<edXML:Type>1<", b"<edXML:Type>9<")
        .replace(b"<edXML:BussinessDocType>0<", b"<edXML:BussinessDocType>5<")
    )

    received = parse(data)

    assert (received.steering_type, received.document_type.type_code, received.business.doc_type) == (7, 9, 5)
    assert received.business.business_type is None


def test_values_that_are_not_numbers_or_dates_are_dropped_with_a_note_naming_the_element() -> None:
    data = (
        build(messages.edoc())
        .replace(b"<edXML:Priority>1<", b"<edXML:Priority>khan<")
        .replace(b"<edXML:DueDate>2021/03/01<", b"<edXML:DueDate>mai<")
    )

    received = parse(data)

    assert received.other_info.priority is None and received.due_date is None
    assert {note.path for note in received.notes} == {
        "edXMLEnvelope/edXMLHeader/MessageHeader/OtherInfo/Priority",
        "edXMLEnvelope/edXMLHeader/MessageHeader/DueDate",
    }


def test_an_undeclared_prefix_is_tolerated_with_a_note() -> None:
    # Public samples write xlink:href without declaring xlink; the official parser accepts it.
    data = build(messages.edoc()).replace(b"<edXML:Reference>", b'<edXML:Reference xlink:href="">')

    received = parse(data)

    assert received == messages.edoc()
    assert any("xlink" in note.message for note in received.notes)


def test_wrapped_base64_is_accepted() -> None:
    payload = bytes(range(256)) * 20
    wrapped = base64.encodebytes(payload)  # 76-character lines
    data = package_with_attachment("a.pdf", "application/pdf", b"%PDF-").replace(
        base64.b64encode(b"%PDF-"), b"\r\n" + wrapped
    )

    assert parse(data).attachments[0].data == payload


def test_base64_with_character_references_is_read_by_the_xml_parser() -> None:
    encoded = base64.b64encode(b"%PDF-1.4 hello")
    data = package_with_attachment("a.pdf", "application/pdf", b"%PDF-").replace(
        base64.b64encode(b"%PDF-"), b"&#" + str(encoded[0]).encode() + b";" + encoded[1:]
    )

    assert parse(data).attachments[0].data == b"%PDF-1.4 hello"


def test_a_zip_declared_as_zip_is_unpacked() -> None:
    data = package_with_attachment("bảng.xlsx", "application/zip", zipped(("3f1c.xlsx", b"sheet bytes")))

    [attachment] = parse(data).attachments

    assert (attachment.data, attachment.zip_entry_name, attachment.warnings) == (
        b"sheet bytes",
        "3f1c.xlsx",
        (),
    )


def test_a_zip_file_named_zip_is_handed_over_still_zipped() -> None:
    archive = zipped(("a.txt", b"a"), ("b.txt", b"b"))

    [attachment] = parse(package_with_attachment("hồ sơ.zip", "application/zip", archive)).attachments

    assert attachment.data == archive
    assert attachment.members == ()


def test_a_zip_declared_as_pdf_is_not_unpacked_and_the_mismatch_is_reported() -> None:
    archive = zipped(("x.pdf", b"%PDF-1.4"))

    [attachment] = parse(package_with_attachment("van_ban.pdf", "application/pdf", archive)).attachments

    assert attachment.data == archive
    assert attachment.warnings == (
        "declared a PDF but the content is a zip archive; handed over unopened (declared type decides)",
    )


def test_a_pdf_without_pdf_header_is_reported() -> None:
    [attachment] = parse(package_with_attachment("a.pdf", "application/pdf", b"not a pdf")).attachments

    assert attachment.data == b"not a pdf"
    assert "no PDF header" in attachment.warnings[0]


def test_content_declared_zip_that_is_not_a_zip_is_kept_and_reported() -> None:
    [attachment] = parse(package_with_attachment("a.doc", "application/zip", b"plain bytes")).attachments

    assert attachment.data == b"plain bytes"
    assert "not a zip archive" in attachment.warnings[0]


def test_a_zip_declared_as_text_is_reported() -> None:
    archive = zipped(("a.txt", b"a"))

    [attachment] = parse(package_with_attachment("a.txt", "text/plain", archive)).attachments

    assert attachment.data == archive
    assert "declared text/plain but the content is a zip archive" in attachment.warnings[0]


def test_a_zip_with_several_files_lists_them_as_members() -> None:
    archive = zipped(("một.txt", b"1"), ("hai.txt", b"22"), ("ba/", b""))

    [attachment] = parse(package_with_attachment("tài liệu.doc", "application/zip", archive)).attachments

    assert [(m.name, m.data) for m in attachment.members] == [("một.txt", b"1"), ("hai.txt", b"22")]
    assert attachment.data == archive


def test_a_damaged_zip_is_refused() -> None:
    archive = bytearray(zipped(("a.txt", b"hello " * 100)))
    archive[40] ^= 0xFF  # inside the compressed data

    with pytest.raises(BadArchive):
        parse(package_with_attachment("a.doc", "application/zip", bytes(archive)))


@pytest.mark.parametrize(
    "written, safe",
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Windows\\System32\\evil.exe", "evil.exe"),
        ("D:hidden.pdf", "hidden.pdf"),
        ("thư mục/con\\Quyết định.pdf", "Quyết định.pdf"),
        ("..", "attachment"),
    ],
)
def test_file_names_lose_their_directory_part(written: str, safe: str) -> None:
    [attachment] = parse(package_with_attachment(written, "application/pdf", b"%PDF-1.4")).attachments

    assert attachment.name == safe
    assert "reduced to" in attachment.warnings[0]


def test_zip_entry_names_lose_their_directory_part() -> None:
    archive = zipped(("../../../home/user/.bashrc", b"x"))

    [attachment] = parse(package_with_attachment("a.txt", "application/zip", archive)).attachments

    assert attachment.zip_entry_name == ".bashrc"


def test_an_attachment_over_libxml2s_text_node_limit_is_read_without_huge_tree_mode() -> None:
    # libxml2 refuses text nodes over 10 MB unless its safety limits are lifted; the payload
    # never enters the tree, so they stay on.
    payload = b"%PDF-1.4\n" + bytes(range(256)) * (12 * 4096)
    message = messages.edoc(attachments=(Attachment(name="big.pdf", data=payload, content_id="big"),))

    [attachment] = parse(build(message)).attachments

    assert attachment.data == payload


def test_cid_prefix_is_optional() -> None:
    data = build(messages.edoc()).replace(b"cid:vb-807", b"vb-807")

    received = parse(data)

    assert received.attachments[0].content_id == "vb-807"
    assert received.manifest[0].content_id == "vb-807"


def test_status_message_reads_back_equal() -> None:
    message = messages.status()

    assert parse(build(message)) == message


def test_message_without_attachments_reads_back_equal() -> None:
    message = replace(messages.edoc(), attachments=())

    assert parse(build(message)) == message
