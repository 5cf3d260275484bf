"""One alert per condition: kept across scans, resolved when the condition clears, re-opened when
it returns; acknowledged and closed by people; e-mail rows written only when an alert opens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from alerts.models import Alert, AlertEvent, EmailMessage, NotificationPreference, Severity
from alerts.services.actions import alert_action_run
from alerts.services.lifecycle import alert_acknowledge, alert_close
from alerts.services.scan import alerts_scan
from interchange.models import Outbound
from qlvb.services.people import person_upsert

from .builders import NOW, at, incoming, office, outbound, outgoing

pytestmark = pytest.mark.django_db


@pytest.fixture
def backan():
    return office()


def failed_send(backan) -> Outbound:
    return outbound(outgoing(backan["org"], symbol="15/UBND-VXNV"), state="failed", created_at=at(11, 9),
                    error_permanent=True, last_error="unknown recipient organization(s): 000.00.00.H99")


def test_one_alert_per_condition_across_scans(backan, no_task_queue):
    failed_send(backan)
    for minutes in (0, 5, 10):
        alerts_scan(now=NOW + dt.timedelta(minutes=minutes), rules=["send_failed"])
    alert = Alert.objects.get()
    assert alert.state == Alert.State.OPEN and alert.occurrences == 1
    assert alert.last_seen_at == NOW + dt.timedelta(minutes=10) and alert.opened_at == NOW
    assert list(alert.events.values_list("kind", flat=True)) == ["opened"]
    # The clerk and the admin got one e-mail each, not one per scan.
    assert sorted(EmailMessage.objects.values_list("to", flat=True)) == sorted(
        [backan["clerk"].email, backan["admin"].email])
    assert all("15/UBND-VXNV" in e.subject for e in EmailMessage.objects.all())


def test_resolves_itself_when_the_condition_clears_and_reopens_when_it_returns(backan, no_task_queue):
    row = failed_send(backan)
    alerts_scan(now=NOW, rules=["send_failed"])
    Outbound.objects.filter(pk=row.pk).update(state="queued")
    alerts_scan(now=NOW + dt.timedelta(minutes=5), rules=["send_failed"])
    alert = Alert.objects.get()
    assert alert.state == Alert.State.RESOLVED and alert.resolved_by is None
    assert alert.resolved_at == NOW + dt.timedelta(minutes=5)
    Outbound.objects.filter(pk=row.pk).update(state="failed")
    alerts_scan(now=NOW + dt.timedelta(minutes=10), rules=["send_failed"])
    alert.refresh_from_db()
    assert Alert.objects.count() == 1
    assert alert.state == Alert.State.OPEN and alert.occurrences == 2 and alert.resolved_at is None
    assert list(alert.events.values_list("kind", flat=True)) == ["opened", "resolved", "reopened"]
    assert EmailMessage.objects.count() == 4  # opened, then re-opened: two people each time


def test_acknowledged_alert_stays_quiet_and_still_resolves(backan, no_task_queue):
    row = failed_send(backan)
    alerts_scan(now=NOW, rules=["send_failed"])
    alert = alert_acknowledge(alert=Alert.objects.get(), actor=backan["clerk"])
    assert alert.state == Alert.State.ACKNOWLEDGED and alert.acknowledged_by == backan["clerk"]
    alerts_scan(now=NOW + dt.timedelta(minutes=5), rules=["send_failed"])
    assert Alert.objects.get().state == Alert.State.ACKNOWLEDGED
    assert EmailMessage.objects.count() == 2
    Outbound.objects.filter(pk=row.pk).update(state="sent")
    alerts_scan(now=NOW + dt.timedelta(minutes=10), rules=["send_failed"])
    assert Alert.objects.get().state == Alert.State.RESOLVED


def test_closed_by_hand_while_present_does_not_reopen_until_it_clears_and_recurs(backan, no_task_queue):
    row = failed_send(backan)
    alerts_scan(now=NOW, rules=["send_failed"])
    alert_close(alert=Alert.objects.get(), actor=backan["admin"], note="Đã gửi bản giấy qua bưu điện")
    alerts_scan(now=NOW + dt.timedelta(minutes=5), rules=["send_failed"])
    alert = Alert.objects.get()
    assert alert.state == Alert.State.RESOLVED and alert.resolved_by == backan["admin"]
    Outbound.objects.filter(pk=row.pk).update(state="sent")
    alerts_scan(now=NOW + dt.timedelta(minutes=10), rules=["send_failed"])
    Outbound.objects.filter(pk=row.pk).update(state="failed")
    alerts_scan(now=NOW + dt.timedelta(minutes=15), rules=["send_failed"])
    assert Alert.objects.get().state == Alert.State.OPEN


def test_only_clerks_and_admins_of_the_organization_act_on_its_alerts(backan, no_task_queue):
    failed_send(backan)
    alerts_scan(now=NOW, rules=["send_failed"])
    alert = Alert.objects.get()
    specialist = person_upsert(username="chuyenvien", full_name="Lê Văn Chuyên", organization=backan["org"],
                               roles=["specialist"])
    other = office("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05")
    for outsider in (specialist, other["clerk"]):
        with pytest.raises(PermissionDenied):
            alert_acknowledge(alert=alert, actor=outsider)
        with pytest.raises(PermissionDenied):
            alert_action_run(alert=alert, action="retry", actor=outsider)
    assert Alert.objects.get().state == Alert.State.OPEN


def test_province_clerk_handles_the_alerts_of_its_departments(backan, no_task_queue):
    department = office("STC", name="Sở Tài chính tỉnh Bắc Kạn", organ_id="000.00.11.H05", parent=backan["org"])
    outbound(outgoing(department["org"]), state="failed", created_at=at(11, 9), error_permanent=True, last_error="x")
    alerts_scan(now=NOW, rules=["send_failed"])
    alert = Alert.objects.get()
    assert alert.organization == department["org"]
    assert alert_acknowledge(alert=alert, actor=backan["clerk"]).state == Alert.State.ACKNOWLEDGED
    # Both the department's and the province's clerks and admins were told.
    assert EmailMessage.objects.count() == 4


def test_retry_from_the_alert_requeues_the_send_and_resolves_the_alert(
        backan, no_task_queue, django_capture_on_commit_callbacks):
    row = failed_send(backan)
    alerts_scan(now=NOW, rules=["send_failed"])
    alert = Alert.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        message = alert_action_run(alert=alert, action="retry", actor=backan["clerk"])
    assert "gửi lại" in message
    row.refresh_from_db()
    assert row.state == Outbound.State.QUEUED
    assert ("outbound", (row.pk,)) in no_task_queue
    alert.refresh_from_db()
    assert alert.state == Alert.State.RESOLVED
    assert list(alert.events.values_list("kind", flat=True)) == ["opened", "action", "resolved"]


def test_register_now_from_a_backlog_alert(backan, no_task_queue):
    from django.utils import timezone

    from documents.services.registers import register_open

    register_open(organization=backan["org"], direction="in", year=timezone.localdate().year, name="Sổ văn bản đến")
    doc = incoming(backan["org"], received_at=timezone.now() - dt.timedelta(days=5), source="paper")
    alerts_scan(rules=["backlog"])
    alert = Alert.objects.get(rule="backlog")
    assert alert.action == "register"
    alert_action_run(alert=alert, action="register", actor=backan["clerk"])
    doc.refresh_from_db()
    assert doc.state == "registered" and doc.register_number == 1
    assert Alert.objects.get(rule="backlog").state == Alert.State.RESOLVED


def test_email_preferences_filter_by_severity_and_rule(backan, no_task_queue):
    NotificationPreference.objects.create(user=backan["clerk"], email_min_severity=Severity.CRITICAL)
    NotificationPreference.objects.create(user=backan["admin"], email_rules=["backlog"])
    failed_send(backan)
    incoming(backan["org"], received_at=at(9, 9), state="rejected", rejection_reason="Sai thể thức")
    alerts_scan(now=NOW, rules=["send_failed", "rejected_by_us"])
    # send_failed is critical: the clerk gets it; the admin only wants backlog alerts; INFO goes to nobody.
    assert list(EmailMessage.objects.values_list("to", flat=True)) == [backan["clerk"].email]


def test_every_lifecycle_step_is_in_the_audit_log(backan, no_task_queue):
    from qlvb.models import AuditEvent

    failed_send(backan)
    alerts_scan(now=NOW, rules=["send_failed"])
    alert_acknowledge(alert=Alert.objects.get(), actor=backan["clerk"])
    assert AuditEvent.objects.filter(action="alert.acknowledge", actor=backan["clerk"]).exists()
    assert AlertEvent.objects.filter(kind="acknowledged", actor=backan["clerk"]).exists()
