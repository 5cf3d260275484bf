"""Signing in, in the audit log: logins, wrong passwords, lockouts, unlocks and logouts.

Django and django-axes announce these through signals; the receivers connected in QlvbConfig.ready()
only hand them to `sign_in_record`, which writes one audit event. A wrong password names the user
name that was tried, never the password.
"""

from __future__ import annotations

from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_record


def _client(request) -> dict:
    if request is None:
        return {}
    return {"ip": request.META.get("REMOTE_ADDR", ""), "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200]}


def sign_in_record(*, action: AuditAction, request=None, user=None, username: str = "", **data) -> None:
    audit_record(action=action, actor=user, data={"username": (username or getattr(user, "username", ""))[:150],
                                                  **_client(request), **data})


def on_login(sender, request, user, **kwargs) -> None:
    sign_in_record(action=AuditAction.LOGIN, request=request, user=user)


def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        sign_in_record(action=AuditAction.LOGOUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    sign_in_record(action=AuditAction.LOGIN_FAILED, request=request, username=str(credentials.get("username", "")))


def on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    sign_in_record(action=AuditAction.LOGIN_LOCKED, request=request, username=username or "", locked_ip=ip_address)
