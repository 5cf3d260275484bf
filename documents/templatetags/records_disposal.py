"""What the hồ sơ page's keeping-back/disposal box needs (templates/documents/records/_disposal_actions.html)."""

from __future__ import annotations

from django import template

from documents.models.records_disposal import DisposalDecision, DisposalItem, KeepBack
from documents.selectors.records_disposal import record_tombstone
from documents.services.records.disposal import (
    is_archivist,
    is_leader,
    keep_back_open_to,
    may_request_keep_back,
)

register = template.Library()


@register.simple_tag
def record_care(record, user) -> dict:
    pending = KeepBack.objects.filter(record=record, state=KeepBack.State.PENDING).first()
    kept = (KeepBack.objects.filter(record=record, state__in=(KeepBack.State.APPROVED, KeepBack.State.ENDED))
            .select_related("decided_by").order_by("-decided_at").first())
    archive_side = is_leader(user, record.organization_id) or is_archivist(user, record.organization_id)
    on_list = (DisposalItem.objects.filter(record=record, decision__state__in=(
        DisposalDecision.State.PROPOSED, DisposalDecision.State.DECIDED)).select_related("decision").first()
        if archive_side else None)
    return {
        "may_keep_back": pending is None and may_request_keep_back(user, record) and keep_back_open_to(record),
        "pending": pending,
        "kept": kept,
        "tombstone": record_tombstone(record),
        "on_list": on_list,
        "archive_side": archive_side,
    }


@register.filter
def iso_day(value) -> str:
    """"2010-06-30" (a date as the audit data keeps it) → "30/06/2010"."""
    text = str(value or "")
    parts = text[:10].split("-")
    return f"{parts[2]}/{parts[1]}/{parts[0]}" if len(parts) == 3 else text
