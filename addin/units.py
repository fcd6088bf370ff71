"""Units the user states: a billing increment, and the unit of a duration column's bare numbers.

A number without its unit is never guessed: `increment=6` could be 6 minutes or 6 hours, and a
duration column of whole numbers could be hours, minutes or seconds. A setting that takes a unit
says which units it takes, here once, for `importmap show` and for the messages.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from addin.convert.durations import parse_duration
from addin.convert.exact import exact_decimal, plain
from addin.convert.numbers import parse_number
from addin.problems import ConversionError
from addin.template import Setting

HOUR = Decimal(3600)
ROUNDING_MODES = ("up", "down", "nearest", "half-even")
UNIT_SECONDS = {"hours": 3600, "minutes": 60, "seconds": 1}
UNIT_SYMBOLS = {"hours": "h", "minutes": "min", "seconds": "s"}
_UNIT_NAMES = {
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), "seconds"),
}

# The units each setting with a unit takes, as `importmap show` and the messages say them.
UNIT_SETTINGS = {
    "increment": "units: h, min, s or h:mm, at most 1h, such as 0.1h, 6min or 0:15",
    "duration_unit": "units: h, min or s",
}
# Settings about the source rather than the target: every template that reads durations takes them.
SOURCE_SETTINGS = {
    "duration_unit": Setting(
        "duration_unit", "Unit of the source's plain duration numbers, when the file cannot tell"
        " (a column of whole numbers without From/To or a unit in its header)", example="min"),
}


def increment_seconds(text: str) -> Decimal:
    """The billing increment the user wrote, in seconds; ValueError says why it is refused.

    The message names the values to write instead (in `suggest`'s words); the caller says where."""
    stripped = text.strip()
    try:
        number = parse_number(stripped, ".")
    except ConversionError:
        number = None
    if number is not None:
        raise UnitlessError(stripped, _readings(number))
    try:
        seconds = parse_duration(stripped)
    except ConversionError:
        raise ValueError(f"increment {text!r} is not a duration; "
                         f"{UNIT_SETTINGS['increment']}") from None
    if seconds <= 0:
        raise ValueError(f"increment {text!r} must be more than nothing;"
                         f" {UNIT_SETTINGS['increment']}")
    if seconds > HOUR:
        raise ValueError(f"increment {text!r} is more than an hour: it rounds every entry, so it"
                         f" is at most 1h; {UNIT_SETTINGS['increment']}")
    return seconds


class UnitlessError(ValueError):
    """A number given without its unit, and the forms with a unit it could stand for."""

    def __init__(self, text: str, readings: list[str]) -> None:
        super().__init__(f"increment {text!r} has no unit: {text} hours, minutes or seconds?")
        self.readings = readings


def _readings(number: Decimal) -> list[str]:
    """'6' -> ['6min', '0.1h']: the likeliest unit for an increment of that size, then the same
    duration in a second unit when it is exact there."""
    if number <= 0:
        return ["6min", "0.1h"]
    unit = "hours" if number <= 1 else "minutes" if number <= 60 else "seconds"
    forms = [f"{plain(number)}{UNIT_SYMBOLS[unit]}"]
    seconds = Fraction(number) * UNIT_SECONDS[unit]
    other = "hours" if unit == "minutes" else "minutes"
    exact = exact_decimal(seconds / UNIT_SECONDS[other])
    if exact is not None and seconds <= HOUR:
        forms.append(f"{plain(exact)}{UNIT_SYMBOLS[other]}")
    return forms


def unit_named(text: str) -> str:
    """'h', 'min', 's' (or the words) -> 'hours', 'minutes', 'seconds'; ValueError otherwise."""
    unit = _UNIT_NAMES.get(text.strip().casefold())
    if unit is None:
        raise ValueError(f"duration_unit {text!r} is not a unit; {UNIT_SETTINGS['duration_unit']}")
    return unit
