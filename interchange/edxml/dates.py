"""Dates and timestamps as edXML writes them, read leniently.

The standard writes dates ``yyyy/MM/dd`` and timestamps ``yyyy/MM/dd HH:mm:ss`` in Vietnam
local time without a zone. Real traffic also carries ``dd/MM/yyyy`` and ISO ``yyyy-MM-dd``
(timestamps likewise, ISO ones possibly with a ``T``, fractions and a zone offset).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")

_DATE_FORMATS = ("%Y/%m/%d", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")
_TIME_FORMATS = ("%H:%M:%S", "%H:%M")
_ISO_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def format_date(value: date) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def format_timestamp(value: datetime) -> str:
    return f"{format_date(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}"


def parse_date(text: str | None) -> date | None:
    """The date in ``text``, or None when it is empty or not a date in a known form.

    A timestamp is accepted too (its date part is kept).
    """
    if not text or not text.strip():
        return None
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    moment = parse_timestamp(text)
    return moment.date() if moment is not None else None


def parse_timestamp(text: str | None) -> datetime | None:
    """The moment in ``text`` as naive Vietnam local time, or None when unreadable.

    A bare date means midnight. ISO timestamps with an offset are converted to Vietnam time.
    """
    if not text or not text.strip():
        return None
    text = text.strip()
    if _ISO_LIKE.match(text):
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is not None:
                moment = moment.astimezone(VIETNAM).replace(tzinfo=None)
            return moment.replace(microsecond=0)
    for date_fmt in _DATE_FORMATS:
        for time_fmt in _TIME_FORMATS:
            try:
                return datetime.strptime(text, f"{date_fmt} {time_fmt}")
            except ValueError:
                pass
        try:
            return datetime.strptime(text, date_fmt)
        except ValueError:
            pass
    return None


def today_in_vietnam() -> date:
    return datetime.now(VIETNAM).date()
