"""Reads for outgoing documents: per-recipient delivery and its summary line."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q, QuerySet

from interchange.models import Recipient

from .models import Document


def delivery_list(*, document: Document) -> QuerySet[Recipient]:
    """One row per recipient of the document (revoke/update messages are not deliveries of their own)."""
    return (
        Recipient.objects.filter(document=document)
        .filter(Q(outbound__isnull=True) | Q(outbound__business_type=0))
        .select_related("outbound")
        .order_by("channel", "name")
    )


def delivery_summary(*, document: Document) -> str:
    """"12/15 đã tiếp nhận, 1 từ chối, 2 chưa đến" — what a clerk wants to know at a glance."""
    rows = list(delivery_list(document=document))
    if not rows:
        return "Chưa gửi"
    electronic = [r for r in rows if r.channel != Recipient.Channel.PAPER]
    states = Counter(r.state for r in electronic)
    accepted = sum(n for s, n in states.items() if Recipient.State.REGISTERED <= s < Recipient.State.FAILED)
    parts = [f"{accepted}/{len(electronic)} đã tiếp nhận"] if electronic else []
    if states[Recipient.State.REJECTED]:
        parts.append(f"{states[Recipient.State.REJECTED]} từ chối")
    if states[Recipient.State.ARRIVED]:
        parts.append(f"{states[Recipient.State.ARRIVED]} đã đến, chưa vào sổ")
    not_arrived = states[Recipient.State.QUEUED] + states[Recipient.State.SENT]
    if not_arrived:
        parts.append(f"{not_arrived} chưa đến")
    if states[Recipient.State.FAILED]:
        parts.append(f"{states[Recipient.State.FAILED]} gửi lỗi")
    paper = len(rows) - len(electronic)
    if paper:
        parts.append(f"{paper} gửi bản giấy")
    return ", ".join(parts)
