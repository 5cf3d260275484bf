"""`/health/` for load balancers and `/metrics` for Prometheus.

Anyone may ask `/health/` whether the system is up (200) or down (503), and hears nothing more.
The components' detail (paths, endpoints, connection names, errors) and `/metrics` are for the
operators: a staff login, or the bearer token QLVB_METRICS_TOKEN that a scraper sends.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from alerts.health import health_report
from alerts.metrics import CONTENT_TYPE, metrics_text


def _operator(request) -> bool:
    """A staff login, or the monitoring token (when one is configured)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active and user.is_staff:
        return True
    token = settings.QLVB_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


@never_cache
@require_GET
def health(request):
    report = health_report(timezone.now())
    status = 200 if report["status"] == "ok" else 503
    if not _operator(request):
        report = {"status": report["status"]}
    return JsonResponse(report, status=status, json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
def metrics(request):
    if not _operator(request):
        return HttpResponse("unauthorized\n", status=401, content_type="text/plain")
    return HttpResponse(metrics_text(timezone.now()), content_type=CONTENT_TYPE)
