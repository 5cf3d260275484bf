"""Run the detection rules and keep one alert per condition.

For each rule: claim its lease (two overlapping scans never sync the same rule at once), list
what it finds at `now`, then in one transaction open new alerts, re-open those whose condition
came back, refresh those still present, and resolve those whose condition cleared. E-mails for
opened alerts are outbox rows written in that same transaction.

A rule that raises leaves its alerts as they were (an error is not "all clear") and records the
error on its ScanState row.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Alert, AlertEvent, ScanState
from ..rules import RULES, Finding, Rule
from .notifications import alert_notify

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=5)


def _claim(code: str) -> bool:
    real_now = timezone.now()
    ScanState.objects.get_or_create(rule=code)
    return bool(
        ScanState.objects.filter(rule=code)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=real_now))
        .update(lease_until=real_now + LEASE)
    )


def alerts_scan(*, now: dt.datetime | None = None, rules: list[str] | None = None) -> dict[str, dict]:
    """Run `rules` (default: all) as of `now` (default: the current time). Returns per rule what
    happened: found, opened, reopened, resolved, or skipped/error."""
    now = now or timezone.now()
    summary: dict[str, dict] = {}
    for code in rules or list(RULES):
        rule = RULES[code]
        if not _claim(code):
            summary[code] = {"skipped": "another scan is running this rule"}
            continue
        started = time.perf_counter()
        error = ""
        try:
            findings = list(rule.findings(now=now))
            summary[code] = alert_sync(rule=rule, findings=findings, now=now)
        except Exception as exc:  # a broken rule must not stop the others
            log.exception("alert rule %s failed", code)
            error = f"{type(exc).__name__}: {exc}"[:2000]
            summary[code] = {"error": error}
        finally:
            ScanState.objects.filter(rule=code).update(
                lease_until=None, last_run_at=timezone.now(), last_error=error,
                last_duration_ms=int((time.perf_counter() - started) * 1000),
                last_findings=summary.get(code, {}).get("found", 0),
            )
    return summary


@transaction.atomic
def alert_sync(*, rule: Rule, findings: list[Finding], now: dt.datetime) -> dict[str, int]:
    by_key: dict[str, Finding] = {}
    for finding in findings:
        by_key.setdefault(finding.key, finding)  # one alert per condition, whatever the rule yields
    tracked = {
        a.key: a for a in Alert.objects.select_for_update().filter(rule=rule.code).filter(
            Q(condition_present=True) | ~Q(state=Alert.State.RESOLVED) | Q(key__in=list(by_key)))
    }
    opened: list[Alert] = []
    reopened = resolved = 0
    refreshed: list[Alert] = []
    events: list[AlertEvent] = []
    for key, finding in by_key.items():
        alert = tracked.get(key)
        if alert is None:
            alert = _open(rule, finding, now)
            events.append(AlertEvent(alert=alert, at=now, kind=AlertEvent.Kind.OPENED, note=finding.detail[:1000]))
            opened.append(alert)
            continue
        if alert.state == Alert.State.RESOLVED and not alert.condition_present:
            _reopen(alert, finding, now)
            events.append(AlertEvent(alert=alert, at=now, kind=AlertEvent.Kind.REOPENED, note=finding.detail[:1000]))
            opened.append(alert)
            reopened += 1
            continue
        _refresh(alert, finding, now)
        refreshed.append(alert)
    for key, alert in tracked.items():
        if key in by_key:
            continue
        alert.condition_present = False
        if alert.state != Alert.State.RESOLVED:
            alert.state = Alert.State.RESOLVED
            alert.resolved_at = now
            alert.resolved_by = None
            events.append(AlertEvent(alert=alert, at=now, kind=AlertEvent.Kind.RESOLVED,
                                     note="Điều kiện cảnh báo không còn (tự động khắc phục)."))
            resolved += 1
        refreshed.append(alert)
    if refreshed:
        Alert.objects.bulk_update(refreshed, ["title", "detail", "severity", "action", "action_params", "organization",
                                              "last_seen_at", "condition_present", "state", "resolved_at",
                                              "resolved_by"], batch_size=500)
    AlertEvent.objects.bulk_create(events, batch_size=500)
    if opened:
        alert_notify(alerts=opened)
    return {"found": len(by_key), "opened": len(opened) - reopened, "reopened": reopened, "resolved": resolved}


def _apply(alert: Alert, finding: Finding) -> None:
    alert.title = finding.title[:300]
    alert.detail = finding.detail
    alert.severity = finding.severity
    alert.action = finding.action
    alert.action_params = finding.action_params
    alert.organization_id = finding.organization_id


def _open(rule: Rule, finding: Finding, now: dt.datetime) -> Alert:
    alert = Alert(rule=rule.code, key=finding.key, first_seen_at=now, last_seen_at=now, opened_at=now,
                  condition_present=True)
    _apply(alert, finding)
    alert.save()
    if finding.document_ids:
        alert.documents.set(finding.document_ids)
    return alert


def _reopen(alert: Alert, finding: Finding, now: dt.datetime) -> None:
    _apply(alert, finding)
    alert.state = Alert.State.OPEN
    alert.condition_present = True
    alert.occurrences += 1
    alert.opened_at = alert.last_seen_at = now
    alert.acknowledged_at = alert.acknowledged_by = alert.resolved_at = alert.resolved_by = None
    alert.save()
    if finding.document_ids:
        alert.documents.set(finding.document_ids)


def _refresh(alert: Alert, finding: Finding, now: dt.datetime) -> None:
    _apply(alert, finding)
    alert.last_seen_at = now
    alert.condition_present = True
