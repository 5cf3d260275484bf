"""Hostile packages are refused with a typed error, and memory stays bounded while doing so."""

from __future__ import annotations

import base64
import io
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from interchange.edxml import (
    Attachment,
    AttachmentTooLarge,
    BadBase64,
    DecompressionBomb,
    EdxmlError,
    ForbiddenDtd,
    Limits,
    MalformedXml,
    NotEdxml,
    PackageTooLarge,
    TooManyAttachments,
    TooManyZipEntries,
    UnsupportedEncoding,
    WrongNamespace,
    build,
    errors,
    parse,
    validate,
    verify_signature,
)
from interchange.edxml.xmlsafe import parse_xml

from . import messages

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parents[2]


def envelope(body: str = "") -> str:
    return (
        '<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><edXMLEnvelope><edXMLHeader><MessageHeader>'
        f"<From><OrganId>000.00.00.G22</OrganId></From><Subject>{body}</Subject>"
        "</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
    )


XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + envelope("&xxe;")
).encode()
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + "]>\n"
    + envelope("&lol9;")
).encode()


def with_attachment_payload(name: str, content_type: str, payload: bytes) -> bytes:
    data = build(messages.edoc(attachments=(Attachment(name="x.pdf", data=b"%PDF-", content_id="c1"),)))
    return (
        data.replace(b"<AttachmentName>x.pdf<", f"<AttachmentName>{name}<".encode())
        .replace(b"<ContentType>application/pdf<", f"<ContentType>{content_type}<".encode())
        .replace(base64.b64encode(b"%PDF-"), base64.b64encode(payload))
    )


def zip_of_zeros(megabytes: int, *, entry: str = "bom.txt") -> bytes:
    """A zip whose one entry inflates to ``megabytes`` MB of zeros, made without holding them.

    After a full flush deflate starts afresh, so each megabyte of zeros compresses to the same
    bytes; the stream is that unit repeated, then an empty final block.
    """
    block = bytes(MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    unit = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = unit * megabytes + b"\x03\x00"
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(block, crc)
    size = megabytes * MB
    name = entry.encode()
    local = (
        struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(stream), size, len(name), 0)
        + name
    )
    central = (
        struct.pack(
            "<4s6H3I5H2I",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(stream),
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + name
    )
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local) + len(stream), 0)
    return local + stream + central + end


def peak_memory(action) -> tuple[int, BaseException | None]:
    tracemalloc.start()
    caught = None
    try:
        action()
    except EdxmlError as exc:
        caught = exc
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, caught


# ---- XML-level attacks -----------------------------------------------------------------------


def test_xxe_is_refused() -> None:
    with pytest.raises(ForbiddenDtd) as refused:
        parse(XXE)

    assert "DOCTYPE" in str(refused.value)


def test_xxe_is_refused_by_the_xml_layer_too() -> None:
    # Defence in depth: even without the byte-level check the parser loads nothing.
    with pytest.raises(ForbiddenDtd):
        parse_xml(XXE)


def test_billion_laughs_is_refused_without_expanding() -> None:
    peak, caught = peak_memory(lambda: parse(BILLION_LAUGHS))

    assert isinstance(caught, ForbiddenDtd)
    assert peak < 5 * MB
    # Without the byte-level check, libxml2's own amplification guard stops it.
    with pytest.raises((ForbiddenDtd, MalformedXml)):
        parse_xml(BILLION_LAUGHS)


def test_doctype_after_comments_and_processing_instructions_is_still_found() -> None:
    data = (
        '<?xml version="1.0"?><!-- a --><?pi x?>\n<!doctype edXML SYSTEM "http://example.com/x.dtd">'
        + envelope()
    ).encode()

    with pytest.raises(ForbiddenDtd):
        parse(data)


def test_signature_verification_refuses_doctype_too() -> None:
    with pytest.raises(ForbiddenDtd):
        verify_signature(XXE)


def test_utf16_is_refused() -> None:
    data = ('<?xml version="1.0" encoding="UTF-16"?>' + envelope()).encode("utf-16")

    with pytest.raises(UnsupportedEncoding):
        parse(data)


def test_wrong_namespace_is_refused() -> None:
    data = build(messages.edoc()).replace(
        b'<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016">',
        b'<edXML xmlns="http://example.com/other">',
    )

    with pytest.raises(WrongNamespace) as refused:
        parse(data)

    assert "http://example.com/other" in str(refused.value)
    assert refused.value.message_vi == "Gói tin không đúng không gian tên edXML của QCVN 102:2016."


def test_no_namespace_is_refused() -> None:
    with pytest.raises(WrongNamespace):
        parse(envelope().replace(' xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"', "").encode())


def test_something_else_than_edxml_is_refused() -> None:
    with pytest.raises(NotEdxml):
        parse(b"<html><body>hello</body></html>")


def test_oversized_package_is_refused_before_parsing() -> None:
    data = build(messages.edoc())

    with pytest.raises(PackageTooLarge) as refused:
        parse(data, limits=Limits(max_package_bytes=len(data) - 1))

    assert f"{len(data):,}" in str(refused.value)
    assert parse(data, limits=Limits(max_package_bytes=len(data))) == messages.edoc()


def test_default_limits_are_the_documented_ones() -> None:
    limits = Limits()

    assert (limits.max_package_bytes, limits.max_attachments, limits.max_attachment_bytes) == (
        100 * MB,
        100,
        50 * MB,
    )
    assert (limits.max_unpacked_file_bytes, limits.max_unpacked_total_bytes, limits.max_zip_entries) == (
        100 * MB,
        200 * MB,
        10,
    )


# ---- attachments -----------------------------------------------------------------------------


def test_too_many_attachments_are_refused() -> None:
    message = messages.edoc(
        attachments=tuple(Attachment(name=f"{i}.pdf", data=b"%PDF-", content_id=str(i)) for i in range(3))
    )

    with pytest.raises(TooManyAttachments):
        parse(build(message), limits=Limits(max_attachments=2))


def test_an_attachment_over_the_size_limit_is_refused_before_decoding() -> None:
    message = messages.edoc(attachments=(Attachment(name="a.pdf", data=bytes(3000), content_id="a"),))

    with pytest.raises(AttachmentTooLarge) as refused:
        parse(build(message), limits=Limits(max_attachment_bytes=2000))

    assert refused.value.attachment_name == "a.pdf"


def test_truncated_base64_is_refused() -> None:
    data = build(messages.edoc())
    encoded = base64.b64encode(messages.PDF)
    truncated = data.replace(encoded, encoded[:-3])

    with pytest.raises(BadBase64) as refused:
        parse(truncated)

    assert refused.value.attachment_name == "807-VPCP-KSTT.pdf"
    assert "truncated" in str(refused.value)
    assert refused.value.message_vi


def test_text_that_is_not_base64_is_refused() -> None:
    data = build(messages.edoc()).replace(base64.b64encode(messages.PDF), b"${__StringFromFile(test.txt,,,)}")

    with pytest.raises(BadBase64):
        parse(data)


def test_keep_going_returns_the_header_and_the_reason() -> None:
    data = build(messages.edoc()).replace(base64.b64encode(messages.PDF), b"QUJD!")

    received = parse(data, attachment_errors="keep")
    violations = validate(data)

    assert received.subject == messages.edoc().subject
    assert isinstance(received.attachments[0].error, BadBase64)
    assert [v.path for v in violations] == ["AttachmentEncoded/Attachment[1]/ContentTransferEncoded"]


def test_a_one_gigabyte_zip_bomb_is_refused_with_little_memory() -> None:
    package = with_attachment_payload("bom.txt", "application/zip", zip_of_zeros(1024))
    assert len(package) < 2 * MB

    peak, caught = peak_memory(lambda: parse(package))

    assert isinstance(caught, DecompressionBomb)
    assert "expands more than 200 times" in str(caught)
    assert peak < 100 * MB


def test_without_the_ratio_guard_the_hard_cap_stops_the_bomb() -> None:
    package = with_attachment_payload("bom.txt", "application/zip", zip_of_zeros(1024))
    limits = Limits(max_compression_ratio=None, max_unpacked_file_bytes=20 * MB)

    peak, caught = peak_memory(lambda: parse(package, limits=limits))

    assert isinstance(caught, DecompressionBomb)
    assert "more than 20,971,520 bytes" in str(caught)
    assert peak < 100 * MB


def test_the_total_unpacked_size_of_a_package_is_capped() -> None:
    bombs = tuple(Attachment(name=f"{i}.zip", data=zip_of_zeros(8), content_id=str(i)) for i in range(3))
    # ".zip" names travel unopened; declare them as zipped documents so the receiver unpacks them.
    data = build(messages.edoc(attachments=bombs)).replace(b".zip</AttachmentName>", b".doc</AttachmentName>")
    limits = Limits(
        max_compression_ratio=None, max_unpacked_file_bytes=10 * MB, max_unpacked_total_bytes=20 * MB
    )

    with pytest.raises(DecompressionBomb) as refused:
        parse(data, limits=limits)

    assert "in total" in str(refused.value)
    assert refused.value.attachment_name == "2.doc"


def test_a_zip_with_too_many_entries_is_refused() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for i in range(11):
            bundle.writestr(f"{i}.txt", b"x")

    with pytest.raises(TooManyZipEntries):
        parse(with_attachment_payload("a.doc", "application/zip", archive.getvalue()))


def test_a_zip_that_understates_its_entry_count_is_refused() -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for i in range(50):
            bundle.writestr(f"{i}.txt", b"x")
    forged = bytearray(archive.getvalue())
    end = forged.rfind(b"PK\x05\x06")
    forged[end + 8 : end + 12] = struct.pack("<HH", 1, 1)  # "1 entry"

    with pytest.raises(TooManyZipEntries):
        parse(with_attachment_payload("a.doc", "application/zip", bytes(forged)))


def test_the_zip_bomb_stays_small_in_a_real_process(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.edxml"
    bomb.write_bytes(with_attachment_payload("bom.txt", "application/zip", zip_of_zeros(1024)))
    script = (
        "import resource, sys\n"
        "from interchange.edxml import parse, DecompressionBomb\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n    parse(data)\nexcept DecompressionBomb:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )

    grown_kb = int(
        subprocess.run(
            [sys.executable, "-c", script, str(bomb)], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    )

    assert grown_kb < 100 * 1024


# ---- errors ----------------------------------------------------------------------------------

ERROR_CLASSES = [
    value for value in vars(errors).values() if isinstance(value, type) and issubclass(value, EdxmlError)
]


@pytest.mark.parametrize("error_class", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_every_error_has_its_own_vietnamese_message(error_class: type[EdxmlError]) -> None:
    others = {c.message_vi for c in ERROR_CLASSES if c is not error_class}

    assert error_class.message_vi not in others
    assert error_class.message_vi.endswith(".")


def test_malformed_xml_reports_where() -> None:
    with pytest.raises(MalformedXml) as refused:
        parse(
            b'<?xml version="1.0"?>\n<edXML xmlns="http://www.mic.gov.vn/TBT/QCVN_102_2016"><a></b></edXML>'
        )

    assert "line 2" in str(refused.value)
