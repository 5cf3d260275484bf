"""Issue 16.5 in Chromium on a phone (390×844): the leader backan.lanhdao (no unit) opens "Chỉ số"
from the menu, reads this month's figures against the 95% target, sees the document the head of
VXNV signed KT. for him under a delegation (with its reason) and the delegation in force, and
downloads the figures as an Excel file; every page fits the screen and nothing answers an error."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import Document, DocumentType
from interchange.models import Recipient
from qlvb.models import Delegation, Organization, User
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REASON = "Đi công tác tại Trung ương"


def test_the_leader_with_no_unit_reads_the_figures_and_a_delegated_signature(live_server, page, screenshot,
                                                                              tmp_path):
    call_command("seed_demo", stdout=DEVNULL)
    org = Organization.objects.get(organ_id="000.00.00.H05")
    leader = User.objects.get(username="backan.lanhdao")
    head = User.objects.get(username="backan.vxnv.truongphong")
    now = timezone.now()
    Delegation.objects.create(organization=org, delegator=leader, delegate=head, starts_at=now - dt.timedelta(hours=2),
                              ends_at=now + dt.timedelta(days=3), scope="signing", signing_form="KT", reason=REASON)
    signed = Document.objects.create(
        organization=org, direction="out", document_type=DocumentType.objects.get(code="cong-van"),
        symbol="915/UBND-VXNV", subject="V/v triển khai chữ ký số", state="dispatched", source="drafted",
        unit=head.memberships.get().unit, issued_on=timezone.localdate(), signed_at=now - dt.timedelta(hours=1),
        dispatched_at=now, signed_by=head, signing_form="KT", signed_on_behalf_of=leader, signer_name=head.full_name)
    Recipient.objects.create(document=signed, channel="paper", name="Sở Tư pháp", paper_reason="Bên nhận yêu cầu bản giấy")
    base = live_server.url
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(base) else None)

    log_in(page, base, "backan.lanhdao")
    page.locator(".navbar-toggler").click()
    page.locator(".navbar-collapse").get_by_role("link", name="Chỉ số", exact=True).click()
    page.wait_for_url(f"{base}/canh-bao/chi-so/")
    today = timezone.localdate()
    expect(page.get_by_role("heading", name=f"Chỉ số sử dụng văn bản điện tử tháng {today.month}/{today.year}")
           ).to_be_visible()
    expect(page.get_by_text("Mục tiêu: từ 95% trở lên", exact=False)).to_be_visible()
    row = page.locator(f'[data-leader="{leader.pk}"]')
    expect(row).to_contain_text("Đàm Duy Hưng")
    expect(row.locator("[data-delegated-signature]")).to_contain_text(f"Lý Văn Thắng ký KT. 1 văn bản — lý do: {REASON}")
    expect(page.locator("[data-delegation]").first).to_contain_text("Đàm Duy Hưng → Lý Văn Thắng")
    expect(page.get_by_text("Bên nhận yêu cầu bản giấy")).to_be_visible()
    assert fits_the_phone(page)
    screenshot("figures-leader")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải Excel").click()
    path = tmp_path / "chi-so.xlsx"
    download_info.value.save_as(path)
    leaders = {r[1]: r for r in openpyxl.load_workbook(path)["Lãnh đạo"].iter_rows(min_row=2, values_only=True)}
    assert leaders["Đàm Duy Hưng"][8] == 1 and REASON in leaders["Đàm Duy Hưng"][9]
    assert errors == []
