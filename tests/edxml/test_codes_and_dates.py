"""Coded values and their labels, document identifiers, and lenient dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from interchange.edxml import (
    STATUS_LABELS,
    Business,
    BusinessDocType,
    StatusCode,
    compose_document_id,
    split_document_id,
)
from interchange.edxml.codes import priority_label, steering_type_label
from interchange.edxml.dates import format_date, format_timestamp, parse_date, parse_timestamp


def test_the_nine_status_codes_have_vietnamese_labels() -> None:
    assert [code.value for code in StatusCode] == ["01", "02", "03", "04", "05", "06", "13", "15", "16"]
    assert set(STATUS_LABELS) == {code.value for code in StatusCode}
    assert StatusCode.REJECTED.label == "Từ chối tiếp nhận"
    assert StatusCode("16").label == "Từ chối lấy lại/cập nhật"


def test_business_types_carry_the_official_default_reasons() -> None:
    assert [(t.value, t.default_reason) for t in BusinessDocType] == [
        (0, "Văn bản điện tử mới"),
        (1, "Thu hồi văn bản điện tử"),
        (2, "Cập nhật văn bản điện tử"),
        (3, "Văn bản thay thế"),
    ]
    assert Business.standard(BusinessDocType.REVOKE) == Business(
        doc_type=1, doc_reason="Thu hồi văn bản điện tử", paper=0
    )
    assert Business.standard(3, doc_reason="Sai nội dung").doc_reason == "Sai nội dung"


def test_labels_for_known_numbers_and_none_for_unknown_ones() -> None:
    assert priority_label(3) == "Hỏa tốc"
    assert priority_label(9) is None
    assert steering_type_label(1) == "Chỉ đạo"
    assert steering_type_label(17) is None


def test_document_id_is_composed_and_split() -> None:
    document_id = compose_document_id("000.00.00.G22", date(2021, 2, 1), "807", "VPCP-KSTT")
    parts = split_document_id(document_id)

    assert document_id == "000.00.00.G22,2021/02/01,807/VPCP-KSTT"
    assert (parts.organ_id, parts.date, parts.code) == ("000.00.00.G22", date(2021, 2, 1), "807/VPCP-KSTT")


@pytest.mark.parametrize(
    "text",
    [
        "1da394ba-2117-4354-a23f-6ec3e47ba81b",
        "000.00.00.G22,2014/02/30,7806/VPCP-TTĐT",
        "000.00.00.G22,2021/02/01,807",
        "",
    ],
)
def test_malformed_document_ids_do_not_split(text: str) -> None:
    assert split_document_id(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021/02/01", date(2021, 2, 1)),
        ("01/02/2021", date(2021, 2, 1)),
        ("2021-02-01", date(2021, 2, 1)),
        (" 2021/02/01 ", date(2021, 2, 1)),
        ("2021/02/01 14:00:00", date(2021, 2, 1)),
        ("2021/02/30", None),
        ("tháng hai", None),
        ("", None),
        (None, None),
    ],
)
def test_dates(text: str | None, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021/02/01 14:32:05", datetime(2021, 2, 1, 14, 32, 5)),
        ("01/02/2021 14:32:05", datetime(2021, 2, 1, 14, 32, 5)),
        ("2021-02-01T14:32:05", datetime(2021, 2, 1, 14, 32, 5)),
        ("2021-02-01T14:32:05.123+07:00", datetime(2021, 2, 1, 14, 32, 5)),
        ("2021-02-01T07:32:05Z", datetime(2021, 2, 1, 14, 32, 5)),
        ("2021/02/01", datetime(2021, 2, 1)),
        ("2021/02/01 25:00:00", None),
    ],
)
def test_timestamps(text: str, expected: datetime | None) -> None:
    assert parse_timestamp(text) == expected


def test_dates_are_written_the_standard_way() -> None:
    assert format_date(date(2021, 2, 1)) == "2021/02/01"
    assert format_timestamp(datetime(2021, 2, 1, 4, 5, 6)) == "2021/02/01 04:05:06"
