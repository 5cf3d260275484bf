"""Prepared data for the alerts tests: organizations with a clerk and an admin, documents in the
states the rules look for, outbound rows with the times they would have had."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from documents.models import Document, DocumentType
from interchange.models import AxisConnection, Inbound, MessageKind, Outbound, Recipient
from interchange.services.packages import package_store
from qlvb.models import Organization
from tests.factories import make_org

_n = itertools.count(10_000)  # far from the numbers (số) the tests choose by hand: no clash, whatever ran before
TZ = timezone.get_fixed_timezone(7 * 60)

# Wednesday 11 March 2026, 10:00 in Hà Nội: a plain working week with no holiday near it.
NOW = dt.datetime(2026, 3, 11, 10, 0, tzinfo=TZ)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def office(short: str = "UBND", name: str = "Ủy ban nhân dân tỉnh Bắc Kạn", organ_id: str = "000.00.00.H05",
           parent: Organization | None = None) -> dict:
    org = make_org(short, name=name, organ_id=organ_id, parent=parent)
    n = next(_n)
    return {
        "org": org,
        "clerk": _person(org, "clerk", n),
        "admin": _person(org, "admin", n),
    }


def _person(org: Organization, role: str, n: int):
    from qlvb.services.people import person_upsert

    names = {"clerk": "Hoàng Thị Nhung", "admin": "Nguyễn Văn Quản", "specialist": "Lê Văn Chuyên"}
    return person_upsert(username=f"{role}{n}", full_name=names[role], organization=org, roles=[role],
                         email=f"{role}{n}@example.gov.vn", password="Mat-khau-thu-1")


def sender_org() -> Organization:
    return Organization.objects.get_or_create(
        organ_id="000.00.00.G22", defaults={"name": "Văn phòng Chính phủ", "short_name": "VPCP"})[0]


def connection_for(org: Organization) -> AxisConnection:
    conn = AxisConnection.objects.filter(organizations=org).first()
    if conn is None:
        conn = AxisConnection.objects.create(name=f"Trục {org.short_name}", endpoint="http://127.0.0.1:9",
                                             system_id=f"sys-{org.pk}", secret="s", last_poll_at=timezone.now())
        conn.organizations.add(org)
    return conn


def incoming(org: Organization, *, received_at: dt.datetime, source: str = "axis", urgency: int = 0,
             state: str = "arrived", symbol: str | None = None, subject: str = "V/v tăng cường gửi, nhận văn bản điện tử",
             registered_at: dt.datetime | None = None, **fields) -> Document:
    sender = sender_org()
    return Document.objects.create(
        organization=org, direction="in", document_type=DocumentType.objects.get(code="cong-van"),
        symbol=symbol or f"{next(_n)}/VPCP-KSTT", subject=subject, source=source, state=state, urgency=urgency,
        issuer=sender, issuer_name=sender.name, received_at=received_at, registered_at=registered_at,
        external_id=f"000.00.00.G22,2026/03/01,{next(_n)}/VPCP-KSTT", **fields,
    )


def outgoing(org: Organization, *, symbol: str | None = None, state: str = "issued",
             subject: str = "V/v triển khai chữ ký số chuyên dùng", **fields) -> Document:
    return Document.objects.create(
        organization=org, direction="out", document_type=DocumentType.objects.get(code="cong-van"),
        symbol=symbol or f"{next(_n)}/UBND-VXNV", subject=subject, state=state, source="drafted",
        issued_on=dt.date(2026, 3, 9), **fields,
    )


def outbound(document: Document, *, recipients=(("000.00.00.G22", "Văn phòng Chính phủ"),), state: str = "sent",
             created_at: dt.datetime, sent_at: dt.datetime | None = None, recipient_state: int | None = None,
             kind: str = MessageKind.EDOC, status_code: str = "", last_error: str = "", attempts: int = 1,
             error_permanent: bool = False) -> Outbound:
    org = document.organization
    row = Outbound.objects.create(
        kind=kind, organization=org, connection=connection_for(org), document=document,
        package=package_store(data=f"package {next(_n)}".encode()), external_id=f"{org.organ_id},{document.symbol}",
        state=state, sent_at=sent_at, status_code=status_code,
        status_to="000.00.00.G22" if kind == MessageKind.STATUS else "", last_error=last_error, attempts=attempts,
        error_permanent=error_permanent,
    )
    Outbound.objects.filter(pk=row.pk).update(created_at=created_at)
    row.created_at = created_at
    if kind == MessageKind.EDOC:
        default_state = {"sent": Recipient.State.SENT, "failed": Recipient.State.FAILED}.get(state, 0)
        for organ_id, name in recipients:
            Recipient.objects.create(outbound=row, document=document, organ_id=organ_id, name=name,
                                     state=default_state if recipient_state is None else recipient_state)
    return row


def inbound_failed(org: Organization, *, received_at: dt.datetime, error: str = "not an edXML envelope") -> Inbound:
    row = Inbound.objects.create(
        connection=connection_for(org), axis_doc_id=f"axis-{next(_n)}", kind=MessageKind.EDOC,
        from_organ_id="000.00.00.G22", to_organ_id=org.organ_id, package=package_store(data=f"junk {next(_n)}".encode()),
        state=Inbound.State.FAILED, error=error,
    )
    Inbound.objects.filter(pk=row.pk).update(received_at=received_at)
    return row


def status_sent(document: Document, code: str, *, state: str = "sent") -> Outbound:
    return outbound(document, kind=MessageKind.STATUS, status_code=code, state=state,
                    created_at=document.received_at, sent_at=document.received_at)
