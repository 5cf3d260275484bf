"""Notices for people (documents.models.notices): left by services in their transaction, read on
"Việc của tôi"."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from documents.models.notices import Notice
from qlvb.models import Membership, Role


def notice_send(*, users: Iterable, kind: str, text: str, url: str = "", organization=None) -> int:
    """One notice per distinct active person in `users` (users or ids); returns how many."""
    ids = {getattr(u, "pk", u) for u in users if u is not None}
    if not ids:
        return 0
    rows = [Notice(user_id=pk, organization=organization, kind=kind, text=text[:500], url=url[:300])
            for pk in sorted(ids)]
    Notice.objects.bulk_create(rows)
    return len(rows)


def clerks_of(organization) -> list[int]:
    """The ids of the organization's active clerks (văn thư), who are told of rights changes."""
    return list(Membership.objects.filter(organization=organization, is_active=True, user__is_active=True,
                                          roles__role=Role.CLERK).values_list("user_id", flat=True))


@transaction.atomic
def notice_mark_read(*, user, notice_id: int | None = None) -> int:
    """Mark one of `user`'s notices (or all of them) read; another person's notice is left alone."""
    qs = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_id is not None:
        qs = qs.filter(pk=notice_id)
    return qs.update(read_at=timezone.now())
