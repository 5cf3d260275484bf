"""The admin site: a superuser, or a staff member whose organization requires a second factor, gets in
only with a login that passed it (django-otp's `is_verified`). The login middleware asks for the code
first; this check stands even where that middleware is not in the way (defence in depth)."""

from __future__ import annotations

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def admin_needs_second_factor(user) -> bool:
    from qlvb.services.second_factor import second_factor_policy_applies

    return user.is_active and user.is_staff and (user.is_superuser or second_factor_policy_applies(user))


class QlvbAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        if admin_needs_second_factor(request.user):
            is_verified = getattr(request.user, "is_verified", None)
            return bool(is_verified and is_verified())
        return True

    def login(self, request, extra_context=None):
        # A staff member who passed the password but not the code goes to the code step, not round
        # the admin's own login form again.
        if request.user.is_authenticated and request.user.is_staff and not self.has_permission(request):
            target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
            return redirect(f"{reverse('second-factor:verify')}?{urlencode({'next': target})}")
        return super().login(request, extra_context)
