"""What every action view shares: running a service with its refusals shown to the user in
Vietnamese instead of a 500."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError

from qlvb.errors import ServiceError
from signatures.pki.errors import SignatureServiceError

NO_RIGHT = "Bạn không có quyền thực hiện thao tác này."


def run_service(request, call: Callable[[], object], success: str = ""):
    """Run a service call. A refusal becomes an error message instead of a 500; returns the
    service's result, or None when it was refused."""
    try:
        result = call()
    except (ServiceError, SignatureServiceError) as exc:  # a rule, a right, or a setup an administrator must make: its message
        messages.error(request, exc.text())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or NO_RIGHT)
    else:
        if success:
            messages.success(request, success)
        return result if result is not None else True
    return None
