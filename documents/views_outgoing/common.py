"""What the outgoing views share: running a service with its refusals shown in Vietnamese, and the
organization a page is about."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme

from qlvb.models import Organization

from ..selectors_work import organizations_of

NO_RIGHT = "Bạn không có quyền thực hiện thao tác này."


def run_service(request, call: Callable[[], object], success: str = ""):
    """Run a service call. A refusal becomes an error message instead of a 500; returns the
    service's result, or None when it was refused."""
    from signatures.errors import SignatureServiceError

    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or NO_RIGHT)
    except SignatureServiceError as exc:
        messages.error(request, exc.user_message)
    except LookupError as exc:  # no register for the year, no axis connection: an administrator must act
        if not hasattr(exc, "user_message"):
            raise
        messages.error(request, exc.user_message)
    else:
        if success:
            messages.success(request, success)
        return result if result is not None else True
    return None


def chosen_organization(request) -> tuple[Organization, list[Organization]]:
    """The organization of the page (?org=), among those the user works in; 404 if none."""
    organizations = organizations_of(user=request.user)
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
