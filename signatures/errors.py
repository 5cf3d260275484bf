"""Typed errors of the signing core.

Every error carries an English message for logs and a Vietnamese
``user_message`` that the web layer can show as is.
"""


class SignatureServiceError(Exception):
    """Base class: something the user asked for could not be done."""

    user_message = "Không thực hiện được thao tác ký số."

    def __init__(self, message: str, *, user_message: str | None = None):
        super().__init__(message)
        if user_message is not None:
            self.user_message = user_message


class WrongPinError(SignatureServiceError):
    """The PIN did not open the key store or token."""

    user_message = "Mã PIN không đúng."


class KeyLockedError(SignatureServiceError):
    """The token refuses PIN attempts (too many wrong PINs)."""

    user_message = "Thiết bị ký số đã bị khóa do nhập sai mã PIN quá số lần cho phép."


class KeyAccessError(SignatureServiceError):
    """The key store, token or certificate could not be used."""

    user_message = "Không truy cập được khóa ký số hoặc chứng thư số."


class CertificateNotUsableError(SignatureServiceError):
    """The signer's certificate is expired, not yet valid, revoked or untrusted."""

    user_message = "Chứng thư số của người ký không còn hiệu lực."


class TimestampUnavailableError(SignatureServiceError):
    """The timestamp authority could not be reached or refused the request."""

    user_message = "Không kết nối được máy chủ cấp dấu thời gian; chưa ký được văn bản."


class RevocationInfoUnavailableError(SignatureServiceError):
    """CRL or OCSP data needed for a long-term signature could not be obtained."""

    user_message = "Không lấy được thông tin thu hồi chứng thư số (CRL/OCSP); chưa ký được văn bản."


class SigningBlockNotFoundError(SignatureServiceError):
    """The signer's title and name could not be found in the document text."""

    user_message = "Không tìm thấy chức vụ và họ tên người ký trong văn bản; hãy chọn vị trí đặt chữ ký."


class LeaderSignatureRequiredError(SignatureServiceError):
    """The organization may seal only a document its leader validly signed."""

    user_message = (
        "Văn bản chưa có chữ ký số hợp lệ của người có thẩm quyền; "
        "Văn thư không được ký số của cơ quan, tổ chức."
    )


class InvalidPdfError(SignatureServiceError):
    """The input is not a PDF the signing core can read."""

    user_message = "Tệp không phải là tệp PDF hợp lệ."


class ExternalSignatureError(SignatureServiceError):
    """The signature returned by an external signer does not fit the request."""

    user_message = "Chữ ký nhận từ thiết bị ký số không hợp lệ."
