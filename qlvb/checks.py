"""System checks of the qlvb app."""

from __future__ import annotations

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security, deploy=True)
def audit_key_given(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """`check --deploy`: the audit log's MAC key is there (production never makes one up)."""
    from qlvb.services.audit import audit_key

    try:
        audit_key()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), hint="Give production the audit key: QLVB_AUDIT_KEY (64+ hex digits) or a "
                                            "file at QLVB_AUDIT_KEY_FILE, kept outside the database and its backups.",
                             id="qlvb.E001")]
    return []
