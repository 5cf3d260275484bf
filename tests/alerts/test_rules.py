"""Each detection rule against prepared data, with the clock frozen at a known moment: what it
finds just past its threshold, and what it leaves alone just before it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from alerts.models import Alert, Severity
from alerts.rules import RULES
from alerts.services.scan import alerts_scan
from documents.models import Assignment, Instruction
from interchange.models import AxisConnection, Recipient
from qlvb.models import Heartbeat

from .builders import NOW, at, inbound_failed, incoming, office, outbound, outgoing, status_sent

pytestmark = pytest.mark.django_db


def found(rule: str, now: dt.datetime = NOW) -> list:
    return list(RULES[rule].findings(now=now))


@pytest.fixture
def backan():
    return office()


def test_send_failed_finds_permanent_and_exhausted_failures_with_the_error(backan):
    doc = outgoing(backan["org"], symbol="15/UBND-VXNV")
    row = outbound(doc, state="failed", created_at=at(11, 9), attempts=1, error_permanent=True,
                   last_error="unknown recipient organization(s): 000.00.00.H99")
    outbound(outgoing(backan["org"]), state="sent", created_at=at(11, 9), sent_at=at(11, 9, 1))
    [finding] = found("send_failed")
    assert finding.key == f"outbound:{row.pk}" and finding.severity == Severity.CRITICAL
    assert "15/UBND-VXNV" in finding.title and "000.00.00.H99" in finding.detail
    assert finding.action == "retry" and finding.action_params == {"outbound": row.pk}
    assert finding.document_ids == [doc.pk]


def test_not_arrived_after_the_threshold_only(backan, settings):
    settings.QLVB_ALERTS_NOT_ARRIVED_MINUTES = 120
    doc = outgoing(backan["org"], symbol="20/UBND-VXNV")
    row = outbound(doc, created_at=at(11, 7, 50), sent_at=at(11, 8, 0))
    assert found("not_arrived", at(11, 9, 59)) == []
    [finding] = found("not_arrived", at(11, 10, 1))
    assert finding.key == f"recipient:{row.recipients.get().pk}"
    assert "Văn phòng Chính phủ" in finding.title and finding.action == "resend"
    Recipient.objects.update(state=Recipient.State.ARRIVED, last_status_code="01")
    assert found("not_arrived", at(11, 10, 1)) == []


def test_not_accepted_by_the_end_of_the_next_working_day(backan):
    # Sent on Friday 6 March: the recipient has until Monday 9 March, 17:30.
    doc = outgoing(backan["org"], symbol="21/UBND-VXNV")
    outbound(doc, created_at=at(6, 15), sent_at=at(6, 15), recipient_state=Recipient.State.ARRIVED)
    assert found("not_accepted", at(9, 17, 0)) == []
    [finding] = found("not_accepted", at(9, 17, 31))
    assert "chưa tiếp nhận" in finding.title
    Recipient.objects.update(state=Recipient.State.REGISTERED)
    assert found("not_accepted", at(10, 9)) == []


def test_rejected_carries_the_reason_until_sent_again(backan):
    doc = outgoing(backan["org"], symbol="22/UBND-VXNV")
    row = outbound(doc, created_at=at(10, 9), sent_at=at(10, 9), recipient_state=Recipient.State.REJECTED)
    row.recipients.update(reason="Gửi nhầm nơi nhận", last_status_at=at(10, 10))
    [finding] = found("rejected")
    assert "Gửi nhầm nơi nhận" in finding.detail and finding.action == "resend"
    outbound(doc, created_at=at(11, 9), sent_at=at(11, 9))  # the clerk sent it again
    assert found("rejected") == []


def test_receive_errors_unreadable_package_and_refused_document(backan):
    inbound_failed(backan["org"], received_at=at(11, 8), error="ContentTransferEncoded is not base64")
    refused = incoming(backan["org"], received_at=at(11, 8), state="rejected", rejection_reason="Sai thể thức")
    [unreadable] = found("receive_failed")
    assert unreadable.organization_id == backan["org"].pk and "base64" in unreadable.detail
    [ours] = found("rejected_by_us")
    assert ours.key == f"document:{refused.pk}" and ours.severity == Severity.INFO and "Sai thể thức" in ours.detail


def _signed_file(document):
    from django.core.files.base import ContentFile

    from documents.models import DocumentFile

    f = DocumentFile(document=document, name="cv.pdf", content_type="application/pdf", size=9, sha256="0" * 64)
    f.file.save("cv.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    f.save()
    return f


def test_invalid_signature_found_from_the_latest_verification(backan):
    from signatures.models import FileVerification

    bad = incoming(backan["org"], received_at=at(11, 8), symbol="301/VPCP-KSTT")
    FileVerification.objects.create(document_file=_signed_file(bad), outcome="invalid", invalid_signature=True,
                                    summary="Chữ ký không khớp nội dung", checked_at=at(11, 8, 1))
    fixed = incoming(backan["org"], received_at=at(11, 8), symbol="302/VPCP-KSTT")
    f = _signed_file(fixed)
    FileVerification.objects.create(document_file=f, outcome="invalid", invalid_signature=True, summary="x",
                                    checked_at=at(11, 8, 1))
    FileVerification.objects.create(document_file=f, outcome="valid", valid=True, summary="Hợp lệ",
                                    checked_at=at(11, 9))
    [finding] = found("invalid_signature")
    assert finding.key == f"document:{bad.pk}" and "301/VPCP-KSTT" in finding.title
    assert finding.severity == Severity.CRITICAL


def test_backlog_normal_by_the_end_of_the_next_working_day_urgent_within_two_hours(backan):
    normal = incoming(backan["org"], received_at=at(9, 16), symbol="101/VPCP-KSTT")  # Monday → Tuesday 17:30
    urgent = incoming(backan["org"], received_at=at(11, 7, 30), urgency=1, symbol="102/VPCP-KSTT")
    incoming(backan["org"], received_at=at(10, 16), symbol="103/VPCP-KSTT")  # due Wednesday 17:30
    incoming(backan["org"], received_at=at(9, 8), state="registered", registered_at=at(9, 9))
    keys = {f.key: f for f in found("backlog", at(11, 10))}
    assert set(keys) == {f"document:{normal.pk}", f"document:{urgent.pk}"}
    assert keys[f"document:{urgent.pk}"].severity == Severity.CRITICAL
    assert "Khẩn" in keys[f"document:{urgent.pk}"].title
    assert keys[f"document:{normal.pk}"].action == "register"
    assert {f.key for f in found("backlog", at(11, 9, 29))} == {f"document:{normal.pk}"}


def test_backlog_skips_the_weekend_and_holidays(backan):
    # Received Friday 24 April 2026 evening: Monday 27/4 is Giỗ Tổ (10/3 lunar); next working day is Tuesday 28/4.
    friday = incoming(backan["org"], received_at=at(24, 18, month=4))
    assert found("backlog", at(27, 18, month=4)) == []
    assert [f.key for f in found("backlog", at(28, 17, 31, month=4))] == [f"document:{friday.pk}"]


def test_status_owed_01_03_02_and_the_decision(backan):
    org = backan["org"]
    no_01 = incoming(org, received_at=at(11, 9), symbol="201/VPCP-KSTT")
    registered = incoming(org, received_at=at(10, 9), state="registered", registered_at=at(10, 10),
                          symbol="202/VPCP-KSTT")
    status_sent(registered, "01")
    waiting = incoming(org, received_at=at(9, 9), symbol="203/VPCP-KSTT")
    status_sent(waiting, "01")
    done = incoming(org, received_at=at(10, 9), state="registered", registered_at=at(10, 10))
    status_sent(done, "01")
    status_sent(done, "03")
    paper = incoming(org, received_at=at(9, 9), source="paper")
    owed = {f.key: f for f in found("status_owed", at(11, 10))}
    assert f"document:{done.pk}" not in owed and f"document:{paper.pk}" not in owed
    assert "01 (Đã đến)" in owed[f"document:{no_01.pk}"].title
    assert owed[f"document:{no_01.pk}"].action_params == {"document": no_01.pk, "code": "01"}
    assert "03 (Đã tiếp nhận)" in owed[f"document:{registered.pk}"].title
    assert "03 hoặc 02" in owed[f"document:{waiting.pk}"].title
    assert owed[f"document:{waiting.pk}"].action == "register"


def test_status_owed_offers_retry_when_the_status_was_tried_and_failed(backan):
    doc = incoming(backan["org"], received_at=at(11, 8))
    failed = status_sent(doc, "01", state="failed")
    [finding] = found("status_owed")
    assert finding.action == "retry" and finding.action_params == {"outbound": failed.pk}


def test_signed_but_not_dispatched_the_same_working_day(backan):
    morning = outgoing(backan["org"], state="signed", signed_at=at(10, 9), symbol="30/UBND-VXNV")
    late = outgoing(backan["org"], state="signed", signed_at=at(10, 18), symbol="31/UBND-VXNV")
    outgoing(backan["org"], state="dispatched", signed_at=at(10, 9), dispatched_at=at(10, 11))
    assert {f.key for f in found("dispatch_late", at(10, 17, 29))} == set()
    assert {f.key for f in found("dispatch_late", at(11, 11))} == {f"document:{morning.pk}"}
    assert {f.key for f in found("dispatch_late", at(11, 12, 1))} == {f"document:{morning.pk}", f"document:{late.pk}"}


def test_processing_overdue_past_the_lead_assignment_deadline(backan):
    doc = incoming(backan["org"], received_at=at(2, 9), state="processing", registered_at=at(2, 10))
    instruction = Instruction.objects.create(document=doc, author=backan["admin"], text="Giao VXNV chủ trì")
    Assignment.objects.create(document=doc, instruction=instruction, role="lead", user=backan["clerk"],
                              assigned_by=backan["admin"], deadline=dt.date(2026, 3, 10))
    incoming(backan["org"], received_at=at(2, 9), state="processing", due_date=dt.date(2026, 3, 12))
    [finding] = found("processing_overdue")
    assert finding.key == f"document:{doc.pk}" and "10/03/2026" in finding.detail


def test_outbox_stuck_after_the_threshold(backan, settings):
    settings.QLVB_ALERTS_OUTBOX_STUCK_MINUTES = 15
    outbound(outgoing(backan["org"]), state="queued", created_at=at(11, 9, 50), last_error="503 Service Unavailable")
    assert found("outbox_stuck", at(11, 10)) == []
    [finding] = found("outbox_stuck", at(11, 10, 6))
    assert "1 thư" in finding.title and "503" in finding.detail and finding.organization_id is None


def test_axis_unreachable_on_error_or_silence(backan, settings):
    settings.QLVB_ALERTS_AXIS_SILENT_MINUTES = 10
    org = backan["org"]
    conn = AxisConnection.objects.create(name="Trục quốc gia", endpoint="http://127.0.0.1:9", system_id="x",
                                         secret="s", last_poll_at=at(11, 9, 55))
    conn.organizations.add(org)
    assert found("axis_unreachable", at(11, 10)) == []
    assert "15 phút" in found("axis_unreachable", at(11, 10, 10))[0].detail
    AxisConnection.objects.filter(pk=conn.pk).update(last_poll_error="Connection refused")
    assert "Connection refused" in found("axis_unreachable", at(11, 10))[0].detail


def test_worker_or_beat_silent(settings):
    settings.QLVB_ALERTS_HEARTBEAT_SILENT_MINUTES = 5
    Heartbeat.objects.create(process="worker", seen_at=at(11, 9, 58))
    Heartbeat.objects.create(process="beat", seen_at=at(11, 9, 50))
    [finding] = found("process_silent", at(11, 10))
    assert finding.key == "process:beat" and "Bộ lập lịch" in finding.title


def test_disk_low_below_the_threshold(settings):
    assert found("disk_low") == []
    settings.QLVB_ALERTS_DISK_MIN_FREE_PERCENT = 100.1
    [finding] = found("disk_low")
    assert "GB" in finding.detail


def _certificate(n: int, not_after: dt.datetime, **fields):
    from signatures.models import Certificate

    return Certificate.objects.create(
        kind=fields.pop("kind", "personal"), der=b"x", fingerprint=f"{n:064d}", serial=f"{n:x}",
        subject=f"CN=Người ký {n}", subject_cn=f"Người ký {n}", issuer="CN=Ban Cơ yếu Chính phủ",
        issuer_cn="Ban Cơ yếu Chính phủ", not_before=not_after - dt.timedelta(days=730), not_after=not_after,
        **fields)


def test_certificate_expiring_within_thirty_days(backan):
    soon = _certificate(1, NOW + dt.timedelta(days=20), user=backan["admin"])
    _certificate(2, NOW + dt.timedelta(days=45), user=backan["admin"])
    _certificate(3, NOW + dt.timedelta(days=3), kind="trust_anchor")
    _certificate(4, NOW + dt.timedelta(days=5), organization=backan["org"], kind="organization",
                 revoked_at=at(1, 9))
    urgent = _certificate(5, NOW + dt.timedelta(days=2), organization=backan["org"], kind="organization")
    by_key = {f.key: f for f in found("certificate_expiring")}
    assert set(by_key) == {f"certificate:{soon.pk}", f"certificate:{urgent.pk}"}
    assert by_key[f"certificate:{soon.pk}"].organization_id == backan["org"].pk  # through the holder's membership
    assert "còn 20 ngày" in by_key[f"certificate:{soon.pk}"].title
    assert by_key[f"certificate:{urgent.pk}"].severity == Severity.CRITICAL


def test_a_rule_that_breaks_keeps_its_alerts_and_records_the_error(backan, monkeypatch, no_task_queue):
    doc = outgoing(backan["org"])
    outbound(doc, state="failed", created_at=at(11, 9), last_error="x", error_permanent=True)
    alerts_scan(now=NOW, rules=["send_failed"])
    assert Alert.objects.get(rule="send_failed").state == Alert.State.OPEN

    def broken(*, now):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(RULES["send_failed"], "findings", broken)
    assert "error" in alerts_scan(now=NOW, rules=["send_failed"])["send_failed"]
    assert Alert.objects.get(rule="send_failed").state == Alert.State.OPEN
    from alerts.models import ScanState

    assert "database hiccup" in ScanState.objects.get(rule="send_failed").last_error
    assert timezone.now() - ScanState.objects.get(rule="send_failed").last_run_at < dt.timedelta(minutes=1)
