"""Refusals the services give the people using them: a stable code, its message, its parameters.

Each app names its refusals in an enum of codes (documents.errors.DocumentError,
signatures.errors.SignatureError, …): the value is the code API clients see ("draft_locked"), the
label the message, written in English as a gettext msgid with named placeholders
("%(person)s is not a leader of %(organization)s."). The Vietnamese the screens show lives in
locale/vi/LC_MESSAGES/django.po.

A service raises the kind of refusal with a code and its parameters:

    raise Refused(DocumentError.DRAFT_LOCKED)
    raise Forbidden(DocumentError.NOT_A_LEADER, person=leader, organization=organization)

and the web layers decide by the kind and the code, never by the words: the screens show
`error.text()` (the active language, Vietnamese), the API `error.text("en")` with `error.code`.

The kinds, and what they mean over HTTP:

- Refused: a rule of the workflow says no (400). It is a django ValidationError too.
- Forbidden: this person may not do this (403). It is a django PermissionDenied too.
- NotFound: what the request names does not exist for this person (404). It is an Http404 too.
- NotConfigured: an administrator must set something up first (409): no register for the year,
  no axis connection. It is a LookupError too.
"""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import TextChoices
from django.http import Http404
from django.utils import formats, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


class ErrorCode(TextChoices):
    """Base of the apps' enums of codes: `NAME = "code", _("English message with %(placeholders)s.")`."""


def render(message, params: dict | None, language: str | None = None) -> str:
    """`message` (a lazy msgid) in `language` (default: the active one), its placeholders filled."""
    if language is not None:
        with translation.override(language):
            return render(message, params)
    text = str(message)
    return text % params if params else text


def grouped(number: int):
    """A number with its thousands grouped the way the language of the moment writes them (1.234 / 1,234)."""
    return lazy(lambda: f"{number:,}".replace(",", formats.get_format("THOUSAND_SEPARATOR")), str)()


class Message(str):
    """A code's message as text in the language of the moment (so it compares and prints as the
    words), keeping its code and parameters to be said in another language."""

    def __new__(cls, code: ErrorCode, /, **params):
        message = super().__new__(cls, render(code.label, params))
        message.code, message.params = code, params
        return message

    def text(self, language: str | None = None) -> str:
        return render(self.code.label, self.params, language)


class ServiceError(Exception):
    """A refusal with a stable `code`, its lazily translated `message` (with named placeholders)
    and the `params` that fill them; `str()` is the message in the active language."""

    status = HTTPStatus.BAD_REQUEST

    def __init__(self, code: ErrorCode, /, **params):
        Exception.__init__(self, str(code))
        self.code = code
        self.message = code.label
        self.params = params

    def text(self, language: str | None = None) -> str:
        """The message in `language` (default: the active one, Vietnamese for the screens)."""
        return render(self.message, self.params, language)

    @property
    def user_message(self) -> str:
        """What the screens show: the message in the active language."""
        return self.text()

    def __str__(self) -> str:
        return self.text()


class Refused(ServiceError, ValidationError):
    """A rule says no (400)."""

    def __init__(self, code: ErrorCode, /, **params):
        ServiceError.__init__(self, code, **params)
        self.error_list = [self]  # what ValidationError's messages and iteration read


class Forbidden(ServiceError, PermissionDenied):
    """This person may not do this (403)."""

    status = HTTPStatus.FORBIDDEN


class NotFound(ServiceError, Http404):
    """What the request names does not exist, or not for this person (404)."""

    status = HTTPStatus.NOT_FOUND


class NotConfigured(ServiceError, LookupError):
    """An administrator must set something up before this can be done (409)."""

    status = HTTPStatus.CONFLICT


class QlvbError(ErrorCode):
    """Refusals of the shared services (delegations)."""

    DELEGATION_ENDS_BEFORE_START = "delegation_ends_before_start", _("A delegation must end after it starts.")
    DELEGATION_TO_SELF = "delegation_to_self", _("Nobody can delegate to themselves.")
    DELEGATION_NOT_DELEGATOR = "delegation_not_delegator", _(
        "Only the delegator or an administrator may create a delegation.")
    DELEGATION_NOT_MEMBER = "delegation_not_member", _("%(member)s does not belong to %(organization)s.")
    DELEGATION_TUQ_REDELEGATED = "delegation_tuq_redelegated", _(
        "A delegation to sign 'thừa ủy quyền' (TUQ.) cannot be delegated again.")
    DELEGATION_NOT_DELEGATE = "delegation_not_delegate", _(
        "Only the delegate of a delegation may pass it on.")
    DELEGATION_OUTSIDE_PARENT = "delegation_outside_parent", _(
        "A delegation passed on must lie within the period of the original one.")
    # Delegation in the UI (issue 16, part "delegation")
    DELEGATION_PERIOD_PAST = "delegation_period_past", _("A delegation must end in the future.")
    DELEGATION_DELEGATOR_NOT_LEADER = "delegation_delegator_not_leader", _(
        "Only a leader of %(organization)s delegates signing or instructions.")
    DELEGATION_DELEGATE_ROLE = "delegation_delegate_role", _(
        "%(member)s is neither a leader nor the head of a unit: signing and instructions are not "
        "delegated to specialists.")
    DELEGATION_KT_NOT_DEPUTY = "delegation_kt_not_deputy", _(
        "Signing 'ký thay' (KT.) is given to a deputy leader: %(member)s is not a leader of the organization.")
    DELEGATION_TM_NOT_DELEGATED = "delegation_tm_not_delegated", _(
        "Signing 'thay mặt' (TM.) is for a collective leadership, not a delegation.")
    DELEGATION_REASON_MISSING = "delegation_reason_missing", _("Write the reason when it is not in the list.")
    DELEGATION_NOT_REVOKER = "delegation_not_revoker", _(
        "Only the delegator or an administrator may revoke a delegation.")
    DELEGATION_ALREADY_ENDED = "delegation_already_ended", _("This delegation has already ended.")


class SecondFactorError(ErrorCode):
    """Refusals of the second factor (qlvb.services.second_factor)."""

    # The codes of the first two are those the signing API has always answered with.
    NO_AUTHENTICATOR = "no_authenticator", _(
        "A second factor is required and your account has no authenticator app.")
    WRONG_CODE = "wrong_authenticator_code", _("The authenticator code is wrong, expired or already used.")
    THROTTLED = "authenticator_throttled", _(
        "Too many wrong codes. Try again in %(seconds)s seconds.")
    CODE_FORMAT = "authenticator_code_format", _(
        "Enter the 6 digits the authenticator app shows, or a recovery code.")
    ALREADY_ENROLLED = "authenticator_already_enrolled", _(
        "Your account already has an authenticator app; remove it first to set up another.")
    NOT_ENROLLING = "authenticator_not_enrolling", _(
        "There is no authenticator app waiting to be confirmed; start the set-up again.")
