"""How attachments travel: the official transfer forms on sending, and decoding on receipt.

Sending (what the official builder does, so receivers running the official parser cope):
``pdf doc docx xsl xslx`` go as Base64 of the raw bytes with ContentType ``application/<ext>``
(``xsl``/``xslx`` are the official library's spelling); a ``zip`` goes as is; anything else is
put in a deflated zip with one entry ``<uuid>.<ext>`` and declared ``application/zip``.

Receiving follows the official parser's rule: unzip if and only if the declared ContentType is
``application/zip`` and the name does not end in ``.zip``. The bytes are then checked against
what was declared (zip and PDF signatures) and any mismatch is reported as a warning.
"""

from __future__ import annotations

import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime

from .errors import AttachmentTooLarge, BadBase64
from .filenames import safe_file_name
from .limits import Limits
from .model import ArchiveMember, Attachment
from .unzip import UnpackBudget, looks_like_zip, unpack

ZIP_TYPE = "application/zip"
RAW_FORMATS = frozenset({"pdf", "doc", "docx", "xsl", "xslx"})
UNKNOWN_FORMAT = "unk"


@dataclass(frozen=True, slots=True)
class TransferForm:
    content_type: str
    wrap_in_zip: bool


def transfer_form(extension: str) -> TransferForm:
    extension = extension.lower()
    if extension in RAW_FORMATS:
        return TransferForm(content_type=f"application/{extension}", wrap_in_zip=False)
    return TransferForm(content_type=ZIP_TYPE, wrap_in_zip=extension != "zip")


def zip_entry_name(attachment: Attachment, entry_id: str) -> str:
    return attachment.zip_entry_name or f"{entry_id}.{attachment.extension or UNKNOWN_FORMAT}"


def zip_timestamp(moment: datetime | None) -> tuple[int, int, int, int, int, int]:
    # Zip can't store dates before 1980; a fixed stamp keeps output reproducible.
    if moment is None or moment.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


# ---- receiving -------------------------------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """'zip' or 'pdf' when the bytes carry that format's signature."""
    if looks_like_zip(data):
        return "zip"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


def decode_base64(source: bytes | memoryview, *, name: str, limits: Limits) -> bytes:
    """Strict Base64 (whitespace allowed); refuses truncated or foreign text and oversize results."""
    estimate = len(source) * 3 // 4
    if estimate > limits.max_attachment_bytes:
        compact = bytes(source).translate(None, b" \t\r\n")
        estimate = len(compact) * 3 // 4
        if estimate > limits.max_attachment_bytes:
            raise AttachmentTooLarge(
                f"attachment {name!r} is about {estimate:,} bytes, more than the limit of "
                f"{limits.max_attachment_bytes:,} bytes",
                attachment_name=name,
            )
        source = compact
    try:
        return binascii.a2b_base64(source, strict_mode=True)
    except binascii.Error as exc:
        failure = exc
    # Strict decoding refuses whitespace; senders that wrap lines are fine once it is removed.
    compact = bytes(source).translate(None, b" \t\r\n")
    if len(compact) != len(source):
        try:
            return binascii.a2b_base64(compact, strict_mode=True)
        except binascii.Error as exc:
            failure = exc
    raise BadBase64(
        f"attachment {name!r}: content is not valid Base64 ({failure}); it may be truncated",
        attachment_name=name,
    ) from failure


def open_transfer(
    encoded: bytes,
    *,
    name: str,
    content_type: str | None,
    limits: Limits,
    budget: UnpackBudget,
) -> tuple[bytes, str | None, tuple[ArchiveMember, ...], list[str]]:
    """Decoded transfer bytes → (file data, zip entry name, archive members, warnings)."""
    declared = (content_type or "").strip().lower()
    warnings: list[str] = []
    if declared == ZIP_TYPE and not name.lower().endswith(".zip"):
        if not looks_like_zip(encoded):
            warnings.append("declared application/zip but the content is not a zip archive; kept as received")
            return encoded, None, (), warnings
        members = unpack(encoded, name=name, limits=limits, budget=budget)
        if len(members) == 1:
            member = members[0]
            warnings.extend(_check_format(member.data, member.name, declared=None))
            return member.data, member.name, members, warnings
        if not members:
            warnings.append("the zip archive is empty")
            return b"", None, (), warnings
        warnings.append(f"the zip archive holds {len(members)} files; kept packed, files listed in members")
        return encoded, None, members, warnings
    warnings.extend(_check_format(encoded, name, declared=declared))
    return encoded, None, (), warnings


def _check_format(data: bytes, name: str, *, declared: str | None) -> list[str]:
    found = sniff(data)
    if declared == "application/pdf" or (declared is None and name.lower().endswith(".pdf")):
        if found == "zip":
            return [
                "declared a PDF but the content is a zip archive; handed over unopened (declared type decides)"
            ]
        if found != "pdf":
            return ["declared a PDF but the content has no PDF header"]
    elif found == "zip" and declared is not None and declared.startswith(("text/", "image/")):
        return [f"declared {declared} but the content is a zip archive; not unpacked (declared type decides)"]
    return []


def received_attachment(
    *,
    raw_name: str | None,
    content_id: str | None,
    description: str | None,
    content_type: str | None,
    encoded: bytes,
    limits: Limits,
    budget: UnpackBudget,
) -> Attachment:
    name = safe_file_name(raw_name)
    warnings: list[str] = []
    if raw_name is not None and name != raw_name.strip():
        warnings.append(f"file name {raw_name!r} reduced to {name!r}")
    data, entry, members, found = open_transfer(
        encoded, name=name, content_type=content_type, limits=limits, budget=budget
    )
    return Attachment(
        name=name,
        data=data,
        content_id=content_id,
        description=description,
        content_type=content_type,
        zip_entry_name=entry,
        members=members,
        warnings=tuple(warnings + found),
        sha256=hashlib.sha256(data).hexdigest(),
        raw_name=raw_name,
    )
