"""What the page shell needs to draw the role-aware navigation (templates/base.html)."""

from qlvb.access import user_roles

HANDLING_ROLES = {"clerk", "leader", "unit_head", "specialist"}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user_roles(user)
    admin = "admin" in roles or user.is_staff
    return {
        "nav_roles": roles,
        "nav_documents": bool(roles & HANDLING_ROLES),  # the document screens
        "nav_alerts": bool(roles & {"clerk", "admin"}) or user.is_staff,  # the people alerts are for
        "nav_admin": admin,  # the dashboards and the admin site
        "nav_audit": user.is_superuser or "admin" in roles,  # the audit viewer (qlvb.audit_viewer.audit_scope)
    }
