"""The legal dates of a hồ sơ: when it is due at the archive (Điều 30.2, 31.3.c) and when its retention ends."""

import datetime as dt

from documents.models.records import PERMANENT, RecordFile, add_months, add_years


def _record(**fields) -> RecordFile:
    return RecordFile(**{"retention_years": 10, "ended_on": dt.date(2026, 3, 15), **fields})


def test_a_hồ_sơ_is_due_at_the_archive_one_year_after_its_work_ended():
    assert _record().submission_due_on == dt.date(2027, 3, 15)
    assert _record(retention_years=PERMANENT).submission_due_on == dt.date(2027, 3, 15)
    assert _record(retention_years=5).goes_to_archive


def test_a_construction_hồ_sơ_is_due_three_months_after_the_settlement():
    assert _record(is_construction=True, settled_on=dt.date(2026, 11, 30)).submission_due_on == dt.date(2027, 2, 28)
    assert _record(is_construction=True).submission_due_on is None  # not settled yet


def test_a_hồ_sơ_kept_under_five_years_stays_at_the_unit():
    record = _record(retention_years=3)
    assert not record.goes_to_archive and record.submission_due_on is None
    assert record.retention_ends_on == dt.date(2029, 3, 15)


def test_permanent_retention_never_ends_and_unfinished_work_has_no_dates():
    assert _record(retention_years=PERMANENT).retention_ends_on is None
    assert _record(ended_on=None).submission_due_on is None


def test_leap_days_and_month_ends():
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)
