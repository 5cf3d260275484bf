"""Sắp hết dung lượng: free space where document files are stored is below the threshold."""

from __future__ import annotations

from .. import conf
from ..health import check_disk
from ..models import Severity
from .base import Category, Finding, Rule


class DiskLow(Rule):
    code = "disk_low"
    label = "Sắp hết dung lượng lưu trữ"
    category = Category.SYSTEM

    def description(self) -> str:
        return (f"Dung lượng trống nơi lưu tệp dưới {conf.get('DISK_MIN_FREE_GB'):g} GB "
                f"hoặc {conf.get('DISK_MIN_FREE_PERCENT'):g}%.")

    def findings(self, *, now):
        check = check_disk()
        if not check.ok:
            yield Finding(key="media", severity=Severity.CRITICAL, title="Sắp hết dung lượng lưu trữ tệp",
                          detail=f"{check.message} ({check.detail['path']}).")
