"""Role-aware navigation for the page shell."""

from django.urls import NoReverseMatch, reverse

from qlvb.access import user_roles

HANDLING_ROLES = {"clerk", "leader", "unit_head", "specialist"}

# Screens other work streams deliver. Each shows in the navbar as soon as its URL name resolves,
# and is left out until then. PLACEHOLDER "outgoing:list": shows once the lead mounts
# documents.urls_outgoing (path("van-ban/di/", include("documents.urls_outgoing"))) in qlvb/urls.py.
OPTIONAL_ITEMS = [
    ("outgoing:list", "Văn bản đi", "bi-box-arrow-up"),
    ("search:search", "Tra cứu", "bi-search"),
    ("registers:index", "Sổ văn bản", "bi-journal-text"),
]


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = user_roles(user)
    items = [{"url": reverse("my-work"), "label": "Việc của tôi", "icon": "bi-inbox", "key": "my-work"}]
    if roles & HANDLING_ROLES:
        items.append({"url": reverse("documents:incoming-list"), "label": "Văn bản đến",
                      "icon": "bi-box-arrow-in-down", "key": "incoming"})
        for name, label, icon in OPTIONAL_ITEMS:
            url = _url(name)
            if url:
                items.append({"url": url, "label": label, "icon": icon, "key": name})
    watches = bool(roles & {"clerk", "admin"}) or user.is_staff  # the people alerts are for
    if watches:
        items.append({"url": reverse("alerts:list"), "label": "Cảnh báo", "icon": "bi-exclamation-triangle",
                      "key": "alerts"})
    if "admin" in roles or user.is_staff:
        items.append({"url": reverse("alerts:dashboard"), "label": "Tổng quan", "icon": "bi-graph-up",
                      "key": "dashboard"})
        items.append({"url": reverse("admin:index"), "label": "Quản trị", "icon": "bi-gear", "key": "admin"})
    return {"nav_roles": roles, "nav_items": items, "nav_alerts": watches}
