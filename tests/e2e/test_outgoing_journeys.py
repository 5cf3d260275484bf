"""Issue 14: the outgoing journeys that used to dead-end, in Chromium on a 390×844 phone, as the
demo cast's real users.

1. Bắc Kạn's clerk (no unit) and its specialist (Phòng VXNV) each draft a letter to Văn phòng
   Chính phủ: the leader checks the clerk's content, the unit head the specialist's; the clerk
   checks the format; the leader signs; the clerk seals and dispatches; both arrive at VPCP over
   the local axis and VPCP's 01 (Đã đến) comes back to Bắc Kạn.
2. The specialist drafts a letter that does not hold the leader's title and name: the leader sends
   it back with a reason, the specialist uploads a new version and resubmits, and after the checks
   the leader signs it by tapping the spot on the page where the signature goes.
"""

from __future__ import annotations

import dataclasses
import io

import pytest
from playwright.sync_api import expect

from documents.models import Document
from documents.selectors.documents import document_main_file
from interchange.models import StatusEvent
from qlvb.demo.story import BACKAN_814
from tests.conftest import wait_for
from tests.e2e import story_fixtures as fx
from tests.e2e import test_seed_story as story
from tests.e2e.test_seed_story import (
    Browser,
    draft_in_browser,
    issue_in_browser,
    review_in_browser,
    sign_in_browser,
)

demo_cast, story_pki, local_axis, deployment = fx.demo_cast, fx.story_pki, fx.local_axis, story.deployment  # fixtures

VPCP, BACKAN = "000.00.00.G22", "000.00.00.H05"
TO_VPCP = ("Văn phòng Chính", "Văn phòng Chính phủ")
# The clerk has no unit: the organization's leader checks the content.
CLERKS = dataclasses.replace(BACKAN_814, drafter="backan.vanthu", unit_head="backan.lanhdao", number=814,
                             paper_recipients=())
SPECIALISTS = dataclasses.replace(BACKAN_814, number=815, paper_recipients=())
NAMELESS = dataclasses.replace(BACKAN_814, number=814, paper_recipients=(), layout=dataclasses.replace(
    BACKAN_814.layout, signer_title="", signer_name=""))

pytestmark = [pytest.mark.e2e, pytest.mark.needs_services]


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(900)
def test_clerk_and_specialist_drafts_are_checked_signed_sealed_dispatched_and_arrive_at_vpcp(
        live_server, page, screenshot, deployment, demo_cast, tmp_path):
    b = Browser(page, live_server.url, screenshot)
    story.start_registers_at(CLERKS)
    pdf = tmp_path / "du-thao.pdf"
    pdf.write_bytes(BACKAN_814.pdf())

    b.log_in(CLERKS.drafter)
    by_clerk = draft_in_browser(b, CLERKS, pdf, recipients=[TO_VPCP])
    assert by_clerk.unit_id is None
    b.see("Dự thảo đang chờ kiểm tra nội dung của lãnh đạo cơ quan.")
    b.log_in(SPECIALISTS.drafter)
    by_specialist = draft_in_browser(b, SPECIALISTS, pdf, recipients=[TO_VPCP])
    b.see("Dự thảo đang chờ kiểm tra nội dung của lãnh đạo đơn vị.")

    # The unit head never sees the clerk's draft; the leader checks its content.
    b.log_in(SPECIALISTS.unit_head)
    b.go(f"/van-ban/di/{by_clerk.pk}/")
    assert b.page.get_by_role("link", name="Kiểm tra nội dung").count() == 0
    review_in_browser(b, CLERKS, by_clerk)
    review_in_browser(b, SPECIALISTS, by_specialist)
    assert b.fits()

    for letter, document in ((CLERKS, by_clerk), (SPECIALISTS, by_specialist)):
        sign_in_browser(b, letter, document, demo_cast.pin(letter.leader))
        issue_in_browser(b, letter, document, demo_cast.pin(BACKAN))
        document.refresh_from_db()
        assert document.state == "dispatched" and document.symbol.startswith(f"{letter.number}/UBND")

    for document in (by_clerk, by_specialist):
        wait_for(lambda d=document: Document.objects.filter(organization__organ_id=VPCP, direction="in",
                                                            symbol=d.symbol, source="axis").exists(),
                 timeout=120, message=f"{document.symbol} at VPCP")
        wait_for(lambda d=document: StatusEvent.objects.filter(recipient__document=d, from_organ_id=VPCP,
                                                               code="01").exists(),
                 timeout=120, message=f"VPCP's 01 for {document.symbol}")

    b.log_in(CLERKS.drafter)
    b.go(f"/van-ban/di/{by_clerk.pk}/theo-doi/")
    expect(b.page.locator(f"[data-recipient='{VPCP}']").get_by_text("01 · Đã đến")).to_be_visible()
    assert b.fits()
    b.shot("outflow-1-clerk-draft-arrived-at-vpcp")
    b.log_in("vpcp.vanthu")
    b.go("/van-ban/den/")
    for document in (by_clerk, by_specialist):
        expect(b.page.locator("a.doc-card", has_text=document.symbol)).to_be_visible()
    assert b.fits()


def _signature_box(document: Document):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from signatures.pdf.verify import _widget

    reader = PdfFileReader(io.BytesIO(fx.file_bytes(document_main_file(document))))
    return _widget(reader, reader.embedded_signatures[0])


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(600)
def test_the_leader_sends_a_draft_back_then_signs_it_at_the_spot_tapped_on_the_page(
        live_server, page, screenshot, demo_cast, tmp_path):
    b = Browser(page, live_server.url, screenshot)
    story.start_registers_at(NAMELESS)
    first, second = tmp_path / "du-thao-1.pdf", tmp_path / "du-thao-2.pdf"
    first.write_bytes(NAMELESS.pdf())
    second.write_bytes(NAMELESS.pdf())

    b.log_in(NAMELESS.drafter)
    document = draft_in_browser(b, NAMELESS, first, recipients=[TO_VPCP])
    review_in_browser(b, NAMELESS, document)

    # Send back: the leader says why; the specialist reads it, uploads a new version, resubmits.
    b.log_in(NAMELESS.leader)
    b.go(f"/van-ban/di/{document.pk}/ky/")
    reason = "Đề nghị bổ sung chức vụ, họ tên người ký và thời hạn báo cáo."
    b.page.get_by_label("Lý do trả lại").fill(reason)
    assert b.fits()
    b.shot("outflow-2-send-back")
    b.page.get_by_role("button", name="Trả lại", exact=True).click()
    b.see("Đã trả lại dự thảo cho người soạn thảo.")

    b.log_in(NAMELESS.drafter)
    b.go(f"/van-ban/di/{document.pk}/")
    expect(b.page.locator("[data-return-note]")).to_contain_text(reason)
    b.page.get_by_label("Tệp nội dung mới (PDF hoặc DOCX)").set_input_files(str(second))
    b.page.get_by_role("button", name="Lưu phiên bản mới").click()
    b.see("Đã lưu phiên bản mới của dự thảo.")
    b.page.get_by_role("button", name="Trình duyệt dự thảo").click()
    b.see("Đã trình dự thảo.")
    assert b.fits()
    review_in_browser(b, NAMELESS, document)

    # Sign without the name: the automatic place is not found; the leader taps the page.
    b.log_in(NAMELESS.leader)
    b.go(f"/van-ban/di/{document.pk}/ky/")
    b.wait_for_pdf()
    b.page.get_by_label("Mã PIN khóa ký số").fill(demo_cast.pin(NAMELESS.leader))
    b.page.get_by_role("button", name="Ký số và ban hành").click()
    b.see("hãy chọn vị trí đặt chữ ký", timeout=60_000)
    document.refresh_from_db()
    assert document.state == "approved" and not document.register_number

    b.wait_for_pdf()
    picture = b.page.locator('[data-position-pages] img[data-page="1"]')
    picture.scroll_into_view_if_needed()
    size = picture.bounding_box()
    picture.click(position={"x": size["width"] * 0.7, "y": size["height"] * 0.8})
    expect(b.page.locator("[data-position-status]")).to_contain_text("trang 1")
    expect(b.page.locator(".sign-marker")).to_be_visible()
    assert b.page.get_by_label("Vị trí đặt chữ ký").input_value() == "diem"
    assert b.fits()
    b.shot("outflow-3-signature-position-picked")
    b.page.get_by_label("Mã PIN khóa ký số").fill(demo_cast.pin(NAMELESS.leader))
    b.page.get_by_role("button", name="Ký số và ban hành").click()
    b.see("Đã ký ban hành văn bản số 814/", timeout=60_000)
    b.wait_for_pdf()
    assert b.fits()
    b.shot("outflow-4-signed-at-the-chosen-spot")

    document.refresh_from_db()
    assert document.state == "signed"
    box = _signature_box(document)
    assert box.page == 0
    assert box.x + box.width / 2 == pytest.approx(595.28 * 0.7, abs=6)
    assert box.y + box.height / 2 == pytest.approx(841.89 * 0.2, abs=6)
