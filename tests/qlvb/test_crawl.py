"""The crawl: every link each role can see answers without an error, and every error is Vietnamese.

Each demo role logs in (a clerk with no unit, a leader, a unit head, a specialist, an organization
administrator who is not a superuser, the superuser through the second factor, a clerk of another
organization) and follows, breadth first, every same-site link and htmx request on the pages it
reaches, starting from the home page and from the searches a newcomer types (the search page and
the lists' own boxes, accent-free and in capitals): one visit per URL shape (digits stand for any
id), at most MAX_PAGES, so the walk covers every screen once without paging through every row.

It fails on any 5xx, on any link the person was shown that answers 403 or 404 (a broken promise),
and on any error page that is not the project's Vietnamese one (templates/_error_page.html, told by
its `data-error-page` marker): Django's bare English "Not Found" or "Forbidden" included.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from documents.models import DocumentType
from documents.services.incoming.registration import incoming_create_paper, incoming_register
from documents.services.indexing import document_index
from documents.services.outgoing.drafting import outgoing_draft_create
from qlvb.demo.records_archive import demo_archive
from qlvb.demo.records_catalogue import demo_catalogue
from qlvb.models import Organization, User
from qlvb.services.people import person_upsert
from tests.e2e.story_fixtures import DEVNULL
from tests.factories import login_verified

pytestmark = pytest.mark.django_db

LINK = re.compile(r"""(?:href|hx-get)=["'](/[^"'#]*)["']""")
NOT_FOLLOWED = ("/dang-xuat/", "/static/", "/media/")
MAX_PAGES = 150
ROLES = [
    "backan.vanthu",  # clerk, no unit
    "backan.lanhdao",  # leader
    "backan.vxnv.truongphong",  # unit head
    "backan.chuyenvien",  # specialist
    "backan.luutru",  # archivist (lưu trữ cơ quan), no unit
    "vpcp.vanthu",  # clerk of another organization
    "backan.quantri",  # organization administrator (role admin, not a superuser): made by the fixture
    "admin",  # the superuser, past the second factor; no document rights
]
# Typed, not linked: the searches of finding 2 (an outgoing document; a paper document whose issuer is
# not in the directory) and of finding 8 (accent-free, capitals) on the search page and the lists.
TYPED = [
    "/tra-cuu/?q=807", "/tra-cuu/?q=KSTT", "/tra-cuu/?q=gui+nhan+van+ban+dien+tu", "/tra-cuu/?q=TRA+LOI",
    "/van-ban/den/?q=G%E1%BB%ACI", "/van-ban/di/?q=tra+loi",
]
ERROR_MARKER = "data-error-page="
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _shape(url: str) -> tuple:
    parts = urlsplit(url)
    return re.sub(r"\d+", "N", parts.path), tuple(sorted(k for k, _ in parse_qsl(parts.query)))


@pytest.fixture
def demo(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    # An archived hồ sơ with its transfer papers (the long-term proof it asks for is another part's task).
    monkeypatch.setattr("documents.services.records.archive.enqueue_on_commit", lambda *args, **kwargs: None)
    demo_archive()
    backan = Organization.objects.get(organ_id="000.00.00.H05")
    clerk = User.objects.get(username="backan.vanthu")
    congvan = DocumentType.objects.get(code="cong-van")
    incoming = incoming_create_paper(
        actor=clerk, organization=backan, document_type=congvan, symbol="807/VPCP-KSTT",
        subject="V/v tăng cường gửi, nhận văn bản điện tử", issued_on=dt.date.today(),
        issuer_name="Văn phòng Chính phủ", scan=("807.pdf", PDF),
    )
    incoming_register(actor=clerk, document=incoming)
    document_index(document=incoming)
    draft = outgoing_draft_create(
        actor=clerk, organization=backan, document_type=congvan, subject="V/v trả lời 807/VPCP-KSTT",
        content=("814.pdf", PDF), paper_recipients=["Văn phòng Chính phủ"],
    )
    document_index(document=draft)
    person_upsert(username="backan.quantri", full_name="Quản trị Bắc Kạn", organization=backan, roles=["admin"],
                  password="Mat-khau-thu-1")
    demo_catalogue(stdout=DEVNULL)  # the file catalogues: this year's approved, next year's draft
    return backan


def english_error(response) -> bool:
    """An error answer that is not the project's Vietnamese error page (an HTML page; API answers are JSON)."""
    return ("html" in response.get("Content-Type", "") and response.status_code >= 400
            and ERROR_MARKER not in response.content.decode(errors="replace"))


def crawl(username: str) -> tuple[int, list[str]]:
    client = Client(raise_request_exception=False)  # a crash answers 500 with its page, as in production
    # Past the second factor (the superuser must use it), so the walk sees the screens.
    login_verified(client, User.objects.get(username=username))
    start = [("/", "(start)"), *((url, "(typed)") for url in TYPED)]
    queue, seen, broken, visited = deque(start), {_shape(url) for url, _ in start}, [], 0
    while queue and visited < MAX_PAGES:
        url, source = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code >= 400:
            english = " in English" if english_error(response) else ""
            broken.append(f"{url} → {response.status_code}{english} (linked from {source})")
            continue
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and _shape(target) not in seen:
                seen.add(_shape(target))
                queue.append((target, url))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link.startswith(NOT_FOLLOWED) or _shape(link) in seen:
                continue
            seen.add(_shape(link))
            queue.append((link, url))
    return visited, broken


@pytest.mark.parametrize("username", ROLES)
def test_every_link_a_role_sees_answers_without_error(demo, username):
    visited, broken = crawl(username)
    assert visited > 3, f"{username} reached almost nothing: the crawl itself is broken"
    assert not broken, f"{username}: {len(broken)} of {visited} pages answered an error:\n" + "\n".join(broken)


@pytest.mark.parametrize("username", ["backan.vanthu", "backan.chuyenvien"])
def test_error_pages_are_vietnamese_inside_the_layout(demo, username):
    """What a person meets off the links: a mistyped address, another organization's document, a page
    for another role, a crash — each in Vietnamese, inside the layout with its menu, never Django's
    English page."""
    client = Client(raise_request_exception=False)
    login_verified(client, User.objects.get(username=username))
    other = Organization.objects.get(organ_id="000.00.00.G22")
    foreign = incoming_create_paper(
        actor=User.objects.get(username="vpcp.vanthu"), organization=other,
        document_type=DocumentType.objects.get(code="cong-van"), symbol="1/VPCP", subject="Của cơ quan khác",
        issued_on=dt.date.today(), issuer_name="Bộ Nội vụ", scan=("1.pdf", PDF))
    answers = {
        404: client.get("/khong-co-trang-nay/"),
        "404 (another organization's document)": client.get(f"/van-ban/{foreign.pk}/"),
        403: client.get("/nhat-ky/"),  # the audit viewer: administrators only
    }
    for what, response in answers.items():
        status = what if isinstance(what, int) else 404
        assert response.status_code == status, what
        body = response.content.decode()
        assert f'{ERROR_MARKER}"{status}"' in body, f"{what}: not the Vietnamese error page"
        assert "Not Found" not in body and "Forbidden" not in body, what
        assert 'lang="vi"' in body and "Việc của tôi" in body, f"{what}: not inside the layout with its menu"
    assert "Không tìm thấy trang" in answers[404].content.decode()
    assert "Bạn không có quyền xem trang này" in answers[403].content.decode()


def test_a_crash_and_a_bad_request_answer_in_vietnamese(rf):
    """The 500 and 400 pages render on their own (Django gives the 500 page no request context) and in Vietnamese."""
    from django.views import defaults

    crash = defaults.server_error(rf.get("/"))
    bad = defaults.bad_request(rf.get("/"), exception=Exception("bad"))
    assert crash.status_code == 500 and f'{ERROR_MARKER}"500"' in crash.content.decode()
    assert "Hệ thống gặp lỗi" in crash.content.decode()
    assert bad.status_code == 400 and "Yêu cầu không hợp lệ" in bad.content.decode()


def test_a_stale_form_answers_in_vietnamese(demo):
    """A form sent without its CSRF token (an old tab, an expired session): the Vietnamese page, not Django's."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    login_verified(client, User.objects.get(username="backan.vanthu"))
    response = client.post("/tra-cuu/da-luu/", {"name": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert f'{ERROR_MARKER}"403"' in body and "Phiên làm việc đã thay đổi" in body
    assert "CSRF verification failed" not in body and "Forbidden" not in body


def test_favicon_is_served(client):
    """The browser's /favicon.ico and the layout's icon both answer with a file, not a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_no_menu_tab_answers_an_error_for_any_demo_person(demo):
    """Every person of the demo cast (every clerk, leader, unit head, specialist, the admins): each tab
    of their menu opens. A clerk shown "Tổng quan" or "Quản trị" would get 403 (finding 9)."""
    refused = []
    for person in User.objects.filter(is_active=True).order_by("username"):
        client = Client(raise_request_exception=False)
        login_verified(client, person)
        home = client.get("/", follow=True).content.decode()
        assert 'id="mainnav"' in home, f"{person.username}: no menu on the home page"
        menu = home.split('id="mainnav"', 1)[1].split("</nav>", 1)[0]
        tabs = sorted({link for link in LINK.findall(menu) if not link.startswith(NOT_FOLLOWED)})
        assert tabs, f"{person.username}: an empty menu"
        for tab in tabs:
            response = client.get(tab)
            # A tab that answers an error, or sends its person back to a login page (the admin site does
            # that to people who are not staff), is a tab they should not have been shown.
            if response.status_code >= 400 or "login" in response.get("Location", "") \
                    or "dang-nhap" in response.get("Location", ""):
                refused.append(f"{person.username}: {tab} → {response.status_code} {response.get('Location', '')}")
    assert not refused, "\n".join(refused)
