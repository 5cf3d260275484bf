"""Handing hồ sơ over when the person who holds them retires, leaves, moves or goes on long study
(Điều 31.3.đ): the hồ sơ not yet with the archive go to their unit, i.e. to a colleague there.

Who hands over:
- a leader of the organization: anyone's hồ sơ, to any active person of the organization;
- a unit head: the hồ sơ of the unit (their `unit`), to an active person of the unit;
- the person themselves: their own hồ sơ, to the colleague their unit head named
  (`handover_designate`), or to the unit head.
Ownership moves, the handover is audited (one event per hồ sơ), both people and the clerks are told,
and a handover minute (biên bản bàn giao) lists the hồ sơ.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from documents.errors import RecordsError
from documents.models.records import RecordFile
from documents.models.records_disposal import Handover, HandoverDesignation
from documents.selectors.records_disposal import (  # noqa: F401 - the rules, also read by the pages
    HELD_STATES,
    any_membership,
    headed_unit_ids,
    held_records,
    is_leader,
)
from documents.services.notices import clerks_of
from documents.services.records.disposal import _tell, record_url
from documents.services.records.freeze import record_not_frozen_or_refuse
from qlvb.access import membership, memberships
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.models import Membership, Role
from qlvb.services.audit import audit_record


def _active_member(user, organization) -> Membership | None:
    if user is None or not user.is_active:
        return None
    return membership(user, organization)


def _organization_of(actor, from_user, records):
    if records:
        return records[0].organization
    mine = {m.organization_id: m.organization for m in memberships(actor)}
    for org_id in Membership.objects.filter(user=from_user).values_list("organization_id", flat=True):
        if org_id in mine:
            return mine[org_id]
    raise Forbidden(RecordsError.NOT_HANDOVER_MANAGER)


@transaction.atomic
def handover_designate(*, actor, from_user, to_user, organization) -> HandoverDesignation:
    """A unit head (or a leader) names the colleague who will receive `from_user`'s hồ sơ; the person
    then hands them over themselves."""
    theirs = any_membership(from_user, organization)
    leader = is_leader(actor, organization)
    units = headed_unit_ids(actor, organization)
    if theirs is None or not (leader or (theirs.unit_id and theirs.unit_id in units)):
        raise Forbidden(RecordsError.NOT_HANDOVER_MANAGER)
    receiver = _active_member(to_user, organization)
    if receiver is None or to_user.pk == from_user.pk:
        raise Refused(RecordsError.HANDOVER_RECIPIENT)
    if not leader and receiver.unit_id not in units:
        raise Refused(RecordsError.HANDOVER_OTHER_UNIT)
    HandoverDesignation.objects.filter(organization=organization, from_user=from_user, used_at__isnull=True).delete()
    designation = HandoverDesignation.objects.create(organization=organization, from_user=from_user, to_user=to_user,
                                                     designated_by=actor)
    audit_record(action=AuditAction.RECORD_HANDOVER_DESIGNATE, actor=actor, organization=organization,
                 obj=designation, data={"from": from_user.username, "to": to_user.username})
    _tell([from_user.pk, to_user.pk], organization=organization, url=reverse("records:handover"),
          text=f"{actor} chỉ định {to_user} nhận bàn giao hồ sơ của {from_user}.")
    return designation


def _check_actor(actor, from_user, to_user, organization) -> HandoverDesignation | None:
    """Whether `actor` may hand `from_user`'s hồ sơ to `to_user`; the designation used, if any."""
    receiver = _active_member(to_user, organization)
    if receiver is None or to_user.pk == from_user.pk:
        raise Refused(RecordsError.HANDOVER_RECIPIENT)
    if is_leader(actor, organization):
        return None
    units = headed_unit_ids(actor, organization)
    if actor.pk == from_user.pk:
        if membership(actor, organization) is None:
            raise Forbidden(RecordsError.NOT_HANDOVER_MANAGER)
        designation = HandoverDesignation.objects.filter(organization=organization, from_user=from_user,
                                                         to_user=to_user, used_at__isnull=True).first()
        mine = membership(actor, organization)
        to_my_head = mine.unit_id is not None and Membership.objects.filter(
            pk=receiver.pk, unit_id=mine.unit_id, roles__role=Role.UNIT_HEAD).exists()
        if designation is None and not to_my_head:
            raise Refused(RecordsError.HANDOVER_NOT_DESIGNATED)
        return designation
    if not units:
        raise Forbidden(RecordsError.NOT_HANDOVER_MANAGER)
    if receiver.unit_id not in units:
        raise Refused(RecordsError.HANDOVER_OTHER_UNIT)
    return None


def _listing(record: RecordFile) -> dict:
    return {"id": record.pk, "code": record.code, "title": record.title, "year": record.year,
            "retention": record.retention_label, "state": record.get_state_display(),
            "started_on": f"{record.started_on:%d/%m/%Y}" if record.started_on else "",
            "ended_on": f"{record.work_ended_on:%d/%m/%Y}" if record.work_ended_on else "",
            "items": record.items.count()}


@transaction.atomic
def records_hand_over(*, actor, from_user, to_user, records=None, reason: str, organization=None) -> Handover:
    """Move `from_user`'s hồ sơ not yet in the archive (all those `actor` may hand over, or `records`)
    to `to_user`, with the reason; returns the handover (its minute lists the hồ sơ)."""
    given = None
    if records is not None:
        given = list(RecordFile.objects.select_for_update().filter(pk__in=[getattr(r, "pk", r) for r in records])
                     .select_related("organization").order_by("year", "code"))
        if not given:
            raise Refused(RecordsError.HANDOVER_NOTHING)
    organization = organization or _organization_of(actor, from_user, given)
    if given is not None and any(r.organization_id != organization.pk for r in given):
        raise Forbidden(RecordsError.NOT_HANDOVER_MANAGER)
    reason = (reason or "").strip()
    if not reason:
        raise Refused(RecordsError.HANDOVER_REASON_REQUIRED)
    designation = _check_actor(actor, from_user, to_user, organization)
    allowed = held_records(actor=actor, from_user=from_user, organization=organization)
    if given is None:
        rows = list(allowed.select_for_update().order_by("year", "code"))
    else:
        allowed_ids = set(allowed.values_list("pk", flat=True))
        for r in given:
            if r.pk not in allowed_ids:
                raise Refused(RecordsError.HANDOVER_RECORD_NOT_HELD, code=r.code)
        rows = given
    if not rows:
        raise Refused(RecordsError.HANDOVER_NOTHING)
    for record in rows:
        record_not_frozen_or_refuse(record)  # a locked hồ sơ does not move
    receiver = membership(to_user, organization)
    giver = any_membership(from_user, organization)
    handover = Handover.objects.create(organization=organization, from_user=from_user, to_user=to_user, actor=actor,
                                       reason=reason, unit=(giver.unit if giver else None) or receiver.unit,
                                       listing=[_listing(r) for r in rows])
    handover.records.set(rows)
    for record in rows:
        record.owner = to_user
        fields = ["owner"]
        if record.unit_id is None and receiver.unit_id:
            record.unit_id = receiver.unit_id
            fields.append("unit")
        record.save(update_fields=fields)
        audit_record(action=AuditAction.RECORD_HANDOVER, actor=actor, organization=organization, obj=record,
                     data={"handover": handover.pk, "from": from_user.username, "to": to_user.username,
                           "reason": reason})
    if designation is not None:
        designation.used_at = timezone.now()
        designation.save(update_fields=["used_at"])
    url = reverse("records:handover-detail", args=[handover.pk])
    _tell([from_user.pk, to_user.pk, *clerks_of(organization)], organization=organization, url=url,
          text=f"{len(rows)} hồ sơ của {from_user} đã được bàn giao cho {to_user} ({reason[:120]}).")
    return handover


__all__ = ["HELD_STATES", "handover_designate", "held_records", "record_url", "records_hand_over"]
