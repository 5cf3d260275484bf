"""A person's rights changed broadly: who is told (Phụ lục VI III.6.l).

What a person may read follows from their memberships (active or not, unit, roles, secret clearance),
their account being active, and the handling delegations they receive. When one of these changes
(in the admin, through `person_upsert`, or a delegation is made or revoked), the listeners registered
here are called with the person, the organization and what changed, in words. The documents app
registers one that leaves a notice to the person and the organization's clerks (qlvb imports no
app: `rights_listener_register`, like `anchor_verifier_register`).

Use: take `rights_snapshot(user)` before the change, then `rights_tell(actor=..., user=..., before=...)`
after it; nothing is sent when nothing that gives rights changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..models import Membership, Organization, Role

logger = logging.getLogger(__name__)

RightsListener = Callable[..., None]
_listeners: list[RightsListener] = []

ROLE_LABELS = dict(Role.choices)


def rights_listener_register(listener: RightsListener) -> None:
    """Call `listener(actor=, user=, organization=, changes=[str])` when someone's rights change."""
    if listener not in _listeners:
        _listeners.append(listener)


def rights_snapshot(user) -> dict:
    """What gives `user` rights, per organization id (and the account's own activity under None)."""
    if user is None or user.pk is None:
        return {}
    snapshot: dict = {None: {"active": type(user).objects.filter(pk=user.pk).values_list("is_active", flat=True)
                             .first()}}
    for m in Membership.objects.filter(user_id=user.pk).prefetch_related("roles").select_related("unit"):
        snapshot[m.organization_id] = {"active": m.is_active, "unit": m.unit.name if m.unit else "",
                                       "roles": sorted(r.role for r in m.roles.all()),
                                       "secret": m.secret_clearance}
    return snapshot


def _roles(codes) -> str:
    return ", ".join(str(ROLE_LABELS.get(code, code)) for code in codes) or "không có vai trò"


def _membership_changes(before: dict | None, after: dict | None) -> list[str]:
    if before == after:
        return []
    if before is None:
        return [f"được thêm vào cơ quan với vai trò {_roles(after['roles'])}"]
    if after is None:
        return ["không còn thuộc cơ quan"]
    changes = []
    if before["active"] != after["active"]:
        changes.append("được kích hoạt lại trong cơ quan" if after["active"] else "bị ngừng làm việc trong cơ quan")
    if before["roles"] != after["roles"]:
        changes.append(f"vai trò đổi từ {_roles(before['roles'])} thành {_roles(after['roles'])}")
    if before["unit"] != after["unit"]:
        changes.append(f"đơn vị đổi từ {before['unit'] or '(không có)'} thành {after['unit'] or '(không có)'}")
    if before["secret"] != after["secret"]:
        changes.append("được xem văn bản mật" if after["secret"] else "không còn được xem văn bản mật")
    return changes


def rights_tell(*, actor, user, before: dict) -> int:
    """Compare `user`'s rights now with `before` and call the listeners for each organization whose
    rights changed; returns how many organizations."""
    after = rights_snapshot(user)
    account_changed = (None in before and None in after and before[None]["active"] is not None
                       and before[None]["active"] != after[None]["active"])
    changed: dict[int, list[str]] = {}
    for org_id in (set(before) | set(after)) - {None}:
        changes = _membership_changes(before.get(org_id), after.get(org_id))
        if account_changed:
            changes.insert(0, "tài khoản được kích hoạt lại" if after[None]["active"] else "tài khoản bị khóa")
        if changes:
            changed[org_id] = changes
    for org_id, changes in changed.items():
        _notify(actor=actor, user=user, organization_id=org_id, changes=changes)
    return len(changed)


def rights_changed(*, actor, user, organization, changes: list[str], also=()) -> None:
    """Tell the listeners that `user`'s rights in `organization` changed (e.g. a delegation); `also`:
    other people told of it in the same notice (the delegator of a delegation that ended)."""
    _notify(actor=actor, user=user, organization_id=getattr(organization, "pk", organization), changes=changes,
            also=also)


def _notify(*, actor, user, organization_id: int, changes: list[str], also=()) -> None:
    # In the caller's transaction: the notices are rows written with the change, or not at all.
    if not _listeners:
        return
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return
    for listener in _listeners:
        if also:
            listener(actor=actor, user=user, organization=organization, changes=changes, also=also)
        else:
            listener(actor=actor, user=user, organization=organization, changes=changes)
