"""The result of verifying one signature, with its Vietnamese one-line summary."""

from dataclasses import dataclass, field
from datetime import datetime

from signatures.clock import iso_vietnam, short_vietnam
from signatures.pdf.appearance import Placement

# Vietnamese wording of each problem, in the order a reader should hear them.
PROBLEMS = {
    "not_intact": "nội dung đã ký bị thay đổi",
    "modified_after": "văn bản bị sửa đổi sau khi ký",
    "revoked": "chứng thư số đã bị thu hồi",
    "expired": "chứng thư số hết hạn tại thời điểm ký",
    "untrusted": "chứng thư số không do tổ chức chứng thực tin cậy cấp",
    "timestamp_invalid": "dấu thời gian không hợp lệ",
    "not_provable": (
        "không còn chứng minh được: dấu thời gian của chữ ký đã hết hiệu lực và tệp không có dữ liệu "
        "kiểm tra dài hạn (dấu thời gian lưu trữ)"
    ),
}


@dataclass(frozen=True)
class TimestampInfo:
    time: datetime
    valid: bool


@dataclass(frozen=True)
class ArchiveInfo:
    """The archive (document) timestamp proving a signature existed, PAdES B-LTA: when it was made,
    whether the chain of archive timestamps holds, until when its authority's certificate does."""

    time: datetime
    valid: bool
    tsa_valid_until: datetime
    field_name: str = ""

    def to_json(self) -> dict:
        return {
            "time": iso_vietnam(self.time),
            "valid": self.valid,
            "tsa_valid_until": iso_vietnam(self.tsa_valid_until),
            "field_name": self.field_name,
        }


@dataclass
class SignatureReport:
    """Everything a user needs to know about one signature in a PDF."""

    field_name: str
    signer: str | None
    organization: str | None
    signing_time: datetime | None
    intact: bool
    covers_whole_file: bool
    trusted: bool
    revoked: bool
    expired: bool
    timestamp: TimestampInfo | None
    problems: list[str] = field(default_factory=list)
    revocation_checked: bool = True
    details: dict = field(default_factory=dict)
    widget: Placement | None = None
    archive: ArchiveInfo | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def who(self) -> str:
        name = self.signer or "người ký không xác định"
        if self.organization and self.organization != self.signer:
            return f"{name} ({self.organization})"
        return name

    @property
    def summary(self) -> str:
        """E.g. "Chữ ký hợp lệ của Nguyễn Văn A (Bộ Thông tin và Truyền thông), ký lúc 14:32 01/02/2021"."""
        when = f", ký lúc {short_vietnam(self.signing_time)}" if self.signing_time else ""
        if self.valid:
            note = "" if self.revocation_checked else " (chưa kiểm tra được tình trạng thu hồi chứng thư số)"
            return f"Chữ ký hợp lệ của {self.who}{when}{note}"
        reasons = "; ".join(PROBLEMS[p] for p in self.problems)
        return f"Chữ ký không hợp lệ của {self.who}{when}: {reasons}"

    def to_json(self) -> dict:
        """A JSON-serialisable dict (times in ISO 8601, Vietnam time), e.g. for an API response."""
        return {
            "field_name": self.field_name,
            "signer": self.signer,
            "organization": self.organization,
            "signing_time": iso_vietnam(self.signing_time) if self.signing_time else None,
            "intact": self.intact,
            "covers_whole_file": self.covers_whole_file,
            "trusted": self.trusted,
            "revoked": self.revoked,
            "expired": self.expired,
            "timestamp": (
                {"time": iso_vietnam(self.timestamp.time), "valid": self.timestamp.valid}
                if self.timestamp
                else None
            ),
            "valid": self.valid,
            "archive_timestamp": self.archive.to_json() if self.archive else None,
            "summary": self.summary,
            "problems": list(self.problems),
            "details": self.details,
        }
