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


def _origin(origin: str) -> str:
    return origin if origin in ("self", "*") else f'"{origin}"'


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header of settings.PERMISSIONS_POLICY ({feature: [origins]};
    an empty list switches the feature off, "self" allows this site) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=({' '.join(map(_origin, origins))})"
                                for feature, origins in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.setdefault("Permissions-Policy", self.header)
        return response


UPLOAD_TOO_LARGE = "Tệp tải lên quá lớn: mỗi lần gửi tối đa {limit} MB. Hãy chia nhỏ tệp hoặc giảm dung lượng bản quét."


class UploadLimitMiddleware:
    """Refuse a request whose body is larger than QLVB_UPLOAD_MAX_MB before any of it is read, with a
    Vietnamese page (JSON in English for the API). Smaller uploads stream to disk past
    FILE_UPLOAD_MAX_MEMORY_SIZE, so a large file never sits in memory whole."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit_mb = settings.QLVB_UPLOAD_MAX_MB
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit_mb * 1024 * 1024:
            return self.too_large(request, limit_mb)
        return self.get_response(request)

    @staticmethod
    def too_large(request, limit_mb: int):
        from django.shortcuts import render

        if request.path.startswith(("/api/", "/chu-ky/api/")):
            return JsonResponse({"detail": f"The request body is larger than the {limit_mb} MB upload limit.",
                                 "code": "upload_too_large"}, status=413)
        return render(request, "upload_too_large.html", {"message": UPLOAD_TOO_LARGE.format(limit=limit_mb)},
                      status=413)
