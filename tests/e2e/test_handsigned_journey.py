"""Issue 16.1 in Chromium on a phone (390×844): the clerk of UBND tỉnh Bắc Kạn, backan.vanthu (no unit),
registers a letter the leader backan.lanhdao signed on paper, sees its number, seals the digitized
copy, dispatches it electronically to Sở Tài chính tỉnh Bắc Kạn (hosted here) and on paper to a
paper-only addressee, and finds the row of the post register; Sở Tài chính's clerk has it in her
incoming list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from documents.models import Document, PostRegisterEntry
from interchange.models import Recipient
from qlvb.audit_actions import AuditAction
from qlvb.demo.story import BACKAN_814
from qlvb.models import AuditEvent
from tests.e2e import story_fixtures as fx
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures
BACKAN, STC = "000.00.00.H05", "000.00.11.H05"
SUBJECT = "V/v kiểm tra công tác văn thư, lưu trữ năm 2026"
PAPER = "Công ty Điện lực Bắc Kạn"
SEARCH = "Tìm cơ quan (trong hệ thống hoặc danh bạ trục liên thông)"


def test_a_hand_signed_letter_registered_numbered_and_dispatched_both_ways(live_server, page, screenshot, demo_cast,
                                                                           tmp_path):
    scan = tmp_path / "cong-van-ky-tay.pdf"
    scan.write_bytes(BACKAN_814.pdf())
    base = live_server.url
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(base) else None)

    # The clerk registers the signed paper from the outgoing list.
    log_in(page, base, "backan.vanthu")
    page.goto(f"{base}/van-ban/di/")
    page.get_by_role("link", name="Vào sổ văn bản ký tay").click()
    expect(page.get_by_role("heading", name="Vào sổ văn bản ký tay")).to_be_visible()
    assert fits_the_phone(page)
    page.get_by_label("Bản quét văn bản đã ký (PDF hoặc ảnh)").set_input_files(str(scan))
    page.get_by_label("Trích yếu").fill(SUBJECT)
    page.get_by_label("Lãnh đạo ký").select_option(label="Đàm Duy Hưng")
    page.get_by_label("Chức vụ người ký").fill("Phó Chủ tịch")
    page.get_by_label(SEARCH).fill("Sở Tài chính")
    page.locator("#recipient-options button").filter(has=page.get_by_text("Sở Tài chính tỉnh Bắc Kạn", exact=True)).click()
    page.locator("#chosen-recipients label").filter(has=page.get_by_text("Sở Tài chính tỉnh Bắc Kạn", exact=True)).wait_for()
    page.get_by_label("Nơi nhận bản giấy").fill(PAPER)
    screenshot("form")
    page.get_by_role("button", name="Vào sổ và cấp số").click()

    expect(page.locator("[data-handsigned]")).to_have_text("Ký tay trên giấy")
    document = Document.objects.get(source="paper", direction="out")
    expect(page.get_by_text(f"Đã vào sổ văn bản ký tay: số, ký hiệu {document.symbol}.")).to_be_visible()
    expect(page.locator("[data-number]")).to_contain_text(document.symbol)
    expect(page.locator("[data-signer]")).to_contain_text("Phó Chủ tịch Đàm Duy Hưng")
    assert (document.signed_at, document.signed_by.username) == (None, "backan.lanhdao")
    assert fits_the_phone(page)
    screenshot("registered")

    # The digitized copy gets the organization's signature, then one dispatch sends both ways.
    page.get_by_label("Mã PIN khóa ký số của cơ quan").fill(demo_cast.pin(BACKAN))
    page.get_by_role("button", name="Ký số bản số hóa").click()
    expect(page.get_by_text("Đã ký số của cơ quan lên bản số hóa.")).to_be_visible()
    expect(page.locator("[data-copy-seal]")).to_contain_text("SAO Y; Ủy ban nhân dân tỉnh Bắc Kạn")
    page.get_by_label(f"Số lượng bì gửi {PAPER}").fill("2")
    page.get_by_label("Ghi chú sổ gửi bưu điện").fill("Thư bảo đảm")
    page.get_by_role("button", name="Phát hành").click()
    expect(page.get_by_text("Đã phát hành văn bản ký tay đến các nơi nhận.")).to_be_visible()
    deliveries = page.locator("#deliveries")
    expect(deliveries.locator(f'[data-recipient="{STC}"]')).to_contain_text("Sở Tài chính tỉnh Bắc Kạn")
    expect(deliveries.locator(f'[data-recipient="{PAPER}"]')).to_contain_text("Bản giấy")
    assert fits_the_phone(page)
    screenshot("dispatched")
    internal = Recipient.objects.get(document=document, channel=Recipient.Channel.INTERNAL)
    received = Document.objects.get(delivery=internal, direction="in")
    assert (received.organization.organ_id, received.symbol, received.state) == (STC, document.symbol, "arrived")

    # The post register has the row, on the phone.
    page.locator("[data-post-entries]").get_by_role("link", name="Xem sổ").click()
    row = page.locator("tr[data-post-entry]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(document.symbol)
    expect(row).to_contain_text(PAPER)
    expect(row.locator("td").nth(3)).to_have_text("2")
    assert fits_the_phone(page)
    screenshot("post-register")
    assert PostRegisterEntry.objects.get().envelopes == 2
    assert {e.action for e in AuditEvent.objects.filter(object_id=str(document.pk))} >= {
        AuditAction.HANDSIGNED_REGISTER, AuditAction.HANDSIGNED_SEAL, AuditAction.HANDSIGNED_DISPATCH}

    # Sở Tài chính's clerk has the letter in her incoming list.
    log_in(page, base, "stc.vanthu")
    page.goto(f"{base}/van-ban/den/")
    expect(page.get_by_text(document.symbol).first).to_be_visible()
    assert not errors, errors
