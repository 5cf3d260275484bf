"""Open registers (sổ văn bản)."""

from __future__ import annotations

from django.db import transaction

from documents.models import DocumentType, Register
from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record


@transaction.atomic
def register_open(
    *, organization, direction: str, year: int, name: str, document_types: list[DocumentType] | None = None,
    is_secret: bool = False, actor=None,
) -> Register:
    register, created = Register.objects.get_or_create(
        organization=organization, direction=direction, year=year, name=name, defaults={"is_secret": is_secret}
    )
    if document_types is not None:
        register.document_types.set(document_types)
    if created:
        audit_record(action=AuditAction.REGISTER_OPEN, actor=actor, organization=organization, obj=register,
                     data={"name": name, "year": year, "direction": direction, "secret": is_secret})
    return register
