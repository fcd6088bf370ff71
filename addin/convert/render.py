"""Turn one typed value into the text a template column asks for, or raise ConversionError."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from addin.convert.booleans import format_bool
from addin.convert.dates import DateFormat
from addin.convert.durations import format_duration, parse_duration, round_seconds
from addin.convert.exact import exact_decimal, format_fixed
from addin.convert.memo import MAXSIZE
from addin.convert.text import formula_trigger, without_formula_start
from addin.core.problems import ConversionError
from addin.core.template import Column

CELL_LIMIT = 32_767  # characters in one Excel cell


@lru_cache(maxsize=256)
def date_format(pattern: str) -> DateFormat:
    return DateFormat(pattern)


@lru_cache(maxsize=64)
def increment_seconds(text: str) -> Decimal:
    return parse_duration(text)


def format_decimal(value: Decimal | Fraction, decimals: int | None, decimal_sep: str = ".",
                   rounding: str | None = None, what: str = "value") -> str:
    """Exact decimal text: fixed decimals when asked, never an exponent, never silent rounding."""
    exact = Fraction(value)
    text = format_fixed(exact, decimals, decimal_sep, rounding)
    if text is None:
        shown = exact_decimal(exact)
        raise ConversionError(
            "bad-number",
            f"{what} {shown if shown is not None else float(exact)} does not fit "
            f"{'its decimals' if decimals is None else f'{decimals} decimals'}; the template"
            " allows no rounding here, so fix the value or set a rounding mode in the template")
    if text.startswith("-") and not any(c in "123456789" for c in text):
        text = text[1:]  # -0.00 reads as a negative to some importers
    return text


# Kinds whose text depends on the value alone, and whose values repeat down a column.
_REMEMBERED_KINDS = frozenset(("date", "time", "datetime", "duration", "number", "money"))
_MAX_COLUMNS = 256
# id(column) -> (the column, so its id is not reused, {(type, value): text})
_rendered: dict[int, tuple[Column, dict[tuple[type, object], str]]] = {}


def render(column: Column, value: object) -> str:
    """The output text of `column` for a typed value (date, time, Decimal seconds, bool, str...).

    Dates, times, durations and numbers are formatted once per distinct value and column.
    """
    if isinstance(value, dt.datetime) and column.type in ("date", "time"):
        # Only the part written matters, and parts repeat far more than whole date-times.
        value = value.date() if column.type == "date" else value.time()
    if column.type not in _REMEMBERED_KINDS:
        if (type(value) is str and column.type == "text" and column.max_length is None
                and len(value) <= CELL_LIMIT):
            return value  # plain text, written as it is: most columns of most rows
        return _render(column, value)
    held = _rendered.get(id(column))
    if held is None or held[0] is not column:
        if len(_rendered) >= _MAX_COLUMNS:
            _rendered.clear()
        held = _rendered[id(column)] = (column, {})
    texts = held[1]
    key = (type(value), value)  # the type too: True == 1 == Decimal(1)
    text = texts.get(key)
    if text is None:
        text = _render(column, value)
        if len(texts) >= MAXSIZE:
            texts.clear()
        texts[key] = text
    return text


# What each typed column can write, the problem code when it is given something else, and what
# the column needs, in words.
_KINDS: dict[str, tuple[tuple[type, ...], str, str]] = {
    "date": ((dt.date,), "bad-date", "a date"),
    "time": ((dt.time, dt.datetime), "bad-time", "a time of day"),
    "datetime": ((dt.datetime,), "bad-time", "a date and a time of day"),
    "duration": ((Decimal,), "bad-duration", "a duration"),
    "number": ((Decimal, Fraction), "bad-number", "a number"),
    "money": ((Decimal, Fraction), "bad-number", "an amount"),
    "boolean": ((bool,), "bad-boolean", "yes or no"),
}
_FIXES = {
    dt.time: "add the date to the source (a date column, or the date inside the start time)",
    dt.date: "add the time of day to the source (a start time, or the time inside the date)",
}


def _check_kind(column: Column, value: object) -> None:
    """A value the column's type cannot write (a time where a date is needed, text where a
    number is) is a problem of the row: the source gives less than the target needs."""
    kinds = _KINDS.get(column.type)
    if kinds is None:
        return
    accepted, code, needs = kinds
    if isinstance(value, accepted):
        return
    if isinstance(value, dt.datetime):
        given, fix = f"a date and time ({value.isoformat(sep=' ')})", ""
    elif isinstance(value, dt.date | dt.time):
        kind = dt.date if isinstance(value, dt.date) else dt.time
        given = f"only {'a date' if kind is dt.date else 'a time of day'} ({value.isoformat()})"
        fix = f"; {_FIXES[kind]}"
    else:
        given, fix = f"{type(value).__name__} {str(value)[:40]!r}", (
            "; check which field the template reads for it")
    raise ConversionError(code, f"{column.name} needs {needs}, and the source gives {given}{fix}")


def _render(column: Column, value: object) -> str:
    kind = column.type
    _check_kind(column, value)
    if kind in ("date", "time", "datetime"):
        assert column.format is not None  # the loader guarantees it
        assert isinstance(value, dt.date | dt.time)
        if kind == "date" and isinstance(value, dt.datetime):
            value = value.date()
        if kind == "time" and isinstance(value, dt.datetime):
            value = value.time()
        if kind == "time" and isinstance(value, dt.time) and value.second and (
                "s" not in column.format and "%S" not in column.format):
            raise ConversionError(
                "inexact-duration",
                f"{value.isoformat()} has seconds, but {column.name} is written as "
                f"{column.format}; use whole minutes or a template format with seconds")
        return date_format(column.format).format(value)
    if kind == "duration":
        assert isinstance(value, Decimal) and column.unit is not None
        seconds = value
        if column.increment is not None:
            seconds = round_seconds(seconds, increment_seconds(column.increment),
                                    column.rounding or "up")
        return format_duration(seconds, column.unit, column.decimals, column.decimal_separator,
                               column.rounding)
    if kind in ("number", "money"):
        assert isinstance(value, Decimal | Fraction)
        decimals = column.decimals if column.decimals is not None else (
            2 if kind == "money" else None)
        return format_decimal(value, decimals, column.decimal_separator, column.rounding,
                              what=column.name)
    if kind == "boolean":
        assert isinstance(value, bool)
        return format_bool(value, column.true_text, column.false_text)
    text = value if isinstance(value, str) else str(value)
    if kind == "enum":
        text = _enum_value(column, text)
    if column.max_length is not None and len(text) > column.max_length:
        raise ConversionError(
            "too-long", f"{len(text)} characters; {column.name} takes at most {column.max_length}."
            " Shorten the text in the source")
    if len(text) > CELL_LIMIT:
        raise ConversionError(
            "too-long", f"{len(text):,} characters; a spreadsheet cell holds at most"
            f" {CELL_LIMIT:,}, so Excel would cut it off. Shorten the text in the source")
    return text


ENUM_LISTED = 12  # longer lists of allowed values are named by the column's description


def _enum_value(column: Column, text: str) -> str:
    key = text.strip().casefold()
    for given, out in column.value_map:
        if given.strip().casefold() == key:
            return out
    for allowed in column.values:
        if allowed.casefold() == key:
            return allowed
    allowed = ", ".join(column.values)
    if len(column.values) > ENUM_LISTED:  # a country list: its description says what it is
        allowed = column.description or f"the {len(column.values)} values the template lists"
    raise ConversionError("bad-enum", f"{text!r} is not one of {allowed}; "
                          "change the value or add it to the template's map")


def formula_warning(column: Column, text: str) -> bool:
    """True when a text cell would start a formula in a spreadsheet and the template flags them."""
    return column.type in ("text", "enum") and bool(text) and formula_trigger(text)


def guard_formula(policy: str, column: Column, text: str) -> tuple[str, str | None]:
    """The text to write under the template's formula policy, and the warning to give, if any.

    flag: written as it is, with a warning; prefix: an apostrophe in front, so a spreadsheet shows
    it as text; strip: the characters that would start a formula removed; off: as it is.
    """
    if policy == "off" or not formula_warning(column, text):
        return text, None
    if policy == "prefix":
        return "'" + text, ("starts like a spreadsheet formula; written with an apostrophe in"
                            " front so that a spreadsheet shows it as text")
    if policy == "strip":
        kept = without_formula_start(text)
        removed = text[:len(text) - len(kept)]
        return kept, (f"starts like a spreadsheet formula; written without {removed!r} at its"
                      " start")
    return text, ("starts like a spreadsheet formula; importers store it as text, but check it if"
                  " the file is opened in a spreadsheet")
