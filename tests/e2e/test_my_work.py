"""My work: each role's list shows what waits for them (issue 14, findings 5 and 6), in Chromium on a
phone (390×844, no horizontal scrolling).

The demo cast of Bắc Kạn with the outgoing side of the story in progress (the story's letter 814
drafted by the specialist, through the services): a draft waiting for the unit head's check, one
for the clerk's format check, one for the leader's signature, one sealed and waiting for dispatch,
one dispatched yesterday that a recipient never received, and one sent back to its drafter. Each
person logs in, sees their items on "Việc của tôi" with the bell's number equal to the page's
total, and taps the item to land on the page where the step is done. The admin (a superuser, no
document role) sees the number of open alerts on the alert bell.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Alert, Severity
from documents.models import Document, DocumentType
from documents.services.outgoing.drafting import outgoing_draft_create
from documents.services.outgoing.review import outgoing_submit, review_decide
from interchange.models import Recipient
from qlvb.demo.cast import DEMO_PASSWORD
from qlvb.demo.story import BACKAN_814
from qlvb.models import Organization, User
from tests.e2e.story_fixtures import DEVNULL
from tests.factories import make_authenticator, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BACKAN = "000.00.00.H05"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _outgoing_in_progress() -> dict[str, Document]:
    """The story's answer 814 at every step of its route, as Bắc Kạn's people would have left it."""
    pdf = BACKAN_814.pdf()
    organization = Organization.objects.get(organ_id=BACKAN)
    drafter, head, clerk = _user(BACKAN_814.drafter), _user(BACKAN_814.unit_head), _user(BACKAN_814.clerk)

    def draft(subject: str, *reviewers: User, **kw) -> Document:
        document = outgoing_draft_create(
            actor=drafter, organization=organization, document_type=DocumentType.objects.get(code="cong-van"),
            subject=subject, content=("du-thao.pdf", pdf), paper_recipients=["Như trên"], **kw)
        outgoing_submit(actor=drafter, document=document)
        for reviewer in reviewers:
            review_decide(actor=reviewer, document=document, approve=True)
        document.refresh_from_db()
        return document

    docs = {
        "check": draft("Báo cáo kết quả gửi, nhận văn bản điện tử quý IV"),
        "format": draft("Kế hoạch chuyển đổi số năm sau", head),
        "sign": draft(BACKAN_814.subject, head, clerk, urgency=1),
        "dispatch": draft("Thông báo lịch tiếp công dân", head, clerk),
        "late": draft("Giấy mời họp giao ban", head, clerk),
        "returned": draft("Tờ trình kinh phí tập huấn"),
    }
    review_decide(actor=head, document=docs["returned"], approve=False, comment="Bổ sung dự toán chi tiết.")
    now = timezone.now()
    Document.objects.filter(pk=docs["dispatch"].pk).update(state="issued", symbol="815/UBND-VXNV", signed_at=now,
                                                           sealed_at=now)
    yesterday = now - dt.timedelta(days=1)
    Document.objects.filter(pk=docs["late"].pk).update(state="dispatched", symbol="816/UBND-VXNV",
                                                       signed_at=yesterday, dispatched_at=yesterday)
    Recipient.objects.create(document=docs["late"], channel="internal", organ_id="000.00.11.H05",
                             name="Sở Tài chính tỉnh Bắc Kạn", state=Recipient.State.FAILED)
    return docs


# username → {section: (the document's key, the path of the page where its step is done)}
EXPECTED = {
    "backan.vanthu": {"to_review_format": ("format", "/van-ban/di/{}/kiem-tra/"),
                      "to_dispatch": ("dispatch", "/van-ban/di/{}/phat-hanh/"),
                      "not_received": ("late", "/van-ban/di/{}/theo-doi/")},
    "backan.lanhdao": {"to_sign": ("sign", "/van-ban/di/{}/ky/")},
    "backan.vxnv.truongphong": {"to_review_content": ("check", "/van-ban/di/{}/kiem-tra/")},
    "backan.chuyenvien": {"returned_drafts": ("returned", "/van-ban/di/{}/")},
}


def _login(page, live_server, username: str, authenticator=None) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if authenticator is not None:
        page.wait_for_url(f"{live_server.url}/tai-khoan/xac-thuc/ma/**")
        page.get_by_label("Mã xác thực").fill(totp_code(authenticator))
        page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url(f"{live_server.url}/")


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_my_work_each_role_s_list_shows_what_waits_for_them(live_server, page, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    docs = _outgoing_in_progress()
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(live_server.url) else None)

    for username, sections in EXPECTED.items():
        _login(page, live_server, username)
        expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
        total = page.locator("h1 .badge")
        expect(total).to_be_visible()
        # The bell's number (loaded by htmx) is the page's total.
        expect(page.locator(".my-work-badge .badge")).to_have_text(total.inner_text())
        for key, (doc_key, path) in sections.items():
            card = page.locator(f'[data-section="{key}"] a.doc-card')
            expect(card).to_have_count(1)
            expect(card).to_contain_text(docs[doc_key].subject[:40])
            expect(card).to_have_attribute("href", path.format(docs[doc_key].pk))
        assert _fits_the_phone(page), f"{username}: Việc của tôi is wider than the phone"
        screenshot(username)
        # Tapping the first item opens the page where its step is done.
        key, (doc_key, path) = next(iter(sections.items()))
        page.locator(f'[data-section="{key}"] a.doc-card').click()
        page.wait_for_url(f"{live_server.url}{path.format(docs[doc_key].pk)}")
        expect(page.get_by_text(docs[doc_key].subject[:40]).first).to_be_visible()
        assert _fits_the_phone(page), f"{username}: {path} is wider than the phone"
        assert not errors, f"{username}: error answers: {errors}"

    # Nobody else's work leaks into the leader's list: only what waits for a signature.
    _login(page, live_server, "backan.lanhdao")
    expect(page.locator('[data-section="to_review_content"]')).to_have_count(0)
    expect(page.locator('[data-section="to_dispatch"]')).to_have_count(0)


def test_the_admin_sees_the_number_of_open_alerts_on_the_bell(live_server, page, screenshot):
    call_command("seed_demo", stdout=DEVNULL)
    now = timezone.now()
    Alert.objects.create(rule="axis_silent", key="system", severity=Severity.CRITICAL, title="Trục không phản hồi",
                         first_seen_at=now, last_seen_at=now, opened_at=now)
    admin = _user("admin")
    _login(page, live_server, "admin", make_authenticator(admin))
    # No document role: no document work, and the page says so instead of showing empty lists.
    expect(page.get_by_text("Tài khoản của bạn chưa có vai trò xử lý văn bản.")).to_be_visible()
    expect(page.locator("[data-section]")).to_have_count(0)
    expect(page.locator(".my-work-badge .badge")).to_have_count(0)
    page.locator(".navbar-toggler").click()
    count = page.locator("#alert-bell-count [data-alert-count]")
    expect(count).to_be_visible()  # before: it landed in the closed dropdown, a bare icon
    expect(count).to_have_attribute("data-alert-count", "1")
    assert count.inner_text().startswith("1")
    expect(page.locator("#alert-bell-menu [data-alert-count]")).to_have_count(0)
    assert _fits_the_phone(page)
    screenshot("admin-bell")
    # The menu still opens with the alert in it.
    page.locator("#alert-bell > a").click()
    expect(page.locator("#alert-bell-menu")).to_contain_text("Trục không phản hồi", timeout=15_000)  # a busy CI
