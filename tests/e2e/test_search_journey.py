"""Search, as a clerk types it on a phone (findings 2 and 8): accent-free and upper-case queries, on
the search page and in the lists' own boxes, on PostgreSQL (the live server of this run) and on SQLite
(the embedded default `make run` uses without DATABASE_URL: a server of its own in a child process).

The documents are those that made search answer 500: the paper 807/VPCP-KSTT whose issuer is typed,
not in the directory, and Bắc Kạn's outgoing reply, which has no issuer at all. At 390×844, with no
horizontal scrolling, no error answer, and "Cảnh báo" once in the opened phone menu.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import free_port, wait_for

pytestmark = [pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SUBJECT_807 = "V/v tăng cường gửi, nhận văn bản điện tử"
SUBJECT_REPLY = "V/v trả lời 807/VPCP-KSTT về gửi, nhận văn bản điện tử"
OTHER = "Về việc họp giao ban tháng"


def seed_search_story() -> None:
    """The demo cast, and Bắc Kạn's clerk holding the paper 807, an unrelated letter and the reply draft."""
    import io

    from django.core.management import call_command

    from documents.models import DocumentType
    from documents.services.incoming.registration import incoming_create_paper, incoming_register
    from documents.services.indexing import document_index
    from documents.services.outgoing.drafting import outgoing_draft_create
    from qlvb.models import Organization, User

    call_command("seed_demo", stdout=io.StringIO())
    backan = Organization.objects.get(organ_id="000.00.00.H05")
    clerk = User.objects.get(username="backan.vanthu")
    congvan = DocumentType.objects.get(code="cong-van")
    for symbol, subject in (("807/VPCP-KSTT", SUBJECT_807), ("12/BNV-VP", OTHER)):
        paper = incoming_create_paper(
            actor=clerk, organization=backan, document_type=congvan, symbol=symbol, subject=subject,
            issued_on=dt.date.today(), issuer_name="Văn phòng Chính phủ (bản giấy)", scan=("807.pdf", PDF))
        incoming_register(actor=clerk, document=paper, allow_duplicate=True)
        document_index(document=paper)
    reply = outgoing_draft_create(actor=clerk, organization=backan, document_type=congvan, subject=SUBJECT_REPLY,
                                  content=("814.pdf", PDF), paper_recipients=["Văn phòng Chính phủ"])
    document_index(document=reply)


def _journey(page, base_url: str, screenshot, tag: str) -> None:
    from qlvb.demo.cast import DEMO_PASSWORD

    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(base_url) else None)
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("backan.vanthu")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")

    # The phone menu: "Cảnh báo" once, and the way to "Tra cứu".
    page.locator(".navbar-toggler").click()
    menu = page.locator("#mainnav")
    menu.get_by_role("link", name="Tra cứu", exact=True).wait_for()
    assert menu.get_by_text("Cảnh báo", exact=True).and_(page.locator(":visible")).count() == 1
    menu.get_by_role("link", name="Tra cứu", exact=True).click()
    page.wait_for_url(f"{base_url}/tra-cuu/")

    def search(query: str):
        box = page.get_by_role("searchbox")
        box.fill(query)
        box.press("Enter")
        page.wait_for_url("**/tra-cuu/?**")
        return page.locator("[data-results]")

    for query, found, not_found in (
        ("gui nhan van ban dien tu", [SUBJECT_807, SUBJECT_REPLY], [OTHER]),
        ("807", [SUBJECT_807, SUBJECT_REPLY], [OTHER]),
        ("KSTT", [SUBJECT_807, SUBJECT_REPLY], [OTHER]),
        ("TRẢ LỜI", [SUBJECT_REPLY], [SUBJECT_807]),
        ("GUI NHAN", [SUBJECT_807, SUBJECT_REPLY], [OTHER]),
    ):
        results = search(query)
        for subject in found:
            assert results.get_by_text(subject, exact=True).is_visible(), f"search {query!r}: {subject} missing"
        for subject in not_found:
            assert results.get_by_text(subject, exact=True).count() == 0, f"search {query!r} found {subject}"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), query
    # The issuer is named whatever the document: typed on paper, or the drafting organization.
    assert search("807").get_by_text("Văn phòng Chính phủ (bản giấy)").count() >= 1
    screenshot(f"{tag}-search")

    # The lists' own boxes: capitals and no accents.
    for path, query, subject, other in (("/van-ban/den/", "GỬI", SUBJECT_807, OTHER),
                                        ("/van-ban/den/", "gui nhan", SUBJECT_807, OTHER),
                                        ("/van-ban/di/", "TRA LOI", SUBJECT_REPLY, None)):
        page.goto(f"{base_url}{path}")
        box = page.locator("input[name=q]")
        box.fill(query)
        box.press("Enter")
        page.wait_for_url(f"**{path}?**")
        assert page.get_by_text(subject, exact=True).first.is_visible(), f"{path} {query!r}: {subject} missing"
        if other:
            assert page.get_by_text(other, exact=True).count() == 0, f"{path} {query!r} found {other}"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    screenshot(f"{tag}-list")
    assert not errors, f"error answers on the way: {errors}"


@pytest.mark.django_db(transaction=True)
def test_search_accent_free_and_upper_case_on_postgresql(live_server, page, screenshot):
    from django.db import connection

    seed_search_story()
    _journey(page, live_server.url, screenshot, connection.vendor)


@pytest.fixture
def sqlite_server(tmp_path):
    """QLVB on SQLite, as `make run` without DATABASE_URL: migrated, seeded, served on a free port."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": "", "REDIS_URL": "", "QLVB_REQUIRE_SERVICES": "",
           "DJANGO_SETTINGS_MODULE": "qlvb.settings.development", "QLVB_VAR_DIR": str(tmp_path / "var"),
           "MEDIA_ROOT": str(tmp_path / "media")}
    manage = [sys.executable, "manage.py"]
    for step in (["migrate", "--noinput", "-v0"],
                 ["shell", "-c", "from tests.e2e.test_search_journey import seed_search_story; seed_search_story()"]):
        done = subprocess.run(manage + step, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen([*manage, "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"], cwd=ROOT,
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        import urllib.request

        def up() -> bool:
            try:
                return urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2).status == 200
            except OSError:
                return False

        wait_for(up, timeout=60, message="the SQLite server")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=15)
        log.close()


def test_search_accent_free_and_upper_case_on_sqlite(sqlite_server, page, screenshot):
    _journey(page, sqlite_server, screenshot, "sqlite")
