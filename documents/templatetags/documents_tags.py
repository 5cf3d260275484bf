"""Small pieces every document screen repeats: urgency and state badges, the overdue flag."""

from __future__ import annotations

from django import template
from django.utils import timezone

from documents.models import Document
from documents.selectors.incoming import is_overdue as _is_overdue

register = template.Library()

STATE_COLORS = {
    Document.State.ARRIVED: "warning",
    Document.State.REGISTERED: "info",
    Document.State.PRESENTED: "primary",
    Document.State.ASSIGNED: "primary",
    Document.State.PROCESSING: "primary",
    Document.State.DONE: "success",
    Document.State.REJECTED: "secondary",
    Document.State.RECALLED: "dark",
}


@register.inclusion_tag("documents/_urgency_badge.html")
def urgency_badge(document):
    return {"urgency": document.urgency, "label": document.get_urgency_display()}


@register.inclusion_tag("documents/_state_badge.html")
def state_badge(document):
    return {"color": STATE_COLORS.get(document.state, "secondary"), "label": document.get_state_display()}


@register.filter
def is_overdue(document) -> bool:
    return _is_overdue(document)


@register.filter
def past(day) -> bool:
    """A deadline (an assignment's) that has passed."""
    return bool(day and day < timezone.localdate())


@register.inclusion_tag("documents/access_log/_section.html", takes_context=True)
def access_history_section(context, document):
    """"Lịch sử truy cập": the latest openings of the document's files, for those who may see them."""
    from documents.permissions import may_see_access_history
    from documents.selectors.access_log import HISTORY_SHOWN, document_access_list, with_people

    user = context["request"].user
    if not may_see_access_history(user, document):
        return {"shown": False}
    rows = with_people(document_access_list(user=user, document=document)[:HISTORY_SHOWN + 1])
    return {"shown": True, "document": document, "rows": rows[:HISTORY_SHOWN], "more": len(rows) > HISTORY_SHOWN}
