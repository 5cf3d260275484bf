"""The exchange hands what arrives to the receiver the documents app registers at start-up, and
refuses clearly, keeping nothing, when there is none."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from documents.services.receiving import DocumentsReceiver
from interchange import edxml
from interchange.models import AxisConnection, Inbound, Package
from interchange.packaging import edoc_from_document
from interchange.receivers import register_receiver, registered_receiver
from interchange.services.inbox import inbound_accept

from .conftest import BACKAN, VPCP

pytestmark = [pytest.mark.needs_services, pytest.mark.django_db]


@pytest.fixture
def no_receiver(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    previous = register_receiver(None)
    yield
    register_receiver(previous)


@pytest.fixture
def connection():
    return AxisConnection.objects.create(name="VPCP", endpoint="http://127.0.0.1:9/axis", system_id="a", secret="s")


def _edoc() -> bytes:
    return edxml.build(edxml.EdocMessage(
        sender=edxml.Organization(organ_id=BACKAN[0], organ_name=BACKAN[1]),
        recipients=(edxml.Organization(organ_id=VPCP[0], organ_name=VPCP[1]),),
        document_id=f"{BACKAN[0]},{dt.date.today():%Y/%m/%d},{uuid.uuid4().hex[:6]}/UBND-VP",
        code=edxml.Code(number="12", notation="UBND-VP"), promulgation=edxml.PromulgationInfo(date=dt.date.today()),
        document_type=edxml.DocumentType(type_code=1, type_name="Công văn"), subject="V/v thử",
        business=edxml.Business(doc_type=0, paper=0),
    ))


def _recall() -> bytes:
    return edxml.build(edxml.StatusMessage(
        sender=edxml.Organization(organ_id=BACKAN[0], organ_name=BACKAN[1]),
        response_for=edxml.ResponseFor(organ_id=VPCP[0], document_id=f"{VPCP[0]},2026/01/05,7/VPCP-KSTT"),
        status_code="13", timestamp=dt.datetime.now().replace(microsecond=0), description="Gửi nhầm",
    ))


def test_the_documents_app_registers_its_receiver_at_start_up():
    assert isinstance(registered_receiver(), DocumentsReceiver)


@pytest.mark.parametrize(("kind", "data"), [("edoc", _edoc), ("status", _recall)])
def test_without_a_receiver_an_arrival_is_refused_and_nothing_is_kept(no_receiver, connection, kind, data):
    with pytest.raises(ImproperlyConfigured, match="no document receiver registered"):
        inbound_accept(connection=connection, axis_doc_id="m1", kind=kind, data=data(), to_organ_id=VPCP[0])
    assert not Inbound.objects.exists() and not Package.objects.exists()  # left on the axis, unacknowledged


def test_without_a_receiver_no_document_is_packaged(no_receiver):
    with pytest.raises(ImproperlyConfigured, match="no document receiver registered"):
        edoc_from_document(SimpleNamespace(symbol="7/VPCP-KSTT"), [])
