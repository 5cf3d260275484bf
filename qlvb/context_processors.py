"""Role-aware navigation for the page shell."""

from .selectors import user_roles


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user_roles(user=user)
    items = [("my-work", "Việc của tôi", "bi-inbox", True)]
    items.append(("my-work", "Văn bản đến", "bi-box-arrow-in-down", bool(roles & {"clerk", "leader", "unit_head", "specialist"})))
    items.append(("my-work", "Văn bản đi", "bi-box-arrow-up", bool(roles & {"clerk", "leader", "unit_head", "specialist"})))
    items.append(("admin:index", "Quản trị", "bi-gear", user.is_staff))
    return {
        "nav_roles": roles,
        "nav_items": [(url, label, icon) for url, label, icon, shown in items if shown],
    }
