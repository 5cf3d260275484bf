"""The monthly KPIs as an Excel workbook: the ratios per unit against the target, the leaders'
own and delegated work, the delegations of the month and the paper recipients against the e-only
catalogue. Every text cell goes through qlvb.spreadsheets.as_text (names and reasons are typed by
people: a leading "=" stays text)."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from alerts.kpis import OrganizationKpis, Ratio
from qlvb.spreadsheets import as_text

BOLD = Font(bold=True)
FILL = PatternFill("solid", fgColor="E9ECEF")


def _when(value) -> str:
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return ""


def _met(ratio: Ratio) -> str:
    return {None: "—", True: "Đạt", False: "Chưa đạt"}[ratio.meets_target]


def _header(sheet, titles: list[str]) -> None:
    cells = []
    for title in titles:
        cell = as_text(WriteOnlyCell(sheet, value=title))
        cell.font, cell.fill = BOLD, FILL
        cells.append(cell)
    sheet.append(cells)


def _row(sheet, values: list) -> None:
    sheet.append([as_text(WriteOnlyCell(sheet, value=v)) for v in values])


def kpis_xlsx(results: list[OrganizationKpis], *, year: int, month: int, target: float) -> bytes:
    book = Workbook(write_only=True)
    figures = book.create_sheet("Chỉ số")
    _row(figures, [f"CHỈ SỐ SỬ DỤNG VĂN BẢN ĐIỆN TỬ THÁNG {month}/{year}"])
    _row(figures, [f"Mục tiêu: từ {target:g}% trở lên. Không tính văn bản mật."])
    _row(figures, [])
    _header(figures, ["Cơ quan", "Đơn vị", "VB ban hành", "Ký số", "Ký tay", "Tỷ lệ ký số (%)", "Ký số đạt",
                      "Lượt trao đổi", "Điện tử", "Tỷ lệ điện tử (%)", "Điện tử đạt", "VB đến phải vào sổ",
                      "Vào sổ đúng hạn", "Tỷ lệ đúng hạn (%)", "Đúng hạn đạt", "Gửi giấy trái danh mục"])
    for r in results:
        for row in [*r.units, r.total]:
            _row(figures, [r.organization.name, row.label, row.signed.total, row.signed.done, row.hand_signed,
                           row.signed.percent, _met(row.signed), row.electronic.total, row.electronic.done,
                           row.electronic.percent, _met(row.electronic), row.on_time.total, row.on_time.done,
                           row.on_time.percent, _met(row.on_time), row.paper_against_catalogue])
        _row(figures, [r.organization.name, "Đơn vị thực hiện ký số", r.units_signing.total, r.units_signing.done,
                       None, r.units_signing.percent, _met(r.units_signing)])

    leaders = book.create_sheet("Lãnh đạo")
    _header(leaders, ["Cơ quan", "Lãnh đạo", "Chức vụ", "Đăng nhập", "Ý kiến chỉ đạo tự cho",
                      "Ý kiến chỉ đạo qua người được ủy quyền", "Tự ký số", "Ký tay", "Ký thay (KT./TUQ./TL.)",
                      "Người ký thay, hình thức, lý do", "Chủ yếu do người khác ký"])
    for r in results:
        for leader in r.leaders:
            detail = "; ".join(f"{d.delegate} ({d.signing_form}., {d.count} VB){': ' + d.reason if d.reason else ''}"
                               for d in leader.delegated)
            _row(leaders, [r.organization.name, leader.name, leader.title, leader.logins, leader.instructions,
                           leader.instructions_by_delegates, leader.signed_own, leader.signed_by_hand,
                           leader.signed_delegated, detail, "Có" if leader.mostly_delegated else ""])

    delegations = book.create_sheet("Ủy quyền")
    _header(delegations, ["Cơ quan", "Người ủy quyền", "Người được ủy quyền", "Từ", "Đến", "Phạm vi", "Hình thức",
                          "Lý do", "Đang hiệu lực", "Thu hồi lúc"])
    for r in results:
        now_ids = {d.pk for d in r.delegations_in_force}
        for d in {d.pk: d for d in [*r.delegations_in_month, *r.delegations_in_force]}.values():
            _row(delegations, [r.organization.name, str(d.delegator.full_name or d.delegator),
                               str(d.delegate.full_name or d.delegate), _when(d.starts_at), _when(d.ends_at),
                               d.get_scope_display(), d.get_signing_form_display(), d.reason,
                               "Có" if d.pk in now_ids else "", _when(d.revoked_at)])

    paper = book.create_sheet("Gửi giấy")
    _header(paper, ["Cơ quan", "Số, ký hiệu", "Đơn vị", "Ngày", "Nơi nhận bản giấy", "Lý do gửi bản giấy"])
    for r in results:
        for p in r.paper_recipients:
            _row(paper, [r.organization.name, p.symbol, p.unit, _when(p.when), p.recipient, p.reason])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
