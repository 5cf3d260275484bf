"""Reads of work files (hồ sơ công việc, NĐ30 Điều 29): the lists and the hồ sơ page, the catalogue
rows a person may open a hồ sơ from, the documents to file (suggestions, the picker), the review
before closing, and a filed document's mã hồ sơ (Phụ lục VI III.1.g).

Every read starts from the one rule: `RecordFile.objects.visible_to(user)` and
`Document.objects.visible_to(user)`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from documents.exports.record_file import ContentsRow, RecordSheet
from documents.models import Assignment, Document, DocumentAccess, Presentation
from documents.models.records import CatalogueEntry, FileCatalogue, RecordFile, RecordItem
from documents.selectors.documents import document_main_file
from documents.selectors.search import fold_text, query_words, text_filter
from documents.services.files import file_read
from qlvb.access import membership, shown_subject


def record_files_for(*, user, year: int | None = None, state: str = "", mine: bool = False,
                     text: str = "") -> QuerySet[RecordFile]:
    """The hồ sơ `user` may see: their own, their unit's (unit head), the organization's (clerk,
    leader), filtered by year, state, and words of the code, title, notes or owner's name (folded as
    search folds them: no accents, any case)."""
    qs = (RecordFile.objects.visible_to(user).select_related("owner", "unit", "organization")
          .order_by("-year", "code"))
    if year:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    if mine:
        qs = qs.filter(owner=user)
    if text.strip():
        from documents.selectors.search import text_filter

        qs = text_filter(qs, text[:200], "code", "title", "notes", "owner__full_name")
    return qs


def record_years_for(*, user) -> list[int]:
    return sorted(set(RecordFile.objects.visible_to(user).values_list("year", flat=True)), reverse=True)


def record_file_for(*, user, pk: int) -> RecordFile | None:
    """The hồ sơ if `user` may see it, else None."""
    return (RecordFile.objects.visible_to(user).select_related("owner", "unit", "organization", "catalogue_entry")
            .filter(pk=pk).first())


def record_items(record: RecordFile, *, user=None) -> list[RecordItem]:
    """The items in order. With `user`: each document item says whether `user` may read the document
    (`readable`), and its subject shows only then (`shown_subject`): a hồ sơ may hold a document
    (a secret one, another unit's) that some of its readers may not open."""
    items = list(record.items.select_related("document", "document__organization", "document__issuer",
                                             "document__document_type", "added_by").order_by("ordinal"))
    if user is not None:
        ids = [i.document_id for i in items if i.document_id]
        readable = set(Document.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        for item in items:
            if item.document_id:
                item.readable = item.document_id in readable
                item.shown_subject = item.document.subject if item.readable else shown_subject(
                    item.document.subject, secret=bool(item.document.secrecy), readable=False)
    return items


# --- opening: the catalogue rows a person may open a hồ sơ from --------------------------------


def openable_catalogue_entries(*, user, organization, year: int) -> list[CatalogueEntry]:
    """The file rows of the organization's approved catalogue for `year` not opened yet: the rows
    naming the person or their unit first, then the others, each group in catalogue order."""
    m = membership(user, organization)
    if m is None:
        return []
    entries = (CatalogueEntry.objects.filter(
        catalogue__organization_id=m.organization_id, catalogue__year=year,
        catalogue__state=FileCatalogue.State.APPROVED, kind=CatalogueEntry.Kind.FILE)
        .exclude(code="").exclude(Exists(RecordFile.objects.filter(catalogue_entry=OuterRef("pk"))))
        .exclude(code__in=RecordFile.objects.filter(organization_id=m.organization_id, year=year).values("code"))
        .select_related("responsible_unit", "responsible_user").order_by("position"))
    mine = Q(responsible_user=user)
    if m.unit_id:
        mine |= Q(responsible_unit_id=m.unit_id)
    return sorted(entries.annotate(is_mine=Case(When(mine, then=Value(1)), default=Value(0),
                                                output_field=IntegerField())),
                  key=lambda e: (-e.is_mine, e.position))


# --- filing: the document picker and the suggestions -------------------------------------------


def _unfiled_visible(user, record: RecordFile) -> QuerySet[Document]:
    return (Document.objects.visible_to(user).filter(organization_id=record.organization_id)
            .exclude(Exists(RecordItem.objects.filter(document=OuterRef("pk")))))


def document_picker(*, user, record: RecordFile, query: str, limit: int = 20) -> list[Document]:
    """The documents `user` may see that are in no hồ sơ, matching every word of `query` in the
    number/symbol or the subject (accents ignored)."""
    if not query_words(query):
        return []
    qs = text_filter(_unfiled_visible(user, record), query, "symbol", "subject")
    return list(qs.select_related("document_type").order_by("-issued_on", "-created_at")[:limit])


def filing_suggestions(*, user, record: RecordFile, limit: int = 30) -> dict[str, list[Document]]:
    """What to add in one tap: {"thread": the documents of a thread of an item already in the hồ sơ
    (replies, the documents answered, updates and replacements), "handled": the documents the person
    handled in the hồ sơ's year (created, assigned to them or their unit as lead, given, presented to
    them, signed by them)}, all visible to them and in no hồ sơ."""
    base = _unfiled_visible(user, record).select_related("document_type")
    filed = set(record.items.filter(document__isnull=False).values_list("document_id", flat=True))
    thread = _thread_ids(filed) - filed
    thread_docs = list(base.filter(pk__in=thread).order_by("issued_on", "created_at")[:limit])

    m = membership(user, record.organization_id)
    handled = (Q(created_by=user) | Q(signed_by=user)
               | Exists(Assignment.objects.filter(document=OuterRef("pk"), user=user))
               | Exists(DocumentAccess.objects.filter(document=OuterRef("pk"), user=user))
               | Exists(Presentation.objects.filter(document=OuterRef("pk"), presented_to=user)))
    if m is not None and m.unit_id:
        handled |= Exists(Assignment.objects.filter(document=OuterRef("pk"), unit_id=m.unit_id,
                                                    role=Assignment.Role.LEAD))
    this_year = Q(issued_on__year=record.year) | Q(issued_on__isnull=True, created_at__year=record.year)
    handled_docs = list(base.filter(handled).filter(this_year).exclude(pk__in=[d.pk for d in thread_docs])
                        .order_by("-issued_on", "-created_at")[:limit])
    return {"thread": thread_docs, "handled": handled_docs}


def _thread_ids(start: set[int], depth: int = 6) -> set[int]:
    """Every document linked to `start` by reply_to / replies / related_to chains."""
    seen, frontier = set(start), set(start)
    for _ in range(depth):
        if not frontier:
            break
        rows = Document.objects.filter(
            Q(pk__in=frontier) | Q(reply_to_id__in=frontier) | Q(related_to_id__in=frontier)
        ).values_list("pk", "reply_to_id", "related_to_id")
        found = {pk for row in rows for pk in row if pk}
        frontier = found - seen
        seen |= found
    return seen


# --- closing: the review ------------------------------------------------------------------------


def record_review(record: RecordFile) -> dict:
    """What the owner checks before closing: items that duplicate another (same main-file content, or
    the same symbol and issuer) and drafts. {"duplicates": {item id: the ordinal it repeats},
    "drafts": [item ids]}."""
    items = record_items(record)
    duplicates: dict[int, int] = {}
    by_hash: dict[str, int] = {}
    by_symbol: dict[tuple[str, str], int] = {}
    for item in items:
        keys = []
        if item.document is not None:
            main = document_main_file(item.document)
            if main is not None:
                keys.append((by_hash, main.sha256))
            if item.document.symbol:
                issuer = item.document.issuer_id or fold_text(item.document.issuer_name) or \
                    (item.document.organization_id if item.document.direction == "out" else "")
                keys.append((by_symbol, (fold_text(item.document.symbol), str(issuer))))
        elif item.sha256:
            keys.append((by_hash, item.sha256))
        for table, key in keys:
            if key in table and item.pk not in duplicates:
                duplicates[item.pk] = table[key]
            table.setdefault(key, item.ordinal)
    drafts = [item.pk for item in items
              if item.kind == RecordItem.Kind.DRAFT
              or (item.document is not None and item.document.state in DRAFT_STATES)]
    return {"duplicates": duplicates, "drafts": drafts}


DRAFT_STATES = {Document.State.DRAFT, Document.State.IN_REVIEW, Document.State.RETURNED, Document.State.APPROVED}


# --- codes (Phụ lục VI III.1.g) -----------------------------------------------------------------


def file_code(record: RecordFile) -> str:
    """Mã hồ sơ (FileCode): the organization's identifier, the year and the số và ký hiệu hồ sơ,
    e.g. "000.00.00.H05.2026.05.VXNV" (TT 02/2019)."""
    return f"{record.organization.organ_id}.{record.year}.{record.code}"


@dataclass(frozen=True)
class Filing:
    record: RecordFile
    file_code: str
    ordinal: int


def document_filings(document: Document) -> list[Filing]:
    """Every hồ sơ a document is filed in (several people may file the same document, Phụ lục VI
    III.4.e), the first filed first, with its mã hồ sơ and the document's ordinal there (DocOrdinal)."""
    items = (RecordItem.objects.filter(document_id=document.pk).select_related("record", "record__organization")
             .order_by("pk"))
    return [Filing(record=item.record, file_code=file_code(item.record), ordinal=item.ordinal) for item in items]


def document_filing(document: Document) -> Filing | None:
    """The hồ sơ a document was first filed in, its mã hồ sơ and the document's ordinal there."""
    filings = document_filings(document)
    return filings[0] if filings else None


def document_filing_for(*, user, document: Document) -> dict | None:
    """What a document page shows of its filing: the code and ordinal of the hồ sơ nearest to `user`
    (their own, then one they may open), the hồ sơ when they may open it, and how many others hold it."""
    filings = document_filings(document)
    if not filings:
        return None
    visible = set(RecordFile.objects.visible_to(user).filter(pk__in=[f.record.pk for f in filings])
                  .values_list("pk", flat=True))
    filing = min(filings, key=lambda f: (f.record.owner_id != user.pk, f.record.pk not in visible))
    return {"file_code": filing.file_code, "ordinal": filing.ordinal,
            "record": filing.record if filing.record.pk in visible else None, "others": len(filings) - 1}


# --- the printed pieces: mục lục văn bản and bìa hồ sơ ------------------------------------------


def _pdf_pages(data: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return int(PdfFileReader(io.BytesIO(data), strict=False).root["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001 - an unreadable file counts no pages; the row says so
        return 0


def _item_pages(item: RecordItem) -> int:
    """The pages an item adds to the hồ sơ: a PDF's page count, one for a picture, none otherwise (nor
    for a file destroyed by a disposal decision)."""
    if item.destroyed_at:
        return 0
    if item.document is not None:
        main = document_main_file(item.document)
        if main is None or main.destroyed_at:
            return 0
        name, content_type, read = main.name, main.content_type, lambda: file_read(main)
    else:
        name, content_type = item.file_name, item.content_type

        def read():
            with item.file.open("rb") as fh:
                return fh.read()
    if (content_type or "").endswith("pdf") or name.lower().endswith(".pdf"):
        return _pdf_pages(read())
    if (content_type or "").startswith("image/"):
        return 1
    return 0


def _author(document: Document) -> str:
    if document.direction == "out":
        return document.organization.name
    return document.issuer.name if document.issuer_id else document.issuer_name


def record_contents(record: RecordFile, *, user=None) -> RecordSheet:
    """The mục lục văn bản and the cover of a hồ sơ, with page numbers running through it (a
    document's subject only where `user`, if given, may read it)."""
    rows, page = [], 0
    for item in record_items(record, user=user):
        pages = _item_pages(item)
        span = "" if not pages else (str(page + 1) if pages == 1 else f"{page + 1}–{page + pages}")
        page += pages
        if item.document is not None:
            d = item.document
            rows.append(ContentsRow(
                ordinal=item.ordinal, symbol=d.symbol, date=d.issued_on.strftime("%d/%m/%Y") if d.issued_on else "",
                type_and_subject=f"{d.document_type.name}: {getattr(item, 'shown_subject', d.subject)}",
                author=_author(d), pages=span,
                notes="Dự thảo" if item.kind == RecordItem.Kind.DRAFT or d.state in DRAFT_STATES else ""))
        else:
            rows.append(ContentsRow(
                ordinal=item.ordinal, symbol="", date=timezone.localdate(item.added_at).strftime("%d/%m/%Y"),
                type_and_subject=f"{item.get_kind_display()}: {item.title}", author="", pages=span, notes=""))
    org = record.organization
    return RecordSheet(
        organization_parent=org.parent.name if org.parent_id else "", organization=org.name,
        file_code=file_code(record), code=record.code, year=record.year, title=record.title,
        started_on=record.started_on.strftime("%d/%m/%Y"),
        ended_on=record.ended_on.strftime("%d/%m/%Y") if record.ended_on else "",
        documents=len(rows), pages=page, retention=record.retention_label, rows=rows)


def record_grantee_choices(record: RecordFile) -> list:
    """The people of the hồ sơ's organization who may be named on it, by name."""
    from qlvb.models import User

    return list(User.objects.filter(is_active=True, memberships__organization_id=record.organization_id,
                                    memberships__is_active=True).exclude(pk=record.owner_id)
                .distinct().order_by("full_name", "username"))


def record_grantee(record: RecordFile, user_id: int | None):
    """The active person `user_id`, if any (the access service checks they work in the organization)."""
    from qlvb.models import User

    return User.objects.filter(pk=user_id, is_active=True).first() if user_id else None


def record_file_stats(records) -> dict:
    """How many hồ sơ the list holds, per state (Phụ lục VI III.4.đ: the hồ sơ of one account, with
    "chỉ hồ sơ của tôi"), and how many documents they hold."""
    from django.db.models import Count

    by_state = dict(records.order_by().values_list("state").annotate(n=Count("pk")))
    labels = dict(RecordFile.State.choices)
    return {"total": sum(by_state.values()),
            "states": [(labels[state], by_state[state]) for state in RecordFile.State.values if by_state.get(state)],
            "documents": RecordItem.objects.filter(record__in=records.order_by().values("pk"),
                                                   document__isnull=False).count()}


def record_access_count(*, user, record: RecordFile) -> int | None:
    """How many times the files of the hồ sơ's documents were opened, downloaded or printed (Phụ lục VI
    III.6.a), for its owner and for who sees the organization's access reports; None for anyone else."""
    from documents.models.access_log import FileAccess
    from documents.permissions import may_see_access_reports

    if record.owner_id != user.pk and not may_see_access_reports(user, record.organization):
        return None
    documents = RecordItem.objects.filter(record=record, document__isnull=False).values("document_id")
    return FileAccess.objects.filter(document_id__in=documents).count()
