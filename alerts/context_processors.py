"""What the page shell needs from the alerts app: whether the menu shows the handling reports.
(qlvb sits below alerts and may not import it, so this flag has a processor of its own.)"""

from qlvb.access import user_roles


def figures_navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if not (user_roles(user) & {"leader", "unit_head", "admin"} or user.is_staff):
        return {"nav_handling_reports": False}
    from alerts.reports.handling_scope import handling_scopes

    # The handling reports and their charts (alerts.reports.handling_scope): leaders, unit heads, admins.
    return {"nav_handling_reports": bool(handling_scopes(user=user))}
