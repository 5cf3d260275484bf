"""What the axis client returns: typed views of the items in the axis' list answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class ReceivedMessage:
    """One message waiting for us (an item of getReceivedEdocList)."""

    doc_id: str
    message_type: str
    service_type: str
    from_organ: str
    to_organ: str
    status: str
    status_desc: str
    created_time: str
    updated_time: str
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> ReceivedMessage:
        """Read one list item."""
        return cls(
            doc_id=_text(item, "docId"),
            message_type=_text(item, "messageType"),
            service_type=_text(item, "serviceType"),
            from_organ=_text(item, "from"),
            to_organ=_text(item, "to"),
            status=_text(item, "status"),
            status_desc=_text(item, "status_desc"),
            created_time=_text(item, "created_time"),
            updated_time=_text(item, "updated_time"),
            raw=item,
        )


@dataclass(frozen=True)
class SentDelivery:
    """The state of one message we sent, for one recipient (an item of getSentEdocList)."""

    sender_doc_id: str
    receiver_doc_id: str
    message_type: str
    service_type: str
    from_organ: str
    to_organ: str
    title: str
    notation: str
    sent_time: str
    received_time: str
    send_status: str
    receive_status: str
    receive_status_desc: str
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> SentDelivery:
        """Read one list item."""
        return cls(
            sender_doc_id=_text(item, "senderDocId"),
            receiver_doc_id=_text(item, "receiverDocId"),
            message_type=_text(item, "messageType"),
            service_type=_text(item, "serviceType"),
            from_organ=_text(item, "fromCode"),
            to_organ=_text(item, "toCode"),
            title=_text(item, "title"),
            notation=_text(item, "notation"),
            sent_time=_text(item, "sentTime"),
            received_time=_text(item, "receivedTime"),
            send_status=_text(item, "sendStatus"),
            receive_status=_text(item, "receiveStatus"),
            receive_status_desc=_text(item, "receiveStatusDesc"),
            raw=item,
        )


@dataclass(frozen=True)
class Agency:
    """An organization reachable on the axis (an item of getAgenciesList)."""

    id: str
    pid: str
    code: str
    name: str
    mail: str
    old_code: str
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> Agency:
        """Read one list item."""
        return cls(
            id=_text(item, "id"),
            pid=_text(item, "pid"),
            code=_text(item, "code"),
            name=_text(item, "name"),
            mail=_text(item, "mail"),
            old_code=_text(item, "oldCode"),
            raw=item,
        )
