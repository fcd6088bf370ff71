"""Durations: read every way people write time spent (duration_parse), and written the way a
target wants.

The canonical duration is an exact ``Decimal`` number of seconds (0.1 h is 360 s). Conversions
use exact fractions; a value that cannot be written exactly raises ``inexact-duration`` unless
the caller names a rounding mode.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from math import floor

from addin.convert.duration_parse import UNIT_SECONDS, decimal_seconds, parse_duration
from addin.convert.exact import (
    ROUNDING_MODES,
    exact_decimal,
    format_fixed,
    round_fraction,
    scaled,
    tidy,
)
from addin.core.problems import ConversionError

__all__ = ["format_duration", "parse_duration", "round_seconds", "to_unit"]

_UNIT_SYMBOL = {"hours": "h", "minutes": "min", "seconds": "s"}
_CLOCK_UNITS = ("h:mm", "hh:mm", "h:mm:ss", "hh:mm:ss")


def to_unit(seconds: Decimal, unit: str) -> Decimal:
    """``seconds`` in "hours", "minutes" or "seconds", exactly.

    Raises ``inexact-duration`` when the quotient has no finite decimal form (1200 s is 1/3 h):
    an approximation here would be rounded silently later; round with ``round_seconds`` first.
    """
    if unit not in _UNIT_SYMBOL:
        raise ValueError(f"unknown duration unit {unit!r}; use hours, minutes or seconds")
    exact = exact_decimal(Fraction(seconds) / UNIT_SECONDS[unit])
    if exact is None:
        raise ConversionError(
            "inexact-duration",
            f"{_clock_text(Fraction(seconds))} is {_approx(Fraction(seconds), unit, 3)} "
            f"{_UNIT_SYMBOL[unit]}, which has no exact decimal form; set a billing increment "
            "or rounding in the template",
        )
    return tidy(exact)


@lru_cache(maxsize=4096)  # a file's few durations, each rounded once; equal Decimals round alike
def round_seconds(seconds: Decimal, increment_seconds: Decimal, mode: str) -> Decimal:
    """Round ``seconds`` to a multiple of ``increment_seconds`` (360 s = 0.1 h).

    Modes: "up", "down", "nearest" (halves up) and "half-even"; exact multiples stay as they are.
    """
    if increment_seconds <= 0:
        raise ValueError(f"billing increment must be positive, not {increment_seconds}")
    count = round_fraction(Fraction(seconds) / Fraction(increment_seconds), mode)
    return decimal_seconds(count * Fraction(increment_seconds))


def _clock_text(seconds: Fraction) -> str:
    """h:mm, or h:mm:ss when there are seconds, for messages."""
    whole = floor(seconds)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    if whole == seconds and s == 0:
        return f"{h}:{m:02d}"
    text = f"{h}:{m:02d}:{s:02d}"
    if whole != seconds:
        fraction = exact_decimal(seconds - whole)
        text += format(fraction, "f")[1:] if fraction is not None else "\u2026"
    return text


def _approx(seconds: Fraction, unit: str, places: int) -> str:
    """The value cut after ``places`` decimals, with an ellipsis: '0.333…'."""
    value = seconds / UNIT_SECONDS[unit]
    cut = floor(value * 10**places)
    return format(scaled(cut, places), "f") + "\u2026"


def _decimals_text(decimals: int) -> str:
    if decimals == 0:
        return "no decimals"
    return f"{decimals} decimal{'s' if decimals != 1 else ''}"


def format_duration(
    seconds: Decimal,
    unit: str,
    decimals: int | None,
    decimal_sep: str = ".",
    rounding: str | None = None,
) -> str:
    """Write ``seconds`` as "hours", "minutes", "seconds", "h:mm", "hh:mm", "h:mm:ss" or
    "hh:mm:ss".

    ``decimals``: 0 writes an integer, N exactly N decimals, None as many as needed (no
    trailing zeros); clock forms ignore it. A value that does not fit raises
    ``inexact-duration`` unless ``rounding`` names a mode, which rounds at the last digit written.
    """
    if unit not in _UNIT_SYMBOL and unit not in _CLOCK_UNITS:
        raise ValueError(
            f"unknown duration format {unit!r}; use hours, minutes, seconds, "
            + ", ".join(_CLOCK_UNITS)
        )
    if decimals is not None and (isinstance(decimals, bool) or decimals < 0):
        raise ValueError(f"decimals must be None or a whole number >= 0, not {decimals!r}")
    if rounding is not None and rounding not in ROUNDING_MODES:
        raise ValueError(
            f"unknown rounding mode {rounding!r}; use one of {', '.join(ROUNDING_MODES)}"
        )
    if decimal_sep not in (".", ","):
        raise ValueError(f"decimal separator must be '.' or ',', not {decimal_sep!r}")
    exact = Fraction(seconds)
    if exact < 0:
        raise ConversionError(
            "bad-duration", f"{seconds} s is negative; durations cannot be negative"
        )
    if unit in _CLOCK_UNITS:
        return _format_clock(exact, unit, rounding)
    text = format_fixed(exact / UNIT_SECONDS[unit], decimals, decimal_sep, rounding)
    if text is None:
        raise _inexact(exact, unit, decimals)
    return text


def _inexact(seconds: Fraction, unit: str, decimals: int | None) -> ConversionError:
    shown = f"{_clock_text(seconds)} is {_approx(seconds, unit, max(3, (decimals or 0) + 1))}"
    if decimals is None:
        return ConversionError(
            "inexact-duration",
            f"{shown} {_UNIT_SYMBOL[unit]}, whose decimals never end; set a billing increment, "
            "or a number of decimals with rounding, in the template",
        )
    return ConversionError(
        "inexact-duration",
        f"{shown} {_UNIT_SYMBOL[unit]}; this template writes {_decimals_text(decimals)}; "
        "set a billing increment or rounding in the template",
    )


def _format_clock(seconds: Fraction, unit: str, rounding: str | None) -> str:
    step = 1 if unit.endswith(":ss") else 60
    count = seconds / step
    if count.denominator != 1:
        if rounding is None:
            what = "a fraction of a second" if step == 1 else "seconds"
            raise ConversionError(
                "inexact-duration",
                f"{_clock_text(seconds)} has {what}; this template writes {unit}; set a "
                "billing increment or rounding in the template",
            )
        count = Fraction(round_fraction(count, rounding))
    total = int(count) * step
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    hours = f"{h:02d}" if unit.startswith("hh") else str(h)
    return f"{hours}:{m:02d}:{s:02d}" if step == 1 else f"{hours}:{m:02d}"
