"""Errors of the services, as API responses: 400 for a broken rule, 403 for a refused person, 404 for
what is not there, 409 for what an administrator must set up first.

A service refuses with a qlvb.errors.ServiceError: a stable `code` and a message that gettext
translates. API clients get the `code`, the message in English as `detail` and in Vietnamese as
`detail_vi` (what the screens say), from the same error: nothing here reads the words.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions, serializers, status

from qlvb.errors import ServiceError
from signatures.pki.errors import SignatureServiceError

API_LANGUAGE = "en"
SCREEN_LANGUAGE = "vi"

# What a Django refusal that carries no code says in English (its own words go in detail_vi).
GENERAL = {
    status.HTTP_400_BAD_REQUEST: ("refused", "The request breaks a rule of the document workflow."),
    status.HTTP_403_FORBIDDEN: ("forbidden", "You may not do this."),
}


class ServiceRefused(exceptions.APIException):
    """A refusal as an API answer: {"detail", "detail_vi", "code", …}."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"

    def __init__(self, body: dict, status_code: int):
        self.status_code = status_code
        super().__init__(body)

    @classmethod
    def of(cls, error: ServiceError, **extra) -> ServiceRefused:
        """A service's refusal: its code, its message in English and in Vietnamese, and `extra` keys."""
        return cls({"detail": error.text(API_LANGUAGE), "detail_vi": error.text(SCREEN_LANGUAGE),
                    "code": error.code.value, **extra}, int(error.status))

    @classmethod
    def uncoded(cls, message: str, status_code: int) -> ServiceRefused:
        """A plain Django ValidationError or PermissionDenied (no code): a general English sentence."""
        code, detail = GENERAL[status_code]
        return cls({"detail": detail, "detail_vi": message, "code": code}, status_code)


class ErrorOutput(serializers.Serializer):
    """The body of a 400/403/404/409 answer."""

    detail = serializers.CharField(help_text="What went wrong, in English.")
    detail_vi = serializers.CharField(required=False, help_text="The same, as the screens say it (Vietnamese).")
    code = serializers.CharField(
        required=False,
        help_text="A stable code of the refusal, e.g. `not_a_clerk`, `draft_locked`, `wrong_pin`, `no_register` "
                  "(documents.errors.DocumentError, signatures.errors.SignatureError, …): decide by it, "
                  "never by the words.")


@contextmanager
def service_errors():
    """Turn the services' refusals into API answers, by their kind and code."""
    try:
        yield
    except (ServiceError, SignatureServiceError) as exc:
        raise ServiceRefused.of(exc) from exc
    except PermissionDenied as exc:
        raise ServiceRefused.uncoded(str(exc), status.HTTP_403_FORBIDDEN) from exc
    except ValidationError as exc:
        raise ServiceRefused.uncoded(" ".join(exc.messages), status.HTTP_400_BAD_REQUEST) from exc
