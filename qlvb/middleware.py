"""Middleware: tag each request with an id (from X-Request-ID or a new one), end sessions that
have been idle or open too long, hold a login at the second factor until it has passed it, send the
Permissions-Policy, and refuse request bodies over the upload limit."""

import functools
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

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


# Reachable between the password and the code: the second-factor pages themselves, logging out, assets.
SECOND_FACTOR_OPEN = frozenset({"second-factor:verify", "second-factor:setup", "logout"})


class SecondFactorMiddleware:
    """After the password, someone who must use a second factor (qlvb.services.second_factor) reaches
    nothing but the code step — or the enrolment page when they have no authenticator yet — until
    this login has passed it. The API answers 403 with a code instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.urls import Resolver404, resolve

        from qlvb.services.second_factor import authenticator_of, second_factor_required

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        if request.path.startswith(("/" + settings.STATIC_URL.lstrip("/"), "/pki/")):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None and match.view_name in SECOND_FACTOR_OPEN:
            return self.get_response(request)
        if not second_factor_required(user):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "A second factor is required: verify this login with a code first.",
                                 "code": "second_factor_required"}, status=403)
        page = "second-factor:verify" if authenticator_of(user) is not None else "second-factor:setup"
        target = f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
