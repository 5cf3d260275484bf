"""Exchange end to end on real processes: the local axis server, two QLVB deployments with their
own databases, Celery workers and beat on Redis, PostgreSQL. Nothing lost, nothing twice."""

from __future__ import annotations

import datetime as dt
import itertools
import signal

import pytest
from django.core.files.base import ContentFile

from documents.models import Document, DocumentFile, DocumentType
from interchange.models import Attempt, Inbound, Outbound, Recipient, StatusEvent
from interchange.services.outbox import outbound_document_enqueue
from qlvb.models import Organization
from tests.conftest import wait_for

from .conftest import BACKAN

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]

_numbers = itertools.count(100)
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def outgoing(org: Organization, subject: str = "V/v tăng cường gửi, nhận văn bản điện tử") -> Document:
    number = next(_numbers)
    doc = Document.objects.create(
        organization=org, direction="out", document_type=DocumentType.objects.get(code="cong-van"),
        symbol=f"{number}/VPCP-KSTT", subject=subject, issued_on=dt.date.today(), state=Document.State.ISSUED,
        signer_name="Mai Tiến Dũng", signer_title="Bộ trưởng, Chủ nhiệm",
    )
    f = DocumentFile(document=doc, name=f"{number}-VPCP-KSTT.pdf", content_type="application/pdf", size=len(PDF),
                     sha256="0" * 64)
    f.file.save("cv.pdf", ContentFile(PDF), save=False)
    f.save()
    return doc


def backan() -> Organization:
    return Organization.objects.get(organ_id=BACKAN[0])


def b_documents(b, external_id: str) -> int:
    return b.scalar("SELECT count(*) FROM documents_document WHERE external_id = %s", [external_id])


def recipient_state(outbound: Outbound) -> int:
    return Recipient.objects.get(outbound=outbound).state


def test_a_sends_to_b_who_gets_it_once_and_a_sees_arrived(vpcp, deployment_b):
    doc = outgoing(vpcp)
    outbound = outbound_document_enqueue(document=doc, recipients=[backan()])
    ext = outbound.external_id
    assert ext == f"000.00.00.G22,{dt.date.today():%Y/%m/%d},{doc.symbol}"
    wait_for(lambda: b_documents(deployment_b, ext) == 1, timeout=60, message="document at B")
    row = deployment_b.query(
        "SELECT subject, state, symbol, source FROM documents_document WHERE external_id = %s", [ext])[0]
    assert row == (doc.subject, "arrived", doc.symbol, "axis")
    assert deployment_b.scalar(
        "SELECT f.size FROM documents_documentfile f JOIN documents_document d ON d.id = f.document_id "
        "WHERE d.external_id = %s", [ext]) == len(PDF)
    wait_for(lambda: recipient_state(outbound) == Recipient.State.ARRIVED, timeout=60, message="status 01 at A")
    assert StatusEvent.objects.filter(external_id=ext, code="01", from_organ_id=BACKAN[0]).count() == 1
    assert b_documents(deployment_b, ext) == 1


def test_axis_down_during_send_then_delivered_once(vpcp, deployment_b, axis):
    axis.set_faults(down=True)
    outbound = outbound_document_enqueue(document=outgoing(vpcp), recipients=[backan()])
    wait_for(lambda: Attempt.objects.filter(outbound=outbound, ok=False).exists(), timeout=30, message="failed try")
    outbound.refresh_from_db()
    assert outbound.state in {Outbound.State.QUEUED, Outbound.State.SENDING} and not outbound.error_permanent
    axis.set_faults(down=False)
    wait_for(lambda: b_documents(deployment_b, outbound.external_id) == 1, timeout=90, message="delivery")
    outbound.refresh_from_db()
    assert outbound.state == Outbound.State.SENT and outbound.attempts >= 2
    wait_for(lambda: recipient_state(outbound) == Recipient.State.ARRIVED, timeout=60, message="01")
    assert b_documents(deployment_b, outbound.external_id) == 1


def test_worker_killed_mid_send_still_delivers_exactly_once(vpcp, deployment_a, deployment_b, axis):
    axis.set_faults(latency_ms=3000)
    outbound = outbound_document_enqueue(document=outgoing(vpcp), recipients=[backan()])
    wait_for(lambda: Outbound.objects.get(pk=outbound.pk).state == Outbound.State.SENDING, timeout=30,
             message="sending")
    deployment_a.kill("worker", signal.SIGKILL)
    axis.set_faults(latency_ms=0)
    deployment_a.start("worker")
    wait_for(lambda: Outbound.objects.get(pk=outbound.pk).state == Outbound.State.SENT, timeout=90, message="resent")
    wait_for(lambda: recipient_state(outbound) == Recipient.State.ARRIVED, timeout=60, message="01")
    assert b_documents(deployment_b, outbound.external_id) == 1


def test_redis_flushed_with_messages_queued_is_recovered_by_the_sweeper(vpcp, deployment_a, deployment_b):
    import redis

    deployment_a.kill("worker", signal.SIGTERM)
    outbound = outbound_document_enqueue(document=outgoing(vpcp), recipients=[backan()])
    redis.Redis.from_url(deployment_a.redis_url).flushdb()  # the queued task is gone
    deployment_a.start("worker")
    wait_for(lambda: b_documents(deployment_b, outbound.external_id) == 1, timeout=90, message="swept and sent")
    assert Outbound.objects.get(pk=outbound.pk).state == Outbound.State.SENT


def test_duplicate_delivery_by_the_axis_is_registered_once(vpcp, deployment_b, axis):
    axis.set_faults(duplicate_delivery=True)
    outbound = outbound_document_enqueue(document=outgoing(vpcp), recipients=[backan()])
    ext = outbound.external_id
    wait_for(lambda: deployment_b.scalar(
        "SELECT count(*) FROM interchange_inbound WHERE external_id = %s", [ext]) == 2, timeout=60,
        message="both deliveries fetched")
    states = sorted(r[0] for r in deployment_b.query(
        "SELECT state FROM interchange_inbound WHERE external_id = %s", [ext]))
    assert states == ["accepted", "duplicate"]
    assert b_documents(deployment_b, ext) == 1
    wait_for(lambda: recipient_state(outbound) == Recipient.State.ARRIVED, timeout=60, message="01")
    # B answers the second delivery too (a receipt, as for any repeated delivery); A records it
    # as a status it already has, not as a second event.
    wait_for(lambda: deployment_b.scalar(
        "SELECT count(*) FROM interchange_outbound WHERE kind = 'status' AND status_code = '01' AND state = 'sent' "
        "AND external_id = %s", [ext]) == 2, timeout=60, message="B's 01 for each delivery")
    # The axis delivers each 01 twice as well: A takes all four, and the teardown finds A's worker idle.
    wait_for(lambda: Inbound.objects.filter(kind="status", external_id=ext).exclude(ack="").count() == 4,
             timeout=60, message="every copy of both 01s taken at A")
    assert Inbound.objects.filter(kind="status", external_id=ext, state="accepted").count() == 1
    assert StatusEvent.objects.filter(external_id=ext, code="01").count() == 1


def test_bad_credentials_are_a_permanent_error_on_the_row(vpcp):
    vpcp.axis_connections.update(secret="wrong-secret")
    outbound = outbound_document_enqueue(document=outgoing(vpcp), recipients=[backan()])
    wait_for(lambda: Outbound.objects.get(pk=outbound.pk).state == Outbound.State.FAILED, timeout=30,
             message="failed")
    outbound.refresh_from_db()
    assert outbound.error_permanent and outbound.attempts == 1
    assert outbound.last_error
    assert recipient_state(outbound) == Recipient.State.FAILED


def test_unknown_recipient_is_a_permanent_error_on_the_row(vpcp):
    stranger = Organization.objects.create(organ_id="000.00.00.H99", name="Cơ quan chưa kết nối", short_name="X")
    outbound = outbound_document_enqueue(document=outgoing(vpcp), recipients=[stranger])
    wait_for(lambda: Outbound.objects.get(pk=outbound.pk).state == Outbound.State.FAILED, timeout=30,
             message="failed")
    outbound.refresh_from_db()
    assert outbound.error_permanent and "000.00.00.H99" in outbound.last_error


def test_corrupt_package_is_acknowledged_fail_and_kept(vpcp, deployment_b, axis):
    from interchange import edxml
    from interchange.packaging import edoc_from_document
    from tests.axis.harness import client_for

    from .conftest import A_SECRET, A_SYSTEM

    doc = outgoing(vpcp)
    package = edxml.build(edoc_from_document(doc, [backan()]))
    start = package.index(b"ContentTransferEncoded>") + len(b"ContentTransferEncoded>")
    corrupt = package[:start] + b"@@not base64@@" + package[start + 14:]
    with client_for(axis, A_SYSTEM, A_SECRET) as client:
        client.send_edoc(corrupt)
    wait_for(lambda: deployment_b.query(
        "SELECT state, ack, error FROM interchange_inbound WHERE state = 'failed' AND ack = 'fail'"), timeout=60,
        message="failed inbound at B")
    state, ack, error = deployment_b.query(
        "SELECT i.state, i.ack, i.error FROM interchange_inbound i WHERE i.state = 'failed'")[-1]
    assert error
    assert deployment_b.scalar(
        "SELECT p.size FROM interchange_inbound i JOIN interchange_package p ON p.id = i.package_id "
        "WHERE i.state = 'failed' ORDER BY i.id DESC LIMIT 1") == len(corrupt)
