"""What every action view shares: running a service with its refusals shown to the user in
Vietnamese instead of a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from signatures.errors import SignatureServiceError

NO_RIGHT = "Bạn không có quyền thực hiện thao tác này."


def run_service(request, call: Callable[[], object], success: str = ""):
    """Run a service call. A refusal becomes an error message instead of a 500; returns the
    service's result, or None when it was refused."""
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
