"""Units the user states: a billing increment, and the unit of a duration column's bare numbers.

A number without its unit is never guessed: `increment=6` could be 6 minutes or 6 hours, and a
duration column of whole numbers could be hours, minutes or seconds. A setting that takes a unit
says which units it takes, here once, for `importmap show` and for the messages.
"""

from __future__ import annotations

from addin.convert.increments import (
    INCREMENT_UNITS,
    UNIT_SECONDS,
    UNIT_SYMBOLS,
    UnitlessError,
    increment_seconds,
)
from addin.core.template import ROUNDING_MODES, Setting

__all__ = ["ROUNDING_MODES", "UNIT_SECONDS", "UNIT_SYMBOLS", "UnitlessError",
           "increment_seconds"]

_UNIT_NAMES = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), "seconds"),
}

# The units each setting with a unit takes, as `importmap show` and the messages say them.
UNIT_SETTINGS = {
    "increment": INCREMENT_UNITS,
    "duration_unit": "units: h, min or s",
}
# Settings about the source rather than the target, so every template takes them.
SOURCE_SETTINGS = {
    "duration_unit": Setting(
        "duration_unit", "Unit of the source's plain duration numbers, when the file cannot tell"
        " (a column of whole numbers without From/To or a unit in its header)", example="min"),
    "timezone": Setting(
        "timezone", "Your time zone, e.g. Europe/Berlin: times the source gives with a UTC offset"
        " (2024-03-11T09:00:00+0000) are written in it; a target that wants UTC reads times"
        " without an offset in it", example="America/New_York"),
    "split": Setting(
        "split", "A column of voice lines to split into fields at its dashes:"
        " COLUMN=field,field[,field]", example="Entry=duration,description,matter"),
}


def unit_named(text: str) -> str:
    """'h', 'min', 's' (or the words) -> 'hours', 'minutes', 'seconds'; ValueError otherwise."""
    unit = _UNIT_NAMES.get(text.strip().casefold())
    if unit is None:
        raise ValueError(f"duration_unit {text!r} is not a unit; {UNIT_SETTINGS['duration_unit']}")
    return unit
