"""The services' refusals as API answers: 400 for a broken rule, 403 for a refused person.

The services speak Vietnamese; API clients get an English `detail` (known messages translated,
others a general sentence) and the original in `detail_vi`.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions, serializers, status

# (pattern of the Vietnamese message, English detail); the first match wins.
TRANSLATIONS: list[tuple[re.Pattern, str]] = [(re.compile(p, re.IGNORECASE), en) for p, en in [
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
]]
DISPATCH = {
    "Văn bản chưa được cấp số.": "The document has no number.",
    "Văn bản chưa có chữ ký số của người có thẩm quyền.": "The document is not signed by its signer.",
    "Văn bản chưa có chữ ký số của cơ quan (chưa đóng dấu).": "The document has no organization signature (seal).",
    "Văn bản đã được phát hành; không gửi trùng.": "The document was already dispatched; it is never sent twice.",
    "Văn bản chưa có nơi nhận.": "The document has no addressees.",
    "Văn bản mật không được gửi qua Trục liên thông văn bản quốc gia.":
        "Secret documents never travel over the national axis.",
}
GENERAL = {
    status.HTTP_400_BAD_REQUEST: "The request breaks a rule of the outgoing workflow.",
    status.HTTP_403_FORBIDDEN: "You may not do this.",
}


def english(message: str, status_code: int) -> str:
    for pattern, text in TRANSLATIONS:
        if pattern.search(message):
            return text
    return GENERAL[status_code]


def dispatch_problem_english(problem: str) -> str:
    if problem.startswith("Chữ ký số trên văn bản không hợp lệ"):
        return "A signature on the document is not valid."
    return DISPATCH.get(problem, problem)


class Refused(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"

    def __init__(self, message: str, status_code: int = status.HTTP_400_BAD_REQUEST, **extra):
        self.status_code = status_code
        super().__init__({"detail": english(message, status_code), "detail_vi": message, **extra})


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in English.")
    detail_vi = serializers.CharField(required=False, help_text="The same as the screens say it (Vietnamese).")


class DispatchRefusedOutput(ErrorOutput):
    problems = serializers.ListField(child=serializers.CharField(), help_text="Every reason, in English.")
    problems_vi = serializers.ListField(child=serializers.CharField(), help_text="The same, in Vietnamese.")


@contextmanager
def service_errors():
    """ValidationError, PermissionDenied, signing errors and missing configuration → 400/403."""
    from signatures.errors import SignatureServiceError

    try:
        yield
    except PermissionDenied as exc:
        raise Refused(str(exc) or "", status.HTTP_403_FORBIDDEN) from exc
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages)) from exc
    except SignatureServiceError as exc:
        raise Refused(exc.user_message) from exc
    except LookupError as exc:
        if not hasattr(exc, "user_message"):
            raise
        raise Refused(exc.user_message) from exc
