"""The axis operations other than sendEdoc: inbox, fetch, acknowledge, sent list, agencies.

Each function takes the server state and an authenticated call and returns the answer in the
shape the official SDK parses. Only the parameters an operation needs are read: the SDK keeps
sending (and signing) parameters left over from earlier calls, such as a stale ``status``.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from interchange.axis.codes import ACK_STATUSES, MESSAGE_TYPES
from interchange.axis.server import mailbox, registry
from interchange.axis.server.answers import Answer, malformed, ok
from interchange.axis.server.context import AxisApp, Call

log = logging.getLogger(__name__)

STATUS_DESCRIPTIONS = {
    "initial": "Not received yet",
    "processing": "Being processed",
    "done": "Received",
    "fail": "Receiving failed",
}


def _message_type(call: Call) -> str:
    value = (call.param("messagetype") or "edoc").strip()
    if value not in MESSAGE_TYPES:
        raise malformed(f"XroadVnpt-messagetype must be 'edoc' or 'status', not {value!r}")
    return value


def get_received_edoc_list(app: AxisApp, call: Call) -> Answer:
    """Messages of one type waiting for any organization the calling system serves."""
    message_type = _message_type(call)
    with app.database.transaction() as tx:
        rows = mailbox.waiting_list(tx, system_id=call.system_id, message_type=message_type)
    data = [
        {
            "docId": row["id"],
            "serviceType": row["service_type"],
            "messageType": row["message_type"],
            "created_time": row["created_at"],
            "updated_time": row["updated_at"],
            "from": row["from_code"],
            "to": row["to_code"],
            "status": row["status"],
            "status_desc": STATUS_DESCRIPTIONS.get(row["status"], row["status"]),
        }
        for row in rows
    ]
    return ok(data=data)


def _count(app: AxisApp, call: Call, message_type: str) -> Answer:
    with app.database.transaction() as tx:
        rows = mailbox.waiting_list(tx, system_id=call.system_id, message_type=message_type)
    return ok(count=len(rows))


def count_receive_edoc(app: AxisApp, call: Call) -> Answer:
    """How many documents are waiting for the calling system."""
    return _count(app, call, "edoc")


def count_receive_status(app: AxisApp, call: Call) -> Answer:
    """How many status messages are waiting for the calling system."""
    return _count(app, call, "status")


def _delivered_bytes(app: AxisApp, call: Call) -> tuple[str, bytes]:
    doc_id = call.require("docId")
    with app.database.transaction() as tx:
        row = mailbox.delivery_get(tx, system_id=call.system_id, delivery_id=doc_id)
    return doc_id, app.blobs.read(row["sha256"])


def get_edoc(app: AxisApp, call: Call) -> Answer:
    """One received package, base64 in ``data``."""
    doc_id, package = _delivered_bytes(app, call)
    log.info("system %s fetched %s (%d bytes)", call.system_id, doc_id, len(package))
    return ok(data=base64.b64encode(package).decode("ascii"))


def download_edoc(app: AxisApp, call: Call) -> Answer:
    """One received package, as raw bytes."""
    doc_id, package = _delivered_bytes(app, call)
    log.info("system %s downloaded %s (%d bytes)", call.system_id, doc_id, len(package))
    return Answer(package, content_type="application/octet-stream")


def update_status(app: AxisApp, call: Call) -> Answer:
    """Acknowledge a received message: ``done`` or ``fail`` take it off the list."""
    doc_id = call.require("docId")
    status = call.require("status")
    if status not in ACK_STATUSES:
        raise malformed(f"XroadVnpt-status must be one of {', '.join(sorted(ACK_STATUSES))}, not {status!r}")
    with app.database.transaction() as tx:
        mailbox.delivery_acknowledge(tx, system_id=call.system_id, delivery_id=doc_id, status=status)
    log.info("system %s acknowledged %s as %s", call.system_id, doc_id, status)
    return ok()


def get_sent_edoc_list(app: AxisApp, call: Call) -> Answer:
    """Delivery state, per recipient, of what the calling system sent (one DocId if given)."""
    message_type = _message_type(call)
    message_id = (call.param("docId") or "").strip() or None
    with app.database.transaction() as tx:
        rows = mailbox.sent_list(
            tx, system_id=call.system_id, message_type=message_type, message_id=message_id
        )
    data = []
    for row in rows:
        item: dict[str, Any] = {
            "serviceType": row["service_type"],
            "messageType": row["message_type"],
            "senderDocId": row["message_id"],
            "receiverDocId": row["delivery_id"],
            "fromCode": row["from_code"],
            "toCode": row["to_code"],
            "title": row["title"],
            "notation": row["notation"],
            "sentTime": row["sent_at"],
            "sendStatus": "done",
            "sendStatusDesc": "Sent",
            "receiveStatus": row["status"],
            "receiveStatusDesc": STATUS_DESCRIPTIONS.get(row["status"], row["status"]),
        }
        if mailbox.is_received(row["status"]):
            item["receivedTime"] = row["updated_at"]
        data.append(item)
    return ok(data=data)


def _agency_item(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "pid": str(row["parent_id"]),
        "code": row["code"],
        "name": row["name"],
        "mail": row["mail"],
        "oldCode": row["code"].rsplit(".", 1)[-1],
        "code102": row["code"],
    }


def get_agencies_list(app: AxisApp, call: Call) -> Answer:
    """Every organization reachable on the axis."""
    with app.database.transaction() as tx:
        rows = registry.agency_rows(tx, include_deleted=False)
    return ok(data=[_agency_item(row) for row in rows])


def get_agencies_list_qd20(app: AxisApp, call: Call) -> Answer:
    """The same list in the QD20 shape (``level`` is accepted and not used: there are no levels here)."""
    return get_agencies_list(app, call)


def get_synchronize_unit(app: AxisApp, call: Call) -> Answer:
    """Every organization, deleted ones included, with its version and serving system."""
    with app.database.transaction() as tx:
        rows = registry.agency_rows(tx, include_deleted=True)
    data = [
        {
            **_agency_item(row),
            "version": row["version"],
            "centerCode": row["system_id"],
            "deleted": bool(row["deleted"]),
            "modifyDate": row["modified_at"],
            "isAgency": True,
        }
        for row in rows
    ]
    return ok(data=data)


def register_agency(app: AxisApp, call: Call) -> Answer:
    """Register (or update) an organization served by the calling system; the body is its JSON."""
    body = call.json_body
    fields = {}
    for name in ("code", "name", "mail", "mobile", "fax", "pid"):
        value = body.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str | int):
            raise malformed(f"field {name!r} of the agency must be a string")
        fields[name] = str(value).strip()
    if not fields["code"]:
        raise malformed("the agency has no 'code'")
    try:
        agency = registry.AgencyInput(
            code=registry.check_code(fields["code"]),
            name=fields["name"],
            mail=fields["mail"],
            mobile=fields["mobile"],
            fax=fields["fax"],
            parent_code=fields["pid"],
        )
    except ValueError as exc:
        raise malformed(str(exc)) from None
    with app.database.transaction() as tx:
        registry.agency_save(tx, system_id=call.system_id, agency=agency, take_deleted=True)
    log.info("system %s registered organization %s", call.system_id, agency.code)
    return ok()


def delete_agency(app: AxisApp, call: Call) -> Answer:
    """Delete one of the calling system's organizations."""
    code = call.require("AgencyCode")
    with app.database.transaction() as tx:
        registry.agency_delete(tx, system_id=call.system_id, code=code)
    log.info("system %s deleted organization %s", call.system_id, code)
    return ok()
