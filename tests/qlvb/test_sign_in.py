"""Signing in withstands password guessing (django-axes) and leaves its trace in the audit log."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt

from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent
from tests.factories import login_verified, make_org, make_user

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-dung-1"


@pytest.fixture
def org():
    return make_org()


def _login(client, username, password, ip="10.9.8.7"):
    return client.post("/dang-nhap/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_twenty_wrong_passwords_leave_the_door_open_the_twenty_first_locks_it(client, org):
    make_user(org, ["clerk"], username="vanthu", password=PASSWORD)
    for _ in range(20):
        assert _login(client, "vanthu", "sai").status_code == 200  # the form again, with its error
    assert _login(client, "vanthu", PASSWORD).status_code == 302  # 20 were not enough to lock
    client.logout()
    for _ in range(21):
        response = _login(client, "vanthu", "sai")
    assert response.status_code == 429
    locked = _login(client, "vanthu", PASSWORD)  # the right password no longer opens it
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khóa đăng nhập" in page and "quá 21 lần" in page and "30 phút" in page
    assert not client.get("/").wsgi_request.user.is_authenticated
    failed = _events(AuditAction.LOGIN_FAILED)  # 20 + 21 wrong, and the right one refused while locked
    assert len(failed) == 42 and failed[0].data["username"] == "vanthu" and failed[0].data["ip"] == "10.9.8.7"
    assert not any("sai" in str(e.data.values()) for e in failed)  # the password tried is never written
    assert _events(AuditAction.LOGIN_LOCKED)


def test_one_address_guessing_many_names_is_locked_too(client, org):
    make_user(org, ["clerk"], username="nguoi-khac", password=PASSWORD)
    for n in range(21):
        _login(client, f"doan-{n}", "sai", ip="10.1.1.1")
    assert _login(client, "nguoi-khac", PASSWORD, ip="10.1.1.1").status_code == 429
    assert _login(client, "nguoi-khac", PASSWORD, ip="10.2.2.2").status_code == 302  # from elsewhere: fine


def test_an_administrator_unlocks_and_the_unlock_is_audited(client, org, django_user_model):
    make_user(org, ["clerk"], username="vanthu", password=PASSWORD)
    for _ in range(21):
        _login(client, "vanthu", "sai")
    assert _login(client, "vanthu", PASSWORD).status_code == 429
    admin = django_user_model.objects.create_superuser("quantri", password="x")
    staff = type(client)()
    login_verified(staff, admin)  # a superuser: the admin asks for the second factor
    attempts = list(AccessAttempt.objects.filter(username="vanthu"))
    response = staff.post("/quan-tri/axes/accessattempt/", {
        "action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"})
    assert response.status_code == 302 and not AccessAttempt.objects.filter(username="vanthu").exists()
    unlock = _events(AuditAction.LOGIN_UNLOCKED)
    assert unlock and unlock[-1].actor == admin and unlock[-1].data["unlocked_username"] == "vanthu"
    assert _login(client, "vanthu", PASSWORD).status_code == 302


def test_a_clerk_cannot_reach_the_unlock(client, org):
    client.force_login(make_user(org, ["clerk", "admin"]))
    assert client.get("/quan-tri/axes/accessattempt/").status_code == 302  # not staff: the admin login


def test_logins_and_logouts_are_in_the_audit_log(client, org):
    user = make_user(org, ["clerk"], username="vanthu", password=PASSWORD)
    assert _login(client, "vanthu", PASSWORD).status_code == 302
    assert client.post("/dang-xuat/").status_code == 302
    (login,), (logout,) = _events(AuditAction.LOGIN), _events(AuditAction.LOGOUT)
    assert login.actor == user == logout.actor and login.data["ip"] == "10.9.8.7"
