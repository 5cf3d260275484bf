"""Nộp lưu in Chromium on a phone (390×844): the specialist of Bắc Kạn submits a closed hồ sơ, the
archivist (no unit) checks and accepts it and downloads the biên bản giao nhận, the specialist then
asks to read the archived hồ sơ, the leader (no unit) approves, and the specialist opens it."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import RecordFile, RecordItem
from documents.services.files import file_store
from qlvb.models import Organization, Unit, User
from tests.documents.records.archive_helpers import (  # noqa: F401 - fixtures
    enqueued_fixture,
    small_pdf,
)
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in
from tests.factories import make_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BACKAN = "000.00.00.H05"


def _closed_record() -> RecordFile:
    organization = Organization.objects.get(organ_id=BACKAN)
    owner = User.objects.get(username="backan.chuyenvien")
    unit = Unit.objects.get(organization=organization, abbreviation="VXNV")
    ended = timezone.localdate() - dt.timedelta(days=340)
    record = RecordFile.objects.create(
        organization=organization, year=ended.year, code="05.VXNV", title="Hồ sơ về việc gửi, nhận văn bản điện tử",
        retention_years=10, owner=owner, unit=unit, state=RecordFile.State.CLOSED, started_on=ended, ended_on=ended)
    for ordinal, symbol in enumerate(("807/VPCP-KSTT", "814/UBND-VXNV"), start=1):
        document = make_document(organization, unit=unit, subject=f"Văn bản {symbol}")
        document.symbol = symbol
        document.save(update_fields=["symbol"])
        file_store(document=document, name=f"{ordinal}.pdf", data=small_pdf(symbol), content_type="application/pdf")
        RecordItem.objects.create(record=record, ordinal=ordinal, document=document, added_by=owner)
    return record


def test_submit_accept_request_and_read_an_archived_hồ_sơ(live_server, page, screenshot, settings, tmp_path,
                                                        enqueued):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    record = _closed_record()
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(live_server.url) else None)

    # The specialist submits the closed hồ sơ.
    log_in(page, live_server.url, "backan.chuyenvien")
    page.goto(f"{live_server.url}/ho-so/{record.pk}/nop-luu/")
    expect(page.get_by_text("Hồ sơ về việc gửi, nhận văn bản điện tử").first).to_be_visible()
    assert fits_the_phone(page)
    screenshot("specialist-submit")
    page.get_by_role("button", name="Nộp lưu vào Lưu trữ cơ quan").click()
    expect(page.get_by_text("Đã nộp lưu 1 hồ sơ vào Lưu trữ cơ quan.")).to_be_visible()
    expect(page.locator("[data-transfer-state]")).to_have_text("Chờ tiếp nhận")

    # The archivist (no unit) finds it in the menu's queue, checks it and accepts it.
    log_in(page, live_server.url, "backan.luutru")
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("link", name="Lưu trữ", exact=True).click()
    expect(page.get_by_role("heading", name="Hồ sơ chờ tiếp nhận")).to_be_visible()
    page.get_by_role("link", name="05.VXNV").click()
    expect(page.locator("[data-check=ok]")).to_be_visible()
    assert fits_the_phone(page)
    screenshot("archivist-check")
    page.get_by_role("link", name="Lượt nộp lưu số").click()
    page.get_by_role("button", name="Tiếp nhận vào Lưu trữ").click()
    expect(page.get_by_text("Đã tiếp nhận hồ sơ vào Lưu trữ cơ quan")).to_be_visible()
    expect(page.locator("[data-transfer-state]")).to_have_text("Đã tiếp nhận")
    assert fits_the_phone(page)
    screenshot("archivist-accepted")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải biên bản giao nhận").click()
    download = download_info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = " ".join(subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, check=True).stdout
                    .decode().split())
    assert "Giao nhận hồ sơ, tài liệu" in text and "Ông (bà): Lâm Thị Thu" in text and "05.VXNV" in text
    record.refresh_from_db()
    assert record.state == RecordFile.State.ARCHIVED
    assert enqueued == [("documents.records_longterm_proof", record.pk)]

    # The specialist asks to read it through the catalogue of the archive.
    log_in(page, live_server.url, "backan.chuyenvien")
    page.goto(f"{live_server.url}/ho-so/luu-tru/muc-luc/")
    item = page.locator(f'[data-catalogue-record="{record.pk}"]')
    expect(item).to_contain_text("05.VXNV")
    item.get_by_role("link", name="Đề nghị đọc").click()
    page.get_by_label("Mục đích đọc hồ sơ").fill("Tra cứu để trả lời văn bản 807.")
    page.get_by_label("Đọc đến hết ngày").fill((timezone.localdate() + dt.timedelta(days=5)).strftime("%d/%m/%Y"))
    assert fits_the_phone(page)
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_text("Đã gửi đề nghị đọc hồ sơ")).to_be_visible()
    expect(page.locator("[data-reading-state=pending]")).to_have_count(1)

    # The leader (no unit) approves.
    log_in(page, live_server.url, "backan.lanhdao")
    page.goto(f"{live_server.url}/ho-so/luu-tru/de-nghi-doc/")
    expect(page.get_by_text("Tra cứu để trả lời văn bản 807.").first).to_be_visible()
    assert fits_the_phone(page)
    screenshot("leader-approves")
    page.locator("[data-reading]").get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_text("Đã phê duyệt đề nghị đọc hồ sơ.")).to_be_visible()

    # The specialist opens the archived hồ sơ and its documents.
    log_in(page, live_server.url, "backan.chuyenvien")
    page.goto(f"{live_server.url}/ho-so/luu-tru/de-nghi-doc/")
    page.get_by_role("link", name="Đọc hồ sơ").click()
    expect(page.locator("[data-record-state]")).to_have_text("Đã lưu trữ")
    page.get_by_role("link", name="807/VPCP-KSTT — Văn bản 807/VPCP-KSTT").click()
    expect(page.get_by_text("Văn bản 807/VPCP-KSTT").first).to_be_visible()
    assert fits_the_phone(page)
    screenshot("specialist-reads")
    assert not errors, f"error answers: {errors}"
