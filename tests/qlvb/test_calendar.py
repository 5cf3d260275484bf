import datetime as dt

import pytest

from qlvb.models import CalendarDay
from qlvb.services.calendar import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db


def test_weekend_and_public_holidays_are_not_working_days():
    assert not is_working_day(dt.date(2026, 11, 21))  # Saturday
    assert not is_working_day(dt.date(2026, 9, 2))  # Quốc khánh
    assert not is_working_day(dt.date(2026, 11, 24))  # Ngày Văn hóa Việt Nam, from 2026
    assert is_working_day(dt.date(2026, 11, 23))


def test_lunar_new_year_is_skipped():
    # Tết Bính Ngọ: 16–20 Feb 2026 are holidays. Friday 13 Feb + 1 working day = Monday 23 Feb.
    assert add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 23)


def test_hung_kings_day_follows_the_lunar_calendar():
    assert not is_working_day(dt.date(2027, 4, 16))  # 10/3 âm lịch in 2027


def test_deadline_counts_only_working_days():
    # Friday 20 Nov 2026 + 3 working days: Mon 23, (Tue 24 holiday), Wed 25, Thu 26.
    assert add_working_days(dt.date(2026, 11, 20), 3) == dt.date(2026, 11, 26)
    assert working_days_between(dt.date(2026, 11, 20), dt.date(2026, 11, 26)) == 3


def test_admin_days_off_and_swapped_working_days_are_honoured():
    CalendarDay.objects.create(date=dt.date(2026, 12, 31), kind=CalendarDay.Kind.DAY_OFF, note="Nghỉ bù")
    CalendarDay.objects.create(date=dt.date(2027, 1, 2), kind=CalendarDay.Kind.WORKING_DAY, note="Làm bù")
    assert not is_working_day(dt.date(2026, 12, 31))
    assert is_working_day(dt.date(2027, 1, 2))  # a Saturday worked in exchange
    # Wed 30 Dec + 1 = (Thu 31 off, Fri 1 Jan holiday) Sat 2 Jan, worked.
    assert add_working_days(dt.date(2026, 12, 30), 1) == dt.date(2027, 1, 2)


def test_zero_days_rolls_forward_to_a_working_day():
    assert add_working_days(dt.date(2026, 11, 21), 0) == dt.date(2026, 11, 23)
    assert add_working_days(dt.date(2026, 11, 23), 0) == dt.date(2026, 11, 23)
