"""Authenticate an axis call: find the calling system and verify its XroadVnpt-* signature.

Timestamps are not checked: the official SDK reuses one timestamp for the whole life of a
service object, so old timestamps are normal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from interchange.axis import wire
from interchange.axis.codes import ErrorCode
from interchange.axis.server import registry
from interchange.axis.server.answers import AxisFault, malformed
from interchange.axis.server.database import Database

log = logging.getLogger(__name__)


def authenticate(database: Database, get_header: Callable[[str], str | None]) -> tuple[str, dict[str, str]]:
    """Return ``(system_id, signed parameters)`` of a call, or raise :class:`AxisFault`."""
    system_id = (get_header(wire.SYSTEM_ID_HEADER) or "").strip()
    if not system_id:
        raise malformed(f"missing header {wire.SYSTEM_ID_HEADER}")
    for name in (wire.SIGN_HEADER_KEY, wire.SIGN_HEADER, wire.HASH_HEADER):
        if not get_header(name):
            raise malformed(f"missing header {name}")
    with database.transaction() as tx:
        secret = registry.system_secret(tx, system_id)
    if secret is None:
        log.warning("refused a call from unknown system %r", system_id)
        raise AxisFault(ErrorCode.BAD_CREDENTIALS, f"unknown system id {system_id!r}", http_status=401)
    try:
        params = wire.verify(get_header, secret)
    except wire.SignatureError as exc:
        log.warning("refused a call from system %r: %s", system_id, exc)
        raise AxisFault(
            ErrorCode.BAD_CREDENTIALS,
            f"signature check failed for system {system_id!r}: {exc}",
            http_status=401,
        ) from None
    if params.get("systemid") != system_id:
        raise AxisFault(
            ErrorCode.BAD_CREDENTIALS,
            "XroadVnpt-systemid is not among the signed parameters",
            http_status=401,
        )
    return system_id, params
