"""Small factories for tests: organizations, people with roles, documents."""

from __future__ import annotations

import itertools

from documents.models import Document, DocumentType
from qlvb.models import Organization, Unit, User
from qlvb.services.people import organization_upsert, person_upsert, unit_upsert

_seq = itertools.count(1)


def make_org(short: str = "UBND", name: str | None = None, organ_id: str | None = None, **fields) -> Organization:
    n = next(_seq)
    return organization_upsert(
        organ_id=organ_id or f"000.00.{n % 100:02d}.H{(n // 100) % 100:02d}",
        name=name or f"Cơ quan thử nghiệm {n}", short_name=short, hosted=True, **fields,
    )


def make_unit(org: Organization, abbreviation: str = "VP", name: str = "Văn phòng") -> Unit:
    return unit_upsert(organization=org, abbreviation=abbreviation, name=name)


def make_user(org: Organization, roles: list[str], *, unit: Unit | None = None, username: str | None = None,
              password: str = "Mat-khau-thu-1", secret_clearance: bool = False, full_name: str = "") -> User:
    username = username or f"user{next(_seq)}"
    return person_upsert(username=username, full_name=full_name or username, organization=org, roles=roles,
                         unit=unit, password=password, secret_clearance=secret_clearance)


def make_document(org: Organization, *, direction: str = "in", secrecy: int = 0, unit: Unit | None = None,
                  created_by: User | None = None, subject: str = "Về việc thử nghiệm") -> Document:
    return Document.objects.create(
        organization=org, direction=direction, document_type=DocumentType.objects.get(code="cong-van"),
        subject=subject, secrecy=secrecy, unit=unit, created_by=created_by,
    )
