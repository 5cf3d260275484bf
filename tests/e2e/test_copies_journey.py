"""A sao y of a received document in Chromium on a phone (390×844), as Bắc Kạn's people without a
unit: the clerk backan.vanthu asks for it on the document's page, the leader backan.lanhdao (whose
name is nowhere in the original) signs it with the key the server holds, the clerk applies the
organization's signature; the copy, numbered 01/SY-UBND in the copies register, opens from the
original's "Bản sao" panel, and the Sổ bản sao lists it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import DocumentCopy
from documents.services.copies.render import page_count
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent
from signatures.pdf.verify import verify_pdf
from signatures.selectors.certificates import trust_anchor_list
from tests.documents.records.workfile_helpers import make_doc
from tests.e2e import story_fixtures as fx
from tests.e2e.story_fixtures import file_bytes, pdf_text
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures
BACKAN = "000.00.00.H05"


def test_a_clerk_asks_for_a_sao_y_the_leader_signs_it_and_it_opens_from_the_original(
        live_server, page, screenshot, demo_cast):
    original = make_doc(demo_cast.org(BACKAN), symbol="807/VPCP-KSTT", pages=2, subject="Letter",
                        issued_on=timezone.localdate())
    original_pdf = file_bytes(original.files.get())
    assert "Đàm Duy Hưng" not in pdf_text(original_pdf, 1, 2)
    base = live_server.url
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(base) else None)

    # The clerk (no unit) asks for a sao y on the document's page.
    log_in(page, base, "backan.vanthu")
    page.goto(f"{base}/van-ban/{original.pk}/")
    panel = page.locator("[data-copies-panel]")
    expect(panel).to_contain_text("Chưa có bản sao nào.")
    assert fits_the_phone(page)
    panel.get_by_role("link", name="Sao văn bản").click()
    page.get_by_label("Hình thức sao").select_option("SY")
    page.get_by_label("Lý do sao").fill("Gửi Sở Tài chính để phối hợp")
    page.get_by_label("Nơi nhận bản sao (mỗi dòng một nơi)").fill("Sở Tài chính")
    assert fits_the_phone(page)
    page.get_by_role("button", name="Đề nghị sao").click()
    expect(page.get_by_text("Đã tạo đề nghị sao văn bản, chờ lãnh đạo ký.")).to_be_visible()
    expect(page.locator("[data-copy-state]")).to_have_text("Chờ ký")
    copy_url = page.url

    # The leader (no unit) finds it among the copies waiting in the Sổ bản sao, and signs it: the
    # number is given and written in the copy-form block.
    log_in(page, base, "backan.lanhdao")
    page.locator(".navbar-toggler").click()
    page.locator(".navbar-collapse").get_by_role("link", name="Sổ văn bản", exact=True).click()
    page.get_by_role("link", name="Sổ bản sao").click()
    assert fits_the_phone(page)
    page.get_by_role("link", name="Sao y văn bản 807/VPCP-KSTT").click()
    assert page.url == copy_url
    page.get_by_label("Mã PIN khóa ký số").fill(demo_cast.pin("backan.lanhdao"))
    assert fits_the_phone(page)
    screenshot("copy-sign")
    page.get_by_role("button", name="Ký số bản sao").click()
    expect(page.get_by_text("Đã ký bản sao số 01/SY-UBND; chờ văn thư ký số cơ quan.")).to_be_visible()

    # The clerk applies the organization's signature.
    log_in(page, base, "backan.vanthu")
    page.goto(copy_url)
    page.get_by_label("Mã PIN khóa ký số của cơ quan").fill(demo_cast.pin(BACKAN))
    page.get_by_role("button", name="Ký số cơ quan").click()
    expect(page.locator("[data-copy-state]")).to_have_text("Đã ký số cơ quan")

    # From the original's page: the panel lists the copy, whose PDF opens.
    page.goto(f"{base}/van-ban/{original.pk}/")
    page.locator("[data-copies-panel]").get_by_role("link", name="01/SY-UBND").click()
    link = page.locator("[data-copy-file]")
    expect(link).to_contain_text("Mở bản sao 01/SY-UBND (PDF)")
    assert fits_the_phone(page)
    screenshot("copy-sealed")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = " ".join(pdf_text(pdf, 1, page_count(pdf)).split())
    assert "SAO Y" in text and "Số: 01/SY-UBND" in text and "Đàm Duy Hưng" in text
    anchors = trust_anchor_list()
    with ThreadPoolExecutor(1) as pool:  # pyHanko's verifier runs its own event loop, Playwright holds this thread's
        reports = pool.submit(lambda: verify_pdf(pdf, trust_roots=anchors)).result()
    assert len(reports) == 2 and all(r.valid for r in reports), [r.summary for r in reports]
    assert file_bytes(original.files.get()) == original_pdf  # the original's file is the same

    # The copies register lists it.
    page.goto(f"{base}/so-van-ban/den/")
    page.get_by_role("link", name="Sổ bản sao").click()
    expect(page.get_by_role("heading", name=f"Sổ bản sao năm {timezone.localdate().year}")).to_be_visible()
    expect(page.get_by_role("link", name="01/SY-UBND")).to_be_visible()
    assert fits_the_phone(page)

    copy = DocumentCopy.objects.get()
    assert (copy.requested_by.username, copy.signer.username, copy.sealed_by.username) == (
        "backan.vanthu", "backan.lanhdao", "backan.vanthu")
    actions = set(AuditEvent.objects.filter(object_id=str(copy.pk)).values_list("action", flat=True))
    assert {AuditAction.COPY_REQUEST, AuditAction.COPY_SIGN, AuditAction.COPY_SEAL} <= actions
    assert errors == []
