"""Directory sync: the axis's list of agencies fills our directory of external organizations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qlvb.models import Organization, validate_organ_id

from ..models import AxisConnection
from .connections import client_for


def directory_sync(*, connection: AxisConnection) -> dict[str, int]:
    """Add agencies we do not know, rename those that changed. Hosted organizations are left alone."""
    with client_for(connection) as client:
        agencies = client.agencies_list()
    created = updated = skipped = 0
    with transaction.atomic():
        known = {o.organ_id: o for o in Organization.objects.filter(organ_id__in=[a.code for a in agencies])}
        for agency in agencies:
            try:
                validate_organ_id(agency.code)
            except ValidationError:
                skipped += 1
                continue
            org = known.get(agency.code)
            if org is None:
                Organization.objects.create(organ_id=agency.code, name=agency.name[:200] or agency.code,
                                            short_name="", email=agency.mail[:100], hosted=False)
                created += 1
            elif not org.hosted and agency.name and org.name != agency.name[:200]:
                org.name = agency.name[:200]
                org.save(update_fields=["name"])
                updated += 1
        AxisConnection.objects.filter(pk=connection.pk).update(last_directory_sync_at=timezone.now())
    return {"created": created, "updated": updated, "skipped": skipped}
