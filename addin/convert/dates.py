"""Dates and times as people and Excel write them: a cell read as a date, a time of day, a date
with a time, or the time a date cell holds.

A date column is read with ONE day/month order for the whole column (``DateOrderVote``, in
date_order), never cell by cell: "05/06/2026" means the same thing in every row of a column.
Text is read by date_text, Excel's serial numbers and time cells by excel_serials.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from addin.convert.date_order import DateOrderVote
from addin.convert.date_text import (
    DATE_HINT,
    ORDER_UNKNOWN_FIX,
    TIME_HINT,
    check_order,
    parse_date_text,
    parse_time_text,
)
from addin.convert.datefmt import DateFormat
from addin.convert.excel_serials import (
    COM_DAY_0,
    MS_PER_DAY,
    SERIAL_TEXT,
    clock_text,
    exact_number,
    is_com_time,
    serial_datetime,
)
from addin.convert.memo import value_memo
from addin.core.problems import ConversionError

# Also the names of the column-wide readers that the engine imports from here.
__all__ = ["COM_DAY_0", "ORDER_UNKNOWN_FIX", "DateFormat", "DateOrderVote", "is_com_time",
           "moment_in_date", "parse_date", "parse_datetime", "parse_time"]


@value_memo
def parse_date(value: object, order: str | None) -> dt.date:
    """Read ``value`` as a date; ``order`` ("DMY", "MDY" or None) is the column's day/month order.

    A time after the date (or an Excel serial's fraction) is checked and dropped.
    """
    check_order(order)
    if is_com_time(value) and value < dt.datetime(1900, 1, 1):
        span = value - COM_DAY_0
        raise ConversionError("bad-date", f"the cell holds {clock_text(span)}, a time or a duration"
                              f" (Excel shows it before 1 Jan 1900), not a date; {DATE_HINT}")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    serial = exact_number(value)
    if serial is not None:
        return serial_datetime(serial, value).date()
    if not isinstance(value, str):
        raise ConversionError("bad-date", f"{value!r} is not a date; {DATE_HINT}")
    text = value.strip()
    if not text:
        raise ConversionError("bad-date", f"the cell is empty; {DATE_HINT}")
    if SERIAL_TEXT.fullmatch(text):
        return serial_datetime(Fraction(Decimal(text)), value).date()
    date, rest = parse_date_text(text, order)
    if rest is not None:
        try:
            parse_time_text(rest, allow_zone=True)
        except ConversionError as exc:
            raise ConversionError("bad-date", f"'{text}': {exc.message}") from None
    return date


@value_memo
def moment_in_date(value: object, order: str | None) -> dt.datetime | None:
    """The date and time of day a date cell holds, when it holds a time ("2026-11-02 13:30", a
    date cell or serial); None for a plain date, or one at midnight, which is how many programs
    write a plain date.

    ``value`` is one that ``parse_date`` has read."""
    if isinstance(value, dt.datetime):
        return value if value.timetz() != dt.time(tzinfo=value.tzinfo) else None
    serial = exact_number(value)
    if serial is None and isinstance(value, str) and SERIAL_TEXT.fullmatch(value.strip()):
        serial = Fraction(Decimal(value.strip()))
    if serial is not None:
        moment = serial_datetime(serial, value)
        return moment if moment.time() != dt.time() else None
    if not isinstance(value, str):
        return None
    if parse_date_text(value.strip(), order)[1] is None:
        return None
    moment = parse_datetime(value, order)
    # "2026-11-02 00:00:00" is how many programs write a plain date (pandas, database exports).
    return moment if moment.timetz() != dt.time(tzinfo=moment.tzinfo) else None


@value_memo
def parse_time(value: object) -> dt.time:
    """Read ``value`` as a time of day: a time cell, an Excel day fraction, or text."""
    if is_com_time(value) and value >= COM_DAY_0 + dt.timedelta(days=1):
        raise ConversionError("bad-time", f"the cell holds {clock_text(value - COM_DAY_0)}, more"
                              " than a day: a duration, not a time of day; write the time,"
                              " e.g. 09:30")
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    fraction = exact_number(value)
    if fraction is not None:
        if not 0 <= fraction < 1:
            raise ConversionError(
                "bad-time",
                f"'{value}' is not a time of day: Excel times are fractions of a day from 0 "
                "up to (not including) 1",
            )
        ms = round(fraction * MS_PER_DAY)  # Excel keeps times to the millisecond
        if ms == MS_PER_DAY:
            raise ConversionError("bad-time", f"'{value}' is midnight at the end of the day")
        seconds, ms = divmod(ms, 1000)
        return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, ms * 1000)
    if not isinstance(value, str):
        raise ConversionError("bad-time", f"{value!r} is not a time of day; {TIME_HINT}")
    if not value.strip():
        raise ConversionError("bad-time", f"the cell is empty; {TIME_HINT}")
    return parse_time_text(value, allow_zone=False)


@value_memo
def parse_datetime(value: object, order: str | None) -> dt.datetime:
    """Read ``value`` as a date with a time of day; a value without a time is an error.

    An offset or ``Z`` gives an aware datetime; nothing is converted between zones.
    """
    check_order(order)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        raise ConversionError("bad-date", f"{value.isoformat()} has a date but no time of day")
    if isinstance(value, dt.time):
        raise ConversionError("bad-date", f"{value.isoformat()} has a time of day but no date")
    serial = exact_number(value)
    if serial is not None:
        return serial_datetime(serial, value)
    if not isinstance(value, str):
        raise ConversionError("bad-date", f"{value!r} is not a date and time; {DATE_HINT}")
    text = value.strip()
    if not text:
        raise ConversionError("bad-date", f"the cell is empty; {DATE_HINT}")
    if SERIAL_TEXT.fullmatch(text):
        return serial_datetime(Fraction(Decimal(text)), value)
    date, rest = parse_date_text(text, order)
    if rest is None:
        raise ConversionError(
            "bad-date", f"'{text}' has a date but no time of day; write it like 2026-01-15 09:30"
        )
    return dt.datetime.combine(date, parse_time_text(rest, allow_zone=True))
