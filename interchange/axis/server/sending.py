"""sendEdoc: accept a package (document or status message) and route it to its recipients.

Steps: stream the body to a temporary file while hashing it; check ``hash-file``; read the
edXML header; check that its From is an organization of the calling system; find the
recipients; store the bytes and the deliveries in one transaction.

Recipients of a document are the organizations of its ``To`` elements; of a status message,
the sender of the document it answers (see :func:`mailbox.original_sender`). A signed ``to``
parameter (a JSON string or array of OrganIds), when sent, replaces them. If any recipient is
not registered, the whole send is refused and nothing is delivered: the error names every
unknown organization, so that the sender can fix the package and send it again to all.
"""

from __future__ import annotations

import json
import logging

from interchange.axis.codes import MESSAGE_TYPES, ErrorCode
from interchange.axis.header import PackageError, PackageHeader, read_header
from interchange.axis.server import mailbox, registry
from interchange.axis.server.answers import Answer, AxisFault, malformed, ok
from interchange.axis.server.context import AxisApp, Call
from interchange.axis.server.database import Transaction

log = logging.getLogger(__name__)


def send_edoc(app: AxisApp, call: Call) -> Answer:
    """Accept one package; answer its DocId."""
    message_type = call.require("messagetype")
    if message_type not in MESSAGE_TYPES:
        raise malformed(f"XroadVnpt-messagetype must be 'edoc' or 'status', not {message_type!r}")
    service_type = call.param("servicetype") or "eDoc"
    hash_file = call.require("hash-file")
    explicit_to = _explicit_recipients(call.param("to"))
    if call.content_length > app.max_package_bytes:
        raise too_large(app.max_package_bytes)

    upload = app.blobs.start_upload()
    try:
        call.stream_into(upload)
        try:
            sha256 = upload.finish(hash_file)
            header = read_header(upload.path)
        except (ValueError, PackageError) as exc:
            raise AxisFault(ErrorCode.INVALID_PACKAGE, f"package refused: {exc}", http_status=422) from None
        with app.database.transaction() as tx:
            _check_sender(registry.organs_of(tx, call.system_id), header, call.system_id)
            recipients = explicit_to or _recipients(tx, header, message_type)
            known = registry.active_codes(tx, recipients)
            unknown = [code for code in recipients if code not in known]
            if unknown:
                raise AxisFault(
                    ErrorCode.UNKNOWN_RECIPIENT,
                    f"unknown recipient organization(s): {', '.join(unknown)}; nothing was delivered",
                    http_status=422,
                )
            settings = app.faults.settings
            dropped = message_type == "status" and settings.drop_status
            app.blobs.keep(upload, sha256)
            message = mailbox.NewMessage(
                call.system_id, message_type, service_type, header, sha256, upload.size
            )
            message_id = mailbox.message_store(
                tx,
                message,
                recipients=[] if dropped else recipients,
                copies=2 if settings.duplicate_delivery else 1,
            )
    finally:
        upload.discard()
    log.info(
        "accepted %s %s from %s (system %s, %d bytes) for %s%s",
        message_type,
        message_id,
        header.from_organ,
        call.system_id,
        upload.size,
        ", ".join(recipients[:5]) + (f" and {len(recipients) - 5} more" if len(recipients) > 5 else ""),
        " (dropped by fault injection)" if dropped else "",
    )
    return ok(DocId=message_id)


def too_large(limit: int) -> AxisFault:
    """The fault for a package over the size limit."""
    return AxisFault(
        ErrorCode.PACKAGE_TOO_LARGE,
        f"package refused: larger than the limit of {limit} bytes",
        http_status=413,
    )


def _explicit_recipients(raw: str | None) -> list[str]:
    if raw is None or not raw.strip():
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw  # a bare OrganId without JSON quotes
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise malformed("XroadVnpt-to must be an OrganId or a JSON array of OrganIds")
    return list(dict.fromkeys(v.strip() for v in values if v.strip()))


def _check_sender(organs: set[str], header: PackageHeader, system_id: str) -> None:
    if header.from_organ not in organs:
        raise AxisFault(
            ErrorCode.SENDER_NOT_ALLOWED,
            f"the package's From organization {header.from_organ} is not registered for system {system_id}",
            http_status=403,
        )


def _recipients(tx: Transaction, header: PackageHeader, message_type: str) -> list[str]:
    if message_type == "edoc":
        if not header.to_organs:
            raise AxisFault(
                ErrorCode.INVALID_PACKAGE, "package refused: it has no To/OrganId", http_status=422
            )
        return list(header.to_organs)
    if not (header.response_for_document_id or header.response_for_organ):
        raise AxisFault(
            ErrorCode.INVALID_PACKAGE,
            "status refused: it has neither ResponseFor/DocumentId nor ResponseFor/OrganId",
            http_status=422,
        )
    sender = mailbox.original_sender(tx, header)
    if not sender:
        raise AxisFault(
            ErrorCode.UNKNOWN_RECIPIENT,
            f"status refused: the document {header.response_for_document_id} it answers is unknown",
            http_status=422,
        )
    return [sender]
