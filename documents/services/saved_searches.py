"""Saved searches: each person keeps named searches (the search form's parameters) to run again."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from documents.errors import DocumentError
from documents.models import SavedSearch
from qlvb.errors import Refused

# The parameters of the search form that a saved search keeps; anything else is dropped.
SEARCH_PARAMS = ("q", "organization", "direction", "document_type", "issuer", "unit", "state", "urgent", "issued_from",
                 "issued_to")
# How the results are shown, kept with the conditions: the columns (comma-separated keys) and the sort.
DISPLAY_PARAMS = ("cols", "sort")
MAX_SAVED_PER_USER = 50


def _joined(params, name: str) -> str:
    """A parameter that may be repeated (cols=a&cols=b) or comma-separated, as one "a,b"."""
    values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
    keys = [k.strip() for v in values for k in str(v or "").split(",") if k.strip()]
    return ",".join(dict.fromkeys(keys))[:400]


def search_params_clean(params) -> dict[str, str]:
    """The known, non-empty search parameters of a query dict, as strings."""
    clean = {k: str(params.get(k)).strip()[:200] for k in SEARCH_PARAMS if str(params.get(k) or "").strip()}
    if _joined(params, "cols"):
        clean["cols"] = _joined(params, "cols")
    if str(params.get("sort") or "").strip():
        clean["sort"] = str(params.get("sort")).strip()[:40]
    return clean


def saved_search_list(*, user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).order_by("name")


@transaction.atomic
def saved_search_save(*, user, name: str, params) -> SavedSearch:
    """Save (or replace, under the same name) a search of `user`."""
    name = (name or "").strip()[:100]
    if not name:
        raise Refused(DocumentError.SEARCH_NAME_REQUIRED)
    clean = search_params_clean(params)
    if not set(clean) - set(DISPLAY_PARAMS):  # columns and a sort alone are no search
        raise Refused(DocumentError.SEARCH_EMPTY)
    existing = SavedSearch.objects.select_for_update().filter(user=user, name=name).first()
    if existing is None and SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_PER_USER:
        raise Refused(DocumentError.TOO_MANY_SAVED_SEARCHES, limit=MAX_SAVED_PER_USER)
    saved, _ = SavedSearch.objects.update_or_create(user=user, name=name, defaults={"params": clean})
    return saved


def saved_search_get(*, user, pk: int) -> SavedSearch:
    return get_object_or_404(SavedSearch, user=user, pk=pk)


@transaction.atomic
def saved_search_delete(*, user, pk: int) -> None:
    saved_search_get(user=user, pk=pk).delete()
