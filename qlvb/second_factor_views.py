"""The second-factor pages: set up the authenticator app (QR code and key, confirmed by a first code),
recovery codes (shown once, made anew on request), removing the app, and the code step of a login."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from qlvb.services.second_factor import (
    SecondFactorRefused,
    authenticator_of,
    recovery_codes_left,
    second_factor_enrol_confirm,
    second_factor_enrol_start,
    second_factor_login,
    second_factor_recovery_regenerate,
    second_factor_remove,
    second_factor_required,
)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực", max_length=20, strip=True,
        error_messages={"required": "Vui lòng nhập mã xác thực.",
                        "max_length": "Mã xác thực quá dài: nhập 6 chữ số hoặc một mã dự phòng."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "none",
                                      "spellcheck": "false", "class": "form-control form-control-lg"}))

    def refuse(self, error: SecondFactorRefused) -> None:
        self.add_error("code", error.text())


def _qr_svg(text: str) -> str:
    """The QR code as inline SVG, drawn here (the secret never leaves the server for a QR service)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def _key_text(device: TOTPDevice) -> str:
    """The base32 key, in groups of four, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def _next(request, default: str = "my-work") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return default


def _codes_page(request, codes: list[str]):
    response = render(request, "registration/second_factor_codes.html",
                      {"codes": codes, "next": _next(request, reverse("second-factor:setup"))})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Status when enrolled; otherwise the QR code and key of a waiting authenticator and the first-code form."""
    device = authenticator_of(request.user)
    if device is not None:
        return render(request, "registration/second_factor.html", {
            "device": device, "recovery_left": recovery_codes_left(request.user), "remove_form": CodeForm(),
            "required": second_factor_required(request.user)})
    pending = second_factor_enrol_start(actor=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor_enrol_confirm(actor=request.user, code=form.cleaned_data["code"], request=request)
        except SecondFactorRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Đã kích hoạt ứng dụng xác thực.")
            return _codes_page(request, codes)
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/second_factor_setup.html", {
        "form": form, "qr_svg": _qr_svg(pending.config_url), "key_text": _key_text(pending),
        "next": _next(request, ""), "second_factor_hold": second_factor_required(request.user)}, status=status)


@never_cache
@login_required
@require_POST
def recovery_regenerate(request):
    if not request.user.is_verified():  # new codes only for a login that has shown a code
        return redirect(f"{reverse('second-factor:verify')}?{urlencode({'next': reverse('second-factor:setup')})}")
    try:
        codes = second_factor_recovery_regenerate(actor=request.user)
    except SecondFactorRefused as exc:
        messages.error(request, exc.text())
        return redirect("second-factor:setup")
    return _codes_page(request, codes)


@never_cache
@login_required
@require_POST
def remove(request, pk: int):
    device = get_object_or_404(TOTPDevice, pk=pk, user=request.user)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            second_factor_remove(actor=request.user, device=device, code=form.cleaned_data["code"])
        except SecondFactorRefused as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Đã gỡ ứng dụng xác thực và các mã dự phòng.")
            return redirect("second-factor:setup")
    return render(request, "registration/second_factor.html", {
        "device": device, "recovery_left": recovery_codes_left(request.user), "remove_form": form,
        "required": second_factor_required(request.user)}, status=400)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The code step of a login."""
    if request.user.is_verified():
        return redirect(_next(request))
    if authenticator_of(request.user) is None:
        return redirect("second-factor:setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            second_factor_login(request=request, code=form.cleaned_data["code"])
        except SecondFactorRefused as exc:
            form.refuse(exc)
        else:
            return redirect(_next(request))
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/second_factor_verify.html",
                  {"form": form, "next": _next(request, ""), "second_factor_hold": True}, status=status)
