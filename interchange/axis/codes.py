"""Answer vocabulary shared by the local axis server and the axis client.

Every answer is a JSON object with ``status`` (``OK`` or ``FAIL``), ``ErrorCode`` (``"0"`` on
success) and ``ErrorDesc``. The official SDK ignores the HTTP status, so the error codes below
carry the meaning on their own; the local server also sets a matching HTTP status.
"""

from __future__ import annotations

from enum import StrEnum

STATUS_OK = "OK"
STATUS_FAIL = "FAIL"


class ErrorCode(StrEnum):
    """``ErrorCode`` values of the local axis server."""

    OK = "0"
    MALFORMED_REQUEST = "1001"  # missing or malformed headers, parameters or JSON body
    BAD_CREDENTIALS = "1002"  # unknown system id or a signature that does not verify
    SENDER_NOT_ALLOWED = "1003"  # the package's From is not an organization of the calling system
    UNKNOWN_RECIPIENT = "1004"  # a recipient organization is not registered on the axis
    INVALID_PACKAGE = "1005"  # not a readable edXML header, DOCTYPE, hash-file mismatch
    PACKAGE_TOO_LARGE = "1006"
    NOT_FOUND = "1007"  # no such message for this system, unknown agency, unknown path
    CONFLICT = "1008"  # e.g. an agency code already served by another system
    UNAVAILABLE = "2001"  # the axis is down or overloaded: try again later
    INTERNAL_ERROR = "2002"  # unexpected server failure: try again later


# Codes after which the same request may succeed later.
TRANSIENT_CODES = frozenset({ErrorCode.UNAVAILABLE.value, ErrorCode.INTERNAL_ERROR.value})

# Delivery states of a received message, as reported in the lists.
DELIVERY_PENDING = "initial"
DELIVERY_PROCESSING = "processing"
DELIVERY_DONE = "done"
DELIVERY_FAILED = "fail"
ACK_STATUSES = frozenset({DELIVERY_DONE, DELIVERY_FAILED, DELIVERY_PROCESSING})

MESSAGE_TYPES = frozenset({"edoc", "status"})
