"""Faults end to end with the local axis and real deployments: the alert appears, the dashboard
and the daily report show it, and fixing the cause clears it.

Deployment A is this test's database (VPCP), B its own database (UBND tỉnh Bắc Kạn); each has
its worker and beat on Redis. The rules run here, in the test process.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from alerts.models import Alert
from alerts.services.actions import alert_action_run
from alerts.services.reports import daily_report_create
from alerts.services.scan import alerts_scan
from documents.models import Document, DocumentFile, DocumentType
from interchange.models import Outbound, Recipient
from interchange.services.outbox import outbound_document_enqueue
from qlvb.models import Organization
from tests.conftest import wait_for

from .conftest import B_SECRET, B_SYSTEM, BACKAN

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 16 + b"\n%%EOF\n"


def document(org: Organization, symbol: str, subject: str = "V/v tăng cường gửi, nhận văn bản điện tử") -> Document:
    doc = Document.objects.create(
        organization=org, direction="out", document_type=DocumentType.objects.get(code="cong-van"), symbol=symbol,
        subject=subject, issued_on=timezone.localdate(), state=Document.State.ISSUED, signer_name="Mai Tiến Dũng",
        signer_title="Bộ trưởng, Chủ nhiệm",
    )
    f = DocumentFile(document=doc, name="cong-van.pdf", content_type="application/pdf", size=len(PDF),
                     sha256="0" * 64)
    f.file.save("cong-van.pdf", ContentFile(PDF), save=False)
    f.save()
    return doc


def test_recipient_unknown_to_the_axis_send_failed_alert_dashboard_and_report(vpcp, client):
    stranger = Organization.objects.create(organ_id="000.00.00.H99", name="Cơ quan chưa kết nối", short_name="X")
    doc = document(vpcp["org"], "807/VPCP-KSTT")
    outbound = outbound_document_enqueue(document=doc, recipients=[stranger])
    wait_for(lambda: Outbound.objects.get(pk=outbound.pk).state == Outbound.State.FAILED, timeout=30,
             message="the axis refusing the unknown recipient")
    alerts_scan()
    alert = Alert.objects.get(rule="send_failed")
    assert alert.state == Alert.State.OPEN and alert.organization == vpcp["org"]
    assert "807/VPCP-KSTT" in alert.title and "000.00.00.H99" in alert.detail
    assert alert.emails.count() == 2  # the clerk and the admin, through the outbox

    client.force_login(vpcp["admin"])
    page = client.get("/canh-bao/tong-quan/").content.decode()
    assert 'data-figure="send_errors">1<' in page
    drill = client.get("/canh-bao/tong-quan/van-ban/send_errors/").content.decode()
    assert "807/VPCP-KSTT" in drill and "000.00.00.H99" in drill

    report = daily_report_create(organization=vpcp["org"], report_date=timezone.localdate(), end=timezone.now())
    assert report.figures["counts"]["send_errors"] == 1
    assert report.lists["send_errors"][0]["symbol"] == "807/VPCP-KSTT"


def test_recipient_never_answers_not_arrived_after_the_threshold(vpcp, deployment_b, axis, settings):
    settings.QLVB_ALERTS_NOT_ARRIVED_MINUTES = 0.05  # three seconds
    axis.set_faults(drop_status=True)  # B's 01 is accepted by the axis and never delivered
    doc = document(vpcp["org"], "808/VPCP-KSTT")
    outbound = outbound_document_enqueue(document=doc, recipients=[Organization.objects.get(organ_id=BACKAN[0])])
    wait_for(lambda: Outbound.objects.get(pk=outbound.pk).state == Outbound.State.SENT, timeout=30, message="sent")
    sent_at = Outbound.objects.get(pk=outbound.pk).sent_at
    alerts_scan(now=sent_at + dt.timedelta(seconds=1), rules=["not_arrived"])
    assert not Alert.objects.filter(rule="not_arrived").exists()  # within the threshold
    wait_for(lambda: deployment_b.scalar(
        "SELECT count(*) FROM interchange_outbound o JOIN documents_document d ON d.id = o.document_id "
        "WHERE o.kind = 'status' AND o.status_code = '01' AND o.state = 'sent' AND d.external_id = %s",
        [outbound.external_id]) == 1, timeout=60, message="B received the document and sent its 01")
    time.sleep(3.5)
    alerts_scan(rules=["not_arrived"])
    alert = Alert.objects.get(rule="not_arrived")
    assert BACKAN[1] in alert.title and "808/VPCP-KSTT" in alert.title and alert.action == "resend"
    assert Recipient.objects.get(outbound=outbound).state == Recipient.State.SENT


def test_sitting_on_a_received_document_backlog_and_status_owed_then_registering_clears_them(vpcp, axis):
    from documents.services.registers import register_open
    from interchange import edxml
    from interchange.packaging import edoc_from_document
    from tests.axis.harness import client_for

    register_open(organization=vpcp["org"], direction="in", year=timezone.localdate().year, name="Sổ văn bản đến")
    backan = Organization.objects.get(organ_id=BACKAN[0])
    theirs = document(backan, "814/UBND-VXNV", subject="V/v tăng cường gửi, nhận văn bản điện tử giữa các cơ quan")
    package = edxml.build(edoc_from_document(theirs, [vpcp["org"]]))
    with client_for(axis, B_SYSTEM, B_SECRET) as client:
        client.send_edoc(package)
    received = wait_for(lambda: Document.objects.filter(organization=vpcp["org"], direction="in",
                                                        symbol="814/UBND-VXNV").first(), timeout=60,
                        message="the document arriving at A")
    wait_for(lambda: Outbound.objects.filter(document=received, status_code="01", state="sent").exists(),
             timeout=30, message="01 sent back")
    later = received.received_at + dt.timedelta(days=4)  # well past the end of the next working day
    alerts_scan(now=later, rules=["backlog", "status_owed"])
    backlog = Alert.objects.get(rule="backlog")
    owed = Alert.objects.get(rule="status_owed")
    assert backlog.state == owed.state == Alert.State.OPEN
    assert "814/UBND-VXNV" in backlog.title and "03 hoặc 02" in owed.title
    assert backlog.action == "register"

    alert_action_run(alert=backlog, action="register", actor=vpcp["clerk"])
    alerts_scan(now=later, rules=["backlog", "status_owed"])
    assert set(Alert.objects.values_list("rule", "state")) == {("backlog", "resolved"), ("status_owed", "resolved")}
    wait_for(lambda: Outbound.objects.filter(document=received, status_code="03", state="sent").exists(),
             timeout=30, message="03 sent to the sender")
