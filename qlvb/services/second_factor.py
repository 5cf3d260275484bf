"""The second factor: an authenticator app (TOTP, RFC 6238) with one-time recovery codes, on django-otp.

Each person has at most one authenticator (a TOTPDevice, active once a first code confirms it)
and one set of recovery codes (a StaticDevice whose tokens are deleted as they are used). Every
code, at login, at signing or sealing and when removing the app, is checked by the device's own
`verify_token`: django-otp refuses a TOTP code of a time step already used (`last_t`, replay) and
makes the next try wait after each wrong code (throttling), so nothing here compares codes itself.

A check made inside a larger transaction (signing) would lose what it wrote — the code marked
used, the wrong try counted, the audit event — if that transaction rolls back. Callers run such a
transaction inside `second_factor_outcome()`, which writes them again after the rollback.

Who must use it at login: superusers always, staff of an organization whose policy requires it
(a policy the documents app registers: `second_factor_policy_register`), and whoever has set one up.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Callable, Iterator

from django.db import transaction
from django.utils import timezone
from django_otp.models import Device, VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from qlvb.audit_actions import AuditAction
from qlvb.errors import Refused, SecondFactorError
from qlvb.services.audit import audit_record

AUTHENTICATOR_NAME = "Ứng dụng xác thực"
RECOVERY_NAME = "Mã dự phòng"
RECOVERY_CODE_COUNT = 10
TOTP_CODE = re.compile(r"^\d{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")  # django-otp's StaticToken.random_token(): 5 bytes in base32

_policies: list[Callable[..., bool]] = []
# Inside second_factor_outcome(): what to write again if the surrounding transaction rolls back.
_redo: contextvars.ContextVar[list[Callable[[], None]] | None] = contextvars.ContextVar("second_factor_redo",
                                                                                           default=None)


class SecondFactorRefused(Refused):
    """A second-factor refusal (wrong, used or malformed code, too many tries, nothing enrolled)."""


def second_factor_policy_register(policy: Callable[..., bool]) -> None:
    """`policy(user) -> bool`: whether an organization the user works for requires the second factor."""
    if policy not in _policies:
        _policies.append(policy)


def second_factor_policy_applies(user) -> bool:
    return any(policy(user) for policy in _policies)


def authenticator_of(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    devices = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        devices = devices.filter(confirmed=confirmed)
    return devices.order_by("pk").first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def second_factor_required(user) -> bool:
    """Whether this person may not work (nor reach the admin) without a verified second factor."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or (user.is_staff and second_factor_policy_applies(user)):
        return True
    return authenticator_of(user) is not None


def _normalised(code: str | None) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _wait_seconds(device: Device) -> int | None:
    allowed, data = device.verify_is_allowed()
    if allowed or (data or {}).get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return None
    return max(1, int((data["locked_until"] - timezone.now()).total_seconds() + 0.999))


def _audit(action: AuditAction, user, purpose: str, **data) -> None:
    audit_record(action=action, actor=user, obj=user, data={"purpose": purpose, **data})


def _remember(redo: Callable[[], None]) -> None:
    pending = _redo.get()
    if pending is not None:
        pending.append(redo)


@contextlib.contextmanager
def second_factor_outcome() -> Iterator[None]:
    """Wrap a transaction that calls `second_factor_check`: if it rolls back, the code is still
    spent, a wrong code still counts and both are still audited."""
    pending: list[Callable[[], None]] = []
    token = _redo.set(pending)
    try:
        yield
    except BaseException:
        _redo.reset(token)
        token = None
        if pending:
            with transaction.atomic():
                for redo in pending:
                    redo()
        raise
    finally:
        if token is not None:
            _redo.reset(token)


def _spend_totp(device_pk: int, step: int) -> None:
    TOTPDevice.objects.filter(pk=device_pk, last_t__lt=step).update(last_t=step, throttling_failure_count=0,
                                                                    throttling_failure_timestamp=None)


def _count_failure(device_model, device_pk: int) -> None:
    device = device_model.objects.select_for_update().filter(pk=device_pk).first()
    if device is not None:
        device.throttle_increment(commit=True)


def _verify(user, code: str | None, purpose: str) -> Device:
    """Inside a transaction: the device that accepts `code`, or SecondFactorRefused."""
    code = _normalised(code)
    authenticator = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    if authenticator is None:
        raise SecondFactorRefused(SecondFactorError.NO_AUTHENTICATOR)
    if TOTP_CODE.match(code):
        device = authenticator
    elif RECOVERY_CODE.match(code) and recovery is not None:
        device = recovery
    else:
        raise SecondFactorRefused(SecondFactorError.CODE_FORMAT)
    wait = _wait_seconds(device)
    if wait is not None:
        _audit(AuditAction.SECOND_FACTOR_FAILED, user, purpose, device=device.persistent_id, throttled=True)
        _remember(lambda: _audit(AuditAction.SECOND_FACTOR_FAILED, user, purpose, device=device.persistent_id,
                                 throttled=True))
        raise SecondFactorRefused(SecondFactorError.THROTTLED, seconds=wait)
    if device.verify_token(code):
        if device is recovery:
            action = AuditAction.SECOND_FACTOR_RECOVERY_USED
            left = StaticToken.objects.filter(device=device).count()
            _audit(action, user, purpose, left=left)
            _remember(lambda: StaticToken.objects.filter(device_id=device.pk, token=code).delete())
            _remember(lambda: _audit(action, user, purpose, left=left))
        else:
            _audit(AuditAction.SECOND_FACTOR_VERIFIED, user, purpose)
            step = device.last_t
            _remember(lambda: _spend_totp(device.pk, step))
            _remember(lambda: _audit(AuditAction.SECOND_FACTOR_VERIFIED, user, purpose))
        return device
    # verify_token counted the failure; the audit event says so.
    _audit(AuditAction.SECOND_FACTOR_FAILED, user, purpose, device=device.persistent_id)
    model = type(device)
    _remember(lambda: _count_failure(model, device.pk))
    _remember(lambda: _audit(AuditAction.SECOND_FACTOR_FAILED, user, purpose, device=device.persistent_id))
    raise SecondFactorRefused(SecondFactorError.WRONG_CODE)


def _committed_verify(user, code: str | None, purpose: str) -> Device:
    """Verify in a transaction of its own, so that a refusal's counting and audit commit."""
    error = None
    with transaction.atomic():
        try:
            return _verify(user, code, purpose)
        except SecondFactorRefused as exc:
            error = exc
    raise error


def second_factor_check(*, user, code: str | None) -> Device:
    """The check every signing service makes when the organization requires a second factor:
    the device that accepted the code, or SecondFactorRefused. Call it inside
    `second_factor_outcome()` when a surrounding transaction may roll back."""
    if _redo.get() is None and not transaction.get_connection().in_atomic_block:
        return _committed_verify(user, code, "signing")
    return _verify(user, code, "signing")


def second_factor_login(*, request, code: str | None) -> Device:
    """The second step of a login: the code verifies this session (django_otp.login)."""
    from django_otp import login as otp_login

    device = _committed_verify(request.user, code, "login")
    otp_login(request, device)
    return device


def second_factor_enrol_start(*, actor) -> TOTPDevice:
    """A new authenticator waiting for its first code (the same one while it waits)."""
    with transaction.atomic():
        if authenticator_of(actor) is not None:
            raise SecondFactorRefused(SecondFactorError.ALREADY_ENROLLED)
        pending = authenticator_of(actor, confirmed=False)
        if pending is not None:
            return pending
        device = TOTPDevice.objects.create(user=actor, name=AUTHENTICATOR_NAME, confirmed=False)
        _audit(AuditAction.SECOND_FACTOR_ENROLLED, actor, "enrolment")
        return device


def _recovery_codes_make(actor) -> list[str]:
    StaticDevice.objects.filter(user=actor).delete()  # the old codes stop working
    device = StaticDevice.objects.create(user=actor, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def second_factor_enrol_confirm(*, actor, code: str | None, request=None) -> list[str]:
    """The first code activates the waiting authenticator; returns the new recovery codes (shown once)."""
    error = None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=False).order_by("pk").first()
        if device is None or authenticator_of(actor) is not None:
            raise SecondFactorRefused(SecondFactorError.NOT_ENROLLING)
        normalised = _normalised(code)
        wait = _wait_seconds(device)
        if not TOTP_CODE.match(normalised):
            error = SecondFactorRefused(SecondFactorError.CODE_FORMAT)
        elif wait is not None:
            error = SecondFactorRefused(SecondFactorError.THROTTLED, seconds=wait)
        elif not device.verify_token(normalised):
            _audit(AuditAction.SECOND_FACTOR_FAILED, actor, "enrolment")
            error = SecondFactorRefused(SecondFactorError.WRONG_CODE)
        else:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _recovery_codes_make(actor)
            _audit(AuditAction.SECOND_FACTOR_CONFIRMED, actor, "enrolment", recovery_codes=len(codes))
    if error is not None:
        raise error
    if request is not None:
        from django_otp import login as otp_login

        otp_login(request, device)  # this session has just shown a code
    return codes


@transaction.atomic
def second_factor_recovery_regenerate(*, actor) -> list[str]:
    """New recovery codes; the old ones are void. Only for someone with an active authenticator."""
    if authenticator_of(actor) is None:
        raise SecondFactorRefused(SecondFactorError.NO_AUTHENTICATOR)
    codes = _recovery_codes_make(actor)
    _audit(AuditAction.SECOND_FACTOR_RECOVERY_REGENERATED, actor, "recovery", recovery_codes=len(codes))
    return codes


def second_factor_remove(*, actor, device: TOTPDevice, code: str | None) -> None:
    """Remove the actor's authenticator (and recovery codes) after a fresh code from either."""
    if device.user_id != actor.pk:
        raise SecondFactorRefused(SecondFactorError.NO_AUTHENTICATOR)  # views look devices up by owner (404)
    if device.confirmed:
        _committed_verify(actor, code, "removal")
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).delete()
        StaticDevice.objects.filter(user=actor).delete()
        _audit(AuditAction.SECOND_FACTOR_REMOVED, actor, "removal", confirmed=device.confirmed)

