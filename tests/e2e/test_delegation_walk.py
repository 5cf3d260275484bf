"""Delegation in Chromium on a phone (390×844), as seed 004 §1.b has it: the leader delegates only
while away.

backan.lanhdao (leader, no unit) delegates signing to backan.vxnv.truongphong for this week, away on
a business trip ("công tác"); the head of unit sees the banner on "Việc của tôi" and the draft of
814/UBND-VXNV waiting for the leader's signature, signs it "thừa ủy quyền"; the document's page shows
both people and the signed PDF carries "TUQ. CHỦ TỊCH" above his name; the leader revokes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import Document
from documents.rendering.layout import DocumentLayout
from documents.selectors.documents import document_main_file
from qlvb.demo.story import BACKAN_814
from qlvb.models import AuditEvent, Delegation
from tests.e2e import story_fixtures as fx
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
demo_cast, story_pki = fx.demo_cast, fx.story_pki  # fixtures
DELEGATE, LEADER, PIN = "backan.vxnv.truongphong", "backan.lanhdao", "24681357"
# The draft the head of unit signs "thừa ủy quyền": his title and name in the signing block.
UNDER_DELEGATION = DocumentLayout(**{**BACKAN_814.layout.__dict__, "competence": "TUQ. CHỦ TỊCH",
                                     "signer_title": "TRƯỞNG PHÒNG", "signer_name": "Lý Văn Thắng"})


def _user_menu(page, label: str) -> None:
    page.locator(".navbar-toggler").click()
    page.locator(".navbar-collapse .dropdown-toggle").click()
    page.locator(".navbar-collapse .dropdown-menu").get_by_role("link", name=label).click()


def test_the_leader_delegates_signing_for_a_trip_the_head_signs_and_the_leader_revokes(
        live_server, page, screenshot, demo_cast):
    fx.personal_key_for(demo_cast, DELEGATE, PIN, title="Trưởng phòng")
    document = fx.draft_ready_to_sign(demo_cast, letter=BACKAN_814, layout=UNDER_DELEGATION)
    base = live_server.url
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(base) else None)

    # The leader, away this week, delegates signing from the user menu.
    log_in(page, base, LEADER)
    _user_menu(page, "Ủy quyền")
    expect(page.get_by_role("heading", name="Ủy quyền", exact=True)).to_be_visible()
    page.get_by_label("Người được ủy quyền").select_option(label="Lý Văn Thắng — Trưởng phòng, Phòng Văn xã - Nội vụ")
    today = timezone.localdate()
    sunday = today + dt.timedelta(days=6 - today.weekday())
    ends = page.locator("#id_ends_at_0")
    ends.fill(f"{sunday:%d/%m/%Y}")
    page.locator("#id_ends_at_1").fill("23:59")
    page.get_by_label("Đi công tác").check()
    page.get_by_label("Ghi rõ lý do").fill("Làm việc tại Bộ Thông tin và Truyền thông")
    page.get_by_label("Phạm vi ủy quyền").select_option(label="Ký văn bản")
    page.get_by_label("Hình thức ký").select_option("TUQ")
    assert fits_the_phone(page)
    screenshot("delegation-form")
    page.get_by_role("button", name="Ủy quyền", exact=True).click()
    expect(page.get_by_text("Đã ủy quyền cho Lý Văn Thắng.")).to_be_visible()
    delegation = Delegation.objects.get()
    assert (delegation.reason_kind, delegation.signing_form, delegation.scope) == ("business_trip", "TUQ", "signing")
    assert timezone.localtime(delegation.ends_at).date() == sunday
    row = page.locator(f'[data-section="in-force"] [data-delegation="{delegation.pk}"]')
    expect(row).to_contain_text("Lý Văn Thắng")
    expect(row).to_contain_text("Đi công tác")

    # The head of unit sees the banner and the draft waiting for the leader's signature, and signs it.
    log_in(page, base, DELEGATE)
    banner = page.locator(f'[data-delegation-banner="{delegation.pk}"]')
    expect(banner).to_contain_text("Bạn đang được ủy quyền bởi Đàm Duy Hưng")
    expect(banner).to_contain_text(f"{sunday:%d/%m/%Y}")
    assert fits_the_phone(page)
    screenshot("delegation-banner")
    page.locator('[data-section="to_sign"]').get_by_role("link", name=BACKAN_814.subject[:30]).first.click()
    expect(page.get_by_label("Ký với tư cách")).to_have_value(str(delegation.delegator_id))
    page.get_by_label("Mã PIN khóa ký số").fill(PIN)
    page.get_by_role("button", name="Ký số và ban hành").click()
    expect(page.get_by_text("Đã ký ban hành văn bản số")).to_be_visible(timeout=60_000)
    expect(page.locator("[data-signed]")).to_contain_text("TUQ. PHÓ CHỦ TỊCH / TRƯỞNG PHÒNG Lý Văn Thắng")
    expect(page.locator("[data-signed-under]")).to_contain_text(
        "Lý Văn Thắng ký thừa ủy quyền Đàm Duy Hưng (ủy quyền từ")
    expect(page.locator("[data-signed-under]")).to_contain_text("lý do: Đi công tác, Làm việc tại Bộ")
    assert fits_the_phone(page)
    screenshot("delegation-signed")
    document.refresh_from_db()
    assert (document.state, document.signed_by.username, document.signed_on_behalf_of.username,
            document.signing_form) == (Document.State.SIGNED, DELEGATE, LEADER, "TUQ")
    text = " ".join(fx.pdf_text(fx.file_bytes(document_main_file(document))).split())
    assert all(line in text for line in ("TUQ. CHỦ TỊCH", "TRƯỞNG PHÒNG", "Lý Văn Thắng"))

    # The leader revokes early; it is no longer in force and the head is told.
    log_in(page, base, LEADER)
    _user_menu(page, "Ủy quyền")
    page.locator(f'[data-delegation="{delegation.pk}"]').get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text("Đã thu hồi ủy quyền cho Lý Văn Thắng.")).to_be_visible()
    expect(page.locator(f'[data-section="past"] [data-delegation="{delegation.pk}"]')).to_contain_text("Đã thu hồi")
    assert Delegation.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(action="delegation.revoke", object_id=str(delegation.pk)).exists()
    assert fits_the_phone(page)
    assert errors == []


