"""`/metrics` in the Prometheus text exposition format (version 0.0.4), written by hand.

Gauges: the axis outbox and the e-mail outbox by state, open alerts by rule and severity,
heartbeat ages, axis poll age and reachability, free disk. Counters: messages sent, received
and failed since the start (row counts, which only grow).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count

from interchange.models import AxisConnection, Inbound, Outbound
from qlvb.models import Heartbeat

from .health import check_disk, connection_problem, outbox_depth
from .models import Alert, EmailMessage, Severity
from .rules import RULES

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _escape(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items()) + "}"


def _number(value: float) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    return repr(float(value))


class Exposition:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def metric(self, name: str, kind: str, help_text: str, samples: Iterable[tuple[dict, float]]) -> None:
        self.lines.append(f"# HELP {name} {help_text}")
        self.lines.append(f"# TYPE {name} {kind}")
        for labels, value in samples:
            self.lines.append(f"{name}{_labels(labels)} {_number(value)}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def metrics_text(now: dt.datetime) -> str:
    out = Exposition()
    depth = outbox_depth()
    out.metric("qlvb_outbox_messages", "gauge", "Axis outbox messages by kind and state.",
               (({"kind": kind, "state": state}, n) for kind, states in depth.items() for state, n in states.items()))
    emails = {state: 0 for state in EmailMessage.State.values}
    for row in EmailMessage.objects.values("state").annotate(n=Count("id")):
        emails[row["state"]] = row["n"]
    out.metric("qlvb_email_outbox_messages", "gauge", "E-mail outbox messages by state.",
               (({"state": s}, n) for s, n in emails.items()))
    out.metric("qlvb_outbound_sent_total", "counter", "Messages sent to the axis, by kind.",
               (({"kind": k}, sum(v for s, v in states.items() if s == Outbound.State.SENT))
                for k, states in depth.items()))
    out.metric("qlvb_outbound_failed_total", "counter", "Messages that ended failed, by kind.",
               (({"kind": k}, states.get(Outbound.State.FAILED, 0)) for k, states in depth.items()))
    received = {(k, s): 0 for k in ("edoc", "status") for s in Inbound.State.values}
    for row in Inbound.objects.values("kind", "state").annotate(n=Count("id")):
        received[(row["kind"], row["state"])] = row["n"]
    out.metric("qlvb_inbound_received_total", "counter", "Messages fetched from the axis, by kind and outcome.",
               (({"kind": k, "state": s}, n) for (k, s), n in received.items()))
    open_alerts = {(code, sev.name.lower()): 0 for code in RULES for sev in Severity}
    for row in Alert.objects.exclude(state=Alert.State.RESOLVED).values("rule", "severity").annotate(n=Count("id")):
        open_alerts[(row["rule"], Severity(row["severity"]).name.lower())] = row["n"]
    out.metric("qlvb_alerts_open", "gauge", "Alerts not yet resolved, by rule and severity.",
               (({"rule": r, "severity": s}, n) for (r, s), n in open_alerts.items()))
    out.metric("qlvb_heartbeat_age_seconds", "gauge", "Seconds since a background process last beat.",
               (({"process": h.process}, round((now - h.seen_at).total_seconds(), 1))
                for h in Heartbeat.objects.order_by("process")))
    connections = list(AxisConnection.objects.filter(is_active=True).order_by("pk"))
    out.metric("qlvb_axis_up", "gauge", "1 when the last poll of the axis succeeded recently.",
               (({"connection": c.name}, not connection_problem(c, now)) for c in connections))
    out.metric("qlvb_axis_last_poll_age_seconds", "gauge", "Seconds since the last poll of the axis.",
               (({"connection": c.name}, round((now - c.last_poll_at).total_seconds(), 1))
                for c in connections if c.last_poll_at))
    disk = check_disk()
    out.metric("qlvb_disk_free_bytes", "gauge", "Free bytes where document files are stored.",
               [({"path": disk.detail["path"]}, disk.detail["free_bytes"])])
    return out.text()
