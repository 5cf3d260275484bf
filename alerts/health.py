"""Live checks of the components the exchange depends on.

Read by `/health/` (for load balancers), by the system panel of the dashboard and by the
infrastructure rules, so that all three say the same thing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count

from interchange.models import AxisConnection, Outbound
from qlvb.models import Heartbeat

from . import conf


@dataclass
class Check:
    name: str
    label: str
    ok: bool
    message: str
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("name")
        return data


def _age_seconds(now: dt.datetime, then: dt.datetime | None) -> float | None:
    return None if then is None else round((now - then).total_seconds(), 1)


def check_database() -> Check:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means the database is not usable
        return Check("database", "Cơ sở dữ liệu", False, f"Không kết nối được: {exc}", {"error": str(exc)[:300]})
    ms = round((time.perf_counter() - started) * 1000, 1)
    return Check("database", "Cơ sở dữ liệu", True, f"Hoạt động ({connection.vendor}, {ms} ms)",
                 {"vendor": connection.vendor, "latency_ms": ms})


def check_cache() -> Check:
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    uses_redis = "redis" in backend.lower()
    label = "Redis (bộ đệm, hàng đợi)" if uses_redis else "Bộ đệm"
    started = time.perf_counter()
    try:
        cache.set("qlvb:health", "ok", 10)
        ok = cache.get("qlvb:health") == "ok"
    except Exception as exc:  # a Redis outage surfaces as many exception types
        return Check("cache", label, False, f"Không kết nối được: {exc}", {"backend": backend, "error": str(exc)[:300]})
    ms = round((time.perf_counter() - started) * 1000, 1)
    message = f"Hoạt động ({ms} ms)" if uses_redis else "Bộ đệm trong tiến trình (không cấu hình Redis)"
    return Check("cache", label, ok, message if ok else "Ghi rồi đọc lại không được",
                 {"backend": backend, "redis": uses_redis, "latency_ms": ms})


PROCESS_LABELS = {"worker": "Tiến trình xử lý nền (worker)", "beat": "Bộ lập lịch (beat)"}


def check_heartbeats(now: dt.datetime) -> list[Check]:
    limit = conf.minutes("HEARTBEAT_SILENT_MINUTES")
    seen = {h.process: h for h in Heartbeat.objects.filter(process__in=conf.heartbeat_processes())}
    checks = []
    for process in conf.heartbeat_processes():
        label = PROCESS_LABELS.get(process, process)
        beat = seen.get(process)
        if beat is None:
            checks.append(Check(process, label, False, "Chưa từng ghi nhận hoạt động", {"seen_at": None}))
            continue
        age = _age_seconds(now, beat.seen_at)
        ok = now - beat.seen_at <= limit
        message = (f"Hoạt động, nhịp gần nhất {age:.0f} giây trước" if ok
                   else f"Im lặng {age / 60:.0f} phút (ngưỡng {limit.total_seconds() / 60:.0f} phút)")
        checks.append(Check(process, label, ok, message,
                            {"seen_at": beat.seen_at.isoformat(), "age_seconds": age, "hostname": beat.hostname}))
    return checks


def connection_problem(conn: AxisConnection, now: dt.datetime) -> str:
    """Why a connection to the axis looks unreachable, or "" when it is fine."""
    limit = conf.minutes("AXIS_SILENT_MINUTES")
    if conn.last_poll_error:
        return f"Lần nhận gần nhất bị lỗi: {conn.last_poll_error[:300]}"
    if conn.last_poll_at is None:
        return "Chưa nhận được lần nào từ trục"
    if now - conn.last_poll_at > limit:
        return f"Không nhận được từ trục {(now - conn.last_poll_at).total_seconds() / 60:.0f} phút"
    return ""


def check_axis(now: dt.datetime) -> Check:
    connections = list(AxisConnection.objects.filter(is_active=True).order_by("name"))
    if not connections:
        return Check("axis", "Trục liên thông", True, "Chưa cấu hình kết nối", {"connections": []})
    rows = []
    for conn in connections:
        problem = connection_problem(conn, now)
        rows.append({"name": conn.name, "endpoint": conn.endpoint, "ok": not problem, "problem": problem,
                     "last_poll_at": conn.last_poll_at.isoformat() if conn.last_poll_at else None,
                     "age_seconds": _age_seconds(now, conn.last_poll_at)})
    bad = [r for r in rows if not r["ok"]]
    message = "Kết nối bình thường" if not bad else "; ".join(f"{r['name']}: {r['problem']}" for r in bad)
    return Check("axis", "Trục liên thông", not bad, message, {"connections": rows})


def disk_path() -> Path:
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def check_disk() -> Check:
    path = disk_path()
    usage = shutil.disk_usage(path)
    free_percent = usage.free * 100 / usage.total if usage.total else 0.0
    free_gb = usage.free / 1024**3
    min_percent, min_gb = conf.get("DISK_MIN_FREE_PERCENT"), conf.get("DISK_MIN_FREE_GB")
    ok = free_percent >= min_percent and free_gb >= min_gb
    message = f"Còn trống {free_gb:.1f} GB ({free_percent:.0f}%)"
    if not ok:
        message += f", dưới ngưỡng {min_gb:g} GB hoặc {min_percent:g}%"
    return Check("disk", "Dung lượng lưu trữ tệp", ok, message,
                 {"path": str(path), "total_bytes": usage.total, "free_bytes": usage.free,
                  "free_percent": round(free_percent, 1)})


def outbox_depth() -> dict[str, dict[str, int]]:
    """Outbound messages per kind and state, every state present (zeros included)."""
    depth = {kind: {state: 0 for state in Outbound.State.values} for kind in ("edoc", "status")}
    for row in Outbound.objects.values("kind", "state").annotate(n=Count("id")):
        depth.setdefault(row["kind"], {})[row["state"]] = row["n"]
    return depth


def health_report(now: dt.datetime) -> dict:
    """Every component for `/health/`: ok is the conjunction."""
    checks = [check_database(), check_cache(), *check_heartbeats(now), check_axis(now), check_disk()]
    return {
        "status": "ok" if all(c.ok for c in checks) else "fail",
        "checked_at": now.isoformat(),
        "components": {c.name: c.as_dict() for c in checks},
    }
