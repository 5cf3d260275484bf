"""Full-text search of documents: accent-insensitive, and only over what the user may see.

Text and queries are folded the same way — lower case, Vietnamese diacritics removed, "đ" → "d",
punctuation → spaces — so "cong van phong chong dich" finds "Công văn … phòng, chống dịch". A
document matches when every query word occurs in its folded text (`SearchEntry.folded`: type,
số/ký hiệu, trích yếu, issuing organization and PDF text, kept by services.indexing). Results
start from `documents.selectors.document_list`, the permission filter.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Case, CharField, Exists, Func, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Concat

from .models import Assignment, Document
from .selectors import document_list

_NON_WORD = re.compile(r"[^\w]+")
MAX_QUERY_WORDS = 12


def fold_text(text: str | None) -> str:
    """"Công văn: phòng, chống dịch" → "cong van phong chong dich"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", bare.lower().replace("_", " ")).split())


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
    for word in words:
        qs = qs.filter(search_entry__folded__contains=word)
    phrase = " ".join(words)
    return qs.annotate(
        phrase_match=Case(When(search_entry__folded__contains=phrase, then=Value(1)), default=Value(0),
                          output_field=IntegerField()) if len(words) > 1 else Value(0, output_field=IntegerField())
    ).order_by("-phrase_match", "-urgency", "-created_at")


def snippet(text: str, query: str, width: int = 160) -> str:
    """A piece of `text` around the first query word found (accent-insensitively), or its start."""
    if not text:
        return ""
    # One folded character per character of `text`, so that a position found in it is one in `text`.
    flat = "".join((fold_text(c) or " ")[:1] for c in text)
    start = 0
    for word in query_words(query):
        pos = flat.find(word)
        if pos >= 0:
            start = max(0, pos - width // 3)
            break
    piece = " ".join(text[start:start + width].split())
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
