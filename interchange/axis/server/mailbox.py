"""Messages accepted by the axis and their deliveries to recipient organizations.

A message is one accepted package. It gets one delivery per recipient organization (two with
the duplicate-delivery fault, none when a status message is dropped). A delivery stays in the
recipient system's list until that system acknowledges it with ``done`` or ``fail``; the bytes
and the whole acknowledgement history are kept either way.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from interchange.axis.codes import DELIVERY_DONE, DELIVERY_FAILED, DELIVERY_PENDING, DELIVERY_PROCESSING
from interchange.axis.header import PackageHeader
from interchange.axis.server.answers import not_found
from interchange.axis.server.database import Transaction
from interchange.axis.server.registry import now_text

# Deliveries that are still waiting in the recipient's list.
WAITING = (DELIVERY_PENDING, DELIVERY_PROCESSING)


@dataclass(frozen=True)
class NewMessage:
    """What is stored for one accepted package."""

    sender_system: str
    message_type: str
    service_type: str
    header: PackageHeader
    sha256: str
    size: int


def original_sender(tx: Transaction, header: PackageHeader) -> str:
    """The organization a status message answers to: the sender of the document it names.

    Looks the document up by ResponseFor/DocumentId (preferring one the status's author
    received); falls back to ResponseFor/OrganId. Returns "" when neither is known.
    """
    document_id = header.response_for_document_id
    if document_id:
        row = tx.one(
            "SELECT m.from_code FROM axis_message m JOIN axis_delivery d ON d.message_id = m.id"
            " WHERE m.message_type = 'edoc' AND m.document_id = ? AND d.to_code = ?"
            " ORDER BY m.seq DESC LIMIT 1",
            (document_id, header.from_organ),
        ) or tx.one(
            "SELECT from_code FROM axis_message WHERE message_type = 'edoc' AND document_id = ?"
            " ORDER BY seq DESC LIMIT 1",
            (document_id,),
        )
        if row:
            return row["from_code"]
    return header.response_for_organ


def message_store(tx: Transaction, message: NewMessage, *, recipients: Sequence[str], copies: int) -> str:
    """Record a message and ``copies`` deliveries to each recipient; return the message id."""
    message_id = str(uuid.uuid4())
    header = message.header
    document_id = header.document_id if message.message_type == "edoc" else header.response_for_document_id
    stamp = now_text()
    tx.execute(
        "INSERT INTO axis_message (id, sender_system, from_code, message_type, service_type, document_id,"
        " status_code, title, notation, sha256, size, dropped, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            message_id,
            message.sender_system,
            header.from_organ,
            message.message_type,
            message.service_type,
            document_id,
            header.status_code,
            header.subject,
            header.notation,
            message.sha256,
            message.size,
            int(not recipients),
            stamp,
        ),
    )
    rows = [
        (str(uuid.uuid4()), message_id, code, DELIVERY_PENDING, stamp, stamp)
        for code in recipients
        for _ in range(copies)
    ]
    if rows:
        tx.execute_many(
            "INSERT INTO axis_delivery (id, message_id, to_code, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    return message_id


_INBOX = (
    "SELECT d.id, d.to_code, d.status, d.created_at, d.updated_at, m.from_code, m.message_type,"
    " m.service_type, m.sha256, m.size"
    " FROM axis_delivery d"
    " JOIN axis_message m ON m.id = d.message_id"
    " JOIN axis_agency a ON a.code = d.to_code"
    " WHERE a.system_id = ?"
)


def waiting_list(tx: Transaction, *, system_id: str, message_type: str) -> list[dict[str, Any]]:
    """Deliveries of one type still waiting for any organization the system serves, oldest first."""
    return tx.all(
        _INBOX + " AND m.message_type = ? AND d.status IN (?, ?) ORDER BY d.seq",
        (system_id, message_type, *WAITING),
    )


def delivery_get(tx: Transaction, *, system_id: str, delivery_id: str) -> dict[str, Any]:
    """One delivery addressed to the system (acknowledged or not); 404 if there is none."""
    row = tx.one(_INBOX + " AND d.id = ?", (system_id, delivery_id))
    if row is None:
        raise not_found(f"no message with docId {delivery_id} for system {system_id}")
    return row


def delivery_acknowledge(tx: Transaction, *, system_id: str, delivery_id: str, status: str) -> None:
    """Record an acknowledgement; ``done`` and ``fail`` take the delivery off the list."""
    delivery_get(tx, system_id=system_id, delivery_id=delivery_id)
    stamp = now_text()
    tx.execute(
        "UPDATE axis_delivery SET status = ?, updated_at = ? WHERE id = ?", (status, stamp, delivery_id)
    )
    tx.execute(
        "INSERT INTO axis_acknowledgement (delivery_id, system_id, status, created_at) VALUES (?, ?, ?, ?)",
        (delivery_id, system_id, status, stamp),
    )


def sent_list(
    tx: Transaction, *, system_id: str, message_type: str, message_id: str | None
) -> list[dict[str, Any]]:
    """The deliveries of messages the system sent (optionally of one message), oldest first."""
    sql = (
        "SELECT m.id AS message_id, m.from_code, m.message_type, m.service_type, m.title, m.notation,"
        " m.created_at AS sent_at, d.id AS delivery_id, d.to_code, d.status, d.updated_at"
        " FROM axis_message m JOIN axis_delivery d ON d.message_id = m.id"
        " WHERE m.sender_system = ? AND m.message_type = ?"
    )
    params: list[Any] = [system_id, message_type]
    if message_id:
        sql += " AND m.id = ?"
        params.append(message_id)
    return tx.all(sql + " ORDER BY d.seq", params)


def is_received(status: str) -> bool:
    """Whether a delivery state means the recipient acknowledged it."""
    return status in (DELIVERY_DONE, DELIVERY_FAILED)
