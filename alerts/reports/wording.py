"""The exchange's technical errors, said in Vietnamese for the daily report and its files.

The axis client and the edXML library write their errors in English for the logs and the API
("sendEdoc failed (HTTP 503, ErrorCode -): busy", "getEdoc: could not reach the axis at
http://truc:8080: timed out"). A report a clerk or a leader reads says what happened in Vietnamese,
keeping the figures that help the administrator (HTTP status, the axis's error code). What the axis
itself wrote as its reason is quoted as the axis's words, not passed off as the report's.
"""

from __future__ import annotations

import re

OPERATIONS = {
    "sendEdoc": "gửi văn bản", "getReceivedEdocList": "lấy danh sách văn bản đến", "getEdoc": "tải văn bản",
    "downloadEdoc": "tải văn bản", "updateStatus": "xác nhận đã nhận", "getSentEdocList": "lấy danh sách văn bản đã gửi",
    "getAgenciesList": "lấy danh bạ cơ quan", "registerAgency": "đăng ký cơ quan", "deleteAgency": "xóa cơ quan",
}
UNREACHABLE = {
    "timed out": "quá thời gian chờ",
    "connection refused": "trục từ chối kết nối",
}
GENERIC = "Lỗi kỹ thuật khi trao đổi qua trục liên thông; quản trị hệ thống xem chi tiết ở trang cảnh báo."

_UNREACHABLE = re.compile(r"^(\w+): could not reach the axis at (\S+): (.*)$", re.S)
_FAILED = re.compile(r"^(\w+) failed \(HTTP (\d+), ErrorCode ([^)]*)\): (.*)$", re.S)
_NOT_JSON = re.compile(r"^(\w+): the axis answered HTTP (\d+) without a JSON object")
_UNEXPECTED = re.compile(r"^(\w+): unexpected answer from the axis")
_TOO_LARGE = re.compile(r"^(\w+): the axis answer is larger than")
_NO_FROM = re.compile(r"^sendEdoc: cannot read the package's From")
_UNKNOWN_RECIPIENTS = re.compile(r"unknown recipient organization\(s\): ([0-9A-Za-z., ]+)")
_STATUS_PREFIX = re.compile(r"^(Trạng thái \d+: )(.*)$", re.S)


def _known_reason(text: str) -> str:
    """The reasons the axis gives that the report can say itself ("" when not one of them)."""
    if m := _UNKNOWN_RECIPIENTS.search(text):
        return f"Nơi nhận không có trong danh bạ của trục liên thông: {m.group(1).strip(' .')}."
    return ""


def _operation(name: str) -> str:
    return OPERATIONS.get(name, name)


def exchange_error_text(text: str, *, technical: bool = True) -> str:
    """A Vietnamese sentence for an error the exchange recorded; Vietnamese text is returned as is.

    technical=False: the text may be a person's words (a recipient's reason for refusing, typed
    without accents): only the known technical forms are rewritten, anything else is kept."""
    text = (text or "").strip()
    if not text:
        return ""
    prefix = _STATUS_PREFIX.match(text)
    if prefix:  # "Trạng thái 03: <the error>" (a status message that failed)
        return prefix.group(1) + exchange_error_text(prefix.group(2), technical=technical)
    if m := _UNREACHABLE.match(text):
        why = UNREACHABLE.get(m.group(3).strip(), "lỗi mạng")
        return f"Không kết nối được trục liên thông ({m.group(2)}) khi {_operation(m.group(1))}: {why}."
    if m := _FAILED.match(text):
        code = m.group(3).strip()
        reason = m.group(4).strip()
        known = _known_reason(reason)
        said = f" {known}" if known else "" if reason == "no reason given" else f" Trục ghi: “{reason}”."
        return (f"Trục liên thông không nhận yêu cầu {_operation(m.group(1))} (HTTP {m.group(2)}"
                f"{', mã lỗi ' + code if code and code != '-' else ''}).{said}")
    if m := _NOT_JSON.match(text):
        return f"Trục liên thông trả lời yêu cầu {_operation(m.group(1))} (HTTP {m.group(2)}) không đúng định dạng."
    if m := _UNEXPECTED.match(text):
        return f"Trục liên thông trả lời yêu cầu {_operation(m.group(1))} không đúng định dạng."
    if m := _TOO_LARGE.match(text):
        return f"Câu trả lời của trục liên thông cho yêu cầu {_operation(m.group(1))} quá lớn, đã bỏ qua."
    if known := _known_reason(text):
        return known
    if _NO_FROM.match(text):
        return "Gói tin không ghi cơ quan gửi, không gửi được."
    if technical and text.isascii():  # English from the edXML library or the network: not for the report's readers
        return GENERIC
    return text
