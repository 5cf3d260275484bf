"""Changes made in the Django admin, in the audit log with what the object was before and after.

`AuditedAdmin` is a ModelAdmin mixin: the change form, the change list's editable columns, the
delete page and the "delete selected" action each write one event (`admin.create`, `admin.change`,
`admin.delete`) in the same transaction as the change, with the object's fields, its many-to-many
links and whatever `audit_extra` adds (a membership's roles, a user's memberships), before and after.
A change that changes nothing writes nothing. Secrets are never written: a field listed in
`audit_secret_fields` appears as a keyed fingerprint, so the log shows that it changed, not what to.

Every app's admin uses it (qlvb, documents, interchange, alerts); signatures' admin changes go
through its services, which audit themselves.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from qlvb.audit_actions import AuditAction
from qlvb.services.audit import audit_key, audit_record

NEVER_WRITTEN = frozenset({"password", "totp_secret"})


def _fingerprint(value: Any) -> str:
    if value in (None, ""):
        return ""
    return "ẩn:" + hmac.new(audit_key(), str(value).encode(), hashlib.sha256).hexdigest()[:12]


def _value(obj: models.Model, field: models.Field) -> Any:
    value = getattr(obj, field.attname)
    if isinstance(value, memoryview | bytes):
        return f"({len(value)} bytes)"
    return value


class AuditedAdmin(admin.ModelAdmin):
    audit_secret_fields: tuple[str, ...] = ()

    # --- what is written ------------------------------------------------------------------------

    def audit_extra(self, obj: models.Model) -> dict[str, Any]:
        """Related state to record with the object (reverse relations edited in inlines)."""
        return {}

    def audit_organization(self, obj: models.Model):
        """The organization whose admins see the event (None: superusers only)."""
        return getattr(obj, "organization", None) if hasattr(obj, "organization_id") else None

    def audit_snapshot(self, obj: models.Model) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in obj._meta.concrete_fields:
            if field.name in NEVER_WRITTEN:
                continue
            value = _value(obj, field)
            data[field.name] = _fingerprint(value) if field.name in self.audit_secret_fields else value
        if obj.pk is not None:
            for field in obj._meta.many_to_many:
                data[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
            data.update(self.audit_extra(obj))
        return data

    def _stored_snapshot(self, obj: models.Model) -> dict[str, Any] | None:
        if obj.pk is None:
            return None
        stored = type(obj)._default_manager.filter(pk=obj.pk).first()
        return self.audit_snapshot(stored) if stored is not None else None

    def _record(self, request, action: AuditAction, obj, before, after) -> None:
        # Compare as stored (JSON), so a date and its text form are the same value.
        before_j = json.loads(json.dumps(before, cls=DjangoJSONEncoder)) if before is not None else None
        after_j = json.loads(json.dumps(after, cls=DjangoJSONEncoder)) if after is not None else None
        keys = sorted(set(before_j or {}) | set(after_j or {}))
        changed = [k for k in keys if (before_j or {}).get(k) != (after_j or {}).get(k)]
        if action == AuditAction.ADMIN_CHANGE and not changed:
            return
        audit_record(action=action, actor=request.user, organization=self.audit_organization(obj), obj=obj, data={
            "model": obj._meta.label_lower, "object": str(obj)[:200], "changed": changed,
            "before": before_j, "after": after_j,
        })

    # --- the admin's hooks ----------------------------------------------------------------------

    def _pending(self, request) -> dict:
        if not hasattr(request, "_qlvb_admin_audit"):
            request._qlvb_admin_audit = {}
        return request._qlvb_admin_audit

    def save_model(self, request, obj, form, change):
        # The form has already written its values on `obj`: read the stored row for "before".
        before = self._stored_snapshot(obj) if change else None
        super().save_model(request, obj, form, change)
        self._pending(request)[(obj._meta.label_lower, obj.pk)] = (change, before)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        was_change, before = self._pending(request).pop((obj._meta.label_lower, obj.pk), (change, None))
        self._record(request, AuditAction.ADMIN_CHANGE if was_change else AuditAction.ADMIN_CREATE, obj,
                     before, self.audit_snapshot(obj))

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._record(request, AuditAction.ADMIN_DELETE, obj, self.audit_snapshot(obj), None)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self._record(request, AuditAction.ADMIN_DELETE, obj, self.audit_snapshot(obj), None)
            super().delete_queryset(request, queryset)
