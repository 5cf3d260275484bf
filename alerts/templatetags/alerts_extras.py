"""Template helpers of the alerts pages."""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..models import Severity

register = template.Library()


@register.filter
def get(mapping, key):
    """{{ dict|get:key }} — a dictionary value by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def signed(value) -> str:
    """+3, −2, 0."""
    if value is None:
        return "—"
    return f"+{value}" if value > 0 else (f"−{-value}" if value < 0 else "0")


SEVERITY_CLASSES = {Severity.INFO: "info", Severity.WARNING: "warning", Severity.CRITICAL: "danger"}


@register.filter
def severity_class(value) -> str:
    return SEVERITY_CLASSES.get(value, "secondary")


@register.simple_tag
def document_url(document_id) -> str:
    """The document's exchange tracking page (recipients, sends, statuses, alerts)."""
    return reverse("alerts:document", args=[document_id]) if document_id else ""
