"""Reads of the access log of documents' files: a document's history, and the reports of counts.

Who reads them is `documents.permissions.may_see_access_history` / `may_see_access_reports`. A report
covers the accesses to the documents of the reader's organization only, and shows a document's
subject only where the one rule lets the reader read it (`Document.objects.subjects_for`).

An opening: the log keeps every page image served, but a reader who opens a document is served its
page 1 first, then the next pages; the history and the counts show "openings" — every access except
the images of pages after the first. The table itself keeps them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from documents.errors import RecordsError
from documents.models import Document, FileAccess
from documents.permissions import may_see_access_history, may_see_access_reports
from qlvb.errors import Forbidden, Refused
from qlvb.models import User

HISTORY_SHOWN = 20
MAX_REPORT_DAYS = 366
OPENINGS = ~Q(action=FileAccess.Action.PAGE_IMAGE, page__gt=1)


def document_access_list(*, user, document: Document) -> QuerySet[FileAccess]:
    """The accesses to `document`'s files, latest first. The caller has `document` through the rule."""
    if not may_see_access_history(user, document):
        raise Forbidden(RecordsError.NOT_ACCESS_HISTORY_READER)
    return FileAccess.objects.filter(document_id=document.pk).filter(OPENINGS).order_by("-at", "-id")


def with_people(accesses) -> list[FileAccess]:
    """The rows with `person` (the user, or None) and `file_name` set, in two queries."""
    rows = list(accesses)
    people = User.objects.in_bulk({r.user_id for r in rows})
    from documents.models import DocumentFile

    names = dict(DocumentFile.objects.filter(pk__in={r.file_id for r in rows}).values_list("pk", "name"))
    for r in rows:
        r.person = people.get(r.user_id)
        r.file_name = names.get(r.file_id, "(tệp không còn)")
    return rows


@dataclass
class AccessReport:
    organization: object
    start: dt.date
    end: dt.date
    documents: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    days: list[dict] = field(default_factory=list)
    total: int = 0


def _counts():
    return {
        "views": Count("id", filter=Q(action__in=[FileAccess.Action.VIEW, FileAccess.Action.PAGE_IMAGE])),
        "downloads": Count("id", filter=Q(action=FileAccess.Action.DOWNLOAD)),
        "prints": Count("id", filter=Q(action=FileAccess.Action.PRINT)),
        "total": Count("id"),
    }


def access_report(*, user, organization, start: dt.date, end: dt.date, limit: int = 200) -> AccessReport:
    """Counts of openings, downloads and prints of the documents of `organization` from `start` to
    `end` (both included, local dates): per document, per person and per day."""
    if not may_see_access_reports(user, organization):
        raise Forbidden(RecordsError.NOT_ACCESS_REPORT_READER)
    if start is None or end is None or start > end or (end - start).days >= MAX_REPORT_DAYS:
        raise Refused(RecordsError.BAD_REPORT_PERIOD)
    zone = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    rows = FileAccess.objects.filter(organization_id=organization.pk, at__gte=since, at__lt=until).filter(OPENINGS)
    report = AccessReport(organization=organization, start=start, end=end)

    per_document = list(rows.values("document_id").annotate(**_counts()).order_by("-total", "document_id")[:limit])
    documents = Document.objects.filter(pk__in=[r["document_id"] for r in per_document])
    subjects = documents.subjects_for(user)
    facts = {d.pk: d for d in documents.select_related("document_type")}
    readable = set(Document.objects.visible_to(user).filter(pk__in=facts).values_list("pk", flat=True))
    for r in per_document:
        document = facts.get(r["document_id"])
        r.update(document=document, subject=subjects.get(r["document_id"], ""), readable=r["document_id"] in readable)
    report.documents = per_document

    per_person = list(rows.values("user_id").annotate(**_counts()).order_by("-total", "user_id")[:limit])
    people = User.objects.in_bulk([r["user_id"] for r in per_person])
    for r in per_person:
        r["person"] = people.get(r["user_id"])
    report.people = per_person

    report.days = list(rows.annotate(day=TruncDate("at", tzinfo=zone)).values("day").annotate(**_counts())
                       .order_by("day"))
    report.total = sum(d["total"] for d in report.days)
    return report


def access_report_organizations(*, user) -> list:
    """The organizations whose access reports `user` may see."""
    from qlvb.access import memberships
    from qlvb.models import Role

    return [m.organization for m in memberships(user)
            if m.role_set & {Role.CLERK, Role.LEADER}]
