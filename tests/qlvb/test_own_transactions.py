"""Services that must commit on their own (transaction.atomic(durable=True)) refuse to run inside
a caller's transaction, where their commit would silently become the caller's."""

from __future__ import annotations

import pytest
from django.db import transaction

from alerts.services.email import email_send
from documents.models import Document
from documents.services.outgoing.external import outgoing_external_prepare
from documents.services.outgoing.issuing import outgoing_seal, outgoing_sign
from interchange.models import AxisConnection
from interchange.services.inbox import inbound_take, inbox_poll
from interchange.services.outbox import outbound_send, outbox_sweep

pytestmark = pytest.mark.django_db

CALLS = {
    # A wrong PIN is counted after the signing transaction rolled back.
    "outgoing_sign": lambda: outgoing_sign(actor=None, document=Document(pk=1), pin="000000"),
    "outgoing_seal": lambda: outgoing_seal(actor=None, document=Document(pk=1), pin="000000"),
    # The number and the session wait, committed, for the signing agent.
    "outgoing_external_prepare": lambda: outgoing_external_prepare(actor=None, document=Document(pk=1)),
    # Claims other workers must see, and results recorded before anything else happens.
    "outbound_send": lambda: outbound_send(outbound_id=1),
    "outbox_sweep": outbox_sweep,
    "email_send": lambda: email_send(email_id=1),
    "inbox_poll": lambda: inbox_poll(connection=AxisConnection(pk=1)),
    # A received message is committed before the axis is told it was taken.
    "inbound_take": lambda: inbound_take(connection=AxisConnection(pk=1), client=_Client(), axis_doc_id="m1",
                                         kind="edoc"),
}


class _Client:
    def get_edoc(self, axis_doc_id: str) -> bytes:
        return b"<edXML/>"

    def update_status(self, axis_doc_id: str, status: str) -> None:
        raise AssertionError("acknowledged a message that was not committed")


@pytest.mark.parametrize("name", CALLS)
def test_a_service_that_commits_on_its_own_refuses_a_callers_transaction(name):
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable atomic block cannot be nested"):
        CALLS[name]()
