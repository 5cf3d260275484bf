"""What a reader of the dashboards and the daily report sees (finding 9): every organization named under
its bars, axes that say what they count, whole-number ticks for counts, and the exchange's errors in
Vietnamese rather than the axis client's English."""

from __future__ import annotations

import re

from alerts.charts import bar_chart, line_chart
from alerts.reports.wording import GENERIC, exchange_error_text

ORGS = ["VPCP", "BTTTT", "UBND", "VPUBND", "STTTT", "STC", "TP"]


def _ticks(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="#6c757d">([^<]+)</text>', svg)


def _x_labels(svg: str) -> list[str]:
    return re.findall(r'data-axis="x"><title>([^<]+)</title>', svg)


def test_every_organization_is_named_under_its_bars():
    svg = bar_chart(title="Tỷ lệ theo cơ quan (%)", labels=ORGS, series={"Ký số": [50, 60, 70, 80, 90, 100, 40]},
                    unit="%", x_title="Cơ quan", y_title="Tỷ lệ (%)")
    assert _x_labels(svg) == ORGS  # seven categories: none dropped (the old chart showed every other one)
    assert 'data-axis="y">Tỷ lệ (%)</text>' in svg and ">Cơ quan</text>" in svg


def test_a_long_name_is_shortened_under_its_bar_and_kept_whole_in_its_title():
    names = ["Ủy ban nhân dân tỉnh Bắc Kạn", "Sở Tài chính tỉnh Bắc Kạn", "Văn phòng Chính phủ", "STC", "TP", "A", "B"]
    svg = bar_chart(title="t", labels=names, series={"n": [1] * 7})
    assert _x_labels(svg) == names
    shown = re.findall(r'data-axis="x"><title>[^<]+</title>([^<]+)</text>', svg)
    assert shown[3:] == ["STC", "TP", "A", "B"] and all(s.endswith("…") for s in shown[:3])


def test_whole_counts_get_whole_ticks():
    for top in (1, 2, 3, 5, 7, 9, 13, 37):
        ticks = _ticks(bar_chart(title="Văn bản", labels=["01/12", "02/12"], series={"Đã gửi": [top, 0]}))
        assert all(re.fullmatch(r"\d+(\.\d{3})*", t) for t in ticks), (top, ticks)
        assert int(ticks[-1].replace(".", "")) >= top and ticks[0] == "0"
    assert _ticks(bar_chart(title="t", labels=["a"], series={"n": [1]})) == ["0", "1"]
    assert _ticks(bar_chart(title="t", labels=["a"], series={"n": [0]})) == ["0", "1"]


def test_hours_may_have_fractions_and_a_month_of_days_is_thinned_but_keeps_its_last_day():
    days = [f"{d:02d}/11" for d in range(1, 31)]
    svg = line_chart(title="Thời gian xử lý", labels=days, series={"giờ": [0.5] * 30}, unit="giờ", x_title="Ngày")
    shown = _x_labels(svg)
    assert shown[0] == "01/11" and shown[-1] == "30/11" and 4 <= len(shown) < 30
    assert any("." in t for t in _ticks(svg))


def test_axis_errors_are_said_in_vietnamese_with_their_figures():
    said = exchange_error_text("sendEdoc failed (HTTP 503, ErrorCode 9): service busy")
    assert said == "Trục liên thông không nhận yêu cầu gửi văn bản (HTTP 503, mã lỗi 9). Trục ghi: “service busy”."
    said = exchange_error_text("getEdoc: could not reach the axis at http://127.0.0.1:9: connection refused")
    assert said == "Không kết nối được trục liên thông (http://127.0.0.1:9) khi tải văn bản: trục từ chối kết nối."
    assert "quá thời gian chờ" in exchange_error_text("sendEdoc: could not reach the axis at https://truc: timed out")
    assert exchange_error_text("Trạng thái 03: sendEdoc failed (HTTP 400, ErrorCode -): no reason given") == (
        "Trạng thái 03: Trục liên thông không nhận yêu cầu gửi văn bản (HTTP 400).")
    assert "không đúng định dạng" in exchange_error_text("getEdoc: the axis answered HTTP 502 without a JSON object")
    assert exchange_error_text("unknown recipient organization(s): 000.00.00.H99; nothing was delivered") == (
        "Nơi nhận không có trong danh bạ của trục liên thông: 000.00.00.H99.")
    assert exchange_error_text("sendEdoc failed (HTTP 400, ErrorCode 12): unknown recipient organization(s): "
                               "000.00.00.Z99, 000.00.00.Z98") == (
        "Trục liên thông không nhận yêu cầu gửi văn bản (HTTP 400, mã lỗi 12). Nơi nhận không có trong danh bạ "
        "của trục liên thông: 000.00.00.Z99, 000.00.00.Z98.")
    # English from elsewhere (the edXML parser) is not shown to the report's readers; Vietnamese is kept.
    assert exchange_error_text("edXML: no MessageHeader element") == GENERIC
    assert exchange_error_text("Chữ ký số không hợp lệ") == "Chữ ký số không hợp lệ"
    # A recipient's own reason, typed without accents, is the person's words: kept.
    assert exchange_error_text("Sai the thuc", technical=False) == "Sai the thuc"
