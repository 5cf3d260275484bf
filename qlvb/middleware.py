"""Middleware: tag each request with an id (from X-Request-ID or a new one), and end sessions that
have been idle or open too long."""

import functools
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.urls import reverse

from qlvb.request_context import request_id_var

STARTED, SEEN = "qlvb_session_started", "qlvb_session_seen"
SEEN_PRECISION = 60  # seconds: the last-seen time is rewritten at most once a minute
EXPIRED = "Phiên làm việc đã hết hạn, vui lòng đăng nhập lại."
# The counters a page refreshes by itself every minute are not the person's activity.
BACKGROUND_URLS = ("my-work-count", "alerts:bell-count")


@functools.cache
def _background_paths() -> frozenset[str]:
    return frozenset(reverse(name) for name in BACKGROUND_URLS)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class SessionTimeoutMiddleware:
    """Log out a session idle for QLVB_SESSION_IDLE_MINUTES, or open for QLVB_SESSION_MAX_HOURS since
    its login, whatever its activity. The person is sent to the login page with a message, and back
    to the page they asked for afterwards; an htmx request is told to load that page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(STARTED, now)
            seen = request.session.get(SEEN, now)
            idle = now - seen > settings.QLVB_SESSION_IDLE_MINUTES * 60
            too_long = now - started > settings.QLVB_SESSION_MAX_HOURS * 3600
            if idle or too_long:
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "The session expired; log in again.", "code": "session_expired"},
                                        status=401)
                messages.warning(request, EXPIRED)
                target = redirect_to_login(request.get_full_path())
                if getattr(request, "htmx", False):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target["Location"]
                    return response
                return target
            active = request.path not in _background_paths()
            if SEEN not in request.session or (active and now - seen >= SEEN_PRECISION):
                request.session[SEEN] = now
        return self.get_response(request)
