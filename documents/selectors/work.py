"""Reads for "Việc của tôi" (my work): what waits for a person, per role, urgent first then by
deadline, and the count on the navbar badge. Documents are read through the one permission filter."""


from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from documents.literals import Direction
from documents.models import Assignment, Document, Presentation, Reminder
from documents.selectors.documents import document_list
from documents.selectors.incoming import WORKING_ASSIGNMENT_STATES, State, with_flags
from qlvb.access import delegators_of, memberships, units_headed
from qlvb.models import Role
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


def _doc_order(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.order_by("-urgency", F("due_date").asc(nulls_last=True), "received_at", "pk")


def _assignment_order(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    return qs.order_by("-document__urgency", F("deadline").asc(nulls_last=True), "created_at", "pk")


def _work_querysets(user) -> list[tuple[str, str, QuerySet, str]]:
    """(key, title, queryset, kind) for each list that applies to the user's roles."""
    mine = list(memberships(user))
    orgs_with = {role: [m.organization_id for m in mine if role in m.role_set] for role in Role.values}
    visible = document_list(user=user)
    incoming = document_list(user=user, direction=Direction.INCOMING)
    lists: list[tuple[str, str, QuerySet, str]] = []
    if orgs_with[Role.CLERK]:
        clerk_docs = incoming.filter(organization_id__in=orgs_with[Role.CLERK], is_frozen=False)
        lists.append(("to_register", "Văn bản chờ vào sổ", clerk_docs.filter(state=State.ARRIVED), "document"))
        lists.append(("recall_requests", "Đề nghị lấy lại chờ trả lời",
                      clerk_docs.filter(recall_requested_at__isnull=False), "document"))
    delegators = delegators_of(user, scope=DelegationScope.HANDLING).values("pk")
    if orgs_with[Role.LEADER] or delegators.exists():
        waiting = Presentation.objects.filter(document=OuterRef("pk"), handled_at__isnull=True).filter(
            Q(presented_to=user) | Q(presented_to_id__in=delegators))
        lists.append(("to_instruct", "Văn bản chờ cho ý kiến chỉ đạo",
                      incoming.filter(Exists(waiting), state=State.PRESENTED, is_frozen=False), "document"))
    assignments = Assignment.objects.filter(document__in=visible.values("pk"), document__is_frozen=False,
                                            state__in=WORKING_ASSIGNMENT_STATES)
    if orgs_with[Role.UNIT_HEAD]:
        lists.append(("to_distribute", "Việc của đơn vị chờ phân công",
                      assignments.filter(unit_id__in=units_headed(user), user__isnull=True, state=Assignment.State.OPEN)
                      .exclude(Exists(Assignment.objects.filter(parent=OuterRef("pk")))), "assignment"))
    if orgs_with[Role.SPECIALIST] or orgs_with[Role.UNIT_HEAD] or assignments.filter(user=user).exists():
        lists.append(("my_assignments", "Văn bản được giao xử lý",
                      assignments.filter(user=user).exclude(role=Assignment.Role.INFORM), "assignment"))
    lists.append(("reminders", "Nhắc việc, đôn đốc chưa đọc",
                  Reminder.objects.filter(to_user=user, read_at__isnull=True, document__in=visible.values("pk")),
                  "reminder"))
    return lists


def my_work(*, user, limit: int = 20) -> list[WorkSection]:
    """What waits for the user, per role, each list counted and sorted by urgency then deadline."""
    sections = []
    for key, title, qs, kind in _work_querysets(user):
        count = qs.count()
        if kind == "document":
            items = [WorkItem(d, deadline=d.due_date) for d in _doc_order(with_flags(qs))[:limit]]
        elif kind == "assignment":
            rows = _assignment_order(qs.select_related("document__document_type", "document__issuer", "unit", "user"))
            items = [WorkItem(a.document, note=f"{a.get_role_display()}{' — ' + str(a.unit.name) if a.unit_id else ''}",
                              deadline=a.deadline, assignment=a) for a in rows[:limit]]
        else:
            rows = qs.select_related("document__document_type", "document__issuer", "sent_by").order_by(
                "-document__urgency", "-created_at")
            items = [WorkItem(r.document, note=r.text, deadline=r.document.due_date) for r in rows[:limit]]
        sections.append(WorkSection(key, title, count, items))
    return sections


def my_work_count(*, user) -> int:
    """The total for the navbar badge (reminders included)."""
    return sum(qs.count() for _, _, qs, _ in _work_querysets(user))
