"""Full-text search of documents: accent-insensitive, and only over what the user may see.

Text and queries are folded the same way — lower case, Vietnamese diacritics removed, "đ" → "d",
punctuation → spaces — so "cong van phong chong dich" finds "Công văn … phòng, chống dịch". A
document matches when every query word starts a word of its folded text (`SearchEntry.folded`:
type, số/ký hiệu, trích yếu, issuing organization and PDF text, kept by services.indexing): "807/VPCP-KS"
finds 807/VPCP-KSTT, "ong" does not find "công". Results start from
`documents.selectors.documents.document_list`, the permission filter.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Concat

from documents.models import Assignment, Document
from documents.selectors.documents import document_list

_NON_WORD = re.compile(r"[^\w]+")
MAX_QUERY_WORDS = 12


def fold_text(text: str | None) -> str:
    """"Công văn: phòng, chống dịch" → "cong van phong chong dich"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", bare.lower().replace("_", " ")).split())


def search_text(*parts: str) -> str:
    """What SearchEntry.folded stores: the folded words, after a space so that every word, the
    first too, is found by `LIKE '% word%'`."""
    return " " + fold_text(" ".join(p for p in parts if p))


def query_words(query: str | None) -> list[str]:
    """The distinct folded words of a query, at most MAX_QUERY_WORDS, in order."""
    words = []
    for word in fold_text(query).split():
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


class Fold(Func):
    """fold_text() inside the database, for a filter on a column that has no stored folded copy.

    PostgreSQL: the immutable `qlvb_unaccent()` the search migration creates (unaccent + lower).
    SQLite (the embedded default): fold_text itself, registered on the connection.
    """

    output_field = CharField()
    function = "qlvb_unaccent"
    arity = 1

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_function("qlvb_fold", 1, fold_text, deterministic=True)
        return super().as_sql(compiler, connection, function="qlvb_fold", **extra_context)


def annotate_folded(qs: QuerySet, **fields: str) -> QuerySet:
    """Annotate folded copies of columns: annotate_folded(qs, issuer_folded="issuer_name")."""
    return qs.annotate(**{name: Fold(Coalesce(source, Value(""))) for name, source in fields.items()})


def text_filter(qs: QuerySet, text: str, *fields: str) -> QuerySet:
    """The rows where every word of `text` occurs in one of `fields`, folded the way search folds
    ("gui", "GỬI" and "gửi" all find "Gửi"): the list pages' own search boxes.

    The folding runs in the database (Fold), so it works on PostgreSQL and on SQLite alike — SQLite's
    LOWER and LIKE fold ASCII letters only, so "GỬI" would never meet "gửi" there.
    """
    words = query_words(text)
    if not words:
        return qs
    names = {field: f"_folded_{i}" for i, field in enumerate(fields)}
    qs = annotate_folded(qs, **{name: field for field, name in names.items()})
    for word in words:
        match = Q()
        for name in names.values():
            match |= Q(**{f"{name}__contains": word})
        qs = qs.filter(match)
    return qs


@dataclass(frozen=True)
class SearchFilters:
    """What the search form and the API accept besides the words."""

    query: str = ""
    direction: str = ""
    document_type_id: int | None = None
    issuer: str = ""  # part of the issuing organization's name, any accents
    unit_id: int | None = None  # the document's unit, or a unit assigned to handle it
    state: str = ""
    urgent_only: bool = False
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None
    organization_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (query_words(self.query) or self.direction or self.document_type_id or self.issuer
                    or self.unit_id or self.state or self.urgent_only or self.issued_from or self.issued_to)


def document_filter(qs: QuerySet[Document], f: SearchFilters) -> QuerySet[Document]:
    """Apply the non-text filters (shared by search and the registers)."""
    if f.direction:
        qs = qs.filter(direction=f.direction)
    if f.organization_id:
        qs = qs.filter(organization_id=f.organization_id)
    if f.document_type_id:
        qs = qs.filter(document_type_id=f.document_type_id)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.urgent_only:
        qs = qs.filter(urgency__gt=0)
    if f.issued_from:
        qs = qs.filter(issued_on__gte=f.issued_from)
    if f.issued_to:
        qs = qs.filter(issued_on__lte=f.issued_to)
    if f.unit_id:
        qs = qs.filter(Q(unit_id=f.unit_id) | Exists(
            Assignment.objects.filter(document=OuterRef("pk"), unit_id=f.unit_id)))
    if f.issuer.strip():
        qs = annotate_folded(qs, issuer_folded=Concat(
            Coalesce("issuer_name", Value("")), Value(" "), Coalesce("issuer__name", Value("")),
            output_field=CharField()))
        for word in query_words(f.issuer):
            qs = qs.filter(issuer_folded__contains=word)
    return qs


def document_search(*, user, filters: SearchFilters) -> QuerySet[Document]:
    """The documents `user` may see that match `filters`: best (whole phrase) first, then urgent, newest."""
    qs = document_filter(document_list(user=user), filters)
    words = query_words(filters.query)
    if not words:
        return qs
    if filters.organization_id:
        # The same condition on the entry lets its GIN index narrow to the organization first. The cast
        # matters: btree_gin's bigint class does not take an integer literal.
        qs = qs.filter(search_entry__organization_id=Cast(Value(filters.organization_id), BigIntegerField()))
    for word in words:
        qs = qs.filter(search_entry__folded__contains=" " + word)
    phrase = " " + " ".join(words)
    return qs.annotate(
        phrase_match=Case(When(search_entry__folded__contains=phrase, then=Value(1)), default=Value(0),
                          output_field=IntegerField()) if len(words) > 1 else Value(0, output_field=IntegerField())
    ).order_by("-phrase_match", "-urgency", "-created_at")


class _CountedIds:
    """What Paginator needs of one page whose ids and total came in one query."""

    def __init__(self, ids: list[int], total: int):
        self.ids, self.total = ids, total

    def count(self) -> int:
        return self.total

    def __getitem__(self, _slice):
        return self.ids


def id_page(ids: QuerySet, number, per_page: int) -> Page:
    """One page of a sorted id query, with the total counted in the same query (COUNT(*) OVER ()):
    a search sorts every match anyway, so counting them apart would do the work twice."""
    try:
        number = max(1, int(number or 1))
    except (TypeError, ValueError):
        number = 1
    rows = list(ids.annotate(total_matches=Window(Count("pk"))).values_list("pk", "total_matches")[
        (number - 1) * per_page: number * per_page])
    if not rows and number > 1:  # past the end: the last page, as Paginator.get_page does
        total = ids.count()
        number = max(1, -(-total // per_page))
        rows = list(ids.annotate(total_matches=Window(Count("pk"))).values_list("pk", "total_matches")[
            (number - 1) * per_page: number * per_page])
    total = rows[0][1] if rows else 0
    return Paginator(_CountedIds([pk for pk, _ in rows], total), per_page).page(number)


def page_of(ids: list[int], queryset: QuerySet[Document]) -> list[Document]:
    """The documents `ids` (one page of a sorted, narrow query) from `queryset`, in the same order.

    Sorting ids first and fetching the page's rows with their joins afterwards keeps the sort
    narrow: the joins and wide columns are read for one page, not for every match.
    """
    by_id = {d.pk: d for d in queryset.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _one_char_folds() -> dict[int, str]:
    """str.translate table: each Latin letter (with Vietnamese marks) to one lower-case base letter,
    punctuation to a space; positions in the result are positions in the original."""
    table = {}
    for code in [*range(0x20, 0x250), *range(0x1E00, 0x1F00)]:
        folded = fold_text(chr(code))
        table[code] = folded[0] if len(folded) == 1 else " "
    return table


_ONE_CHAR_FOLDS = _one_char_folds()


def snippet(text: str, query: str, width: int = 160) -> str:
    """A piece of `text` around where the query occurs in it (accent-insensitively): the whole query,
    else its longest word; "" when none of it is there."""
    if not text:
        return ""
    flat = text.translate(_ONE_CHAR_FOLDS)
    words = query_words(query)
    for target in [" ".join(words), *sorted(words, key=len, reverse=True)]:
        found = re.search(r"(?<![a-z0-9])" + re.escape(target), flat)
        if found:
            start = max(0, found.start() - width // 3)
            break
    else:
        return ""
    piece = " ".join(text[start:start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
