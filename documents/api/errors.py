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

from ..services.numbering import NoRegisterError

# (pattern of the Vietnamese message, English detail); the first match wins.
TRANSLATIONS: list[tuple[re.Pattern, str]] = [(re.compile(p, re.IGNORECASE), en) for p, en in [
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

    def __init__(self, message: str, status_code: int = status.HTTP_400_BAD_REQUEST, *, detail: str = ""):
        self.status_code = status_code
        super().__init__({"detail": detail or english(message, status_code), "detail_vi": message})


class ErrorOutput(serializers.Serializer):
    """The body of a 400/403/404 answer."""

    detail = serializers.CharField(help_text="What went wrong, in English.")
    detail_vi = serializers.CharField(required=False, help_text="The same, as the screens say it (Vietnamese).")


@contextmanager
def service_errors():
    """Turn the services' ValidationError/PermissionDenied/NoRegisterError into 400/403 answers."""
    try:
        yield
    except PermissionDenied as exc:
        raise ServiceRefused(str(exc) or "", status.HTTP_403_FORBIDDEN) from exc
    except ValidationError as exc:
        raise ServiceRefused(" ".join(exc.messages)) from exc
    except NoRegisterError as exc:
        raise ServiceRefused(exc.user_message) from exc
