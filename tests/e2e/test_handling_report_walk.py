"""The handling report in Chromium on a phone (390×844), as Bắc Kạn's leader backan.lanhdao (no unit):
the menu's "Tổng quan" → the on-time/late chart → the report → last month → the Excel download,
whose figures are the page's."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from documents.models import Assignment, Document, DocumentType, Instruction
from qlvb.models import Organization, User
from tests.e2e.story_fixtures import DEVNULL
from tests.e2e.walk import fits_the_phone, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _menu(page, label: str) -> None:
    page.locator(".navbar-toggler").click()
    page.locator(".navbar-collapse").get_by_role("link", name=label, exact=True).click()


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _handled(org, leader, handler, *, symbol: str, received: dt.date, due: dt.date,
             completed: dt.date | None) -> Document:
    doc = Document.objects.create(
        organization=org, direction="in", document_type=DocumentType.objects.get(code="cong-van"), symbol=symbol,
        subject=f"Về việc {symbol}", source="paper", state="done" if completed else "processing",
        received_at=_at(received), registered_at=_at(received), due_date=due,
        completed_at=_at(completed) if completed else None)
    instruction = Instruction.objects.create(document=doc, author=leader, text="Giao xử lý", deadline=due)
    Assignment.objects.create(document=doc, instruction=instruction, role="lead", user=handler, assigned_by=leader,
                              deadline=due, state="done" if completed else "in_progress")
    return doc


def test_the_leader_follows_the_chart_to_last_months_report_and_downloads_it(live_server, page, screenshot):
    call_command("seed_demo", stdout=DEVNULL)
    org = Organization.objects.get(organ_id="000.00.00.H05")
    leader = User.objects.get(username="backan.lanhdao")
    handler = User.objects.get(username="backan.chuyenvien")
    first = timezone.localdate().replace(day=1)
    last_month = (first - dt.timedelta(days=1)).replace(day=1)
    _handled(org, leader, handler, symbol="901/VPCP-KSTT", received=last_month, due=last_month + dt.timedelta(days=5),
             completed=last_month + dt.timedelta(days=3))
    _handled(org, leader, handler, symbol="902/VPCP-KSTT", received=last_month, due=last_month + dt.timedelta(days=5),
             completed=last_month + dt.timedelta(days=9))
    _handled(org, leader, handler, symbol="903/VPCP-KSTT", received=last_month, due=last_month + dt.timedelta(days=6),
             completed=None)
    base = live_server.url
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(base) else None)

    log_in(page, base, "backan.lanhdao")
    _menu(page, "Tổng quan")
    expect(page.locator('[data-chart="incoming"] svg')).to_be_visible()
    expect(page.locator('[data-chart="outgoing"] svg')).to_be_visible()
    assert fits_the_phone(page)
    screenshot("dashboard")

    page.locator('[data-chart="incoming"]').click()
    expect(page.get_by_role("heading", name="Báo cáo tình hình giải quyết văn bản")).to_be_visible()
    page.get_by_role("link", name="Tháng trước", exact=True).click()
    end = first - dt.timedelta(days=1)
    expect(page.locator("[data-period]")).to_have_attribute("data-period",
                                                            f"{last_month:%d/%m/%Y}-{end:%d/%m/%Y}")
    expect(page.get_by_label("Từ ngày")).to_have_value(f"{last_month:%d/%m/%Y}")
    total = page.locator('[data-table="units"] [data-row="total"]')
    figures = {kind: total.locator(f'[data-figure="{kind}"]').inner_text().split()[0]
               for kind in ("on_time", "late", "open", "overdue")}
    assert int(figures["on_time"]) >= 1 and int(figures["late"]) >= 1 and int(figures["overdue"]) >= 1
    expect(page.locator('[data-table="people"]')).to_contain_text(handler.full_name)
    assert fits_the_phone(page)
    screenshot("last-month")

    # the late one behind its count
    total.locator('[data-figure="late"] a').click()
    expect(page.get_by_role("heading", name="Hoàn thành trễ hạn")).to_be_visible()
    expect(page.get_by_role("link", name="902/VPCP-KSTT")).to_be_visible()
    assert fits_the_phone(page)
    page.get_by_role("link", name="Báo cáo tình hình giải quyết văn bản").click()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải Excel").click()
    book = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()))
    row = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r[0] == "Toàn bộ")
    assert [cell.split()[0] for cell in row[2:6]] == list(figures.values())
    overdue = [r[0] for r in book["Văn bản đến quá hạn"].iter_rows(values_only=True)]
    assert "903/VPCP-KSTT" in overdue
    assert not errors, errors
