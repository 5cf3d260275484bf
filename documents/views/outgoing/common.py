"""What the outgoing views share: the organization a page is about, and a safe return address."""

from __future__ import annotations

from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from qlvb.access import organizations_of
from qlvb.models import Organization


def chosen_organization(request) -> tuple[Organization, list[Organization]]:
    """The organization of the page (?org=), among those the user works in; 404 if none."""
    organizations = organizations_of(request.user)
    if not organizations:
        raise Http404("no organization")
    chosen = request.GET.get("org") or request.POST.get("org") or ""
    organization = next((o for o in organizations if str(o.pk) == chosen), organizations[0])
    return organization, organizations


def safe_next(request) -> str:
    """The page to go back to after a form posted from another screen, if it is one of ours."""
    target = request.POST.get("next", "")
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if target and ok else ""
