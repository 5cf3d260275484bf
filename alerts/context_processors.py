"""What the page shell needs from the alerts app: whether the menu shows the handling reports.
(qlvb sits below alerts and may not import it, so this flag has a processor of its own.)"""

from django.utils.functional import SimpleLazyObject

from qlvb.access import user_roles


def _reads_handling_reports(user) -> bool:
    if not (user_roles(user) & {"leader", "unit_head", "admin"} or user.is_staff):
        return False
    from alerts.reports.handling_scope import handling_scopes

    return bool(handling_scopes(user=user))


def figures_navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # The handling reports and their charts (alerts.reports.handling_scope): leaders, unit heads,
    # admins. Lazy: only a page that draws the menu asks, fragments (the badge) cost no query.
    return {"nav_handling_reports": SimpleLazyObject(lambda: _reads_handling_reports(user))}
