"""The registers of Nghị định 30, Phụ lục IV, as rows: which documents, which columns, what goes in them.

- incoming (sổ đăng ký văn bản đến, mẫu VI): registered incoming documents by số đến;
- tracking (sổ theo dõi giải quyết văn bản đến, mẫu VIII): the same documents and how their
  handling goes — the lead unit/person, deadline, progress, the reply;
- outgoing (sổ đăng ký văn bản đi, mẫu I): numbered outgoing documents.

Documents come from `documents.selectors.documents.document_list`, so a register shows only what the user may
see (a clerk or leader: the whole organization). The HTML page, the Excel and PDF files and the
API all read the same `register_sheet` / `register_page_rows`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from documents.errors import DocumentError
from documents.literals import Direction
from documents.models import Assignment, Document, Instruction
from documents.selectors.documents import document_list
from documents.selectors.registers import (
    INCOMING,
    OUTGOING,
    TRACKING,
    RegisterFilters,
    register_books,
    register_documents,
)
from documents.selectors.search import page_of
from documents.selectors.signed_under import signature_caption
from documents.services.numbering import format_number
from interchange.models import Recipient
from qlvb.errors import Refused, grouped
from qlvb.models import Organization

EXPORT_MAX_ROWS = 20_000  # Excel; about 10 s of work
PDF_MAX_ROWS = 5_000  # about 10 s of typesetting and ~170 pages: print a register by month or quarter


@dataclass(frozen=True)
class Column:
    title: str
    width_mm: float  # in the PDF (A4 landscape, 262 mm of table); Excel widths follow from it

    @property
    def width_class(self) -> str:
        """On screen, the column's minimum width as one of four classes (qlvb/documents.css): the
        page's Content-Security-Policy allows no inline style."""
        for limit, name in ((15, "s"), (24, "m"), (40, "l")):
            if self.width_mm <= limit:
                return f"register-col-{name}"
        return "register-col-xl"


@dataclass(frozen=True)
class RegisterSpec:
    kind: str
    title: str  # on the cover, in capitals
    name: str  # in sentences and file names
    direction: str
    columns: tuple[Column, ...]
    link_column: int = 0  # on screen, the cell that opens the document


SPECS = {
    INCOMING: RegisterSpec(INCOMING, "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", "Sổ đăng ký văn bản đến", Direction.INCOMING, (
        Column("Ngày đến", 19), Column("Số đến", 13), Column("Tác giả", 32), Column("Số, ký hiệu văn bản", 27),
        Column("Ngày tháng văn bản", 19), Column("Tên loại và trích yếu nội dung văn bản", 66),
        Column("Đơn vị hoặc người nhận", 32), Column("Ngày chuyển", 19), Column("Ký nhận", 15),
        Column("Ghi chú", 20),
    ), link_column=3),
    TRACKING: RegisterSpec(TRACKING, "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN", "Sổ theo dõi giải quyết văn bản đến",
                           Direction.INCOMING, (
        Column("Số đến", 14),
        Column("Tên loại, số, ký hiệu, ngày, tháng và tên cơ quan, tổ chức ban hành văn bản", 76),
        Column("Đơn vị hoặc người nhận", 38), Column("Thời hạn giải quyết", 22), Column("Tiến độ giải quyết", 52),
        Column("Số, ký hiệu văn bản trả lời", 36), Column("Ghi chú", 24),
    ), link_column=1),
    OUTGOING: RegisterSpec(OUTGOING, "SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Sổ đăng ký văn bản đi", Direction.OUTGOING, (
        Column("Số, ký hiệu văn bản", 27), Column("Ngày tháng văn bản", 19),
        Column("Tên loại và trích yếu nội dung văn bản", 64), Column("Người ký", 28), Column("Nơi nhận văn bản", 42),
        Column("Đơn vị, người nhận bản lưu", 24), Column("Số lượng bản", 14), Column("Ngày chuyển", 19),
        Column("Ký nhận", 14), Column("Ghi chú", 11),
    )),
}


@dataclass
class RegisterSheet:
    """A register ready to print: the cover's facts and the rows."""

    spec: RegisterSpec
    organization: Organization
    rows: list[list[str]]
    total: int
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    number_from: int | None = None
    number_to: int | None = None
    book: str = ""
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def year(self) -> str:
        years = sorted({d.year for d in (self.date_from, self.date_to) if d})
        return "–".join(str(y) for y in years) or str(timezone.localdate().year)

    @property
    def dates_line(self) -> str:
        if not (self.date_from and self.date_to):
            return ""
        return f"Từ ngày {self.date_from:%d/%m/%Y} đến ngày {self.date_to:%d/%m/%Y}"

    @property
    def numbers_line(self) -> str:
        if self.number_from is None:
            return ""
        return f"Từ số {format_number(self.number_from)} đến số {format_number(self.number_to)}"


class RegisterTooLarge(Refused):
    def __init__(self, total: int, limit: int):
        super().__init__(DocumentError.REGISTER_TOO_LARGE, total=grouped(total), limit=grouped(limit))
        self.total = total


def _with_row_data(qs: QuerySet[Document], kind: str, user) -> QuerySet[Document]:
    """Fetch what the columns need in a fixed number of queries, whatever the number of rows."""
    qs = qs.select_related("document_type", "issuer", "register", "unit", "signed_by")
    if kind == OUTGOING:
        deliveries = Recipient.objects.filter(Q(outbound__isnull=True) | Q(outbound__business_type=0)).order_by("id")
        return qs.prefetch_related(Prefetch("deliveries", queryset=deliveries, to_attr="register_deliveries"),
                                   "addressees")
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD).select_related("unit", "user").order_by("id")
    if kind == TRACKING:
        leads = leads.prefetch_related("notes")
    qs = qs.prefetch_related(
        Prefetch("assignments", queryset=leads, to_attr="register_leads"),
        Prefetch("instructions", queryset=Instruction.objects.order_by("created_at"), to_attr="register_instructions"),
    )
    if kind == TRACKING:
        replies = document_list(user=user, direction=Direction.OUTGOING).order_by("issued_on", "pk")
        qs = qs.prefetch_related(Prefetch("replies", queryset=replies, to_attr="register_replies"))
    return qs


# --- cells --------------------------------------------------------------------------------------

def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return f"{value:%d/%m/%Y}"


def _number(document: Document) -> str:
    return format_number(document.register_number) if document.register_number else ""


def _issuer(document: Document) -> str:
    return document.issuer_name or (document.issuer.name if document.issuer_id else "")


def _type_and_subject(document: Document) -> str:
    return f"{document.document_type.name}\n{document.subject}"


def _holder(assignment: Assignment) -> str:
    if assignment.unit_id and assignment.user_id:
        return f"{assignment.unit.name} ({assignment.user})"
    return assignment.unit.name if assignment.unit_id else str(assignment.user)


def _recipients(document: Document) -> str:
    """The lead unit or person, and the people a unit head handed the work to."""
    leads = document.register_leads
    top = [a for a in leads if a.parent_id is None]
    lines = []
    for a in top:
        handed = [str(c.user) for c in leads if c.parent_id == a.pk and c.user_id]
        lines.append(_holder(a) if not handed else f"{_holder(a)} ({', '.join(handed)})")
    return "\n".join(dict.fromkeys(lines))


def _notes(document: Document) -> str:
    notes = []
    if document.urgency:
        notes.append(document.get_urgency_display())
    if document.secrecy:
        notes.append(document.get_secrecy_display())
    if document.state == Document.State.RECALLED:
        notes.append("Đã thu hồi")
    if document.relation and document.related_to_id:
        notes.append(document.get_relation_display())
    if document.direction == Direction.INCOMING and document.source == Document.Source.PAPER:
        notes.append("Bản giấy")
    if document.direction == Direction.OUTGOING and document.source == Document.Source.PAPER:
        notes.append("Ký tay trên giấy")  # issue 16.1: signed on paper, not digitally
    return "; ".join(notes)


def _progress(document: Document, today: dt.date) -> str:
    State = Document.State
    if document.state == State.DONE:
        text = f"Hoàn thành ngày {_date(document.completed_at)}" if document.completed_at else "Hoàn thành"
        results = [a.result for a in document.register_leads if a.parent_id is None and a.result]
        return f"{text}: {results[0][:200]}" if results else text
    if document.state in (State.RECALLED, State.REJECTED) or not document.register_leads:
        return document.get_state_display()
    notes = [n for a in document.register_leads for n in a.notes.all()]
    if notes:
        last = max(notes, key=lambda n: n.created_at)
        percent = f" {last.percent}%" if last.percent is not None else ""
        text = f"Đang xử lý{percent} ({_date(last.created_at)}): {last.text[:200]}"
    else:
        working = {a.state for a in document.register_leads}
        text = "Đang xử lý" if Assignment.State.IN_PROGRESS in working else "Chưa xử lý"
    if document.due_date and document.due_date < today:
        text += f"\nQuá hạn {(today - document.due_date).days} ngày"
    return text


def _deadline(document: Document) -> str:
    deadlines = [a.deadline for a in document.register_leads if a.deadline]
    return _date(document.due_date or (min(deadlines) if deadlines else None))


def _identity(document: Document) -> str:
    parts = [document.document_type.name]
    if document.symbol:
        parts.append(f"số {document.symbol}")
    if document.issued_on:
        parts.append(f"ngày {_date(document.issued_on)}")
    if _issuer(document):
        parts.append(f"của {_issuer(document)}")
    return " ".join(parts) + f"\n{document.subject}"


def _replies(document: Document) -> str:
    return "\n".join(
        f"{r.symbol or '(chưa có số)'}" + (f" ngày {_date(r.issued_on)}" if r.issued_on else "")
        for r in document.register_replies
    )


def _signer(document: Document) -> str:
    """The signer's name, under the authority line when signed for someone else ("TUQ. PHÓ CHỦ TỊCH / TRƯỞNG PHÒNG")."""
    name = document.signer_name or (str(document.signed_by) if document.signed_by_id else "")
    if not document.signing_form:
        return name
    caption = signature_caption(document) or f"{document.signing_form}."
    return f"{caption}\n{name}".strip()


def _places(document: Document) -> list[str]:
    names = [r.name or r.organ_id for r in document.register_deliveries]
    return names or [a.name for a in document.addressees.all()]


def _archive(document: Document) -> str:
    return f"VT, {document.unit.abbreviation}" if document.unit_id else "VT"


def register_row(document: Document, kind: str, today: dt.date) -> list[str]:
    """The cells of one document of `register_documents` in register `kind`."""
    if kind == INCOMING:
        first = document.register_instructions[0].created_at if document.register_instructions else None
        return [_date(document.received_at), _number(document), _issuer(document), document.symbol,
                _date(document.issued_on), _type_and_subject(document), _recipients(document), _date(first), "",
                _notes(document)]
    if kind == TRACKING:
        return [_number(document), _identity(document), _recipients(document), _deadline(document),
                _progress(document, today), _replies(document), _notes(document)]
    places = _places(document)
    return [document.symbol, _date(document.issued_on), _type_and_subject(document), _signer(document),
            "\n".join(places), _archive(document), str(len(places)) if places else "", _date(document.dispatched_at),
            "", _notes(document)]


def register_rows(documents: Iterable[Document | int], *, kind: str, user) -> list[tuple[Document, list[str]]]:
    """(document, cells) for documents (or ids) of `register_documents`, e.g. one page on screen."""
    ids = [d.pk if isinstance(d, Document) else d for d in documents]
    today = timezone.localdate()
    return [(d, register_row(d, kind, today)) for d in page_of(ids, _with_row_data(Document.objects.visible_to(user), kind, user))]


def register_sheet(*, user, kind: str, filters: RegisterFilters, organization: Organization,
                   limit: int | None = None) -> RegisterSheet:
    """The whole register for printing or download; RegisterTooLarge past `limit` (EXPORT_MAX_ROWS) rows."""
    limit = limit or EXPORT_MAX_ROWS
    qs = register_documents(user=user, kind=kind, filters=filters)
    total = qs.count()
    if total > limit:
        raise RegisterTooLarge(total, limit)
    today = timezone.localdate()
    rows, numbers, dates = [], [], []
    for document in _with_row_data(qs, kind, user).iterator(chunk_size=1000):
        rows.append(register_row(document, kind, today))
        numbers.append(document.register_number)
        day = document.received_at if SPECS[kind].direction == Direction.INCOMING else document.issued_on
        if day:
            dates.append(timezone.localdate(day) if isinstance(day, dt.datetime) else day)
    books = register_books(organization=organization, direction=SPECS[kind].direction)
    book = (books.filter(pk=filters.register_id).values_list("name", flat=True).first() or "") if filters.register_id else ""
    return RegisterSheet(
        spec=SPECS[kind], organization=organization, rows=rows, total=total, book=book,
        date_from=filters.date_from or (min(dates) if dates else None),
        date_to=filters.date_to or (max(dates) if dates else None),
        number_from=min(numbers) if numbers else None, number_to=max(numbers) if numbers else None,
    )
