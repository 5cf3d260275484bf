"""Disposal and handover in Chromium on a phone (390×844), as the people of Bắc Kạn concerned.

The demo data of the part (`demo_disposal`): an archived hồ sơ of 2013 kept 10 years, its retention
ended. The archivist (backan.luutru, no unit) proposes it for disposal; the leader (backan.lanhdao,
no unit) records the head's decision and executes it; the hồ sơ's page then shows its tombstone, and
the file answers "Đã hủy theo Quyết định số …". The unit head of VXNV (backan.vxnv.truongphong)
hands the hồ sơ still held by the specialist over to a colleague of the unit, with a minute.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from documents.models import DocumentFile, RecordFile, RecordItem
from qlvb.demo.cast import DEMO_PASSWORD
from qlvb.demo.records_disposal import demo_disposal
from qlvb.models import Organization, Unit
from qlvb.services.audit import audit_verify
from qlvb.services.people import person_upsert
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _menu(page, label: str) -> None:
    """The records pages are under "Hồ sơ" in the menu, then its sub-menu."""
    page.locator(".navbar-toggler").click()
    page.locator(".navbar-collapse").get_by_role("link", name="Hồ sơ", exact=True).click()
    page.locator(".records-nav").get_by_role("link", name=label, exact=True).click()


def test_archivist_proposes_leader_decides_and_executes_unit_head_hands_over(live_server, page, screenshot,
                                                                             settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo")
    records = demo_disposal()
    expired = records["expired"]
    organization = Organization.objects.get(organ_id="000.00.00.H05")
    person_upsert(username="backan.vxnv.chuyenvien2", full_name="Hà Văn Bình", organization=organization,
                  roles=["specialist"], unit=Unit.objects.get(organization=organization, abbreviation="VXNV"),
                  password=DEMO_PASSWORD)
    url = live_server.url
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    # The archivist proposes the expired hồ sơ for disposal.
    log_in(page, url, "backan.luutru")
    _menu(page, "Bảo quản hồ sơ")
    expect(page.get_by_role("heading", name="Bảo quản hồ sơ")).to_be_visible()
    page.get_by_role("link", name="Hết hạn bảo quản").click()
    expect(page.get_by_role("heading", name="Hồ sơ hết thời hạn bảo quản")).to_be_visible()
    page.get_by_label(re.compile(re.escape(expired.code))).check()
    page.get_by_label("Thuyết minh").fill("Hồ sơ đã hết thời hạn bảo quản 10 năm, không còn giá trị.")
    assert fits_the_phone(page)
    screenshot("review")
    page.get_by_role("button", name="Lập danh mục đề nghị hủy").click()
    page.wait_for_url(re.compile(r".*/ho-so/huy/\d+/$"))
    expect(page.locator("[data-decision-state]")).to_have_text("Đề nghị hủy, chờ quyết định")
    # The archivist may not decide: no decision form for them.
    expect(page.get_by_role("button", name="Ghi nhận quyết định")).to_have_count(0)
    decision_url = page.url

    # The leader records the decision, then executes it.
    log_in(page, url, "backan.lanhdao")
    _menu(page, "Bảo quản hồ sơ")
    page.get_by_role("link", name="Quyết định hủy", exact=True).click()
    page.get_by_role("link", name=re.compile("Danh mục đề nghị hủy lập ngày")).first.click()
    page.wait_for_url(decision_url)
    page.get_by_role("button", name="Ghi nhận quyết định").click()  # no number: refused in Vietnamese
    expect(page.get_by_text("Hãy nhập số và ngày của quyết định hủy.")).to_be_visible()
    page.get_by_label("Số quyết định").fill("25/QĐ-UBND")
    page.get_by_label("Lý do hủy, ý kiến của Hội đồng xác định giá trị tài liệu").fill(
        "Hội đồng xác định giá trị tài liệu thống nhất hủy: hết thời hạn bảo quản.")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.locator("[data-decision-state]")).to_have_text("Đã có quyết định hủy, chờ thực hiện")
    assert fits_the_phone(page)
    screenshot("decided")
    page.get_by_role("button", name="Thực hiện hủy").click()
    expect(page.locator("[data-decision-state]")).to_have_text("Đã hủy")
    page.locator("[data-disposal-items] a").first.click()
    tombstone = page.locator("[data-tombstone]")
    expect(tombstone).to_contain_text(re.compile(r"Đã hủy theo Quyết định số 25/QĐ-UBND ngày \d\d/\d\d/\d{4}"))
    expect(tombstone).to_contain_text("412/SNV-VTLT")
    assert fits_the_phone(page)
    screenshot("tombstone")
    stored = DocumentFile.objects.get(document__record_items__record=expired)
    page.goto(f"{url}/van-ban/{stored.document_id}/tep/{stored.pk}/")
    expect(page.locator("[data-error-page]")).to_contain_text("đã hủy theo Quyết định số 25/QĐ-UBND")
    expired.refresh_from_db()
    assert expired.state == RecordFile.State.DISPOSED
    assert not RecordItem.objects.get(record=expired, ordinal=2).file.storage.exists(
        RecordItem.objects.get(record=expired, ordinal=2).file.name)

    # The unit head hands the specialist's hồ sơ over to a colleague of the unit.
    log_in(page, url, "backan.vxnv.truongphong")
    _menu(page, "Bảo quản hồ sơ")
    page.get_by_role("link", name="Bàn giao", exact=True).first.click()
    expect(page.get_by_role("heading", name="Bàn giao hồ sơ")).to_be_visible()
    page.locator('[data-holder="backan.chuyenvien"]').get_by_role("link", name="Bàn giao").click()
    page.get_by_role("combobox", name="Người nhận").select_option(label="Hà Văn Bình")
    page.get_by_label(re.compile("Lý do")).fill("Chuyển công tác sang Sở Nội vụ")
    assert fits_the_phone(page)
    page.get_by_role("button", name="Bàn giao và lập biên bản").click()
    expect(page.get_by_role("heading", name="Biên bản bàn giao hồ sơ")).to_be_visible()
    expect(page.locator("[data-handover-to]")).to_have_text("Hà Văn Bình")
    expect(page.get_by_text(records["due"].code)).to_be_visible()
    assert fits_the_phone(page)
    screenshot("handover")
    assert RecordFile.objects.get(pk=records["due"].pk).owner.username == "backan.vxnv.chuyenvien2"
    assert not errors, errors
    assert audit_verify() == []
