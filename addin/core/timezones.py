"""Local date-times to UTC for targets that want UTC (solidtime), refusing times that do not
exist or happen twice on the day the clocks change, rather than picking one."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from addin.core.problems import ConversionError


@lru_cache(maxsize=16)
def zone(name: str) -> ZoneInfo:
    """The time zone named like 'Europe/Berlin' or 'America/New_York'; ValueError otherwise."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"timezone {name!r} is not a time zone name; write one like"
                         " Europe/Berlin, America/New_York or UTC") from None


def to_utc(value: object, zone_name: str) -> dt.datetime:
    """The UTC date-time of a local one in `zone_name`."""
    if not isinstance(value, dt.datetime):
        raise ConversionError("bad-time", "needs a date and a time to convert to UTC")
    if value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    try:
        tz = zone(zone_name)
    except ValueError as exc:
        raise ConversionError("bad-setting", str(exc)) from None
    try:
        early = value.replace(tzinfo=tz, fold=0).astimezone(dt.UTC)
        late = value.replace(tzinfo=tz, fold=1).astimezone(dt.UTC)
    except OverflowError:  # within hours of year 1 or 9999: no real entry
        raise ConversionError("bad-time", f"{value:%Y-%m-%d %H:%M} cannot be given in UTC;"
                              " correct the date in the source") from None
    if early != late:
        back = early.astimezone(tz).replace(tzinfo=None)
        why = "does not exist (the clocks moved forward)" if back != value else (
            "happens twice (the clocks moved back)")
        raise ConversionError("bad-time", f"{value:%Y-%m-%d %H:%M} {why} in {zone_name}; write"
                              " the real time in the source")
    return early.replace(tzinfo=None)
