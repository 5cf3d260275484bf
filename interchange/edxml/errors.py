"""Errors raised while reading, building or signing edXML packages.

Every error is an ``EdxmlError``. ``str(error)`` is an English explanation for logs and
operators; ``error.message_vi`` is a short Vietnamese sentence fit for a clerk's screen or for the
Description of a status 02 (rejection) sent back to the sender.
"""

from __future__ import annotations


class EdxmlError(Exception):
    """Base class: the package cannot be read, built or signed."""

    message_vi: str = "Gói tin edXML không hợp lệ."

    def __init__(self, message: str, *, message_vi: str | None = None) -> None:
        super().__init__(message)
        if message_vi is not None:
            self.message_vi = message_vi


class PackageTooLarge(EdxmlError):
    message_vi = "Gói tin vượt quá dung lượng cho phép."


class TooManyAttachments(EdxmlError):
    message_vi = "Gói tin có quá nhiều tệp đính kèm."


class MalformedXml(EdxmlError):
    message_vi = "Gói tin không đúng cú pháp XML."


class UnsupportedEncoding(MalformedXml):
    message_vi = "Gói tin phải được mã hóa UTF-8."


class ForbiddenDtd(EdxmlError):
    message_vi = "Gói tin chứa khai báo DOCTYPE/thực thể, không được phép."


class NotEdxml(EdxmlError):
    message_vi = "Tệp không phải là gói tin edXML."


class WrongNamespace(NotEdxml):
    message_vi = "Gói tin không đúng không gian tên edXML của QCVN 102:2016."


class AttachmentError(EdxmlError):
    """A problem with one attachment; ``attachment_name`` says which."""

    message_vi = "Tệp đính kèm không hợp lệ."

    def __init__(
        self, message: str, *, attachment_name: str | None = None, message_vi: str | None = None
    ) -> None:
        super().__init__(message, message_vi=message_vi)
        self.attachment_name = attachment_name


class AttachmentTooLarge(AttachmentError):
    message_vi = "Tệp đính kèm vượt quá dung lượng cho phép."


class BadBase64(AttachmentError):
    message_vi = "Nội dung tệp đính kèm không đúng mã Base64."


class BadArchive(AttachmentError):
    message_vi = "Tệp nén đính kèm bị hỏng hoặc không đọc được."


class DecompressionBomb(AttachmentError):
    message_vi = "Tệp nén đính kèm giải nén ra dung lượng quá lớn."


class TooManyZipEntries(AttachmentError):
    message_vi = "Tệp nén đính kèm chứa quá nhiều tệp."


class BuildError(EdxmlError):
    message_vi = "Không tạo được gói tin edXML."


class SigningError(EdxmlError):
    message_vi = "Không ký số được gói tin edXML."
