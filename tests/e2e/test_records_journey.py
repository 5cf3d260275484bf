"""The records journey of issue 15 in Chromium on a phone (390×844), from one hồ sơ to the archive:

a) backan.chuyenvien (unit VXNV) opens a hồ sơ from Bắc Kạn's approved catalogue and files the letter
   807/VPCP-KSTT and Bắc Kạn's answer 814/UBND-VXNV, closes the hồ sơ and submits it to the archive;
b) the archivist backan.luutru (no unit) checks and accepts it (the long-term proof is queued);
c) the archivist exports the hồ sơ's package, and `records_verify` checks it offline;
d) later backan.chuyenvien, who no longer reads the archived hồ sơ, asks to read it; the leader
   backan.lanhdao (no unit) approves; she opens 807's file, and the reading is in its access history
   and in the audit log."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import DocumentAccess, FileAccess, RecordFile
from documents.services.access_log import access_log_drain
from qlvb.audit_actions import AuditAction
from qlvb.models import AuditEvent, Organization, User
from tests.documents.records.archive_helpers import enqueued_fixture  # noqa: F401 - fixture
from tests.documents.records.workfile_helpers import make_doc
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BACKAN = "000.00.00.H05"
TITLE = "Hồ sơ về việc tăng cường gửi, nhận văn bản điện tử"


def _menu(page, label: str) -> None:
    page.locator(".navbar-toggler").click()
    page.locator(".navbar-collapse").get_by_role("link", name=label, exact=True).click()


def test_a_hồ_sơ_from_the_catalogue_to_the_archive_and_back_to_a_reader(live_server, page, screenshot, settings,
                                                                        tmp_path, enqueued):
    from qlvb.demo.records_catalogue import demo_catalogue

    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=DEVNULL)
    demo_catalogue()  # this year's approved catalogue of Bắc Kạn, with row 05.VXNV for VXNV
    org = Organization.objects.get(organ_id=BACKAN)
    specialist = User.objects.get(username="backan.chuyenvien")
    unit = specialist.memberships.get().unit
    today = timezone.localdate()
    letter = make_doc(org, symbol="807/VPCP-KSTT", subject="Về việc tăng cường gửi, nhận văn bản điện tử",
                      issued_on=today, pages=2)
    DocumentAccess.objects.create(document=letter, user=specialist, reason="assigned")
    make_doc(org, symbol="814/UBND-VXNV", direction="out", subject="Về việc gửi, nhận văn bản điện tử",
             issued_on=today, pages=1, created_by=specialist, unit=unit, reply_to=letter)
    base = live_server.url
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(base) else None)

    # a) The specialist opens the hồ sơ from the catalogue, files 807 and 814, closes and submits it.
    log_in(page, base, "backan.chuyenvien")
    _menu(page, "Hồ sơ")
    page.get_by_role("link", name="Mở hồ sơ").click()
    page.get_by_role("button", name="Mở hồ sơ 05.VXNV").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    page.locator('[data-suggestions="handled"]').get_by_role("button", name="Thêm 807/VPCP-KSTT vào hồ sơ").click()
    expect(page.locator(".record-items > li")).to_have_count(1)
    page.locator('[data-suggestions="thread"]').get_by_role("button", name="Thêm 814/UBND-VXNV vào hồ sơ").click()
    expect(page.locator(".record-items > li")).to_have_count(2)
    expect(page.locator(".record-items > li").nth(0)).to_contain_text("807/VPCP-KSTT")
    assert fits_the_phone(page)
    screenshot("journey-filed")
    page.get_by_role("link", name="Kết thúc hồ sơ").click()
    page.get_by_role("button", name="Kết thúc hồ sơ").click()
    expect(page.locator("[data-record-state]")).to_have_text("Đã kết thúc")
    page.locator("[data-archive-actions]").get_by_role("link", name="Nộp lưu").click()
    page.get_by_role("button", name="Nộp lưu vào Lưu trữ cơ quan").click()
    expect(page.get_by_text("Đã nộp lưu 1 hồ sơ vào Lưu trữ cơ quan.")).to_be_visible()
    record = RecordFile.objects.get(organization=org, code="05.VXNV")
    assert record.state == RecordFile.State.SUBMITTED and record.catalogue_entry.catalogue.year == today.year

    # b) The archivist (no unit) checks and accepts it.
    log_in(page, base, "backan.luutru")
    _menu(page, "Lưu trữ")
    page.get_by_role("link", name="05.VXNV").click()
    expect(page.locator("[data-check=ok]")).to_be_visible()
    page.get_by_role("link", name="Lượt nộp lưu số").click()
    page.get_by_role("button", name="Tiếp nhận vào Lưu trữ").click()
    expect(page.locator("[data-transfer-state]")).to_have_text("Đã tiếp nhận")
    assert fits_the_phone(page)
    screenshot("journey-accepted")
    record.refresh_from_db()
    assert record.state == RecordFile.State.ARCHIVED and record.archived_by.username == "backan.luutru"
    assert enqueued == [("documents.records_longterm_proof", record.pk)]

    # c) Its package, exported from the hồ sơ page, verifies offline.
    page.goto(f"{base}/ho-so/{record.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Xuất gói hồ sơ (XML, tệp, chữ ký)").click()
    package = tmp_path / "goi-ho-so.zip"
    download_info.value.save_as(package)
    report = io.StringIO()
    call_command("records_verify", str(package), stdout=report)
    assert "PROBLEM:" not in report.getvalue()
    assert "the package is valid: checksums, signatures and index all hold" in report.getvalue()

    # d) Later the specialist asks to read it; the leader approves; she reads 807, and it is logged.
    log_in(page, base, "backan.chuyenvien")
    assert page.goto(f"{base}/ho-so/{record.pk}/").status == 404  # the archive keeps it now
    errors.clear()
    page.goto(f"{base}/ho-so/luu-tru/muc-luc/")
    page.locator(f'[data-catalogue-record="{record.pk}"]').get_by_role("link", name="Đề nghị đọc").click()
    page.get_by_label("Mục đích đọc hồ sơ").fill("Đối chiếu khi trả lời thanh tra.")
    page.get_by_label("Đọc đến hết ngày").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.locator("[data-reading-state=pending]")).to_have_count(1)

    log_in(page, base, "backan.lanhdao")
    page.goto(f"{base}/ho-so/luu-tru/de-nghi-doc/")
    page.locator("[data-reading]").get_by_role("button", name="Phê duyệt").click()
    expect(page.get_by_text("Đã phê duyệt đề nghị đọc hồ sơ.")).to_be_visible()
    assert fits_the_phone(page)

    log_in(page, base, "backan.chuyenvien")
    page.goto(f"{base}/ho-so/{record.pk}/")
    expect(page.locator("[data-record-state]")).to_have_text("Đã lưu trữ")
    page.get_by_role("link", name="807/VPCP-KSTT", exact=False).first.click()
    expect(page.get_by_text("Về việc tăng cường gửi, nhận văn bản điện tử").first).to_be_visible()
    main = letter.files.order_by("pk").first()
    opened = page.request.get(f"{base}/van-ban/{letter.pk}/tep/{main.pk}/")  # her session, as the link does
    assert opened.status == 200 and opened.body().startswith(b"%PDF")
    access_log_drain()
    assert FileAccess.objects.filter(user=specialist, document=letter).exists()
    assert AuditEvent.objects.filter(action=AuditAction.RECORD_ACCESS_GRANT, object_id=str(record.pk)).exists()

    # The clerk (no unit) sees the reading in 807's access history.
    log_in(page, base, "backan.vanthu")
    page.goto(f"{base}/van-ban/{letter.pk}/")
    expect(page.get_by_text("Lịch sử truy cập").first).to_be_visible()
    expect(page.get_by_text("Nông Thị Mai").first).to_be_visible()
    assert fits_the_phone(page)
    screenshot("journey-access-history")
    assert not errors, f"error answers: {errors}"
