"""A billing increment as the user writes it: a duration with its unit, at most an hour.

A bare number is refused: `6` could be 6 minutes or 6 hours. The refusal names the forms it
could stand for (`6min`, `0.1h`), so the user's fix is one copy away.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from addin.convert.durations import parse_duration
from addin.convert.exact import exact_decimal, plain
from addin.convert.numbers import parse_number
from addin.core.problems import ConversionError

HOUR = Decimal(3600)
UNIT_SECONDS = {"hours": 3600, "minutes": 60, "seconds": 1}
UNIT_SYMBOLS = {"hours": "h", "minutes": "min", "seconds": "s"}
INCREMENT_UNITS = "units: h, min, s or h:mm, at most 1h, such as 0.1h, 6min or 0:15"


def increment_seconds(text: str) -> Decimal:
    """The billing increment the user wrote, in seconds; ValueError says why it is refused
    (UnitlessError, with the forms a bare number could stand for); the caller says where."""
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
                         f"{INCREMENT_UNITS}") from None
    if seconds <= 0:
        raise ValueError(f"increment {text!r} must be more than nothing;"
                         f" {INCREMENT_UNITS}")
    if seconds > HOUR:
        raise ValueError(f"increment {text!r} is more than an hour: it rounds every entry, so it"
                         f" is at most 1h; {INCREMENT_UNITS}")
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
