"""Each column type in one place: how a cell is read into the type's value, which values the
type can write, and how a value is written as the column asks (as frictionless keeps a reader
and a writer per field type).

`importmap map`, Apply template, Check required and Save as CSV read and write through here, so
a value is read and written the same way whichever path it takes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from addin.convert.booleans import format_bool, parse_bool
from addin.convert.dates import DateFormat, parse_date, parse_datetime, parse_time
from addin.convert.durations import format_duration, parse_duration, round_seconds
from addin.convert.exact import exact_decimal, format_fixed
from addin.convert.numbers import parse_number
from addin.core.problems import ConversionError
from addin.core.template import Column

CELL_LIMIT = 32_767  # characters in one Excel cell
ENUM_LISTED = 12  # longer lists of allowed values are named by the column's description
NUMERIC_UNITS = {"hours", "minutes", "seconds"}


@dataclass(frozen=True)
class Reading:
    """How a cell is read. Given text (a setting, a template's constant or default, a source
    cell passed through) is read as any source is; a cell of a table already in the target's
    shape (`written`) is read in the column's own format, unit and decimal separator."""

    date_order: str | None = None
    duration_unit: str = "hours"
    written: bool = False


WRITTEN = Reading(written=True)


def read(col: Column, raw: object, date_order: str | None = None,
         duration_unit: str = "hours") -> object:
    """A value given as text for `col` (a setting, a constant, a default, a passed-through
    cell) in the column's type: dates in `date_order`, plain-number durations in
    `duration_unit`. ConversionError when it is not one."""
    return TYPES[col.type].read(col, raw, Reading(date_order, duration_unit))


def read_written(col: Column, raw: object) -> object:
    """A cell of a table in the target's shape (a mapped sheet the user may have edited, a
    written file read back) in the column's type, as the column writes it."""
    return TYPES[col.type].read(col, raw, WRITTEN)


def write(col: Column, value: object) -> str:
    """The column's text for a typed value; ConversionError when the type cannot write it or
    the column cannot hold it (too long, not an allowed value, inexact)."""
    kind = TYPES[col.type]
    _check_kind(col, kind, value)
    return kind.write(col, value)


@dataclass(frozen=True)
class ColumnType:
    read: Callable[[Column, object, Reading], object]
    write: Callable[[Column, object], str]
    accepts: tuple[type, ...] = (object,)  # what the type can write
    code: str = ""  # the problem when given something else
    needs: str = ""  # what the column needs, in words


# --- reading ----------------------------------------------------------------------------------

def text_of(raw: object) -> str:
    """A cell as text, as written; spreadsheet numbers without a spurious '.0'."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


def _read_text(col: Column, raw: object, how: Reading) -> object:
    return text_of(raw)


def _read_date(col: Column, raw: object, how: Reading) -> object:
    """A date, or a date and time (a `datetime` column)."""
    if not how.written:
        parse = parse_date if col.type == "date" else parse_datetime
        return parse(raw, how.date_order)
    if isinstance(raw, dt.datetime) and col.type == "date":
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        return _in_format(col, raw)
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        # A date typed in digits only (LEDES's 20261102) is a number to a spreadsheet.
        return _in_format(col, text_of(raw))
    raise ConversionError("bad-date", f"{raw!r} is not a date; write it as {col.format}")


def _read_time(col: Column, raw: object, how: Reading) -> object:
    if how.written and isinstance(raw, dt.datetime):
        return raw.time()
    if how.written and isinstance(raw, str):
        return _in_format(col, raw)
    return parse_time(raw)


def _in_format(col: Column, raw: str) -> object:
    assert col.format is not None  # the loader guarantees it
    try:
        return date_format(col.format).parse(raw.strip())
    except ValueError:
        code = "bad-time" if col.type == "time" else "bad-date"
        raise ConversionError(code, f"{raw!r} is not written as {col.format}; write it that way"
                              ) from None


def _read_duration(col: Column, raw: object, how: Reading) -> object:
    if not how.written:
        return parse_duration(raw, ".", how.duration_unit)
    unit = col.unit if col.unit in NUMERIC_UNITS else "hours"
    return parse_duration(_number(raw), col.decimal_separator, unit)


def _read_number(col: Column, raw: object, how: Reading) -> object:
    return parse_number(_number(raw) if how.written else raw,
                        col.decimal_separator if how.written else None)


def _read_boolean(col: Column, raw: object, how: Reading) -> object:
    if how.written and isinstance(raw, str) and raw.strip() in (col.true_text, col.false_text):
        return raw.strip() == col.true_text
    return parse_bool(raw)


def _number(raw: object) -> object:
    """Spreadsheet numbers arrive as binary floats; a whole one is read as the integer typed."""
    if isinstance(raw, float) and raw.is_integer():
        return Decimal(int(raw))
    return raw


# --- writing ----------------------------------------------------------------------------------

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


def _write_temporal(col: Column, value: object) -> str:
    assert col.format is not None  # the loader guarantees it
    assert isinstance(value, dt.date | dt.time)
    if col.type == "date" and isinstance(value, dt.datetime):
        value = value.date()
    if col.type == "time" and isinstance(value, dt.datetime):
        value = value.time()
    if col.type == "time" and isinstance(value, dt.time) and value.second and (
            "s" not in col.format and "%S" not in col.format):
        raise ConversionError(
            "inexact-duration",
            f"{value.isoformat()} has seconds, but {col.name} is written as "
            f"{col.format}; use whole minutes or a template format with seconds")
    return date_format(col.format).format(value)


def _write_duration(col: Column, value: object) -> str:
    assert isinstance(value, Decimal) and col.unit is not None
    seconds = value
    if col.increment is not None:
        seconds = round_seconds(seconds, increment_seconds(col.increment), col.rounding or "up")
    return format_duration(seconds, col.unit, col.decimals, col.decimal_separator, col.rounding)


def _write_number(col: Column, value: object) -> str:
    assert isinstance(value, Decimal | Fraction)
    decimals = col.decimals if col.decimals is not None else (2 if col.type == "money" else None)
    return format_decimal(value, decimals, col.decimal_separator, col.rounding, what=col.name)


def _write_boolean(col: Column, value: object) -> str:
    assert isinstance(value, bool)
    return format_bool(value, col.true_text, col.false_text)


def _write_text(col: Column, value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    if col.type == "enum":
        text = _enum_value(col, text)
    if col.max_length is not None and len(text) > col.max_length:
        raise ConversionError(
            "too-long", f"{len(text)} characters; {col.name} takes at most {col.max_length}."
            " Shorten the text in the source")
    if len(text) > CELL_LIMIT:
        raise ConversionError(
            "too-long", f"{len(text):,} characters; a spreadsheet cell holds at most"
            f" {CELL_LIMIT:,}, so Excel would cut it off. Shorten the text in the source")
    return text


def _enum_value(col: Column, text: str) -> str:
    key = text.strip().casefold()
    for given, out in col.value_map:
        if given.strip().casefold() == key:
            return out
    for allowed in col.values:
        if allowed.casefold() == key:
            return allowed
    allowed = ", ".join(col.values)
    if len(col.values) > ENUM_LISTED:  # a country list: its description says what it is
        allowed = col.description or f"the {len(col.values)} values the template lists"
    raise ConversionError("bad-enum", f"{text!r} is not one of {allowed}; "
                          "change the value or add it to the template's map")


_FIXES = {
    dt.time: "add the date to the source (a date column, or the date inside the start time)",
    dt.date: "add the time of day to the source (a start time, or the time inside the date)",
}


def _check_kind(col: Column, kind: ColumnType, value: object) -> None:
    """A value the column's type cannot write (a time where a date is needed, text where a
    number is) is a problem of the row: the source gives less than the target needs."""
    if isinstance(value, kind.accepts):
        return
    if isinstance(value, dt.datetime):
        given, fix = f"a date and time ({value.isoformat(sep=' ')})", ""
    elif isinstance(value, dt.date | dt.time):
        which = dt.date if isinstance(value, dt.date) else dt.time
        given = f"only {'a date' if which is dt.date else 'a time of day'} ({value.isoformat()})"
        fix = f"; {_FIXES[which]}"
    else:
        given, fix = f"{type(value).__name__} {str(value)[:40]!r}", (
            "; check which field the template reads for it")
    raise ConversionError(kind.code, f"{col.name} needs {kind.needs}, and the source gives"
                          f" {given}{fix}")


_NUMBERS = (Decimal, Fraction)
TYPES: dict[str, ColumnType] = {
    "text": ColumnType(_read_text, _write_text),
    "enum": ColumnType(_read_text, _write_text),
    "date": ColumnType(_read_date, _write_temporal, (dt.date,), "bad-date", "a date"),
    "time": ColumnType(_read_time, _write_temporal, (dt.time, dt.datetime), "bad-time",
                       "a time of day"),
    "datetime": ColumnType(_read_date, _write_temporal, (dt.datetime,), "bad-time",
                           "a date and a time of day"),
    "duration": ColumnType(_read_duration, _write_duration, (Decimal,), "bad-duration",
                           "a duration"),
    "number": ColumnType(_read_number, _write_number, _NUMBERS, "bad-number", "a number"),
    "money": ColumnType(_read_number, _write_number, _NUMBERS, "bad-number", "an amount"),
    "boolean": ColumnType(_read_boolean, _write_boolean, (bool,), "bad-boolean", "yes or no"),
}
