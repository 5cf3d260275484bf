"""What the page shell needs to draw the role-aware navigation (templates/base.html)."""

from django.conf import settings

from qlvb.access import user_roles

HANDLING_ROLES = {"clerk", "leader", "unit_head", "specialist"}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"upload_max_mb": settings.QLVB_UPLOAD_MAX_MB}
    roles = user_roles(user)
    admin = "admin" in roles or user.is_staff
    return {
        "nav_roles": roles,
        "nav_documents": bool(roles & HANDLING_ROLES),  # the document screens
        "nav_records": bool(roles - {"admin"}),  # hồ sơ: everyone handling documents in an organization
        "nav_alerts": bool(roles & {"clerk", "admin"}) or user.is_staff,  # the people alerts are for
        "nav_admin": admin,  # the dashboards
        "nav_archive": bool(roles & {"archivist", "leader"}),  # the archive's queue (lưu trữ cơ quan)
        # The admin site lets in staff only: an organization's administrator who is not staff would
        # be sent to its login page.
        "nav_site_admin": user.is_active and user.is_staff,
        "upload_max_mb": settings.QLVB_UPLOAD_MAX_MB,  # static/qlvb/app.js checks a form's files before sending
        # Bảo quản hồ sơ (keeping back, handover, disposal): the people who make or keep hồ sơ.
        "nav_records_care": bool(roles & {"leader", "unit_head", "specialist", "archivist"}),
        # Ủy quyền: leaders give delegations, leaders and heads of units receive them.
        "nav_delegations": bool(roles & {"leader", "unit_head"}),
        "nav_audit": user.is_superuser or "admin" in roles,  # the audit viewer (qlvb.audit_viewer.audit_scope)
    }
