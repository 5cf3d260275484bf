"""What the archive include of a hồ sơ page shows (templates/documents/records/_archive_actions.html)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from documents.models.records import RecordFile
from documents.selectors import records_archive as sel
from documents.services.records import archive as svc

register = template.Library()


@register.simple_tag
def archive_actions_for(record: RecordFile, user) -> dict:
    """The archive's word on the hồ sơ for this person: its due date, whether they may submit it,
    check it, ask to read it, and the last transfer with its papers."""
    due = sel.archive_due_on(record) if record.state in sel.NOT_YET_SUBMITTED else None
    today = timezone.localdate()
    items = sel.record_transfer_items(record)
    transfer = items[0].transfer if items else None
    visible_transfer = transfer is not None and sel.transfers_visible_to(user).filter(pk=transfer.pk).exists()
    organization_member = record.organization_id in sel.member_organizations(user)
    return {
        "due_on": due,
        "late_days": (today - due).days if due and due < today else 0,
        "may_submit": record.state in sel.SUBMITTABLE and record.goes_to_archive
        and svc.may_submit(user, record),
        "stays_at_unit": not record.goes_to_archive,
        "may_check": record.state == RecordFile.State.SUBMITTED and svc.is_archivist(user, record.organization_id),
        "transfer": transfer if visible_transfer else None,
        "may_ask_to_read": record.state == RecordFile.State.ARCHIVED and organization_member
        and not sel.has_reading_access(user, record),
        "may_read": record.state == RecordFile.State.ARCHIVED and sel.has_reading_access(user, record),
    }
