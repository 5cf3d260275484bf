"""Connected systems and the organizations (agencies) each one serves.

A system is one deployment holding one secret; it may serve many organizations (a province's
center polls once for all of them). Every organization (OrganId) is served by exactly one
system, which is how packages are routed and how a sender's From is checked.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from interchange.axis.codes import ErrorCode
from interchange.axis.server.answers import AxisFault, not_found
from interchange.axis.server.database import Database, Transaction

MAX_CODE_LENGTH = 64


def now_text() -> str:
    """The server's local time as ``yyyy-MM-dd HH:mm:ss``, the format of the answers."""
    return datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class AgencyInput:
    """An organization to register: its OrganId and optional details."""

    code: str
    name: str = ""
    mail: str = ""
    mobile: str = ""
    fax: str = ""
    parent_code: str = ""


def check_code(code: str) -> str:
    """Validate an OrganId loosely (real ids vary in shape) and return it stripped."""
    code = (code or "").strip()
    if not code or len(code) > MAX_CODE_LENGTH or not code.isascii() or not code.isprintable() or " " in code:
        raise ValueError(f"{code!r} is not a valid organization code")
    return code


def system_secret(tx: Transaction, system_id: str) -> str | None:
    """The secret of a system, or None if the system is unknown."""
    row = tx.one("SELECT secret FROM axis_system WHERE system_id = ?", (system_id,))
    return row["secret"] if row else None


def organs_of(tx: Transaction, system_id: str) -> set[str]:
    """Codes of the (not deleted) organizations a system serves."""
    rows = tx.all("SELECT code FROM axis_agency WHERE system_id = ? AND deleted = 0", (system_id,))
    return {row["code"] for row in rows}


def active_codes(tx: Transaction, codes: Sequence[str]) -> set[str]:
    """Which of ``codes`` are registered, not deleted organizations."""
    found: set[str] = set()
    for start in range(0, len(codes), 500):
        chunk = list(codes[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = tx.all(f"SELECT code FROM axis_agency WHERE deleted = 0 AND code IN ({marks})", chunk)
        found.update(row["code"] for row in rows)
    return found


def system_add(database: Database, *, system_id: str, secret: str, agencies: Sequence[AgencyInput]) -> None:
    """Create a system or change its secret, and attach organizations to it.

    Raises ValueError if an organization is already served by another system.
    """
    system_id = check_code(system_id)
    if not secret:
        raise ValueError("the secret must not be empty")
    with database.transaction() as tx:
        stamp = now_text()
        if system_secret(tx, system_id) is None:
            tx.execute(
                "INSERT INTO axis_system (system_id, secret, created_at) VALUES (?, ?, ?)",
                (system_id, secret, stamp),
            )
        else:
            tx.execute("UPDATE axis_system SET secret = ? WHERE system_id = ?", (secret, system_id))
        for agency in agencies:
            agency_save(tx, system_id=system_id, agency=agency, take_deleted=True)


def agency_save(tx: Transaction, *, system_id: str, agency: AgencyInput, take_deleted: bool) -> None:
    """Register an organization for ``system_id``, or update it if that system already serves it.

    A deleted organization of another system is taken over when ``take_deleted``; a live one
    raises :class:`AxisFault` (CONFLICT).
    """
    code = check_code(agency.code)
    existing = tx.one("SELECT system_id, deleted FROM axis_agency WHERE code = ?", (code,))
    if existing and existing["system_id"] != system_id and not (existing["deleted"] and take_deleted):
        raise AxisFault(
            ErrorCode.CONFLICT,
            f"organization {code} is already served by system {existing['system_id']}",
            http_status=409,
        )
    values = (agency.name, agency.mail, agency.mobile, agency.fax, agency.parent_code, system_id, now_text())
    if existing:
        tx.execute(
            "UPDATE axis_agency SET name = ?, mail = ?, mobile = ?, fax = ?, parent_code = ?, system_id = ?,"
            " modified_at = ?, deleted = 0, version = version + 1 WHERE code = ?",
            (*values, code),
        )
    else:
        tx.execute(
            "INSERT INTO axis_agency (name, mail, mobile, fax, parent_code, system_id, modified_at, code)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, code),
        )


def agency_delete(tx: Transaction, *, system_id: str, code: str) -> None:
    """Mark one of the system's organizations deleted (it stays in the synchronisation list)."""
    row = tx.one("SELECT system_id, deleted FROM axis_agency WHERE code = ?", (code,))
    if row is None or row["deleted"]:
        raise not_found(f"organization {code} is not registered on the axis")
    if row["system_id"] != system_id:
        raise AxisFault(
            ErrorCode.CONFLICT,
            f"organization {code} is served by system {row['system_id']}, not by {system_id}",
            http_status=403,
        )
    tx.execute(
        "UPDATE axis_agency SET deleted = 1, version = version + 1, modified_at = ? WHERE code = ?",
        (now_text(), code),
    )


def agency_rows(tx: Transaction, *, include_deleted: bool) -> list[dict[str, Any]]:
    """Every organization, in registration order, with the id of its parent when known."""
    rows = tx.all("SELECT * FROM axis_agency ORDER BY id")
    ids = {row["code"]: row["id"] for row in rows}
    for row in rows:
        row["parent_id"] = ids.get(row["parent_code"], 0)
    return [row for row in rows if include_deleted or not row["deleted"]]
