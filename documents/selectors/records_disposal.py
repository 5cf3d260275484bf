"""Reads of keeping back, handover and disposal, each through who may see them:
- keep-back requests: leaders and archive staff of the organization, the requester, the hồ sơ's owner;
  the list of kept hồ sơ (Danh mục hồ sơ, tài liệu giữ lại): leaders and archive staff;
- handover: leaders (the organization) and unit heads (their unit); a handover's minute also the two
  people concerned and the clerks (who are told of it);
- disposal (review list, decisions, tombstones): leaders and archive staff.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from documents.errors import RecordsError
from documents.models.records import KEEP_BACK_MAX_YEARS, PERMANENT, RecordFile, add_years
from documents.models.records_disposal import (
    DisposalDecision,
    DisposalItem,
    Handover,
    HandoverDesignation,
    KeepBack,
)
from qlvb.access import heads_unit, membership, memberships
from qlvb.errors import Refused
from qlvb.models import Membership, Organization, Role, User

# --- the rules (reads the services check and the pages show) ------------------------------------

KEEP_BACK_NOTICE_DAYS = 90  # a hồ sơ due within this many days may already be asked to be kept back
# Not yet with the archive: still the person's to hold (submitted, archived, disposed ones are not).
HELD_STATES = (RecordFile.State.OPEN, RecordFile.State.CLOSED, RecordFile.State.RETURNED, RecordFile.State.KEPT)


def is_leader(user, organization) -> bool:
    m = membership(user, organization)
    return m is not None and Role.LEADER in m.role_set


def is_archivist(user, organization) -> bool:
    m = membership(user, organization)
    return m is not None and Role.ARCHIVIST in m.role_set


def people_with_role(organization, role: str) -> list[int]:
    return list(Membership.objects.filter(organization=organization, is_active=True, user__is_active=True,
                                          roles__role=role).values_list("user_id", flat=True))


def keep_back_latest(record: RecordFile) -> dt.date | None:
    """The last day a due hồ sơ may be kept back to: KEEP_BACK_MAX_YEARS past its due date."""
    due = record.submission_due_on
    return add_years(due, KEEP_BACK_MAX_YEARS) if due else None


def keep_back_open_to(record: RecordFile, *, today: dt.date | None = None) -> bool:
    """Whether the hồ sơ may be asked to be kept back: closed, goes to the archive, due or nearly due."""
    today = today or timezone.localdate()
    due = record.submission_due_on
    return (record.state == RecordFile.State.CLOSED and due is not None
            and due - today <= dt.timedelta(days=KEEP_BACK_NOTICE_DAYS))


def may_request_keep_back(actor, record: RecordFile) -> bool:
    if membership(actor, record.organization_id) is None:
        return False
    return record.owner_id == actor.pk or (record.unit_id is not None and heads_unit(actor, record.unit_id))


def disposal_refusal(record: RecordFile, *, today: dt.date | None = None) -> Refused | None:
    """Why the hồ sơ cannot go on a disposal list now, or None: permanent; neither archived nor closed
    and kept at its unit; retention not ended."""
    today = today or timezone.localdate()
    if record.is_permanent:
        return Refused(RecordsError.DISPOSAL_PERMANENT, code=record.code)
    archived = record.state == RecordFile.State.ARCHIVED
    kept_at_unit = record.state == RecordFile.State.CLOSED and not record.goes_to_archive
    if not (archived or kept_at_unit):
        return Refused(RecordsError.DISPOSAL_NOT_ELIGIBLE, code=record.code)
    ends = record.retention_ends_on
    if ends is None or ends >= today:
        return Refused(RecordsError.DISPOSAL_NOT_EXPIRED, code=record.code)
    return None


def headed_unit_ids(user, organization) -> set[int]:
    return set(memberships(user).filter(organization_id=getattr(organization, "pk", organization),
                                        roles__role=Role.UNIT_HEAD, unit__isnull=False)
               .values_list("unit_id", flat=True))


def any_membership(user, organization) -> Membership | None:
    """The person's membership in the organization, active or not (people who left still hold hồ sơ)."""
    return Membership.objects.filter(user=user, organization=organization).select_related("unit").first()


def held_records(*, actor, from_user, organization):
    """The hồ sơ of `from_user` not yet with the archive that `actor` may hand over (none if not allowed)."""
    qs = RecordFile.objects.filter(organization=organization, owner=from_user, state__in=HELD_STATES)
    if is_leader(actor, organization) or actor.pk == from_user.pk:
        return qs
    units = headed_unit_ids(actor, organization)
    if not units:
        return qs.none()
    theirs = any_membership(from_user, organization)
    in_unit = Q(unit_id__in=units)
    if theirs is not None and theirs.unit_id in units:
        in_unit |= Q(unit__isnull=True)
    return qs.filter(in_unit)


def orgs_with(user, *roles: str) -> list[int]:
    return [m.organization_id for m in memberships(user) if m.role_set & set(roles)]


def organizations_with(user, *roles: str) -> list[Organization]:
    return list(Organization.objects.filter(pk__in=orgs_with(user, *roles)).order_by("name"))


# --- keeping back --------------------------------------------------------------------------------

def keep_backs_pending(*, user) -> QuerySet[KeepBack]:
    """Requests waiting for a leader of the user's organizations."""
    return (KeepBack.objects.filter(organization_id__in=orgs_with(user, Role.LEADER), state=KeepBack.State.PENDING)
            .select_related("record", "requested_by").order_by("requested_at"))


def keep_backs_kept(*, user, organization_id: int | None = None) -> QuerySet[KeepBack]:
    """Danh mục hồ sơ, tài liệu giữ lại: every hồ sơ kept back now, with its approval."""
    orgs = orgs_with(user, Role.LEADER, Role.ARCHIVIST)
    if organization_id is not None:
        orgs = [o for o in orgs if o == organization_id]
    return (KeepBack.objects.filter(organization_id__in=orgs, state=KeepBack.State.APPROVED,
                                    record__state=RecordFile.State.KEPT)
            .select_related("record", "record__unit", "record__owner", "requested_by", "decided_by", "organization")
            .order_by("organization", "until", "record__code"))


def keep_back_get(*, user, pk: int) -> KeepBack:
    keep = KeepBack.objects.select_related("record", "record__owner", "requested_by", "decided_by").filter(pk=pk).first()
    if keep is None:
        raise Http404("Không có đề nghị này.")
    if keep.organization_id in orgs_with(user, Role.LEADER, Role.ARCHIVIST):
        return keep
    if keep.requested_by_id == user.pk or may_request_keep_back(user, keep.record):
        return keep
    if RecordFile.objects.visible_to(user).filter(pk=keep.record_id).exists():
        return keep
    raise Http404("Không có đề nghị này.")


def keep_back_candidates(*, user, today: dt.date | None = None) -> list[RecordFile]:
    """Closed hồ sơ due (or nearly due) at the archive that the user may ask to keep back."""
    today = today or timezone.localdate()
    mine = Q(owner=user)
    for org_id in {m.organization_id for m in memberships(user)}:
        units = headed_unit_ids(user, org_id)
        if units:
            mine |= Q(organization_id=org_id, unit_id__in=units)
    qs = (RecordFile.objects.filter(mine, state=RecordFile.State.CLOSED,
                                    organization_id__in=[m.organization_id for m in memberships(user)])
          .exclude(keep_backs__state=KeepBack.State.PENDING).select_related("unit", "owner").order_by("year", "code"))
    return [r for r in qs if keep_back_open_to(r, today=today)]


# --- handover ------------------------------------------------------------------------------------

@dataclass
class Holder:
    """A person of the organization (or unit) who holds hồ sơ not yet in the archive."""

    user: User
    organization: Organization
    membership: Membership | None
    count: int
    units: list[str] = field(default_factory=list)
    designated_to: User | None = None

    @property
    def inactive(self) -> bool:
        return not self.user.is_active or self.membership is None or not self.membership.is_active

    @property
    def left_unit(self) -> bool:
        """Holds hồ sơ of a unit they no longer belong to."""
        unit = self.membership.unit.name if self.membership and self.membership.unit_id else None
        return any(u != unit for u in self.units if u)


def handover_holders(*, user) -> list[Holder]:
    """People who hold hồ sơ not yet in the archive, in the organizations the user leads (everyone) and
    the units they head (the unit's hồ sơ), inactive and moved people first."""
    holders: list[Holder] = []
    for m in memberships(user):
        roles = m.role_set
        qs = RecordFile.objects.filter(organization_id=m.organization_id, state__in=HELD_STATES)
        if Role.LEADER not in roles:
            units = headed_unit_ids(user, m.organization_id)
            if not units:
                continue
            unit_members = Membership.objects.filter(organization_id=m.organization_id, unit_id__in=units)
            qs = qs.filter(Q(unit_id__in=units) | Q(unit__isnull=True, owner__in=unit_members.values("user_id")))
        rows = qs.values("owner_id", "unit__name").annotate(n=Count("pk"))
        by_owner: dict[int, dict] = {}
        for row in rows:
            entry = by_owner.setdefault(row["owner_id"], {"n": 0, "units": set()})
            entry["n"] += row["n"]
            entry["units"].add(row["unit__name"])
        people = User.objects.in_bulk(by_owner.keys())
        their = {x.user_id: x for x in Membership.objects.filter(organization_id=m.organization_id,
                                                                 user_id__in=by_owner.keys()).select_related("unit")}
        designations = {d.from_user_id: d.to_user for d in HandoverDesignation.objects.filter(
            organization_id=m.organization_id, used_at__isnull=True).select_related("to_user")}
        for owner_id, entry in by_owner.items():
            holders.append(Holder(user=people[owner_id], organization=m.organization, membership=their.get(owner_id),
                                  count=entry["n"], units=sorted(u for u in entry["units"] if u),
                                  designated_to=designations.get(owner_id)))
    holders.sort(key=lambda h: (not h.inactive, not h.left_unit, h.user.full_name or h.user.username))
    return holders


def handover_holder_get(*, user, organization_id: int, user_id: int) -> Holder:
    for holder in handover_holders(user=user):
        if holder.organization.pk == organization_id and holder.user.pk == user_id:
            return holder
    raise Http404("Không có người giữ hồ sơ này.")


def handover_recipients(*, user, organization_id: int, exclude: User) -> QuerySet[User]:
    """Who may receive: active people of the organization (for a leader) or of the unit(s) the user heads."""
    qs = Membership.objects.filter(organization_id=organization_id, is_active=True, user__is_active=True)
    if organization_id not in orgs_with(user, Role.LEADER):
        qs = qs.filter(unit_id__in=headed_unit_ids(user, organization_id))
    return User.objects.filter(pk__in=qs.values("user_id")).exclude(pk=exclude.pk).order_by("full_name", "username")


def my_designation(*, user) -> HandoverDesignation | None:
    return (HandoverDesignation.objects.filter(from_user=user, used_at__isnull=True,
                                               organization_id__in=[m.organization_id for m in memberships(user)])
            .select_related("to_user", "organization").first())


def my_held_count(*, user) -> int:
    return RecordFile.objects.filter(owner=user, state__in=HELD_STATES).count()


def handovers_visible(*, user) -> QuerySet[Handover]:
    # Leaders and clerks (told of every handover) see the organization's minutes.
    q = Q(from_user=user) | Q(to_user=user) | Q(actor=user) | Q(
        organization_id__in=orgs_with(user, Role.LEADER, Role.CLERK))
    for org_id in {m.organization_id for m in memberships(user)}:
        units = headed_unit_ids(user, org_id)
        if units:
            q |= Q(organization_id=org_id, unit_id__in=units)
    if not memberships(user).exists():
        return Handover.objects.none()
    return Handover.objects.filter(q).select_related("from_user", "to_user", "actor", "organization", "unit")


def handover_get(*, user, pk: int) -> Handover:
    handover = handovers_visible(user=user).filter(pk=pk).first()
    if handover is None:
        raise Http404("Không có biên bản bàn giao này.")
    return handover


# --- retention and disposal ----------------------------------------------------------------------

def disposal_review(*, user, today: dt.date | None = None) -> list[RecordFile]:
    """Hồ sơ whose retention has ended (Hồ sơ hết thời hạn bảo quản), for leaders and archive staff:
    archived ones, and closed ones kept at the unit. Nothing here is destroyed by itself."""
    today = today or timezone.localdate()
    qs = (RecordFile.objects.filter(organization_id__in=orgs_with(user, Role.LEADER, Role.ARCHIVIST),
                                    state__in=(RecordFile.State.ARCHIVED, RecordFile.State.CLOSED))
          .exclude(retention_years=PERMANENT).select_related("organization", "unit", "owner")
          .order_by("organization", "year", "code"))
    listed = set(DisposalItem.objects.filter(decision__state__in=(DisposalDecision.State.PROPOSED,
                                                                  DisposalDecision.State.DECIDED))
                 .values_list("record_id", "decision_id"))
    on_list = dict(listed)
    rows = []
    for record in qs:
        if disposal_refusal(record, today=today) is None:
            record.on_list = on_list.get(record.pk)
            rows.append(record)
    return rows


def disposal_decisions(*, user) -> QuerySet[DisposalDecision]:
    return (DisposalDecision.objects.filter(organization_id__in=orgs_with(user, Role.LEADER, Role.ARCHIVIST))
            .select_related("organization", "proposed_by", "signer").annotate(n=Count("items"))
            .order_by("-proposed_at", "-id"))


def disposal_get(*, user, pk: int) -> DisposalDecision:
    decision = disposal_decisions(user=user).filter(pk=pk).first()
    if decision is None:
        raise Http404("Không có danh mục hủy này.")
    return decision


def disposal_items(decision: DisposalDecision) -> QuerySet[DisposalItem]:
    return decision.items.select_related("record", "record__unit", "record__owner").order_by("position")


def record_care_get(*, user, pk: int) -> RecordFile:
    """A hồ sơ the user may see (the one rule), for this part's page and actions."""
    record = (RecordFile.objects.visible_to(user).select_related("organization", "unit", "owner")
              .filter(pk=pk).first())
    if record is None:
        raise Http404("Không có hồ sơ này.")
    return record


def record_tombstone(record: RecordFile) -> DisposalItem | None:
    """The tombstone of a destroyed hồ sơ (its executed disposal item)."""
    if record.state != RecordFile.State.DISPOSED:
        return None
    return (DisposalItem.objects.filter(record=record, disposed_at__isnull=False).select_related("decision")
            .order_by("-disposed_at").first())
