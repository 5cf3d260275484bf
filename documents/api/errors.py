"""Errors of the services, as API responses: 400 for a broken rule, 403 for a refused person.

The services speak Vietnamese to the people using the screens. API clients get an English
`detail` (known messages are translated, others get a general sentence) and the original text in
`detail_vi`, so that a Vietnamese client can still show it.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions, serializers, status

# (pattern of the Vietnamese message, English detail); the first match wins.
TRANSLATIONS: list[tuple[re.Pattern, str]] = [(re.compile(p, re.IGNORECASE), en) for p, en in [
    # the outgoing workflow (specific messages first: the first match wins)
    (r"^Bạn không thuộc cơ quan này nên không soạn thảo", "Only members of the organization may draft for it."),
    (r"^Cần nhập trích yếu", "The subject (trích yếu) is required."),
    (r"phải là tệp PDF hoặc DOCX", "The content must be a PDF or a DOCX file."),
    (r"không phải (PDF|DOCX) hợp lệ", "The file is not a valid PDF or DOCX."),
    (r"^Chỉ trả lời được văn bản đến của cơ quan mình", "A draft may only answer an incoming document of its organization."),
    (r"^Không gửi văn bản cho chính cơ quan ban hành", "A document cannot be addressed to its own organization."),
    (r"đang được trình duyệt hoặc đã ký, không sửa được", "The draft is in review or signed and cannot be changed."),
    (r"^Chỉ người soạn thảo \(hoặc", "Only the author, the unit head or a clerk may change the draft."),
    (r"^Chỉ trình được dự thảo", "Only a draft that is new or was returned can be submitted."),
    (r"^Chỉ người soạn thảo mới trình", "Only the author may submit the draft."),
    (r"chưa có bản PDF", "The draft has no PDF yet (a DOCX is still being converted)."),
    (r"^Dự thảo không ở bước kiểm tra", "The draft is not in review."),
    (r"^Bạn không phải người kiểm tra ở bước này", "You are not the reviewer of the current step."),
    (r"^Cần ghi ý kiến khi trả lại", "A comment is required to return the draft."),
    (r"chưa qua đủ các bước kiểm tra", "The document has not passed its checks; it cannot be signed yet."),
    (r"ủy quyền (ký )?còn hiệu lực", "You hold no active signing delegation from this leader."),
    (r"^Chỉ lãnh đạo", "Only a leader of the organization, or their delegate, may sign."),
    (r"chưa đăng ký ứng dụng xác thực", "A second factor is required and your account has no authenticator app."),
    (r"^Mã xác thực không đúng", "The authenticator code is wrong or expired."),
    (r"^Mã PIN không đúng", "Wrong PIN."),
    (r"bị (tạm )?khóa do nhập sai mã PIN", "The key is locked after too many wrong PINs."),
    (r"chưa có khóa ký số", "You have no signing key in the system."),
    (r"nằm trên thiết bị", "Your key is on your own device: use external signing (prepare, then complete)."),
    (r"dấu thời gian", "The timestamp authority cannot be reached; nothing was signed."),
    (r"Không tìm thấy dòng “Số:”", "No 'Số:' line on the first page to write the number into."),
    (r"^Chỉ văn thư", "Only a clerk of the organization may do this."),
    (r"chưa có chữ ký (số )?của người có thẩm quyền", "The document has no valid signature of its signer yet."),
    (r"không chờ ký bằng thiết bị|Không tìm thấy phiên ký số", "No signing session of this document is waiting."),
    (r"Phiên ký số (này )?đã", "The signing session is already completed or has expired."),
    (r"Chữ ký nhận từ thiết bị ký số không hợp lệ", "The signature from the device does not fit the request."),
    (r"^Văn bản chưa phát hành, không cần thu hồi", "The document was not dispatched; there is nothing to recall."),
    (r"^Cần nêu lý do thu hồi", "A reason for the recall is required."),
    (r"^Chưa có sổ", "No register is open for this document type and year; an administrator must open one."),
    (r"chưa được cấu hình kết nối trục", "The organization has no axis connection configured."),
    # incoming documents, registers, search (more general patterns after the specific ones)
    (r"^Chỉ văn thư của cơ quan", "Only a clerk of the organization may do this."),
    (r"^Chỉ văn thư mới trình", "Only a clerk may present a document."),
    (r"^Chỉ văn thư mới trả lời đề nghị lấy lại", "Only a clerk may answer a recall request."),
    (r"thu hồi và khóa", "The document was recalled and is locked: it cannot be changed."),
    (r"không thể vào sổ", "The document is not waiting for registration, so it cannot be registered."),
    (r"có thể trùng với văn bản đến",
     "The document may duplicate an incoming document already registered; check it, or send "
     "allow_duplicate=true to register it anyway."),
    (r"^Cần nêu lý do từ chối", "A reason for the rejection is required."),
    (r"^Chỉ từ chối được", "Only a document that is not registered yet can be rejected."),
    (r"^Chỉ trình được", "Only a registered document can be presented."),
    (r"không phải lãnh đạo", "The chosen person is not a leader of the organization."),
    (r"không cả hai", "Give the deadline either as a date or as a number of working days, not both."),
    (r"^Số ngày làm việc phải lớn hơn 0", "The number of working days must be greater than 0."),
    (r"không được trước ngày hôm nay", "The deadline cannot be earlier than today."),
    (r"ủy quyền còn hiệu lực", "You hold no active delegation from this leader."),
    (r"^Chỉ lãnh đạo cơ quan", "Only a leader of the organization, or their delegate, may give instructions."),
    (r"vào sổ trước khi cho ý kiến", "The document must be registered before instructions are given."),
    (r"^Cần nhập ý kiến chỉ đạo", "The text of the instruction is required."),
    (r"không thuộc", "The chosen unit or person does not belong to the organization."),
    (r"^Chỉ phân công lại được", "Only an assignment given to a unit can be redistributed."),
    (r"^Chỉ lãnh đạo đơn vị", "Only the head of the assigned unit may redistribute it."),
    (r"không được giao xử lý việc này", "This assignment is not yours to work on."),
    (r"^Việc này đã hoàn thành", "This assignment is already done."),
    (r"^Tiến độ phải từ 0 đến 100", "Progress must be between 0 and 100 percent."),
    (r"^Văn bản trả lời phải của cùng cơ quan", "The reply must be a document of the same organization."),
    (r"chưa đề nghị lấy lại", "The sender has not asked to take this document back."),
    (r"^Văn bản đã được thu hồi", "The document has already been recalled."),
    (r"^Chưa có sổ", "No register is open for this document type and year; an administrator must open one."),
]]
GENERAL = {
    status.HTTP_400_BAD_REQUEST: "The request breaks a rule of the document workflow.",
    status.HTTP_403_FORBIDDEN: "You may not do this.",
}


def english(message: str, status_code: int) -> str:
    for pattern, text in TRANSLATIONS:
        if pattern.search(message):
            return text
    return GENERAL[status_code]


class ServiceRefused(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"

    def __init__(self, message: str, status_code: int = status.HTTP_400_BAD_REQUEST, *, detail: str = "", **extra):
        self.status_code = status_code
        super().__init__({"detail": detail or english(message, status_code), "detail_vi": message, **extra})


class ErrorOutput(serializers.Serializer):
    """The body of a 400/403/404 answer."""

    detail = serializers.CharField(help_text="What went wrong, in English.")
    detail_vi = serializers.CharField(required=False, help_text="The same, as the screens say it (Vietnamese).")


@contextmanager
def service_errors():
    """Turn the services' refusals into 400/403 answers: ValidationError, PermissionDenied, signing
    errors, and missing configuration (a register, an axis connection) that carries a user message."""
    from signatures.errors import SignatureServiceError

    try:
        yield
    except PermissionDenied as exc:
        raise ServiceRefused(str(exc) or "", status.HTTP_403_FORBIDDEN) from exc
    except ValidationError as exc:
        raise ServiceRefused(" ".join(exc.messages)) from exc
    except SignatureServiceError as exc:
        raise ServiceRefused(exc.user_message) from exc
    except LookupError as exc:  # NoRegisterError, NoConnectionError
        if not hasattr(exc, "user_message"):
            raise
        raise ServiceRefused(exc.user_message) from exc
