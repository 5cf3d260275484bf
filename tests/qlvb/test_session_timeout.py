"""A login ends after QLVB_SESSION_IDLE_MINUTES without activity, and QLVB_SESSION_MAX_HOURS after it
began whatever the activity; the counters a page refreshes by itself are not activity."""

from __future__ import annotations

import time

import pytest

from qlvb.middleware import SEEN, STARTED
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, settings):
    settings.QLVB_SESSION_IDLE_MINUTES, settings.QLVB_SESSION_MAX_HOURS = 30, 12
    client.force_login(make_user(make_org(), ["clerk"]))
    assert client.get("/").status_code == 200  # the session starts being timed
    return client


def _age(client, *, seen_minutes: float = 0, started_hours: float = 0) -> None:
    session = client.session
    now = time.time()
    session[SEEN] = now - seen_minutes * 60
    session[STARTED] = now - started_hours * 3600
    session.save()


def test_an_idle_session_ends_and_the_login_page_says_why(clerk_client):
    _age(clerk_client, seen_minutes=31)
    response = clerk_client.get("/van-ban/den/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/?next=/van-ban/den/"
    page = clerk_client.get(response["Location"])
    assert page.content.decode().count("Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.") == 1
    assert clerk_client.get("/").status_code == 302  # logged out for good


def test_activity_keeps_a_session_but_not_past_its_maximum(clerk_client):
    _age(clerk_client, seen_minutes=29, started_hours=11)
    assert clerk_client.get("/van-ban/den/").status_code == 200
    assert time.time() - clerk_client.session[SEEN] < 5  # the request counted as activity
    _age(clerk_client, seen_minutes=0, started_hours=12.1)
    assert clerk_client.get("/").status_code == 302


def test_the_badge_refreshing_itself_is_not_activity(clerk_client):
    _age(clerk_client, seen_minutes=29)
    seen = clerk_client.session[SEEN]
    assert clerk_client.get("/viec-cua-toi/dem/").status_code == 200
    assert clerk_client.session[SEEN] == seen
    _age(clerk_client, seen_minutes=31)
    response = clerk_client.get("/viec-cua-toi/dem/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/dang-nhap/")


def test_the_api_answers_401_in_english(clerk_client):
    _age(clerk_client, seen_minutes=31)
    response = clerk_client.get("/api/documents/")
    assert response.status_code == 401
    assert response.json() == {"detail": "The session expired; log in again.", "code": "session_expired"}
