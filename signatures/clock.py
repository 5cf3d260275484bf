"""Vietnam time: the zone every time shown to users or printed on documents uses."""

from datetime import UTC, datetime, timedelta, timezone

# Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed
# offset is exact and needs no tz database.
VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")


def now_utc() -> datetime:
    """Current time, aware, in UTC, truncated to whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


def to_vietnam(moment: datetime) -> datetime:
    """Convert an aware datetime to Vietnam time."""
    return moment.astimezone(VIETNAM_TZ)


def iso_vietnam(moment: datetime) -> str:
    """ISO 8601 in Vietnam time, seconds precision: ``2021-02-01T14:32:05+07:00``."""
    return to_vietnam(moment).isoformat(timespec="seconds")


def short_vietnam(moment: datetime) -> str:
    """Hour and date as Vietnamese readers write them: ``14:32 01/02/2021``."""
    return to_vietnam(moment).strftime("%H:%M %d/%m/%Y")
