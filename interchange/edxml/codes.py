"""Coded values of QCVN 102:2016 and their Vietnamese labels, kept in one place.

Messages keep the numbers exactly as received (an unknown SteeringType or DocumentType/Type is
not an error to the reader); these tables only give names to the numbers we know.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class StatusCode(StrEnum):
    """Status message codes (MessageHeader/StatusCode)."""

    ARRIVED = "01"
    REJECTED = "02"
    ACCEPTED = "03"
    ASSIGNED = "04"
    PROCESSING = "05"
    DONE = "06"
    TAKE_BACK = "13"
    TAKE_BACK_AGREED = "15"
    TAKE_BACK_REFUSED = "16"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.value]


STATUS_LABELS: dict[str, str] = {
    "01": "Đã đến",
    "02": "Từ chối tiếp nhận",
    "03": "Đã tiếp nhận",
    "04": "Phân công",
    "05": "Đang xử lý",
    "06": "Hoàn thành",
    "13": "Lấy lại",
    "15": "Đồng ý lấy lại/cập nhật",
    "16": "Từ chối lấy lại/cập nhật",
}


class BusinessDocType(IntEnum):
    """TraceHeaderList/Bussiness/BussinessDocType."""

    NEW = 0
    REVOKE = 1
    UPDATE = 2
    REPLACE = 3

    @property
    def label(self) -> str:
        return BUSINESS_DOC_TYPE_LABELS[self.value]

    @property
    def default_reason(self) -> str:
        return BUSINESS_DOC_DEFAULT_REASONS[self.value]


BUSINESS_DOC_TYPE_LABELS: dict[int, str] = {
    0: "Văn bản mới",
    1: "Thu hồi",
    2: "Cập nhật",
    3: "Thay thế",
}

# The reasons the official builder writes when the caller gives none.
BUSINESS_DOC_DEFAULT_REASONS: dict[int, str] = {
    0: "Văn bản điện tử mới",
    1: "Thu hồi văn bản điện tử",
    2: "Cập nhật văn bản điện tử",
    3: "Văn bản thay thế",
}


class ReceiverType(IntEnum):
    """BussinessDocumentInfo/ReceiverList/Receiver/ReceiverType (update messages)."""

    REMOVED = 0
    ADDED = 1


PRIORITY_LABELS: dict[int, str] = {
    0: "Thường",
    1: "Khẩn",
    2: "Thượng khẩn",
    3: "Hỏa tốc",
    4: "Hỏa tốc hẹn giờ",
}

# Sources disagree on SteeringType (0/1/2 = none/steer/steer-and-report, or 1/2/3). This is the
# reading of the official samples; the number itself is always kept as received.
STEERING_TYPE_LABELS: dict[int, str] = {
    0: "Không chỉ đạo",
    1: "Chỉ đạo",
    2: "Chỉ đạo, yêu cầu báo cáo",
}


def status_label(code: str | None) -> str | None:
    return STATUS_LABELS.get(code or "")


def priority_label(priority: int | None) -> str | None:
    return PRIORITY_LABELS.get(priority) if priority is not None else None


def steering_type_label(steering_type: int | None) -> str | None:
    return STEERING_TYPE_LABELS.get(steering_type) if steering_type is not None else None


def business_doc_type_label(doc_type: int | None) -> str | None:
    return BUSINESS_DOC_TYPE_LABELS.get(doc_type) if doc_type is not None else None
