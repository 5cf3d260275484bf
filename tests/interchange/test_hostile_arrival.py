"""Issue 13, point 2 on arrival: another agency on the axis sends a PDF signed under a CA it made
itself, whose certificates point their CRL and OCSP URLs at an address inside our network (here a
listener on 127.0.0.1 that counts requests). The exchange receives it with nobody logged in and the
worker checks its signatures: the listener receives no request and the file is reported untrusted."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.cache import cache

from documents.models import Document
from documents.tasks import task_arrival_followups
from interchange import edxml
from interchange.axis.client import AxisClient
from interchange.models import AxisConnection
from interchange.services.connections import client_for
from interchange.services.inbox import inbox_take_key
from interchange.tasks import task_inbound_take_batch
from signatures.models import FileVerification
from tests.hostile import CountingListener, hostile_pdf

from .conftest import VPCP

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db(transaction=True)]


def test_a_hostile_pdf_arriving_over_the_axis_sends_no_request(a_world, settings):
    settings.QLVB_REVOCATION_HOSTS = ["127.0.0.1"]  # even allow-listed: the chain is not trusted
    with CountingListener() as listener:
        sender = a_world["receivers"][0]
        document_id = f"{sender},{dt.date.today():%Y/%m/%d},{uuid.uuid4().hex[:6]}/SNV-VP"
        message = edxml.EdocMessage(
            sender=edxml.Organization(organ_id=sender, organ_name="Sở Nội vụ"),
            recipients=(edxml.Organization(organ_id=VPCP[0], organ_name=VPCP[1]),),
            document_id=document_id, code=edxml.Code(number="12", notation="SNV-VP"),
            promulgation=edxml.PromulgationInfo(date=dt.date.today()),
            document_type=edxml.DocumentType(type_code=1, type_name="Công văn"), subject="V/v văn bản có chữ ký lạ",
            attachments=(edxml.Attachment(name="12.pdf", content_type="application/pdf",
                                          data=hostile_pdf(listener.base_url), content_id=str(uuid.uuid4())),),
            business=edxml.Business(doc_type=0, paper=0),
        )
        with AxisClient(a_world["server"].endpoint, system_id="many", secret="many-secret") as other:
            other.send_edoc(edxml.build(message), from_organ=sender)
        connection = AxisConnection.objects.get()
        with client_for(connection) as client:
            (item,) = client.received_list("edoc")
        cache.add(inbox_take_key(connection.pk, item.doc_id), 1)

        # The worker's path: take the batch from the axis, then the arrival's follow-up task.
        assert task_inbound_take_batch(connection.pk, "edoc", [[item.doc_id, item.to_organ, item.from_organ]]) == {
            "accepted": 1}
        document = Document.objects.get(external_id=document_id)
        task_arrival_followups(document.pk)
        requests = list(listener.requests)

    assert requests == []
    verification = FileVerification.objects.get(document_file__document=document)
    assert verification.invalid_signature
    (report,) = verification.details
    assert not report["trusted"] and "untrusted" in report["problems"]
    assert report["details"]["revocation_fetch"]["mode"] == "untrusted_chain"
