"""The working calendar: which days count in deadlines.

Monday–Friday, minus Vietnam's public holidays (lunar ones included) from the `holidays`
package, minus the extra days off admins enter, plus the swapped working days they enter.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from ..models import CalendarDay


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def calendar_overrides() -> dict[dt.date, str]:
    """Every day admins entered (extra day off, swapped working day), in one query: for callers
    that ask about many dates at once (alerts.deadlines.Deadlines). The table holds a few rows a year."""
    return dict(CalendarDay.objects.values_list("date", "kind"))


def _is_working(day: dt.date, overrides: dict[dt.date, str]) -> bool:
    kind = overrides.get(day)
    if kind == CalendarDay.Kind.WORKING_DAY:
        return True
    if kind == CalendarDay.Kind.DAY_OFF:
        return False
    return day.weekday() < 5 and day not in public_holidays(day.year)


def is_working_day(day: dt.date, *, overrides: dict[dt.date, str] | None = None) -> bool:
    return _is_working(day, _overrides(day, day) if overrides is None else overrides)


def add_working_days(start: dt.date | dt.datetime, days: int, *,
                     overrides: dict[dt.date, str] | None = None) -> dt.date:
    """The date `days` working days after `start` (a deadline of N working days).

    `start` itself does not count. With days=0 the result is `start` if it is a working day,
    else the next working day. Given `overrides` (calendar_overrides()), no query is made.
    """
    if isinstance(start, dt.datetime):
        start = start.date()
    if days < 0:
        raise ValueError("days must be >= 0")
    # Holidays cluster (Tết is 5+ days); 3x the span plus a month is always enough.
    if overrides is None:
        overrides = _overrides(start, start + dt.timedelta(days=days * 3 + 31))
    current = start
    if days == 0:
        while not _is_working(current, overrides):
            current += dt.timedelta(days=1)
        return current
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if _is_working(current, overrides):
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start, end)
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if _is_working(current, overrides):
            count += 1
    return count
