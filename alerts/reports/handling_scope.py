"""Who reads the handling reports (Phụ lục VI, V.2 and V.4), for which organization or unit, and
over which period.

- An organization's leaders and admins read it for the whole organization (admins, like on the
  dashboard, also for the organizations below theirs); staff and superusers for every hosted one.
- A unit head reads it for their unit.
- Clerks, specialists and archivists do not: the report compares units and people, a management
  figure; a specialist's own work is on "Việc của tôi", the clerk's follow-up in the tracking register.

Figures are counts of the organization's documents (operational facts, like alerts.kpis); the
list behind a count shows only the documents the reader may read (Document.objects.visible_to),
so an admin, who reads no document, sees the counts only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404

from qlvb.access import memberships
from qlvb.models import Organization, Role, Unit

from ..selectors import organization_scope

MAX_DAYS = 366


@dataclass(frozen=True)
class HandlingScope:
    organization: Organization
    unit: Unit | None = None  # a unit head's unit; None: the whole organization

    @property
    def label(self) -> str:
        return f"{self.unit.name} — {self.organization.name}" if self.unit else self.organization.name


def handling_scopes(*, user) -> list[HandlingScope]:
    """The organizations (or units) whose handling reports `user` reads, by name."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser or user.is_staff:
        return [HandlingScope(o) for o in Organization.objects.filter(hosted=True).order_by("name")]
    whole: set[int] = set()
    units: list[Unit] = []
    for m in memberships(user):
        roles = m.role_set
        if Role.ADMIN in roles:
            whole |= organization_scope(m.organization)
        elif Role.LEADER in roles:
            whole.add(m.organization_id)
        elif Role.UNIT_HEAD in roles and m.unit_id:
            units.append(m.unit)
    scopes = [HandlingScope(o) for o in Organization.objects.filter(pk__in=whole, hosted=True).order_by("name")]
    scopes += [HandlingScope(u.organization, u) for u in units if u.organization_id not in whole]
    return scopes


def handling_scope_pick(scopes: list[HandlingScope], wanted: str | None) -> HandlingScope:
    """The scope chosen with ?co_quan=<organization id>; the first by default. Another
    organization's id is a 404, as on the other report pages."""
    if wanted:
        for scope in scopes:
            if str(scope.organization.pk) == wanted:
                return scope
        raise Http404("Không có cơ quan này trong phạm vi của bạn.")
    return scopes[0]


# --- the period ------------------------------------------------------------------------------

PRESETS = {
    "thang-nay": "Tháng này",
    "thang-truoc": "Tháng trước",
    "quy-nay": "Quý này",
    "nam-nay": "Năm nay",
}


def preset_period(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a named period; the current ones end today."""
    if preset == "thang-nay":
        return today.replace(day=1), today
    if preset == "thang-truoc":
        last = today.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), last
    if preset == "quy-nay":
        return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today
    if preset == "nam-nay":
        return dt.date(today.year, 1, 1), today
    raise KeyError(preset)
