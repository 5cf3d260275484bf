"""Reads for "Việc của tôi" (my work): what waits for a person, per role, urgent first then by
deadline, and the count on the navbar badge. Documents are read through the one permission filter.

Incoming work: documents to register, recall requests, documents to instruct, assignments to
distribute or to handle, unread reminders. Outgoing work (văn bản đi), each item linking to the page
where its step is done: drafts to check (content: a head of the drafting unit; format: a clerk),
drafts to sign (a leader, or a delegate for signing), signed documents to seal and sealed ones to
dispatch (a clerk), dispatched documents some recipient has not received (a clerk), and the
person's own drafts sent back. The badge is the sum of the very lists the page shows.
"""


from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from documents.literals import Direction
from documents.models import Assignment, Document, Presentation, Reminder, ReviewStep
from documents.selectors.documents import document_list
from documents.selectors.incoming import WORKING_ASSIGNMENT_STATES, State, with_flags
from interchange.models import Recipient
from qlvb.access import delegators_of, memberships, units_headed
from qlvb.models import Delegation, Membership, Role
from qlvb.models.delegation import DelegationScope


@dataclass
class WorkItem:
    document: Document
    note: str = ""
    deadline: dt.date | None = None
    assignment: Assignment | None = None


@dataclass
class WorkSection:
    key: str
    title: str
    count: int
    items: list[WorkItem]
    empty: str = "Không có việc nào."
    url_name: str = "documents:detail"  # the page where the item's step is done (takes the document's pk)
    always: bool = True  # shown even when empty (a role's own list); otherwise only when something waits


@dataclass(frozen=True)
class WorkList:
    key: str
    title: str
    queryset: QuerySet
    kind: str  # "document", "outgoing", "assignment" or "reminder"
    url_name: str = "documents:detail"
    always: bool = True


# The outgoing lists: key → (title, the page where the step is done). Their order is the page's.
OUTGOING_LISTS = {
    "to_sign": ("Văn bản chờ ký ban hành", "outgoing:sign"),
    "to_review_content": ("Dự thảo chờ kiểm tra nội dung", "outgoing:review"),
    "to_review_format": ("Dự thảo chờ kiểm tra thể thức", "outgoing:review"),
    "to_seal": ("Văn bản đã ký, chờ ký số của cơ quan", "outgoing:issue"),
    "to_dispatch": ("Văn bản chờ phát hành", "outgoing:issue"),
    "not_received": ("Văn bản có nơi nhận chưa nhận được", "outgoing:tracking"),
    "returned_drafts": ("Dự thảo của tôi bị trả lại để sửa", "outgoing:detail"),
}
DOCUMENT_ROLES = {Role.CLERK, Role.LEADER, Role.UNIT_HEAD, Role.SPECIALIST}


def not_arrived_after() -> dt.timedelta:
    """How long after dispatch a recipient with no "Đã đến" (01) becomes the clerk's work: the alerts'
    threshold, the setting QLVB_ALERTS_NOT_ARRIVED_MINUTES (120 minutes by default)."""
    minutes = getattr(settings, "QLVB_ALERTS_NOT_ARRIVED_MINUTES", None)
    return dt.timedelta(minutes=float(minutes if minutes is not None else 120))


def undelivered_recipients(*, now: dt.datetime | None = None) -> QuerySet[Recipient]:
    """Electronic recipients that do not have the document: the send failed, they refused it (02), or
    it has not arrived (no 01) this long after dispatch; not counting a row sent again since."""
    now = now or timezone.now()
    resent = Recipient.objects.filter(document_id=OuterRef("document_id"), organ_id=OuterRef("organ_id"),
                                      pk__gt=OuterRef("pk"))
    return (Recipient.objects
            .filter(Q(outbound__isnull=True) | Q(outbound__business_type=0))
            .exclude(channel=Recipient.Channel.PAPER)
            .filter(Q(state__in=(Recipient.State.FAILED, Recipient.State.REJECTED))
                    | Q(state__in=(Recipient.State.QUEUED, Recipient.State.SENT),
                        document__dispatched_at__lt=now - not_arrived_after()))
            .exclude(Exists(resent)))


def _doc_order(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.order_by("-urgency", F("due_date").asc(nulls_last=True), "received_at", "pk")


def _outgoing_order(qs: QuerySet[Document]) -> QuerySet[Document]:
    """Urgent first, then what has waited longest (signed first, then drafted first)."""
    return qs.order_by("-urgency", F("signed_at").asc(nulls_last=True), "created_at", "pk")


def _assignment_order(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return qs.order_by("-document__urgency", F("deadline").asc(nulls_last=True), "created_at", "pk")


def _with_unit_head_review(drafts: QuerySet[Document]) -> QuerySet[Document]:
    """Annotate ``head_reviews``: a draft's content is checked by a head of its unit when it has a
    unit with an active head (for a secret draft, one with the secret clearance); otherwise by the
    organization's leaders (documents.permissions.content_reviewer_role)."""
    heads = Membership.objects.filter(organization_id=OuterRef("organization_id"), unit_id=OuterRef("unit_id"),
                                      is_active=True, user__is_active=True, roles__role=Role.UNIT_HEAD)
    drafts = drafts.annotate(any_head=Exists(heads), cleared_head=Exists(heads.filter(secret_clearance=True)))
    by_head = Q(unit__isnull=False) & ((Q(secrecy=0) & Q(any_head=True)) | (Q(secrecy__gt=0) & Q(cleared_head=True)))
    return drafts.annotate(head_reviews=ExpressionWrapper(by_head, output_field=BooleanField()))


def _outgoing_lists(user, mine, orgs_with, visible: QuerySet[Document]) -> list[WorkList]:
    outgoing = visible.filter(direction=Direction.OUTGOING, is_frozen=False)
    lists: list[WorkList] = []

    def add(key: str, qs: QuerySet, always: bool) -> None:
        title, url_name = OUTGOING_LISTS[key]
        lists.append(WorkList(key, title, qs, "outgoing", url_name, always))

    # Signing: a leader of the organization, or a delegate for signing while the delegation lasts.
    signing_orgs = set(orgs_with[Role.LEADER])
    signing_orgs |= set(Delegation.objects.in_force(scope=DelegationScope.SIGNING).filter(delegate=user)
                        .values_list("organization_id", flat=True))
    if signing_orgs:
        add("to_sign", outgoing.filter(state=State.APPROVED, organization_id__in=signing_orgs), True)

    # The checks: the draft's first pending step decides whose turn it is (documents.permissions.may_review).
    next_step = Subquery(ReviewStep.objects.filter(document=OuterRef("pk"), state=ReviewStep.State.PENDING)
                         .order_by("round", "order").values("kind")[:1])
    in_review = outgoing.filter(state=State.IN_REVIEW).annotate(next_step=next_step)
    # Content: the drafting unit's heads, or the organization's leaders when the draft has no unit or
    # its unit no head who may read it (documents.permissions.content_reviewer_role).
    in_review = _with_unit_head_review(in_review)
    content = Q(pk__in=[])
    for m in mine:
        if Role.UNIT_HEAD in m.role_set and m.unit_id:
            content |= Q(organization_id=m.organization_id, unit_id=m.unit_id, head_reviews=True)
    if orgs_with[Role.LEADER]:
        content |= Q(organization_id__in=orgs_with[Role.LEADER], head_reviews=False)
    if content != Q(pk__in=[]):  # always shown to a unit head; to a leader only when a draft waits
        heads = any(Role.UNIT_HEAD in m.role_set and m.unit_id for m in mine)
        add("to_review_content", in_review.filter(content, next_step=ReviewStep.Kind.CONTENT), heads)
    clerk_orgs = orgs_with[Role.CLERK]
    if clerk_orgs:
        ours = outgoing.filter(organization_id__in=clerk_orgs)
        add("to_review_format", in_review.filter(organization_id__in=clerk_orgs, next_step=ReviewStep.Kind.FORMAT),
            True)
        add("to_seal", ours.filter(state=State.SIGNED), False)
        add("to_dispatch", ours.filter(state=State.ISSUED), False)
        add("not_received", ours.filter(dispatched_at__isnull=False,
                                        pk__in=undelivered_recipients().values("document_id")), False)
    if any(m.role_set & DOCUMENT_ROLES for m in mine):
        add("returned_drafts", outgoing.filter(state=State.RETURNED, created_by=user), False)
    return lists


def _work_lists(user) -> list[WorkList]:
    """The lists that apply to the user's roles, in the page's order."""
    mine = list(memberships(user))
    orgs_with = {role: [m.organization_id for m in mine if role in m.role_set] for role in Role.values}
    visible = document_list(user=user)  # the permission filter, built once
    incoming = visible.filter(direction=Direction.INCOMING)
    lists: list[WorkList] = []
    if orgs_with[Role.CLERK]:
        clerk_docs = incoming.filter(organization_id__in=orgs_with[Role.CLERK], is_frozen=False)
        lists.append(WorkList("to_register", "Văn bản chờ vào sổ", clerk_docs.filter(state=State.ARRIVED), "document"))
        lists.append(WorkList("recall_requests", "Đề nghị lấy lại chờ trả lời",
                              clerk_docs.filter(recall_requested_at__isnull=False), "document"))
    delegators = delegators_of(user, scope=DelegationScope.HANDLING).values("pk")
    if orgs_with[Role.LEADER] or delegators.exists():
        waiting = Presentation.objects.filter(document=OuterRef("pk"), handled_at__isnull=True).filter(
            Q(presented_to=user) | Q(presented_to_id__in=delegators))
        lists.append(WorkList("to_instruct", "Văn bản chờ cho ý kiến chỉ đạo",
                              incoming.filter(Exists(waiting), state=State.PRESENTED, is_frozen=False), "document"))
    lists.extend(_outgoing_lists(user, mine, orgs_with, visible))
    assignments = Assignment.objects.filter(document__in=visible.values("pk"), document__is_frozen=False,
                                            state__in=WORKING_ASSIGNMENT_STATES)
    if orgs_with[Role.UNIT_HEAD]:
        lists.append(WorkList(
            "to_distribute", "Việc của đơn vị chờ phân công",
            assignments.filter(unit_id__in=units_headed(user), user__isnull=True, state=Assignment.State.OPEN)
            .exclude(Exists(Assignment.objects.filter(parent=OuterRef("pk")))), "assignment"))
    if orgs_with[Role.SPECIALIST] or orgs_with[Role.UNIT_HEAD] or assignments.filter(user=user).exists():
        lists.append(WorkList("my_assignments", "Văn bản được giao xử lý",
                              assignments.filter(user=user).exclude(role=Assignment.Role.INFORM), "assignment"))
    lists.append(WorkList("reminders", "Nhắc việc, đôn đốc chưa đọc",
                          Reminder.objects.filter(to_user=user, read_at__isnull=True,
                                                  document__in=visible.values("pk")),
                          "reminder", always=False))
    return lists


def _delivery_notes(documents: list[Document]) -> dict[int, str]:
    """"1 gửi lỗi, 2 chưa đến" per document: what the clerk follows up, in one query."""
    counts: dict[int, Counter] = {}
    rows = undelivered_recipients().filter(document__in=[d.pk for d in documents]).values_list("document_id", "state")
    for document_id, state in rows:
        counts.setdefault(document_id, Counter())[state] += 1
    notes = {}
    for document_id, c in counts.items():
        parts = [f"{n} {label}" for n, label in (
            (c[Recipient.State.FAILED], "gửi lỗi"), (c[Recipient.State.REJECTED], "từ chối tiếp nhận"),
            (c[Recipient.State.QUEUED] + c[Recipient.State.SENT], "chưa đến")) if n]
        notes[document_id] = "Nơi nhận: " + ", ".join(parts)
    return notes


def _outgoing_note(key: str, document: Document) -> str:
    drafter = document.created_by.full_name or document.created_by.username if document.created_by else ""
    unit = f" — {document.unit.name}" if document.unit_id else ""
    if key in ("to_sign", "to_review_content", "to_review_format"):
        return f"Người soạn: {drafter}{unit}" if drafter else unit.lstrip(" —")
    if key == "returned_drafts":
        return "Xem ý kiến trả lại, sửa và trình lại"
    if key in ("to_seal", "to_dispatch") and document.signed_by_id:
        return f"Người ký: {document.signed_by}"
    return ""


def my_work(*, user, limit: int = 20) -> list[WorkSection]:
    """What waits for the user, per role, each list counted and sorted by urgency then deadline."""
    sections = []
    for wl in _work_lists(user):
        qs = wl.queryset
        count = qs.count()
        if wl.kind == "document":
            items = [WorkItem(d, deadline=d.due_date) for d in _doc_order(with_flags(qs))[:limit]]
        elif wl.kind == "outgoing":
            docs = list(_outgoing_order(with_flags(qs).select_related("created_by", "unit", "signed_by"))[:limit])
            notes = _delivery_notes(docs) if wl.key == "not_received" and docs else {}
            items = [WorkItem(d, note=notes.get(d.pk) or _outgoing_note(wl.key, d), deadline=d.due_date)
                     for d in docs]
        elif wl.kind == "assignment":
            rows = _assignment_order(qs.select_related("document__document_type", "document__issuer", "unit", "user"))
            items = [WorkItem(a.document, note=f"{a.get_role_display()}{' — ' + str(a.unit.name) if a.unit_id else ''}",
                              deadline=a.deadline, assignment=a) for a in rows[:limit]]
        else:
            rows = qs.select_related("document__document_type", "document__issuer", "sent_by").order_by(
                "-document__urgency", "-created_at")
            items = [WorkItem(r.document, note=r.text, deadline=r.document.due_date) for r in rows[:limit]]
        sections.append(WorkSection(wl.key, wl.title, count, items, url_name=wl.url_name, always=wl.always))
    return sections


def my_work_count(*, user) -> int:
    """The total for the navbar badge: the sum of the counts of the lists "Việc của tôi" shows."""
    return sum(wl.queryset.count() for wl in _work_lists(user))
