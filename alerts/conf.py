"""Thresholds and schedules of the alerts, daily reports and KPIs.

Each value is the Django setting ``QLVB_ALERTS_<NAME>`` when there is one (qlvb/settings makes
one of each such environment variable; tests override them), else the default below. Read at
call time, so a changed setting applies to the next scan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Sending
    "NOT_ARRIVED_MINUTES": 120.0,  # no 01 from a recipient this long after the package left
    "URGENT_DISPATCH_MINUTES": 60.0,  # an urgent signed document must leave within this
    # Receiving
    "URGENT_BACKLOG_MINUTES": 120.0,  # Khẩn, Thượng khẩn, Hỏa tốc: register within this
    "STATUS_GRACE_MINUTES": 30.0,  # a status we owe (01 on arrival, 03/02 on decision) is late after this
    # Working day (local time) used for "by the end of the day" deadlines
    "WORKDAY_END": "17:30",
    "NEXT_MORNING_END": "12:00",  # QĐ 28: a document signed late is dispatched by the next working morning
    # Infrastructure
    "OUTBOX_STUCK_MINUTES": 15.0,
    "AXIS_SILENT_MINUTES": 10.0,
    "HEARTBEAT_SILENT_MINUTES": 5.0,
    "HEARTBEAT_PROCESSES": "worker,beat",
    "CERTIFICATE_EXPIRY_DAYS": 30,
    "DISK_MIN_FREE_PERCENT": 10.0,
    "DISK_MIN_FREE_GB": 1.0,
    # How far back error rules look at received packages and failed sends
    "LOOKBACK_DAYS": 30,
    # E-mail outbox
    "EMAIL_RETRY_SCHEDULE": "30,120,600,1800,3600,7200",
    "EMAIL_RETRY_JITTER": 0.1,  # each wait ± this fraction
    "EMAIL_MAX_ATTEMPTS": 8,
    "EMAIL_SENDING_STALE_SECONDS": 300.0,
    # Daily report (local time, on working days)
    "DAILY_REPORT_TIME": "16:30",
    "REPORT_PDF_MAX_ROWS": 200,  # longer lists are complete in the Excel file
    # KPI targets of the BTTTT directive, in percent
    "KPI_TARGET_PERCENT": 95.0,
    # Handling reports: a draft in review or waiting for its signature longer than this, in working days
    "HANDLING_WAITING_DAYS": 3,
}


def get(name: str) -> Any:
    default = DEFAULTS[name]
    key = f"QLVB_ALERTS_{name}"
    value = getattr(settings, key, None)
    if value is None:
        return default
    if isinstance(default, bool):
        return str(value).strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return str(value)


def minutes(name: str) -> dt.timedelta:
    return dt.timedelta(minutes=float(get(name)))


def clock_time(name: str) -> dt.time:
    hours, _, mins = str(get(name)).partition(":")
    return dt.time(int(hours), int(mins or 0))


def number_list(name: str) -> list[float]:
    return [float(x) for x in str(get(name)).split(",") if x.strip()]


def heartbeat_processes() -> list[str]:
    return [p.strip() for p in str(get("HEARTBEAT_PROCESSES")).split(",") if p.strip()]
