"""Handling an incoming document (Điều 23–24): present to a leader, instruct, redistribute within
a unit, record progress, complete, and remind (đôn đốc)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from documents.errors import DocumentError
from documents.models import Assignment, Document, Instruction, Presentation, ProgressNote, Reminder
from documents.permissions import acting_leader
from documents.services.incoming.registration import grant
from documents.services.incoming.statuses import sender_status_send
from qlvb.access import has_role, heads_unit, require_role, works_in
from qlvb.audit_actions import AuditAction
from qlvb.errors import Forbidden, Refused
from qlvb.models import Role, Unit, User
from qlvb.services.audit import audit_record
from qlvb.services.calendar import add_working_days, working_days_between

OPEN_STATES = (Assignment.State.OPEN, Assignment.State.IN_PROGRESS)


@dataclass(frozen=True)
class Holder:
    """Who an assignment goes to: a unit (its head distributes it) or a person."""

    unit: Unit | None = None
    user: User | None = None


def _editable(document: Document) -> None:
    if document.is_frozen:
        raise Refused(DocumentError.DOCUMENT_FROZEN)


@transaction.atomic
def incoming_present(*, actor, document: Document, leader: User, note: str = "") -> Presentation:
    """Trình: the clerk puts a registered document before a leader."""
    require_role(actor, document.organization, Role.CLERK, message=DocumentError.NOT_A_CLERK_FOR_PRESENTING)
    _editable(document)
    if document.state not in (Document.State.REGISTERED, Document.State.PRESENTED):
        raise Refused(DocumentError.NOT_PRESENTABLE)
    if not has_role(leader, document.organization, Role.LEADER):
        raise Refused(DocumentError.NOT_A_LEADER, person=leader, organization=document.organization)
    presentation = Presentation.objects.create(document=document, presented_by=actor, presented_to=leader, note=note)
    Document.objects.filter(pk=document.pk).update(state=Document.State.PRESENTED)
    grant(document, [leader], "presented", actor=actor)
    audit_record(action=AuditAction.INCOMING_PRESENT, actor=actor, organization=document.organization, obj=document,
                 data={"leader": leader.pk, "note": note})
    return presentation


def _deadline(deadline_date: dt.date | None, deadline_days: int | None) -> dt.date | None:
    if deadline_date and deadline_days:
        raise Refused(DocumentError.DEADLINE_TWICE)
    if deadline_days is not None:
        if deadline_days < 1:
            raise Refused(DocumentError.DEADLINE_DAYS_NOT_POSITIVE)
        return add_working_days(timezone.localdate(), deadline_days)
    if deadline_date and deadline_date < timezone.localdate():
        raise Refused(DocumentError.DEADLINE_IN_PAST)
    return deadline_date


HANDLING_ROLES = (Role.CLERK, Role.LEADER, Role.UNIT_HEAD, Role.SPECIALIST)


def _check_holder(holder: Holder, organization) -> None:
    """Only someone who can act gets an assignment: a person with a document role in the organization
    (not an admin alone), or an active unit of it with an active head to distribute the work."""
    if holder.unit is not None:
        if holder.unit.organization_id != organization.pk:
            raise Refused(DocumentError.NOT_IN_ORGANIZATION, member=holder.unit, organization=organization)
        if not holder.unit.is_active or not _users_of(holder, organization):
            raise Refused(DocumentError.UNIT_WITHOUT_HEAD, unit=holder.unit.name)
    if holder.user is not None:
        if not works_in(holder.user, organization=organization):
            raise Refused(DocumentError.NOT_IN_ORGANIZATION, member=holder.user, organization=organization)
        if not holder.user.is_active or not has_role(holder.user, organization, *HANDLING_ROLES):
            raise Refused(DocumentError.NOT_A_HANDLER, person=holder.user, organization=organization)


def _users_of(holder: Holder, organization) -> list[User]:
    if holder.user is not None:
        return [holder.user]
    return list(User.objects.filter(
        memberships__organization=organization, memberships__unit=holder.unit, memberships__is_active=True,
        memberships__roles__role=Role.UNIT_HEAD, is_active=True,
    ).distinct())


@transaction.atomic
def incoming_instruct(
    *, actor, document: Document, text: str, lead: Holder, coordinate: list[Holder] = (),
    inform: list[Holder] = (), deadline_date: dt.date | None = None, deadline_days: int | None = None,
    on_behalf_of: User | None = None,
) -> Instruction:
    """The leader's instruction: lead, coordinating and informed units/people, a deadline; status 04."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _editable(document)
    leader, delegation = acting_leader(actor, document.organization, scope="handling", on_behalf_of=on_behalf_of)
    if document.state not in (Document.State.REGISTERED, Document.State.PRESENTED, Document.State.ASSIGNED):
        raise Refused(DocumentError.NOT_REGISTERED_FOR_INSTRUCTION)
    if not (text or "").strip():
        raise Refused(DocumentError.INSTRUCTION_TEXT_REQUIRED)
    for holder in (lead, *coordinate, *inform):
        _check_holder(holder, document.organization)
    deadline = _deadline(deadline_date, deadline_days)
    instruction = Instruction.objects.create(document=document, author=actor, text=text.strip(), deadline=deadline,
                                             on_behalf_of=leader if delegation else None, delegation=delegation)
    for role, holders in ((Assignment.Role.LEAD, [lead]), (Assignment.Role.COORDINATE, coordinate),
                          (Assignment.Role.INFORM, inform)):
        for holder in holders:
            Assignment.objects.create(
                document=document, instruction=instruction, role=role, unit=holder.unit, user=holder.user,
                assigned_by=actor, deadline=deadline if role != Assignment.Role.INFORM else None,
                state=Assignment.State.OPEN if role != Assignment.Role.INFORM else Assignment.State.DONE,
            )
            grant(document, _users_of(holder, document.organization), f"assigned:{role}", actor=actor)
    document.state = Document.State.ASSIGNED
    document.due_date = deadline or document.due_date
    document.save(update_fields=["state", "due_date"])
    document.presentations.filter(handled_at__isnull=True).update(handled_at=timezone.now())
    audit_record(action=AuditAction.INCOMING_INSTRUCT, actor=actor, organization=document.organization, obj=document,
                 on_behalf_of=leader if delegation else None,
                 data={"instruction": instruction.pk, "deadline": deadline, "delegation": getattr(delegation, "pk", None)})
    sender_status_send(document=document, code="04", actor=actor)
    return instruction


@transaction.atomic
def assignment_redistribute(*, actor, assignment: Assignment, users: list[User], note: str = "") -> list[Assignment]:
    """A unit head hands the unit's assignment on to people of the unit."""
    if assignment.unit is None:
        raise Refused(DocumentError.NOT_REDISTRIBUTABLE)
    _editable(Document.objects.select_for_update().get(pk=assignment.document_id))
    if not heads_unit(actor, assignment.unit):
        raise Forbidden(DocumentError.NOT_THE_UNIT_HEAD)
    children = []
    for user in users:
        if not works_in(user, unit=assignment.unit):
            raise Refused(DocumentError.NOT_IN_UNIT, member=user, unit=assignment.unit)
        children.append(Assignment.objects.create(
            document=assignment.document, instruction=assignment.instruction, parent=assignment, role=assignment.role,
            unit=assignment.unit, user=user, assigned_by=actor, deadline=assignment.deadline,
        ))
    grant(assignment.document, users, f"assigned:{assignment.role}", actor=actor)
    audit_record(action=AuditAction.ASSIGNMENT_REDISTRIBUTE, actor=actor, organization=assignment.document.organization,
                 obj=assignment, data={"users": [u.pk for u in users], "note": note})
    return children


def _may_work_on(actor, assignment: Assignment) -> bool:
    if assignment.user_id == actor.pk:
        return True
    return assignment.unit_id is not None and heads_unit(actor, assignment.unit_id)


@transaction.atomic
def assignment_progress(*, actor, assignment: Assignment, text: str, percent: int | None = None) -> ProgressNote:
    """A progress note. Status 05 goes to the sender on the first note, then at most once a working day."""
    if not _may_work_on(actor, assignment):
        raise Forbidden(DocumentError.NOT_YOUR_ASSIGNMENT)
    document = Document.objects.select_for_update().get(pk=assignment.document_id)
    _editable(document)
    if assignment.state == Assignment.State.DONE:
        raise Refused(DocumentError.ASSIGNMENT_DONE)
    if percent is not None and not 0 <= percent <= 100:
        raise Refused(DocumentError.PROGRESS_OUT_OF_RANGE)
    note = ProgressNote.objects.create(assignment=assignment, author=actor, text=text.strip(), percent=percent)
    Assignment.objects.filter(pk=assignment.pk).update(state=Assignment.State.IN_PROGRESS)
    if document.state == Document.State.ASSIGNED:
        document.state = Document.State.PROCESSING
    last = document.last_progress_status_at
    now = timezone.now()
    meaningful = last is None or working_days_between(timezone.localdate(last), timezone.localdate(now)) >= 1
    if meaningful:
        document.last_progress_status_at = now
    document.save(update_fields=["state", "last_progress_status_at"])
    audit_record(action=AuditAction.ASSIGNMENT_PROGRESS, actor=actor, organization=document.organization, obj=assignment,
                 data={"percent": percent, "status_sent": meaningful})
    if meaningful:
        sender_status_send(document=document, code="05", description=text.strip()[:500], actor=actor)
    return note


@transaction.atomic
def assignment_complete(*, actor, assignment: Assignment, result: str, reply_document: Document | None = None
                        ) -> Assignment:
    """Done. When the lead assignment is done the document is done: status 06."""
    if not _may_work_on(actor, assignment):
        raise Forbidden(DocumentError.NOT_YOUR_ASSIGNMENT)
    document = Document.objects.select_for_update().get(pk=assignment.document_id)
    _editable(document)
    now = timezone.now()
    Assignment.objects.filter(pk=assignment.pk).update(state=Assignment.State.DONE, completed_at=now,
                                                       result=result.strip())
    if assignment.parent_id and not assignment.parent.children.exclude(state=Assignment.State.DONE).exclude(
            pk=assignment.pk).exists():
        Assignment.objects.filter(pk=assignment.parent_id).update(state=Assignment.State.DONE, completed_at=now)
    if reply_document is not None:
        if reply_document.organization_id != document.organization_id:
            raise Refused(DocumentError.REPLY_OF_OTHER_ORGANIZATION)
        Document.objects.filter(pk=reply_document.pk).update(reply_to=document)
    lead_done = not document.assignments.filter(role=Assignment.Role.LEAD, parent__isnull=True).exclude(
        state=Assignment.State.DONE).exists()
    audit_record(action=AuditAction.ASSIGNMENT_COMPLETE, actor=actor, organization=document.organization, obj=assignment,
                 data={"reply": getattr(reply_document, "pk", None), "document_done": lead_done})
    if lead_done:
        document.state = Document.State.DONE
        document.completed_at = now
        document.save(update_fields=["state", "completed_at"])
        sender_status_send(document=document, code="06", description=result.strip()[:500], actor=actor)
    assignment.refresh_from_db()
    return assignment


def _clerks(organization) -> list[User]:
    return list(User.objects.filter(memberships__organization=organization, memberships__is_active=True,
                                    memberships__roles__role=Role.CLERK).distinct())


@transaction.atomic
def document_remind(*, document: Document, actor=None, text: str = "") -> list[Reminder]:
    """Đôn đốc: remind everyone with open work on the document, and the clerks."""
    if actor is not None:
        require_role(actor, document.organization, Role.CLERK, Role.LEADER, Role.UNIT_HEAD,
                     message=DocumentError.MAY_NOT_REMIND)
    overdue = document.due_date is not None and document.due_date < timezone.localdate()
    text = text or (f"Văn bản {document.symbol} đã quá hạn xử lý ({document.due_date:%d/%m/%Y})." if overdue
                    else f"Đề nghị khẩn trương xử lý văn bản {document.symbol}.")
    reminders = []
    for assignment in document.assignments.filter(state__in=OPEN_STATES).select_related("unit", "user"):
        for user in _users_of(Holder(unit=assignment.unit, user=assignment.user), document.organization):
            reminders.append(Reminder(document=document, assignment=assignment, to_user=user, sent_by=actor, text=text))
    reminders += [Reminder(document=document, to_user=u, sent_by=actor, text=text) for u in _clerks(document.organization)]
    Reminder.objects.bulk_create(reminders)
    audit_record(action=AuditAction.DOCUMENT_REMIND, actor=actor, organization=document.organization, obj=document,
                 data={"reminders": len(reminders), "overdue": overdue})
    return reminders


def overdue_documents():
    return Document.objects.filter(
        direction="in", state__in=[Document.State.ASSIGNED, Document.State.PROCESSING],
        due_date__lt=timezone.localdate(), is_frozen=False,
    )


def overdue_remind_all() -> int:
    """Daily: one system reminder per overdue document (not twice on the same day)."""
    today = timezone.localdate()
    count = 0
    for document in overdue_documents().exclude(reminders__created_at__date=today, reminders__sent_by__isnull=True):
        document_remind(document=document)
        count += 1
    return count


@transaction.atomic
def reminders_mark_read(*, user, document: Document) -> int:
    """The person opened the document: their reminders about it are read."""
    return Reminder.objects.filter(to_user=user, document=document, read_at__isnull=True).update(
        read_at=timezone.now())
