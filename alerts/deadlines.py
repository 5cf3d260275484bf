"""When things are due, in local time and working days (Nghị định 30, Quyết định 28).

- Register an incoming document the same day, at the latest by the end of the next working day;
  Khẩn, Thượng khẩn and Hỏa tốc immediately (a configured number of minutes).
- The recipient of our document accepts it (status 03) by the end of the next working day.
- Dispatch a signed document the same working day; one signed after hours, by the next working
  morning; an urgent one right after signing.

`Deadlines` caches calendar look-ups for one scan: thousands of rows share a handful of dates, and
the admins' calendar days are read once, not once per date.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qlvb.services.calendar import add_working_days, calendar_overrides, is_working_day

from . import conf


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def at_local(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def day_start(day: dt.date) -> dt.datetime:
    return at_local(day, dt.time(0, 0))


class Deadlines:
    def __init__(self) -> None:
        self._next: dict[tuple[dt.date, int], dt.date] = {}
        self._working: dict[dt.date, bool] = {}
        self._overrides: dict[dt.date, str] | None = None  # the admins' calendar days, read once
        self.workday_end = conf.clock_time("WORKDAY_END")
        self.next_morning_end = conf.clock_time("NEXT_MORNING_END")

    @property
    def overrides(self) -> dict[dt.date, str]:
        if self._overrides is None:
            self._overrides = calendar_overrides()
        return self._overrides

    def working_day_after(self, day: dt.date, days: int = 1) -> dt.date:
        key = (day, days)
        if key not in self._next:
            self._next[key] = add_working_days(day, days, overrides=self.overrides)
        return self._next[key]

    def is_working(self, day: dt.date) -> bool:
        if day not in self._working:
            self._working[day] = is_working_day(day, overrides=self.overrides)
        return self._working[day]

    def end_of_next_working_day(self, moment: dt.datetime) -> dt.datetime:
        return at_local(self.working_day_after(local_date(moment)), self.workday_end)

    def register_by(self, received_at: dt.datetime, urgency: int) -> dt.datetime:
        if urgency:
            return received_at + conf.minutes("URGENT_BACKLOG_MINUTES")
        return self.end_of_next_working_day(received_at)

    def accept_by(self, sent_at: dt.datetime) -> dt.datetime:
        return self.end_of_next_working_day(sent_at)

    def dispatch_by(self, signed_at: dt.datetime, urgency: int) -> dt.datetime:
        if urgency:
            return signed_at + conf.minutes("URGENT_DISPATCH_MINUTES")
        day = local_date(signed_at)
        same_day_end = at_local(day, self.workday_end)
        if self.is_working(day) and signed_at < same_day_end:
            return same_day_end
        return at_local(self.working_day_after(day), self.next_morning_end)
