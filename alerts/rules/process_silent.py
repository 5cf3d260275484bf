"""Tiến trình nền im lặng: the worker's or the beat's heartbeat is older than the threshold."""

from __future__ import annotations

from .. import conf
from ..health import check_heartbeats
from ..models import Severity
from .base import Category, Finding, Rule


class ProcessSilent(Rule):
    code = "process_silent"
    label = "Tiến trình nền ngừng hoạt động"
    category = Category.SYSTEM

    def description(self) -> str:
        return (f"Không có nhịp hoạt động của {', '.join(conf.heartbeat_processes())} quá "
                f"{conf.get('HEARTBEAT_SILENT_MINUTES'):g} phút: gửi, nhận và cảnh báo có thể đang dừng.")

    def findings(self, *, now):
        for check in check_heartbeats(now):
            if not check.ok:
                yield Finding(
                    key=f"process:{check.name}", severity=Severity.CRITICAL,
                    title=f"{check.label} không hoạt động", detail=check.message,
                )
