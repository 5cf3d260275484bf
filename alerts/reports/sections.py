"""What the daily report holds: the figures, in order, and the list behind each of them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # the figure's name in the summary table
    heading: str  # the heading of its list
    columns: tuple[tuple[str, str], ...]  # (row field, column header)
    bad: bool  # a non-zero count is something to fix


DOC = (("organization", "Cơ quan"), ("symbol", "Số, ký hiệu"), ("subject", "Trích yếu"))

SECTIONS: tuple[Section, ...] = (
    Section("sent", "Văn bản điện tử đã gửi", "Danh sách văn bản đã gửi trong kỳ",
            (*DOC, ("recipients", "Nơi nhận"), ("at", "Thời điểm gửi")), False),
    Section("received", "Văn bản điện tử đã nhận", "Danh sách văn bản đã nhận trong kỳ",
            (*DOC, ("issuer", "Nơi gửi"), ("at", "Thời điểm đến"), ("state", "Trạng thái")), False),
    Section("send_errors", "Văn bản gửi lỗi (chưa khắc phục)", "Văn bản, trạng thái gửi lỗi",
            (*DOC, ("recipients", "Nơi nhận"), ("at", "Thời điểm tạo"), ("error", "Lỗi")), True),
    Section("receive_errors", "Văn bản nhận lỗi", "Văn bản, gói tin nhận lỗi trong kỳ",
            (*DOC, ("issuer", "Nơi gửi"), ("at", "Thời điểm nhận"), ("error", "Lỗi")), True),
    Section("backlog", "Văn bản tồn đọng chưa vào sổ", "Văn bản đến tồn đọng",
            (*DOC, ("issuer", "Nơi gửi"), ("at", "Thời điểm đến"), ("due", "Hạn vào sổ")), True),
    Section("status_owed", "Văn bản chưa gửi trạng thái cho nơi gửi", "Trạng thái cơ quan chưa gửi",
            (*DOC, ("issuer", "Nơi gửi"), ("at", "Thời điểm đến"), ("codes", "Trạng thái cần gửi")), True),
    Section("status_missing", "Văn bản nơi nhận chưa phản hồi trạng thái", "Nơi nhận chưa phản hồi trạng thái",
            (*DOC, ("recipients", "Nơi nhận"), ("at", "Thời điểm gửi"), ("missing", "Chưa có trạng thái")), True),
    Section("rejected", "Văn bản bị nơi nhận từ chối", "Văn bản bị nơi nhận từ chối",
            (*DOC, ("recipients", "Nơi nhận"), ("at", "Thời điểm"), ("error", "Lý do")), True),
)

SECTION_BY_KEY = {s.key: s for s in SECTIONS}
