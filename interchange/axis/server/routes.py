"""The table of axis operations: the last path segment names the operation.

Paths are matched on their last segment, so an endpoint with a prefix (``/api/vxp/sendEdoc``)
works as well as ``/sendEdoc``. GET and POST are both accepted (the SDK uses GET only for
downloadEdoc).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from interchange.axis.server import operations, sending
from interchange.axis.server.answers import Answer
from interchange.axis.server.context import AxisApp, Call


@dataclass(frozen=True)
class Operation:
    """How to run one operation."""

    run: Callable[[AxisApp, Call], Answer]
    streams_body: bool = False  # the body is a package, not a small JSON object
    may_fail: bool = False  # subject to the failure-rate fault


OPERATIONS: dict[str, Operation] = {
    "sendEdoc": Operation(sending.send_edoc, streams_body=True, may_fail=True),
    "getReceivedEdocList": Operation(operations.get_received_edoc_list, may_fail=True),
    "getEdoc": Operation(operations.get_edoc, may_fail=True),
    "downloadEdoc": Operation(operations.download_edoc, may_fail=True),
    "updateStatus": Operation(operations.update_status),
    "getSentEdocList": Operation(operations.get_sent_edoc_list, may_fail=True),
    "countReceiveEdoc": Operation(operations.count_receive_edoc),
    "countReceiveStatus": Operation(operations.count_receive_status),
    "getAgenciesList": Operation(operations.get_agencies_list, may_fail=True),
    "getAgenciesListQD20": Operation(operations.get_agencies_list_qd20, may_fail=True),
    "getSynchronizeUnit": Operation(operations.get_synchronize_unit, may_fail=True),
    "registerAgency": Operation(operations.register_agency),
    "deleteAgency": Operation(operations.delete_agency),
}


def operation_name(path: str) -> str:
    """The operation a request path names (its last segment)."""
    return path.rstrip("/").rsplit("/", 1)[-1]
