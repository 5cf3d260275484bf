"""Apply a received status message to the delivery state of our outgoing document.

Every status is kept in the timeline; the recipient's state only moves forward, so statuses that
arrive out of order (04 before 03, a late 01) do not move it back.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from interchange import edxml

from ..models import Inbound, MessageKind, Outbound, Recipient, StatusEvent

STATE_BY_CODE = {
    "01": Recipient.State.ARRIVED,
    "02": Recipient.State.REJECTED,
    "03": Recipient.State.REGISTERED,
    "04": Recipient.State.ASSIGNED,
    "05": Recipient.State.PROCESSING,
    "06": Recipient.State.DONE,
}


def _find_recipient(message: edxml.StatusMessage) -> Recipient | None:
    target = message.response_for
    outbound = Outbound.objects.filter(kind=MessageKind.EDOC, organization__organ_id=target.organ_id)
    if target.document_id:
        outbound = outbound.filter(external_id=target.document_id)
    elif target.code:
        outbound = outbound.filter(document__symbol=target.code)
    else:
        return None
    return (
        Recipient.objects.filter(outbound__in=outbound, organ_id=message.sender.organ_id)
        .select_related("outbound")
        .order_by("outbound__business_type", "-outbound__created_at")
        .first()
    )


def _sends_of(recipient: Recipient) -> list[Recipient]:
    """`recipient` and its rows on the other sends of the same package to the same organization
    (a document sent again): a status about the document is news for each of them."""
    first = recipient.outbound
    return list(
        Recipient.objects.filter(
            organ_id=recipient.organ_id, outbound__kind=MessageKind.EDOC,
            outbound__organization_id=first.organization_id, outbound__external_id=first.external_id,
            outbound__business_type=first.business_type,
        )
    )


def _advance(recipients: list[Recipient], *, code: str, occurred: dt.datetime, description: str) -> None:
    """Move each recipient's state forward to what `code` means (never back; a failed row moves)."""
    new_state = STATE_BY_CODE.get(code)
    if new_state is None:
        return
    for recipient in recipients:
        moves_forward = recipient.state == Recipient.State.FAILED or new_state > recipient.state
        if moves_forward:
            Recipient.objects.filter(pk=recipient.pk).update(
                state=new_state, last_status_code=code, last_status_at=occurred,
                reason=description if code == "02" else recipient.reason,
            )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def status_seen(message: edxml.StatusMessage) -> Inbound | None:
    """The inbound message that already brought this status (same sender, document and code), if any.

    Status 05 (processing) may legitimately repeat, so it is never a duplicate.
    """
    if message.status_code == "05":
        return None
    event = (
        StatusEvent.objects.filter(
            external_id=message.response_for.document_id or "", from_organ_id=message.sender.organ_id or "",
            code=message.status_code or "", inbound__isnull=False,
        )
        .select_related("inbound")
        .first()
    )
    return event.inbound if event else None


def status_apply(*, message: edxml.StatusMessage, inbound: Inbound | None = None) -> StatusEvent:
    staff = message.staff_info.staff if message.staff_info and message.staff_info.staff else ""
    recipient = _find_recipient(message)
    event = recipient_status_record(
        recipient=recipient, external_id=message.response_for.document_id or "",
        from_organ_id=message.sender.organ_id or "", code=message.status_code or "",
        description=message.description or "", staff=staff, occurred_at=_aware(message.timestamp), inbound=inbound,
    )
    if recipient is not None:  # the document's other sends to the same organization learn it too
        _advance([r for r in _sends_of(recipient) if r.pk != recipient.pk], code=event.code,
                 occurred=event.occurred_at, description=event.description)
    return event


def status_catch_up(*, message: edxml.StatusMessage) -> None:
    """A status we already have, received again (the receipt of a document we sent again):
    not a second event, but each send of the document it concerns that is still behind moves on."""
    recipient = _find_recipient(message)
    if recipient is not None:
        _advance(_sends_of(recipient), code=message.status_code or "",
                 occurred=_aware(message.timestamp) or timezone.now(), description=message.description or "")


def recipient_status_record(
    *, recipient: Recipient | None, code: str, external_id: str = "", from_organ_id: str = "",
    description: str = "", staff: str = "", occurred_at: dt.datetime | None = None, inbound: Inbound | None = None,
) -> StatusEvent:
    """Keep a status in the timeline and move the recipient's state forward (never back)."""
    occurred = occurred_at or timezone.now()
    event = StatusEvent.objects.create(
        recipient=recipient, external_id=external_id, from_organ_id=from_organ_id, code=code,
        description=description, staff=staff, occurred_at=occurred, inbound=inbound,
    )
    if recipient is not None:
        _advance([recipient], code=code, occurred=occurred, description=description)
    return event
