"""Outbox and status rules, in process (no worker): retries, ordering, dedupe, 700 recipients."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from interchange import edxml
from interchange.models import Outbound, Recipient, StatusEvent
from interchange.retry import max_attempts, next_delay
from interchange.services.inbox import inbound_accept
from interchange.services.outbox import outbound_document_enqueue, outbound_retry, outbound_send
from qlvb.models import Organization

from .conftest import BACKAN, VPCP
from .test_exchange import outgoing

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


def test_backoff_schedule_is_finite_with_jitter(settings):
    settings.QLVB_OUTBOX_RETRY_SCHEDULE = [10, 60]
    settings.QLVB_OUTBOX_RETRY_JITTER = 0.2
    assert max_attempts() == 3
    assert 8 <= next_delay(1).total_seconds() <= 12
    assert 48 <= next_delay(2).total_seconds() <= 72
    assert next_delay(3) is None


def test_transient_failures_end_as_failed_after_the_last_attempt_and_retry_button_works(a_world):
    a_world["server"].set_faults(down=True)
    backan = Organization.objects.create(organ_id=BACKAN[0], name=BACKAN[1], short_name="UBND")
    outbound = outbound_document_enqueue(document=outgoing(a_world["org"]), recipients=[backan])
    results = [outbound_send(outbound_id=outbound.pk) for _ in range(max_attempts())]
    assert results == ["retry"] * (max_attempts() - 1) + ["failed"]
    outbound.refresh_from_db()
    assert outbound.state == Outbound.State.FAILED and not outbound.error_permanent
    assert outbound.attempt_log.count() == max_attempts()
    assert all(a.duration_ms >= 0 and a.error for a in outbound.attempt_log.all())
    a_world["server"].set_faults(down=False)
    outbound_retry(outbound=outbound)
    assert outbound_send(outbound_id=outbound.pk) == "sent"
    assert Recipient.objects.get(outbound=outbound).state == Recipient.State.SENT


def test_a_row_is_sent_once_even_if_two_tasks_race_for_it(a_world):
    backan = Organization.objects.create(organ_id=BACKAN[0], name=BACKAN[1], short_name="UBND")
    outbound = outbound_document_enqueue(document=outgoing(a_world["org"]), recipients=[backan])
    assert outbound_send(outbound_id=outbound.pk) == "sent"
    assert outbound_send(outbound_id=outbound.pk) == "skipped"
    assert outbound.attempt_log.count() == 1


def test_seven_hundred_recipients_are_one_upload(a_world):
    orgs = Organization.objects.bulk_create(
        [Organization(organ_id=o, name=f"Cơ quan {o}", short_name="X") for o in a_world["receivers"]]
    )
    outbound = outbound_document_enqueue(document=outgoing(a_world["org"]), recipients=orgs)
    assert outbound_send(outbound_id=outbound.pk) == "sent"
    assert outbound.attempt_log.count() == 1
    assert Recipient.objects.filter(outbound=outbound, state=Recipient.State.SENT).count() == 700
    message = edxml.parse(outbound.package.read())
    assert len(message.recipients) == 700


def _status(code: str, ext: str, when: dt.datetime) -> bytes:
    return edxml.build(edxml.StatusMessage(
        sender=edxml.Organization(organ_id=BACKAN[0], organ_name=BACKAN[1]),
        response_for=edxml.ResponseFor(organ_id=VPCP[0], code="100/VPCP-KSTT", document_id=ext),
        status_code=code, timestamp=when.replace(tzinfo=None, microsecond=0), description="",
    ))


def test_statuses_out_of_order_never_move_the_state_back_and_all_are_kept(a_world):
    backan = Organization.objects.create(organ_id=BACKAN[0], name=BACKAN[1], short_name="UBND")
    outbound = outbound_document_enqueue(document=outgoing(a_world["org"]), recipients=[backan])
    conn = outbound.connection
    now = timezone.localtime()
    for i, code in enumerate(["03", "04", "01", "05", "05"]):
        inbound_accept(connection=conn, axis_doc_id=f"s{i}", kind="status",
                       data=_status(code, outbound.external_id, now + dt.timedelta(minutes=i)))
    recipient = Recipient.objects.get(outbound=outbound)
    assert recipient.state == Recipient.State.PROCESSING and recipient.last_status_code == "05"
    assert list(StatusEvent.objects.filter(recipient=recipient).values_list("code", flat=True)) == [
        "03", "04", "01", "05", "05"]
    # The same 03 again is a counted duplicate, not a new event.
    again = inbound_accept(connection=conn, axis_doc_id="s9", kind="status",
                           data=_status("03", outbound.external_id, now))
    assert again.state == "duplicate"
    assert StatusEvent.objects.filter(recipient=recipient, code="03").count() == 1


def test_rejection_keeps_the_reason(a_world):
    backan = Organization.objects.create(organ_id=BACKAN[0], name=BACKAN[1], short_name="UBND")
    outbound = outbound_document_enqueue(document=outgoing(a_world["org"]), recipients=[backan])
    message = edxml.StatusMessage(
        sender=edxml.Organization(organ_id=BACKAN[0], organ_name=BACKAN[1]),
        response_for=edxml.ResponseFor(organ_id=VPCP[0], document_id=outbound.external_id),
        status_code="02", timestamp=timezone.localtime().replace(tzinfo=None, microsecond=0),
        description="Gửi nhầm cơ quan",
    )
    inbound_accept(connection=outbound.connection, axis_doc_id="r1", kind="status", data=edxml.build(message))
    recipient = Recipient.objects.get(outbound=outbound)
    assert recipient.state == Recipient.State.REJECTED and recipient.reason == "Gửi nhầm cơ quan"


def test_secret_documents_never_go_to_the_axis(a_world):
    backan = Organization.objects.create(organ_id=BACKAN[0], name=BACKAN[1], short_name="UBND")
    doc = outgoing(a_world["org"])
    doc.secrecy = 1
    doc.save()
    with pytest.raises(PermissionError):
        outbound_document_enqueue(document=doc, recipients=[backan])
    assert not Outbound.objects.exists()


def test_directory_sync_fills_the_directory_and_leaves_hosted_organizations_alone(a_world, client):
    from interchange.models import AxisConnection
    from interchange.services.directory import directory_sync

    connection = AxisConnection.objects.get()
    result = directory_sync(connection=connection)
    expected = len(set(a_world["receivers"]) | {BACKAN[0]})  # VPCP is ours already
    assert result["created"] == expected
    assert Organization.objects.filter(hosted=False).count() == expected
    assert Organization.objects.get(organ_id=VPCP[0]).name == VPCP[1] and Organization.objects.get(
        organ_id=VPCP[0]).hosted
    assert directory_sync(connection=connection)["created"] == 0


def test_update_and_replace_carry_their_business_types_and_link_at_the_receiver(a_world):
    from documents.models import Document
    from documents.services.outgoing.issuing import outgoing_update_recipients
    from interchange.services.inbox import inbound_accept
    from tests.factories import make_user

    backan = Organization.objects.create(organ_id=BACKAN[0], name=BACKAN[1], short_name="UBND", hosted=True)
    extra = Organization.objects.create(organ_id="000.00.01.H05", name="Văn phòng UBND tỉnh", short_name="VP")
    from interchange.services.connections import axis_connection_upsert

    axis_connection_upsert(endpoint=a_world["server"].endpoint, system_id="h05", secret="x", organ_ids=[BACKAN[0]])
    clerk = make_user(a_world["org"], ["clerk"])
    original = outgoing(a_world["org"])
    first = outbound_document_enqueue(document=original, recipients=[backan])
    Document.objects.filter(pk=original.pk).update(dispatched_at=timezone.now(), state="dispatched")
    # The receiver took the original in.
    inbound_accept(connection=first.connection, axis_doc_id="orig", kind="edoc", data=first.package.read(),
                   to_organ_id=BACKAN[0], from_organ_id=VPCP[0])
    outgoing_update_recipients(actor=clerk, document=original, added=[extra], removed=[], reason="Bổ sung nơi nhận")
    update = Outbound.objects.get(document=original, business_type=2)
    message = edxml.parse(update.package.read())
    assert message.business.document_id == original.external_id or message.business.document_id == first.external_id
    assert [(r.organ_id, r.receiver_type) for r in message.business.document_info.receivers] == [("000.00.01.H05", 1)]
    assert {r.organ_id for r in update.recipients.all()} == {BACKAN[0], "000.00.01.H05"}
    # A replacement names the replaced document; the receiver links the new one to it.
    replacement = outgoing(a_world["org"], subject="V/v thay thế văn bản trước")
    # Bussiness/DocumentId is required (the official builder writes the replacing document's own id there):
    # a package without it is now refused before it leaves.
    from interchange.packaging import document_external_id

    business = edxml.Business(doc_type=3, paper=0, document_id=document_external_id(replacement), replacements=(
        edxml.ReplacementInfo(document_id=first.external_id, organ_ids=(BACKAN[0],)),))
    sent = outbound_document_enqueue(document=replacement, recipients=[backan], business=business)
    inbound_accept(connection=sent.connection, axis_doc_id="repl", kind="edoc", data=sent.package.read(),
                   to_organ_id=BACKAN[0], from_organ_id=VPCP[0])
    received_original = Document.objects.get(organization=backan, external_id=first.external_id)
    received_new = Document.objects.get(organization=backan, external_id=sent.external_id)
    assert received_new.related_to == received_original and received_new.relation == "replace"
