"""What the browser is told (issue 13, point 8): a Content-Security-Policy with no inline script or
style, a Permissions-Policy that switches off the features no page uses, and templates that keep to
it. The browser walk (tests/e2e/test_menu_walk.py) checks that no page breaks the policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# The project's templates: the shared folder and each app's own.
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


def test_every_page_gets_a_policy_with_no_inline_code(client):
    user = make_user(make_org("UBND"), ["clerk"])
    client.force_login(user)
    for url in (reverse("my-work"), reverse("login"), "/quan-tri/login/"):
        policy = directives(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"], url
        assert "'unsafe-inline'" not in client.get(url)["Content-Security-Policy"]


def test_permissions_policy_switches_off_camera_microphone_and_location(client):
    header = client.get(reverse("login"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in header


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+=", re.I), "an on… event attribute"),
    (re.compile(r"\bhx-on", re.I), "an hx-on attribute (htmx evaluates it as code)"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_holds_code_or_style_the_policy_would_block():
    found = []
    paths = [path for folder in TEMPLATE_DIRS for path in sorted(folder.rglob("*.html"))]
    assert len(paths) > 50
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == []


def test_htmx_is_told_to_evaluate_nothing(client):
    client.force_login(make_user(make_org("UBND"), ["clerk"]))
    page = client.get(reverse("my-work")).content.decode()
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page


def test_the_api_documentation_runs_without_inline_script(client):
    client.force_login(make_user(make_org("UBND"), ["clerk"]))
    page = client.get(reverse("api-docs"))
    assert page.status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.content.decode())
