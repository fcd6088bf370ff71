"""Exact decimal text from exact numbers: the one place that writes N decimals or refuses.

Durations and money both go through here, so "never round silently" and the rounding modes mean
the same everywhere.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import ceil, floor

ROUNDING_MODES = ("up", "down", "nearest", "half-even")


def scaled(n: int, places: int) -> Decimal:
    """n / 10**places, exactly (Decimal arithmetic would round to the context precision)."""
    return Decimal(f"{n}E-{places}")


def exact_decimal(f: Fraction) -> Decimal | None:
    """``f`` as a Decimal if its decimal expansion ends, else None."""
    den = f.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return None
    places = max(twos, fives)
    return scaled(f.numerator * 10**places // f.denominator, places)


def tidy(d: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent form (3600.000 -> 3600, 1.50 -> 1.5)."""
    sign, digits, exponent = d.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return Decimal(0)
    kept = list(digits)
    while exponent < 0 and len(kept) > 1 and kept[-1] == 0:
        kept.pop()
        exponent += 1
    if exponent > 0:  # 3.6E+3 -> 3600
        kept += [0] * exponent
        exponent = 0
    return Decimal((sign, tuple(kept), exponent))


def round_fraction(f: Fraction, mode: str) -> int:
    if mode == "up":
        return ceil(f)
    if mode == "down":
        return floor(f)
    if mode == "nearest":
        return floor(f + Fraction(1, 2))  # half up
    if mode == "half-even":
        return round(f)  # Fraction.__round__ rounds halves to even
    raise ValueError(f"unknown rounding mode {mode!r}; use one of {', '.join(ROUNDING_MODES)}")


def plain(d: Decimal) -> str:
    return format(tidy(d), "f")


def format_fixed(value: Fraction, decimals: int | None, decimal_sep: str = ".",
                 rounding: str | None = None) -> str | None:
    """``value`` with exactly ``decimals`` decimals (None: as many as it needs, no trailing zeros).

    None when that cannot be done without rounding and no ``rounding`` mode is given, or when
    ``decimals`` is None and the expansion never ends.
    """
    if decimals is None:
        d = exact_decimal(value)
        return None if d is None else plain(d).replace(".", decimal_sep)
    scaled_value = value * 10**decimals
    if scaled_value.denominator != 1:
        if rounding is None:
            return None
        scaled_value = Fraction(round_fraction(scaled_value, rounding))
    return format(scaled(scaled_value.numerator, decimals), "f").replace(".", decimal_sep)


def show_exact(f: Fraction, places: int = 4) -> str:
    """``f`` in a message: exact when its expansion ends ('0.25'), else cut after ``places``
    decimals with an ellipsis ('0.0833…', '-0.0833…'), never blank."""
    d = exact_decimal(f)
    if d is not None:
        return plain(d)
    sign = "-" if f < 0 else ""
    cut = floor(abs(f) * 10**places)
    return sign + format(scaled(cut, places), "f") + "\u2026"
