"""`/health/` for load balancers and `/metrics` for Prometheus. No login: they say nothing
about documents. `/metrics` asks for a bearer token when QLVB_METRICS_TOKEN is set."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..health import health_report
from ..metrics import CONTENT_TYPE, metrics_text


@never_cache
@require_GET
def health(request):
    report = health_report(timezone.now())
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503,
                        json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
def metrics(request):
    token = settings.QLVB_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given, token):
            return HttpResponse("unauthorized\n", status=401, content_type="text/plain")
    return HttpResponse(metrics_text(timezone.now()), content_type=CONTENT_TYPE)
