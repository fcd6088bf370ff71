"""Dates and times as Excel stores them: serial numbers in the 1900 date system (1 is
1900-01-01, with Lotus 1-2-3's phantom 29 Feb 1900), and time cells as xlwings hands them over
(datetimes before 1900-03-01)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import TypeGuard

from addin.core.problems import ConversionError

SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
_EXCEL_LAST_SERIAL = 2958465  # 9999-12-31
# Excel over COM hands a cell over as days since COM_DAY_0. Before COM_FIRST_DATE a value is a
# time cell, never meant as a date: 1:30 is 1899-12-30 01:30, [h]:mm 25:30 is 1899-12-31 01:30.
COM_DAY_0 = dt.datetime(1899, 12, 30)
COM_FIRST_DATE = dt.datetime(1900, 3, 1)


def is_com_time(value: object) -> TypeGuard[dt.datetime]:
    """A time cell as xlwings reads it from Excel: a datetime before 1900-03-01."""
    return isinstance(value, dt.datetime) and value.tzinfo is None and value < COM_FIRST_DATE


def clock_text(span: dt.timedelta) -> str:
    """h:mm of a time cell's span since COM_DAY_0, as Excel's [h]:mm shows it: 25:30."""
    minutes = span.days * 1440 + span.seconds // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


MS_PER_DAY = 86_400_000


def exact_number(value: object) -> Fraction | None:
    """An int/float/Decimal cell as an exact fraction; None if ``value`` is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = Decimal(repr(value))  # shortest text that round-trips: what Excel showed
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    if isinstance(value, int):
        return Fraction(value)
    return None


def serial_datetime(serial: Fraction, original: object) -> dt.datetime:
    """Excel's 1900 date system: 1 is 1900-01-01, and 60 is Lotus 1-2-3's 29 Feb 1900."""
    if serial < 1:
        what = "a time of day" if serial >= 0 else "a negative number"
        raise ConversionError(
            "bad-date",
            f"'{original}' is {what}, not a date: Excel date numbers start at 1 (1 Jan 1900)",
        )
    day = floor(serial)
    if day == 60:
        raise ConversionError(
            "bad-date",
            f"'{original}' is Excel's 29 Feb 1900, a day that did not exist (a bug Excel keeps "
            "from Lotus 1-2-3); correct the date in the sheet",
        )
    if day > _EXCEL_LAST_SERIAL:
        raise ConversionError(
            "bad-date", f"'{original}' is past 31 Dec 9999, the last date Excel knows"
        )
    # Serials before the phantom 29 Feb count from 1899-12-31, later ones from 1899-12-30.
    base = dt.datetime(1899, 12, 31) if day < 60 else dt.datetime(1899, 12, 30)
    # Excel stores binary floats and keeps times to the millisecond; round to that.
    ms = round((serial - day) * MS_PER_DAY)
    try:
        return base + dt.timedelta(days=day, milliseconds=ms)
    except OverflowError:
        raise ConversionError(
            "bad-date", f"'{original}' is past 31 Dec 9999, the last date Excel knows"
        ) from None
