"""The second factor at login and in the admin, and its own pages: enrolment confirmed by a first code,
recovery codes that work once, replayed and wrong codes refused, another person's device out of reach."""

from __future__ import annotations

import re

import pyotp
import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from documents.models import SigningRoute
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent
from qlvb.services.second_factor import second_factor_recovery_regenerate
from tests.factories import login_verified, make_authenticator, make_org, make_user, totp_code

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-dung-1"
SETUP, VERIFY = "/tai-khoan/xac-thuc/", "/tai-khoan/xac-thuc/ma/"
REGENERATE = "/tai-khoan/xac-thuc/ma-du-phong/"


@pytest.fixture
def org():
    return make_org()


@pytest.fixture
def leader(org):
    return make_user(org, ["leader"], username="lanhdao", password=PASSWORD)


def _login(client, username, password=PASSWORD):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR="10.9.8.7")


def _actions(user) -> list[str]:
    return list(AuditEvent.objects.filter(actor=user, action__startswith="auth.second_factor")
                .order_by("seq").values_list("action", flat=True))


def _wrong(device) -> str:
    return f"{(int(totp_code(device)) + 500000) % 1000000:06d}"


# --- enrolment -----------------------------------------------------------------------------------

def test_enrolment_shows_a_local_qr_code_and_needs_a_valid_first_code(client, leader):
    client.force_login(leader)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page and "Cài đặt ứng dụng xác thực" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # no inline script
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing from another server
    key = re.search(r'id="second-factor-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    device = TOTPDevice.objects.get(user=leader)
    assert not device.confirmed

    malformed = client.post(SETUP, {"code": "12ab"})
    assert malformed.status_code == 400 and "Hãy nhập 6 chữ số" in malformed.content.decode()
    wrong = client.post(SETUP, {"code": f"{(int(pyotp.TOTP(key).now()) + 1) % 1000000:06d}"})
    assert wrong.status_code == 400 and "Mã xác thực không đúng" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed and not StaticToken.objects.filter(device__user=leader).exists()
    assert client.get(SETUP).content.decode().count(key[:4]) == 1  # the same key while it waits

    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None  # past the wait
    device.save()
    done = client.post(SETUP, {"code": pyotp.TOTP(key).now()})
    assert done.status_code == 200 and "no-store" in done["Cache-Control"]
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
    assert len(codes) == 10 and sorted(codes) == sorted(StaticToken.objects.filter(
        device__user=leader).values_list("token", flat=True))
    device.refresh_from_db()
    assert device.confirmed
    assert _actions(leader) == [AuditAction.SECOND_FACTOR_ENROLLED, AuditAction.SECOND_FACTOR_FAILED,
                                AuditAction.SECOND_FACTOR_CONFIRMED]
    status = client.get(SETUP).content.decode()
    assert "đang hoạt động" in status and codes[0] not in status  # the codes are shown once


def test_the_user_menu_links_to_the_second_factor(client, leader):
    client.force_login(leader)
    assert f'href="{SETUP}">Xác thực hai bước' in client.get("/").content.decode()


# --- login ---------------------------------------------------------------------------------------

def test_after_the_password_a_user_with_an_authenticator_is_asked_for_the_code(client, leader):
    device = make_authenticator(leader)
    assert _login(client, "lanhdao").status_code == 302
    held = client.get("/van-ban/di/")
    assert held.status_code == 302 and held["Location"].startswith(VERIFY)
    api = client.get("/api/outgoing/")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
    assert client.post(VERIFY, {"code": totp_code(device), "next": "/van-ban/di/"})["Location"] == "/van-ban/di/"
    assert client.get("/van-ban/di/").status_code == 200


def test_a_replayed_code_is_refused(client, leader, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = make_authenticator(leader)
    code = totp_code(device)
    _login(client, "lanhdao")
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post("/dang-xuat/")
    _login(client, "lanhdao")
    replay = client.post(VERIFY, {"code": code})
    assert replay.status_code == 400 and "đã được dùng" in replay.content.decode()
    assert client.get("/van-ban/di/")["Location"].startswith(VERIFY)


def test_wrong_codes_are_throttled_with_a_clear_message(client, leader, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = make_authenticator(leader)
    _login(client, "lanhdao")
    assert "Mã xác thực không đúng" in client.post(VERIFY, {"code": _wrong(device)}).content.decode()
    right_too_soon = client.post(VERIFY, {"code": totp_code(device)})
    text = right_too_soon.content.decode()
    assert right_too_soon.status_code == 400
    assert re.search(r"Bạn đã nhập sai mã quá nhiều lần\. Vui lòng thử lại sau \d+ giây\.", text)
    assert client.get("/van-ban/di/")["Location"].startswith(VERIFY)


def test_a_recovery_code_works_once(client, leader, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    make_authenticator(leader)
    code, *_ = second_factor_recovery_regenerate(actor=leader)
    _login(client, "lanhdao")
    assert client.post(VERIFY, {"code": code.upper()}).status_code == 302  # as typed from paper
    client.post("/dang-xuat/")
    _login(client, "lanhdao")
    again = client.post(VERIFY, {"code": code})
    assert again.status_code == 400 and "Mã xác thực không đúng" in again.content.decode()
    assert StaticToken.objects.filter(device__user=leader).count() == 9
    assert AuditAction.SECOND_FACTOR_RECOVERY_USED in _actions(leader)


def test_new_recovery_codes_void_the_old_ones_and_need_a_verified_login(client, leader, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = make_authenticator(leader)
    old = second_factor_recovery_regenerate(actor=leader)
    _login(client, "lanhdao")  # the password only
    held = client.post(REGENERATE)
    assert held.status_code == 302 and held["Location"].startswith(VERIFY)
    assert sorted(StaticToken.objects.filter(device__user=leader).values_list("token", flat=True)) == sorted(old)
    client.post(VERIFY, {"code": totp_code(device)})
    new = re.findall(r"<li>([a-z2-7]{8})</li>", client.post(REGENERATE).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/dang-xuat/")
    _login(client, "lanhdao")
    assert client.post(VERIFY, {"code": old[0]}).status_code == 400
    assert AuditAction.SECOND_FACTOR_RECOVERY_REGENERATED in _actions(leader)


def test_someone_who_must_use_it_is_sent_to_enrol_first(client, org, django_user_model):
    admin = django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    assert _login(client, "quantri").status_code == 302
    held = client.get("/quan-tri/")
    assert held.status_code == 302 and held["Location"].startswith(SETUP)
    page = client.get(held["Location"]).content.decode()
    assert "Cài đặt ứng dụng xác thực" in page and "<nav" not in page  # no menu leading elsewhere meanwhile
    assert TOTPDevice.objects.filter(user=admin, confirmed=False).exists()


# --- the admin -----------------------------------------------------------------------------------

def test_a_superuser_without_a_verified_second_factor_cannot_reach_the_admin(client, django_user_model, settings):
    admin = django_user_model.objects.create_superuser("quantri", password=PASSWORD)
    client.force_login(admin)
    assert client.get("/quan-tri/")["Location"].startswith(SETUP)
    device = make_authenticator(admin)
    assert client.get("/quan-tri/")["Location"].startswith(VERIFY)
    # The admin site checks by itself too, without the login middleware in front.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "qlvb.middleware.SecondFactorMiddleware"]
    bare = type(client)()  # a client that loads the middleware anew
    bare.force_login(admin)
    refused = bare.get("/quan-tri/qlvb/user/")
    assert refused.status_code == 302 and "/quan-tri/login/" in refused["Location"]
    assert bare.get(refused["Location"])["Location"].startswith(VERIFY)
    login_verified(bare, admin, device)
    assert bare.get("/quan-tri/qlvb/user/").status_code == 200


def test_staff_need_it_for_the_admin_only_when_their_organization_says_so(client, org):
    staff = make_user(org, ["admin"], username="quantri-coquan", password=PASSWORD)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)
    assert client.get("/quan-tri/").status_code == 200
    SigningRoute.objects.update_or_create(organization=org, defaults={"require_second_factor": True})
    assert client.get("/quan-tri/")["Location"].startswith(SETUP)


# --- removing, another person's device, bad input ------------------------------------------------

def test_removing_the_authenticator_needs_a_fresh_code(client, leader, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = login_verified(client, leader)
    url = f"/tai-khoan/xac-thuc/thiet-bi/{device.pk}/go/"
    empty = client.post(url, {"code": ""})
    assert empty.status_code == 400 and "Vui lòng nhập mã xác thực." in empty.content.decode()
    too_long = client.post(url, {"code": "1" * 40})
    assert too_long.status_code == 400 and "Mã xác thực quá dài" in too_long.content.decode()
    wrong = client.post(url, {"code": _wrong(device)})
    assert wrong.status_code == 400 and "Mã xác thực không đúng" in wrong.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert client.post(url, {"code": totp_code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert AuditAction.SECOND_FACTOR_REMOVED in _actions(leader)
    assert "Cài đặt ứng dụng xác thực" in client.get(SETUP).content.decode()  # set up a new phone


def test_another_persons_device_is_out_of_reach(client, org, leader):
    other = make_user(make_org(), ["leader"], username="lanhdao-khac")
    theirs = make_authenticator(other)
    mine = login_verified(client, leader)
    page = client.get(SETUP).content.decode()
    assert f"/thiet-bi/{mine.pk}/go/" in page and f"/thiet-bi/{theirs.pk}/go/" not in page
    response = client.post(f"/tai-khoan/xac-thuc/thiet-bi/{theirs.pk}/go/", {"code": totp_code(theirs)})
    assert response.status_code == 404
    assert TOTPDevice.objects.filter(pk=theirs.pk, confirmed=True).exists()
    theirs.refresh_from_db()
    assert theirs.last_t == -1  # their code was not even tried


def test_the_pages_need_a_login(client):
    for url in (SETUP, VERIFY):
        assert client.get(url)["Location"].startswith("/dang-nhap/")
    assert client.post(REGENERATE)["Location"].startswith("/dang-nhap/")


def test_the_admin_never_shows_a_persons_key_or_recovery_codes(client, django_user_model, leader):
    device = make_authenticator(leader)
    codes = second_factor_recovery_regenerate(actor=leader)
    login_verified(client, django_user_model.objects.create_superuser("quantri", password=PASSWORD))
    page = client.get(f"/quan-tri/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert page.count(leader.username) and device.key not in page
    assert client.get(f"/quan-tri/otp_totp/totpdevice/{device.pk}/config/").status_code == 403
    recovery = StaticToken.objects.filter(device__user=leader).first().device_id
    static = client.get(f"/quan-tri/otp_static/staticdevice/{recovery}/change/")
    assert static.status_code == 200 and not any(code in static.content.decode() for code in codes)


def test_the_code_step_never_sends_anyone_to_another_site(client, leader):
    device = make_authenticator(leader)
    _login(client, "lanhdao")
    response = client.post(VERIFY, {"code": totp_code(device), "next": "https://ke-gian.example/dang-nhap/"})
    assert response.status_code == 302 and response["Location"] == "/"
    event = AuditEvent.objects.filter(action=AuditAction.SECOND_FACTOR_VERIFIED, actor=leader).get()
    assert event.data["purpose"] == "login"
