"""Reads for the screens of incoming documents: the filtered list, what a person may do on one
document, its duplicates, related documents and timeline, and the choices the forms offer.

Every read of documents starts from `documents.selectors.documents.document_list`, so the one permission
filter applies; assignments, reminders and timelines are read only for documents it lets through.
"""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from documents.literals import Direction
from documents.models import Assignment, Document, Instruction, Presentation, ProgressNote
from documents.selectors.documents import document_list
from documents.selectors.search import text_filter
from documents.services.incoming.registration import incoming_duplicates
from interchange.edxml.codes import status_label
from interchange.models import MessageKind, Outbound, StatusEvent
from qlvb.access import delegators_of, roles_in, units_headed
from qlvb.models import AuditEvent, Membership, Organization, Role, Unit, User
from qlvb.models.delegation import DelegationScope

State = Document.State
OPEN_STATES = (State.ARRIVED, State.REGISTERED, State.PRESENTED, State.ASSIGNED, State.PROCESSING)
CLOSED_STATES = (State.DONE, State.REJECTED, State.RECALLED)
WORKING_ASSIGNMENT_STATES = (Assignment.State.OPEN, Assignment.State.IN_PROGRESS)
URGENT = "khan"  # the urgency filter value meaning "Khẩn or more"


# --- the incoming list --------------------------------------------------------------------------

def is_overdue(document: Document, today: dt.date | None = None) -> bool:
    """Past its deadline and still not handled (done, rejected and recalled documents never are)."""
    today = today or timezone.localdate()
    return bool(document.due_date and document.due_date < today and document.state not in CLOSED_STATES)


def with_flags(qs: QuerySet[Document]) -> QuerySet[Document]:
    """Annotate `urgent_open` (urgent and still being handled) for the ordering, and fetch what a
    list row shows in the same query."""
    return qs.select_related("document_type", "issuer", "register", "organization").annotate(
        urgent_open=Case(
            When(Q(urgency__gt=0) & Q(state__in=OPEN_STATES), then=F("urgency")),
            default=Value(0), output_field=IntegerField(),
        ),
    )


def incoming_list(
    *, user, organization_id: int, received_from: dt.date | None = None, received_to: dt.date | None = None,
    document_type_id: int | None = None, issuer: str = "", unit_id: int | None = None, state: str = "",
    urgency: str = "", text: str = "",
) -> QuerySet[Document]:
    """The organization's incoming documents the user may see, filtered.

    Urgent documents still being handled come first (Hỏa tốc before Khẩn), then the newest.
    """
    qs = document_list(user=user, direction=Direction.INCOMING, organization_id=organization_id)
    if received_from:
        qs = qs.filter(received_at__date__gte=received_from)
    if received_to:
        qs = qs.filter(received_at__date__lte=received_to)
    if document_type_id:
        qs = qs.filter(document_type_id=document_type_id)
    if issuer:
        named = text_filter(Document.objects.all(), issuer, "issuer_name", "issuer__name")
        qs = qs.filter(Q(pk__in=named.values("pk")) | Q(issuer__organ_id=issuer))
    if unit_id:
        qs = qs.filter(Q(unit_id=unit_id) | Exists(Assignment.objects.filter(document=OuterRef("pk"), unit_id=unit_id)))
    if state == "overdue":
        qs = qs.filter(due_date__lt=timezone.localdate()).exclude(state__in=CLOSED_STATES)
    elif state:
        qs = qs.filter(state=state)
    if urgency == URGENT:
        qs = qs.filter(urgency__gt=0)
    elif urgency.isdigit():
        qs = qs.filter(urgency=int(urgency))
    if text:
        qs = text_filter(qs, text, "subject", "symbol")
    return with_flags(qs).order_by("-urgent_open", F("received_at").desc(nulls_last=True), "-pk")


# --- the people a form offers (roles and delegations: qlvb.access) -------------------------------

def people_with_role(*, organization_id: int, role: str) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organization_id=organization_id, memberships__is_active=True, memberships__roles__role=role,
        is_active=True,
    ).distinct().order_by("full_name", "username")


def people_of(*, organization_id: int, unit_id: int | None = None) -> QuerySet[Membership]:
    qs = Membership.objects.filter(organization_id=organization_id, is_active=True, user__is_active=True)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.select_related("user", "unit").order_by("unit__name", "user__full_name")


def units_of(*, organization_id: int) -> QuerySet[Unit]:
    return Unit.objects.filter(organization_id=organization_id, is_active=True).order_by("name")


# Who may be given an incoming document to handle (chủ trì, phối hợp, nhận để biết): a person with a
# document role (an admin alone has none), or a unit with a head who distributes it (documents/
# services/incoming/handling: a unit's assignment is granted to, and handed on by, its heads).
HANDLING_ROLES = (Role.CLERK, Role.LEADER, Role.UNIT_HEAD, Role.SPECIALIST)


def assignable_units(*, organization_id: int) -> QuerySet[Unit]:
    """The organization's active units that have an active head (lãnh đạo đơn vị), by name."""
    heads = Membership.objects.filter(unit=OuterRef("pk"), organization_id=organization_id, is_active=True,
                                      user__is_active=True, roles__role=Role.UNIT_HEAD)
    return units_of(organization_id=organization_id).filter(Exists(heads))


def assignable_people(*, organization_id: int) -> QuerySet[Membership]:
    """The organization's active people who handle documents, by unit then name."""
    handles = Membership.objects.filter(pk=OuterRef("pk"), roles__role__in=HANDLING_ROLES)
    return people_of(organization_id=organization_id).filter(Exists(handles))


def issuer_search(*, text: str, limit: int = 12) -> QuerySet[Organization]:
    """The directory, hosted or not, by name or mã định danh: the clerk picks the issuing agency."""
    text = (text or "").strip()
    if len(text) < 2:
        return Organization.objects.none()
    return Organization.objects.filter(
        Q(name__icontains=text) | Q(organ_id__startswith=text) | Q(short_name__iexact=text), is_active=True,
    ).order_by("-hosted", "name")[:limit]


def reply_candidates(*, user, organization_id: int) -> QuerySet[Document]:
    """Outgoing documents of the organization that a result may point to as the reply, newest first."""
    return document_list(user=user, direction=Direction.OUTGOING, organization_id=organization_id).order_by(
        "-created_at")


def current_files(*, document: Document) -> list:
    """The latest version of each file: the ones no other file of the document replaces."""
    files = list(document.files.all())
    replaced = {f.replaces_id for f in files if f.replaces_id}
    return [f for f in files if f.pk not in replaced]


def assignment_get(*, user, pk: int) -> Assignment:
    """An assignment on a document the user may see (404 otherwise)."""
    visible = document_list(user=user).values("pk")
    return get_object_or_404(Assignment.objects.select_related("document__organization", "unit", "user"),
                             pk=pk, document__in=visible)


# --- what the user may do on one document -------------------------------------------------------

@dataclass
class DocumentActions:
    roles: set[str] = field(default_factory=set)
    register: bool = False
    reject: bool = False
    present: bool = False
    answer_recall: bool = False
    instruct: bool = False
    remind: bool = False
    delegators: list[User] = field(default_factory=list)
    to_distribute: list[Assignment] = field(default_factory=list)
    to_work_on: list[Assignment] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return any((self.register, self.reject, self.present, self.answer_recall, self.instruct, self.remind,
                    self.to_distribute, self.to_work_on))


def document_actions(*, user, document: Document) -> DocumentActions:
    """Which actions to offer. The services decide in the end; this only hides what would be refused."""
    roles = roles_in(user, document.organization_id)
    actions = DocumentActions(roles=roles)
    if document.is_frozen or document.direction != Direction.INCOMING:
        return actions
    clerk = Role.CLERK in roles
    actions.register = actions.reject = clerk and document.state == State.ARRIVED
    actions.present = clerk and document.state in (State.REGISTERED, State.PRESENTED)
    actions.answer_recall = clerk and document.recall_requested_at is not None
    if document.state in (State.REGISTERED, State.PRESENTED, State.ASSIGNED):
        actions.delegators = list(delegators_of(user, scope=DelegationScope.HANDLING,
                                                organization=document.organization_id))
        actions.instruct = Role.LEADER in roles or bool(actions.delegators)
    assignments = document.assignments.filter(state__in=WORKING_ASSIGNMENT_STATES).select_related("unit", "user")
    actions.to_distribute = list(
        assignments.filter(unit_id__in=units_headed(user), user__isnull=True, state=Assignment.State.OPEN)
        .exclude(Exists(Assignment.objects.filter(parent=OuterRef("pk"))))
    )
    actions.to_work_on = list(
        assignments.exclude(role=Assignment.Role.INFORM)
        .filter(Q(user=user) | Q(unit_id__in=units_headed(user), user__isnull=True))
        .exclude(Exists(Assignment.objects.filter(parent=OuterRef("pk"))))
    )
    actions.remind = bool(roles & {Role.CLERK, Role.LEADER, Role.UNIT_HEAD}) and assignments.exists()
    return actions


def visible_duplicates(*, user, document: Document) -> QuerySet[Document]:
    """The earlier documents the duplicate check points at, as far as the user may see them."""
    visible = document_list(user=user, direction=Direction.INCOMING).values("pk")
    return incoming_duplicates(document=document).filter(pk__in=visible).select_related("register")


def related_documents(*, user, document: Document) -> dict[str, list[Document]]:
    """Links around the document: the original it updates or replaces, its own updates and
    replacements, and replies."""
    visible = document_list(user=user)
    return {
        "original": list(visible.filter(pk=document.related_to_id)) if document.related_to_id else [],
        "changes": list(visible.filter(related_to=document).order_by("created_at")),
        "replies": list(visible.filter(reply_to=document).order_by("created_at")),
        "reply_to": list(visible.filter(pk=document.reply_to_id)) if document.reply_to_id else [],
    }


# --- the timeline -------------------------------------------------------------------------------

AUDIT_LABELS = {
    "incoming.arrived": "Văn bản đến",
    "incoming.register": "Vào sổ văn bản đến",
    "incoming.reject": "Từ chối tiếp nhận",
    "incoming.recall_requested": "Bên gửi đề nghị lấy lại văn bản",
    "incoming.recall_agree": "Đồng ý cho bên gửi lấy lại, văn bản bị khóa",
    "incoming.recall_refuse": "Từ chối đề nghị lấy lại",
    "incoming.update": "Nhận văn bản cập nhật",
    "incoming.replace": "Nhận văn bản thay thế",
    "document.remind": "Đôn đốc xử lý",
}


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str
    title: str
    actor: object = None
    on_behalf_of: object = None
    text: str = ""
    detail: object = None


def document_timeline(*, document: Document) -> list[TimelineEntry]:
    """Everything that happened to the document, oldest first: the audit log for the steps that
    have no row of their own, presentations, instructions with their assignments, redistributions,
    progress notes, completions and the statuses sent to the sender."""
    entries: list[TimelineEntry] = []
    events = AuditEvent.objects.filter(object_type="documents.document", object_id=str(document.pk),
                                       action__in=AUDIT_LABELS).select_related("actor", "on_behalf_of")
    for e in events:
        text = e.data.get("reason") or e.data.get("note") or ""
        if e.action == "incoming.register":
            text = f"Số đến: {e.data.get('number')}"
        entries.append(TimelineEntry(e.at, e.action, AUDIT_LABELS[e.action], e.actor, e.on_behalf_of, text))
    for p in Presentation.objects.filter(document=document).select_related("presented_by", "presented_to"):
        entries.append(TimelineEntry(p.created_at, "present", f"Trình {p.presented_to}", p.presented_by,
                                     text=p.note))
    role_order = Case(*[When(role=r, then=Value(i)) for i, r in enumerate(Assignment.Role.values)],
                      output_field=IntegerField())
    top_level = (Assignment.objects.filter(parent__isnull=True).select_related("unit", "user")
                 .order_by(role_order, "pk"))
    instructions = (Instruction.objects.filter(document=document).select_related("author", "on_behalf_of")
                    .prefetch_related(Prefetch("assignments", queryset=top_level, to_attr="holders")))
    for i in instructions:
        entries.append(TimelineEntry(i.created_at, "instruct", "Ý kiến chỉ đạo", i.author, i.on_behalf_of, i.text,
                                     detail=i))
    assignments = Assignment.objects.filter(document=document).select_related("user", "unit", "assigned_by")
    for a in assignments:
        if a.parent_id:
            entries.append(TimelineEntry(a.created_at, "redistribute", f"Phân công {a.user} ({a.get_role_display()})",
                                         a.assigned_by))
        if a.completed_at and a.role != Assignment.Role.INFORM and (a.result or a.user_id):
            entries.append(TimelineEntry(a.completed_at, "complete", f"Hoàn thành — {a.user or a.unit}",
                                         a.user, text=a.result))
    notes = ProgressNote.objects.filter(assignment__document=document).select_related("author")
    for n in notes:
        title = f"Tiến độ {n.percent}%" if n.percent is not None else "Cập nhật tiến độ"
        entries.append(TimelineEntry(n.created_at, "progress", title, n.author, text=n.text))
    for o in Outbound.objects.filter(document=document, kind=MessageKind.STATUS).select_related("organization"):
        entries.append(TimelineEntry(
            o.created_at, "status", f"Gửi trạng thái {o.status_code} “{status_label(o.status_code) or ''}” cho bên gửi",
            text=o.get_state_display(), detail=o))
    if document.delivery_id:
        sent = StatusEvent.objects.filter(recipient_id=document.delivery_id,
                                          from_organ_id=document.organization.organ_id)
        for s in sent:
            entries.append(TimelineEntry(s.occurred_at or s.received_at, "status",
                                         f"Gửi trạng thái {s.code} “{status_label(s.code) or ''}” cho bên gửi",
                                         text=s.description))
    entries.sort(key=lambda e: e.at)
    return entries
