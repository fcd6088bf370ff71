"""Dates and times as people and Excel write them.

A date column is read with ONE day/month order for the whole column (``DateOrderVote``), never
cell by cell: "05/06/2026" means the same thing in every row of a column.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from math import floor
from typing import TypeGuard

from addin.convert.datefmt import MONTH_NAMES, DateFormat, two_digit_year
from addin.convert.memo import MAXSIZE, value_memo
from addin.core.problems import ConversionError

__all__ = ["DateFormat", "DateOrderVote", "moment_in_date", "parse_date", "parse_datetime",
           "parse_time"]

ORDERS = ("DMY", "MDY")
_ORDER_NAME = {"DMY": "day-first", "MDY": "month-first"}

_MONTHS = {
    **{name.casefold(): i for i, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3].casefold(): i for i, name in enumerate(MONTH_NAMES, 1)},
    "sept": 9,
}
# English only: calendar.day_name follows the computer's locale.
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_REST = r"(?:(?:T|,?\s+)(?P<rest>.+))?"  # an optional time after the date
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_ISO = re.compile(rf"(?P<y>\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_REST}")
_NUMERIC = re.compile(
    rf"(?P<a>\d{{1,2}})(?P<sep>[-/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}}){_REST}"
)
_WEEKDAY = r"(?:(?P<wd>[a-z]+)\.?,?\s+)?"
_DAY_NAME = re.compile(
    rf"{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s./-]*(?P<mon>[a-z]+)\.?,?[\s./-]*"
    rf"(?P<y>\d{{4}}|\d{{2}}){_REST}",
    re.IGNORECASE,
)
_NAME_DAY = re.compile(
    rf"{_WEEKDAY}(?P<mon>[a-z]+)\.?[\s-]*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?[\s-]+"
    rf"(?P<y>\d{{4}}|\d{{2}}){_REST}",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?::(?P<m>\d{1,2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)

_DATE_HINT = "write it like 2026-01-15, 15/01/2026 or 15 Jan 2026"
_TIME_HINT = "write it like 13:30, 13:30:05 or 1:30 PM"
_EXCEL_LAST_SERIAL = 2958465  # 9999-12-31
# Excel over COM hands a cell over as days since COM_DAY_0. Before COM_FIRST_DATE a value is a
# time cell, never meant as a date: 1:30 is 1899-12-30 01:30, [h]:mm 25:30 is 1899-12-31 01:30.
COM_DAY_0 = dt.datetime(1899, 12, 30)
COM_FIRST_DATE = dt.datetime(1900, 3, 1)


def is_com_time(value: object) -> TypeGuard[dt.datetime]:
    """A time cell as xlwings reads it from Excel: a datetime before 1900-03-01."""
    return isinstance(value, dt.datetime) and value.tzinfo is None and value < COM_FIRST_DATE


def _clock(span: dt.timedelta) -> str:
    """h:mm of a time cell's span since COM_DAY_0, as Excel's [h]:mm shows it: 25:30."""
    minutes = span.days * 1440 + span.seconds // 60
    return f"{minutes // 60}:{minutes % 60:02d}"
_MS_PER_DAY = 86_400_000


def _values(n: int) -> str:
    return f"{n} value" if n == 1 else f"{n} values"


def _fit(n: int) -> str:
    return "fits" if n == 1 else "fit"


class DateOrderVote:
    """Decides the day/month order of a date column from the values that show it.

    "13/02/2026" is evidence for DMY, "02/13/2026" for MDY, "05/06/2026" fits both; date
    cells, Excel serial numbers, ISO dates and month names need no order and are ignored.
    """

    def __init__(self) -> None:
        self.day_first = 0
        self.month_first = 0
        self.either = 0  # fits both orders, with different results
        self.same = 0  # fits both orders with one result: "05/05/2026"
        self.dotted = 0  # of `either`, written with dots: day-first by convention, "05.04.2026"
        self._examples: dict[str, str] = {}

    def add(self, value: object) -> None:
        if not isinstance(value, str):
            return
        evidence = _order_evidence(value)
        if evidence is None:
            return
        kind, text = evidence
        if kind == "DMY":
            self.day_first += 1
        elif kind == "MDY":
            self.month_first += 1
        elif kind == "either":
            self.either += 1
            self.dotted += "." in text
        else:
            self.same += 1
        self._examples.setdefault(kind, text)

    def decide(self, default: str | None, said_by: str = "the profile says so",
               how_to_say: str = "set the date order (DMY or MDY) in the profile"
               ) -> tuple[str | None, str]:
        """(order, reason): "DMY", "MDY", or None when the values cannot decide it.

        ``default`` is the profile's (or the user's) order, used only when every value fits both
        orders; ``said_by`` credits it in the reason. With no value that needs an order the result
        is ``default`` (possibly None): every value then reads the same either way. ``how_to_say``
        is the fix offered when nothing decides, in the words of the user's shell.
        """
        if default is not None and default not in ORDERS:
            raise ValueError(f"date order must be DMY, MDY or None, not {default!r}")
        total = self.day_first + self.month_first + self.either + self.same
        if self.day_first and self.month_first:
            return None, (
                f"{_values(self.day_first)} only {_fit(self.day_first)} day-first (e.g. "
                f"'{self._examples['DMY']}') and {_values(self.month_first)} only "
                f"{_fit(self.month_first)} month-first (e.g. '{self._examples['MDY']}'); a column "
                "must use one order: correct the values that are wrong"
            )
        if self.day_first or self.month_first:
            order = "DMY" if self.day_first else "MDY"
            count = self.day_first or self.month_first
            reason = (
                f"{count} of {_values(total)} only {_fit(count)} {_ORDER_NAME[order]} (e.g. "
                f"'{self._examples[order]}'); read the column as {_ORDER_NAME[order]}"
            )
            if default is not None and default != order:
                reason += f", although the profile says {_ORDER_NAME[default]}"
            return order, reason
        if self.dotted_only:
            return "DMY", (
                f"dates written with dots (e.g. '{self._examples['either']}') are day-first"
            )
        if self.either:
            all_fit = "the only value fits" if total == 1 else f"all {total} values fit"
            if default is not None:
                return default, (
                    f"{all_fit} both orders; read as {_ORDER_NAME[default]} because {said_by}"
                )
            return None, (
                f"{all_fit} both day-first and month-first (e.g. '{self._examples['either']}'); "
                f"{how_to_say}, or write dates as YYYY-MM-DD"
            )
        return default, "no value needs a day/month order"

    @property
    def dotted_only(self) -> bool:
        """Whether every value that fits both orders is written with dots (day-first)."""
        return bool(self.either) and self.either == self.dotted


@lru_cache(maxsize=MAXSIZE)
def _order_evidence(value: str) -> tuple[str, str] | None:
    """What ``value`` says about the day/month order ("same", "either", "DMY", "MDY") and its
    stripped text; None when it is not a numeric date."""
    text = value.strip()
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    a, b = int(match["a"]), int(match["b"])
    if a == b and 1 <= a <= 12:
        return "same", text
    if 1 <= a <= 12 and 1 <= b <= 12:
        return "either", text
    if 13 <= a <= 31 and 1 <= b <= 12:
        return "DMY", text
    if 13 <= b <= 31 and 1 <= a <= 12:
        return "MDY", text
    return None  # not a date in either order: parse_date reports it


# --- Excel serial numbers ---------------------------------------------------------------


def _number(value: object) -> Fraction | None:
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


def _serial_datetime(serial: Fraction, original: object) -> dt.datetime:
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
    ms = round((serial - day) * _MS_PER_DAY)
    try:
        return base + dt.timedelta(days=day, milliseconds=ms)
    except OverflowError:
        raise ConversionError(
            "bad-date", f"'{original}' is past 31 Dec 9999, the last date Excel knows"
        ) from None


# --- text --------------------------------------------------------------------------------


def _check_order(order: str | None) -> None:
    if order is not None and order not in ORDERS:
        raise ValueError(f"date order must be DMY, MDY or None, not {order!r}")


def _make_date(year: int, month: int, day: int, text: str, how: str = "") -> dt.date:
    if not 1 <= month <= 12:
        raise ConversionError(
            "bad-date", f"'{text}' is not a date: there is no month {month}{how}; {_DATE_HINT}"
        )
    if year < 1:
        raise ConversionError("bad-date", f"'{text}' is not a date: there is no year 0")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ConversionError(
            "bad-date",
            f"'{text}' is not a date: {MONTH_NAMES[month - 1]} {year} has {days} days{how}",
        )
    return dt.date(year, month, day)


def _year(digits: str) -> int:
    return two_digit_year(int(digits)) if len(digits) == 2 else int(digits)


# The fix in words of no shell; the mapper puts the option or settings row in its place.
ORDER_UNKNOWN_FIX = "say which order the column uses (DMY or MDY)"


def _numeric_date(match: re.Match[str], text: str, order: str | None) -> dt.date:
    a, b, year = int(match["a"]), int(match["b"]), _year(match["y"])
    if order is None:
        if a == b or (a > 12 and b <= 12):
            order = "DMY"
        elif b > 12 and a <= 12:
            order = "MDY"
        elif match["sep"] == ".":
            order = "DMY"  # dotted dates are day-first (German, Swiss, Nordic...): 05.04.2026
        elif a <= 12 and b <= 12:
            raise ConversionError(
                "ambiguous-date",
                f"'{text}' could be {MONTH_NAMES[b - 1][:3]} {a} or {MONTH_NAMES[a - 1][:3]} {b}: "
                f"the column's day/month order is not known; {ORDER_UNKNOWN_FIX}, or write"
                " dates as YYYY-MM-DD",
            )
        else:
            raise ConversionError(
                "bad-date", f"'{text}' is not a date: neither {a} nor {b} is a month"
            )
        how = ""
    else:
        how = f" (the column is read {_ORDER_NAME[order]})"
    day, month = (a, b) if order == "DMY" else (b, a)
    return _make_date(year, month, day, text, how)


def _named_date(match: re.Match[str], text: str) -> dt.date | None:
    month = _MONTHS.get(match["mon"].casefold())
    if month is None:
        return None
    weekday = None
    if match["wd"] is not None:
        weekday = _WEEKDAYS.get(match["wd"].casefold())
        if weekday is None:
            return None
    date = _make_date(_year(match["y"]), month, int(match["d"]), text)
    if weekday is not None and weekday != date.weekday():
        raise ConversionError(
            "bad-date",
            f"'{text}' is not a date: {date.isoformat()} is a {_DAY_NAMES[date.weekday()]}, "
            "not the weekday written; correct the date or the weekday",
        )
    return date


def _parse_date_text(text: str, order: str | None) -> tuple[dt.date, str | None]:
    """The date at the start of ``text`` and the time text after it (None if there is none)."""
    match = _COMPACT.fullmatch(text)
    if match:
        return _make_date(int(match["y"]), int(match["m"]), int(match["d"]), text), None
    match = _ISO.fullmatch(text)
    if match:
        return _make_date(int(match["y"]), int(match["m"]), int(match["d"]), text), match["rest"]
    match = _NUMERIC.fullmatch(text)
    if match:
        return _numeric_date(match, text, order), match["rest"]
    for pattern in (_DAY_NAME, _NAME_DAY):
        match = pattern.fullmatch(text)
        if match:
            date = _named_date(match, text)
            if date is not None:
                return date, match["rest"]
    raise ConversionError("bad-date", f"'{text}' is not a date; {_DATE_HINT}")


def _parse_time_text(text: str, allow_zone: bool) -> dt.time:
    match = _TIME.fullmatch(text.strip())
    if not match or (match["m"] is None and match["ampm"] is None):
        raise ConversionError("bad-time", f"'{text}' is not a time of day; {_TIME_HINT}")
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["m"] is not None and len(match["m"]) != 2:
        raise ConversionError(
            "bad-time",
            f"'{text}' is not a time of day: minutes need two digits; write {hour}:0{minute} "
            f"or {hour}:{minute}0",
        )
    second = int(match["s"] or 0)
    fraction = match["f"] or ""
    if fraction[6:].strip("0"):  # .NET writes 7 digits: kept when the 7th is 0, else refused
        raise ConversionError(
            "bad-time", f"'{text}' has fractions of a second finer than a microsecond; round them"
        )
    micro = int(fraction[:6].ljust(6, "0"))
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise ConversionError(
                "bad-time", f"'{text}' is not a time of day: with AM/PM the hour must be 1-12"
            )
        hour = hour % 12 + (12 if match["ampm"][0].lower() == "p" else 0)
    elif hour > 23:
        raise ConversionError(
            "bad-time", f"'{text}' is not a time of day: hours must be 0-23; {_TIME_HINT}"
        )
    if minute > 59 or second > 59:
        raise ConversionError(
            "bad-time", f"'{text}' is not a time of day: minutes and seconds must be 0-59"
        )
    zone = None
    if match["tz"]:
        if not allow_zone:
            raise ConversionError(
                "bad-time", f"'{text}' has a time zone; a time of day on its own cannot have one"
            )
        zone = _zone(match["tz"], text)
    return dt.time(hour, minute, second, micro, tzinfo=zone)


def _zone(code: str, text: str) -> dt.timezone:
    if code.upper() == "Z":
        return dt.UTC
    digits = code[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ConversionError("bad-time", f"'{text}' has an impossible time zone offset")
    offset = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-offset if code[0] == "-" else offset)


# --- public ------------------------------------------------------------------------------


@value_memo
def parse_date(value: object, order: str | None) -> dt.date:
    """Read ``value`` as a date; ``order`` ("DMY", "MDY" or None) is the column's day/month order.

    A time after the date (or an Excel serial's fraction) is checked and dropped.
    """
    _check_order(order)
    if is_com_time(value) and value < dt.datetime(1900, 1, 1):
        span = value - COM_DAY_0
        raise ConversionError("bad-date", f"the cell holds {_clock(span)}, a time or a duration"
                              f" (Excel shows it before 1 Jan 1900), not a date; {_DATE_HINT}")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    serial = _number(value)
    if serial is not None:
        return _serial_datetime(serial, value).date()
    if not isinstance(value, str):
        raise ConversionError("bad-date", f"{value!r} is not a date; {_DATE_HINT}")
    text = value.strip()
    if not text:
        raise ConversionError("bad-date", f"the cell is empty; {_DATE_HINT}")
    if _SERIAL_TEXT.fullmatch(text):
        return _serial_datetime(Fraction(Decimal(text)), value).date()
    date, rest = _parse_date_text(text, order)
    if rest is not None:
        try:
            _parse_time_text(rest, allow_zone=True)
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
    serial = _number(value)
    if serial is None and isinstance(value, str) and _SERIAL_TEXT.fullmatch(value.strip()):
        serial = Fraction(Decimal(value.strip()))
    if serial is not None:
        moment = _serial_datetime(serial, value)
        return moment if moment.time() != dt.time() else None
    if not isinstance(value, str):
        return None
    if _parse_date_text(value.strip(), order)[1] is None:
        return None
    moment = parse_datetime(value, order)
    # "2026-11-02 00:00:00" is how many programs write a plain date (pandas, database exports).
    return moment if moment.timetz() != dt.time(tzinfo=moment.tzinfo) else None


@value_memo
def parse_time(value: object) -> dt.time:
    """Read ``value`` as a time of day: a time cell, an Excel day fraction, or text."""
    if is_com_time(value) and value >= COM_DAY_0 + dt.timedelta(days=1):
        raise ConversionError("bad-time", f"the cell holds {_clock(value - COM_DAY_0)}, more"
                              " than a day: a duration, not a time of day; write the time,"
                              " e.g. 09:30")
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    fraction = _number(value)
    if fraction is not None:
        if not 0 <= fraction < 1:
            raise ConversionError(
                "bad-time",
                f"'{value}' is not a time of day: Excel times are fractions of a day from 0 "
                "up to (not including) 1",
            )
        ms = round(fraction * _MS_PER_DAY)  # Excel keeps times to the millisecond
        if ms == _MS_PER_DAY:
            raise ConversionError("bad-time", f"'{value}' is midnight at the end of the day")
        seconds, ms = divmod(ms, 1000)
        return dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60, ms * 1000)
    if not isinstance(value, str):
        raise ConversionError("bad-time", f"{value!r} is not a time of day; {_TIME_HINT}")
    if not value.strip():
        raise ConversionError("bad-time", f"the cell is empty; {_TIME_HINT}")
    return _parse_time_text(value, allow_zone=False)


@value_memo
def parse_datetime(value: object, order: str | None) -> dt.datetime:
    """Read ``value`` as a date with a time of day; a value without a time is an error.

    An offset or ``Z`` gives an aware datetime; nothing is converted between zones.
    """
    _check_order(order)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        raise ConversionError("bad-date", f"{value.isoformat()} has a date but no time of day")
    if isinstance(value, dt.time):
        raise ConversionError("bad-date", f"{value.isoformat()} has a time of day but no date")
    serial = _number(value)
    if serial is not None:
        return _serial_datetime(serial, value)
    if not isinstance(value, str):
        raise ConversionError("bad-date", f"{value!r} is not a date and time; {_DATE_HINT}")
    text = value.strip()
    if not text:
        raise ConversionError("bad-date", f"the cell is empty; {_DATE_HINT}")
    if _SERIAL_TEXT.fullmatch(text):
        return _serial_datetime(Fraction(Decimal(text)), value)
    date, rest = _parse_date_text(text, order)
    if rest is None:
        raise ConversionError(
            "bad-date", f"'{text}' has a date but no time of day; write it like 2026-01-15 09:30"
        )
    return dt.datetime.combine(date, _parse_time_text(rest, allow_zone=True))
