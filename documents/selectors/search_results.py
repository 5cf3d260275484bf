"""Search results people choose and take away (Phụ lục VI III.6.đ, g, h): which columns (fields of the
document) the results show, in which order they come, and their rows for the page and the exports.

The rows start from `documents.selectors.search.document_search`, the permission filter: an
export holds every row the page would list to the same person, none more. An export holds at most
`EXPORT_MAX_ROWS` documents; a larger result is refused with a message to narrow the search.

The query string carries the choice: `cols` (column keys, comma-separated or repeated) and `sort`
(a key of SORTS); a saved search keeps both (services.saved_searches).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from documents.errors import DocumentError
from documents.models import Document, RecordItem
from documents.selectors.search import Fold, SearchFilters, document_search, page_of
from qlvb.errors import Refused, grouped

EXPORT_MAX_ROWS = 5_000  # one file (xlsx, docx or pdf); about as much as a register's PDF
FETCH_CHUNK = 500


def issuer_label(document: Document) -> str:
    """Who issued it: a paper document's typed name, a directory organization, else (an outgoing
    document, whose issuer field is empty) the organization that drafts it."""
    return (document.issuer_name or (document.issuer.name if document.issuer_id else "")
            or document.organization.name)


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _signer(d: Document) -> str:
    return ": ".join(p for p in (d.signer_title, d.signer_name) if p)


@dataclass(frozen=True)
class ResultColumn:
    key: str
    title: str
    width_mm: float  # in the PDF (A4 landscape, 262 mm of table) and, from it, Excel and Word widths
    value: Callable[[Document], str]


# The fixed list people choose from, in the order the columns are shown.
COLUMNS = (
    ResultColumn("symbol", "Số, ký hiệu", 28, lambda d: d.symbol),
    ResultColumn("number", "Số đến/đi trong sổ", 16, lambda d: str(d.register_number or "")),
    ResultColumn("issued_on", "Ngày văn bản", 20, lambda d: _date(d.issued_on)),
    ResultColumn("direction", "Đến/đi", 18, lambda d: d.get_direction_display()),
    ResultColumn("type", "Loại văn bản", 22, lambda d: d.document_type.name),
    ResultColumn("subject", "Trích yếu", 70, lambda d: d.subject),
    ResultColumn("issuer", "Cơ quan ban hành", 40, issuer_label),
    ResultColumn("signer", "Người ký", 34, _signer),
    ResultColumn("urgency", "Độ khẩn", 16, lambda d: d.get_urgency_display()),
    ResultColumn("secrecy", "Độ mật", 16, lambda d: d.get_secrecy_display()),
    ResultColumn("state", "Trạng thái", 22, lambda d: d.get_state_display()),
    ResultColumn("due_date", "Hạn xử lý", 20, lambda d: _date(d.due_date)),
    ResultColumn("unit", "Đơn vị", 30, lambda d: d.unit.name if d.unit_id else ""),
    ResultColumn("file_code", "Mã hồ sơ", 24, lambda d: getattr(d, "file_code", "")),
    ResultColumn("page_count", "Số trang", 12, lambda d: str(d.page_count or "")),
    ResultColumn("language", "Ngôn ngữ", 18, lambda d: d.language),
    ResultColumn("description", "Mô tả, ghi chú", 40, lambda d: d.description),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
DEFAULT_COLUMNS = ("symbol", "issued_on", "type", "subject", "issuer", "state")

# Sort keys: "relevance" is the search's own order (the whole phrase first, then urgent, newest).
SORTS = (
    ("relevance", "Phù hợp nhất"),
    ("-issued_on", "Ngày văn bản, mới nhất trước"),
    ("issued_on", "Ngày văn bản, cũ nhất trước"),
    ("-number", "Số trong sổ, lớn nhất trước"),
    ("number", "Số trong sổ, nhỏ nhất trước"),
    ("issuer", "Cơ quan ban hành, A → Z"),
    ("-issuer", "Cơ quan ban hành, Z → A"),
    ("subject", "Trích yếu, A → Z"),
    ("due_date", "Hạn xử lý, gần nhất trước"),
    ("-created", "Mới nhập vào hệ thống trước"),
)
SORT_LABELS = dict(SORTS)
DEFAULT_SORT = "relevance"


@dataclass(frozen=True)
class ColumnChoice:
    columns: tuple[ResultColumn, ...]
    ignored: tuple[str, ...]  # keys asked for that the list does not have (shown, not failed on)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def columns_chosen(values: Iterable[str]) -> ColumnChoice:
    """The columns named in `values` (each a key or comma-separated keys), in the list's order; the
    default columns when none is known."""
    asked: list[str] = []
    for value in values:
        for key in str(value or "").split(","):
            key = key.strip()
            if key and key not in asked:
                asked.append(key)
    known = [c for c in COLUMNS if c.key in asked]
    ignored = tuple(k[:40] for k in asked if k not in COLUMN_BY_KEY)[:10]
    if not known:
        known = [COLUMN_BY_KEY[k] for k in DEFAULT_COLUMNS]
    return ColumnChoice(tuple(known), ignored)


def search_sorted(qs: QuerySet[Document], sort: str) -> QuerySet[Document]:
    """`qs` (a search) in the order `sort` names; the search's own order for "relevance" or an unknown key."""
    tie = ("-created_at", "-pk")
    if sort in ("issued_on", "-issued_on"):
        date = F("issued_on").asc(nulls_last=True) if sort == "issued_on" else F("issued_on").desc(nulls_last=True)
        return qs.order_by(date, *tie)
    if sort in ("number", "-number"):
        number = F("register_number").asc(nulls_last=True) if sort == "number" else F(
            "register_number").desc(nulls_last=True)
        return qs.order_by(number, *tie)
    if sort in ("issuer", "-issuer"):
        qs = qs.annotate(issuer_sort=Fold(Coalesce(NullIf("issuer_name", Value("")), "issuer__name",
                                                   "organization__name")))
        return qs.order_by("issuer_sort" if sort == "issuer" else "-issuer_sort", *tie)
    if sort == "subject":
        return qs.annotate(subject_sort=Fold("subject")).order_by("subject_sort", *tie)
    if sort == "due_date":
        return qs.order_by(F("due_date").asc(nulls_last=True), *tie)
    if sort == "-created":
        return qs.order_by(*tie)
    return qs


def result_ids(*, user, filters: SearchFilters, sort: str) -> QuerySet:
    """The ids of the documents `user` may see that match, in the chosen order."""
    return search_sorted(document_search(user=user, filters=filters), sort).values_list("pk", flat=True)


def result_documents(ids: list[int], *, user) -> list[Document]:
    """The documents `ids` with what the columns read, in the same order (never one `user` may not see)."""
    qs = Document.objects.visible_to(user).select_related("document_type", "organization", "issuer", "unit")
    documents = page_of(ids, qs)
    codes = dict(RecordItem.objects.filter(document_id__in=ids).values_list("document_id", "record__code"))
    for document in documents:
        # The document's FileCode (Phụ lục VI III.1.g): the hồ sơ it is filed in, part of its metadata.
        document.file_code = codes.get(document.pk, "")
        document.issuer_label = issuer_label(document)
    return documents


def result_rows(documents: Iterable[Document], columns: Iterable[ResultColumn]) -> list[list[str]]:
    columns = list(columns)
    return [[c.value(d) or "" for c in columns] for d in documents]


class SearchExportTooLarge(Refused):
    def __init__(self, total: int, limit: int):
        super().__init__(DocumentError.SEARCH_EXPORT_TOO_LARGE, total=grouped(total), limit=grouped(limit))
        self.total = total


def export_rows(*, user, filters: SearchFilters, sort: str, columns: Iterable[ResultColumn],
                limit: int | None = None) -> list[list[str]]:
    """Every row of the search for `user`, as the columns show it; SearchExportTooLarge past `limit`
    (default EXPORT_MAX_ROWS)."""
    limit = limit or EXPORT_MAX_ROWS
    ids_qs = result_ids(user=user, filters=filters, sort=sort)
    ids = list(ids_qs[: limit + 1])
    if len(ids) > limit:
        raise SearchExportTooLarge(ids_qs.count(), limit)
    columns = list(columns)
    rows: list[list[str]] = []
    for start in range(0, len(ids), FETCH_CHUNK):
        rows += result_rows(result_documents(ids[start:start + FETCH_CHUNK], user=user), columns)
    return rows
