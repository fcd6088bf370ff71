"""Dates and times written as text: ISO, compact, numeric in either day/month order (dotted ones
day-first), with month or weekday names (English, French, German, Spanish, Italian, Dutch,
Portuguese), times with AM/PM, fractions of a second and zone offsets; each mistake a
ConversionError that says how to write the value."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from addin.convert.date_tokens import MONTH_NAMES, two_digit_year
from addin.convert.month_names import MONTHS, WEEKDAYS, plain
from addin.core.problems import ConversionError

ORDERS = ("DMY", "MDY")
ORDER_NAME = {"DMY": "day-first", "MDY": "month-first"}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_REST = r"(?:(?:T|,?\s+)(?P<rest>.+))?"  # an optional time after the date
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_ISO = re.compile(rf"(?P<y>\d{{4}})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}}){_REST}")
NUMERIC_DATE = re.compile(
    rf"(?P<a>\d{{1,2}})(?P<sep>[-/.])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}|\d{{2}}){_REST}"
)
_WORD = r"[^\W\d_]+(?:-[^\W\d_]+)?"  # a name in any alphabet ("déc", "segunda-feira")
_WEEKDAY = rf"(?:(?P<wd>{_WORD})\.?,?\s+)?"
_OF = r"(?:de\s+)?"  # Spanish and Portuguese: "2 de noviembre de 2026"
_ORDINAL = r"(?:st|nd|rd|th|er|º|°)?"  # 1st, 1er (French), 1º
_DAY_NAME = re.compile(
    rf"{_WEEKDAY}(?P<d>\d{{1,2}}){_ORDINAL}[\s./-]*{_OF}(?P<mon>{_WORD})\.?,?[\s./-]*{_OF}"
    rf"(?P<y>\d{{4}}|\d{{2}}){_REST}",
    re.IGNORECASE,
)
_NAME_DAY = re.compile(
    rf"{_WEEKDAY}(?P<mon>{_WORD})\.?[\s-]*(?P<d>\d{{1,2}}){_ORDINAL},?[\s-]+"
    rf"(?P<y>\d{{4}}|\d{{2}}){_REST}",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?::(?P<m>\d{1,2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
DATE_HINT = "write it like 2026-01-15, 15/01/2026 or 15 Jan 2026"
TIME_HINT = "write it like 13:30, 13:30:05 or 1:30 PM"


def check_order(order: str | None) -> None:
    if order is not None and order not in ORDERS:
        raise ValueError(f"date order must be DMY, MDY or None, not {order!r}")


def _make_date(year: int, month: int, day: int, text: str, how: str = "") -> dt.date:
    if not 1 <= month <= 12:
        raise ConversionError(
            "bad-date", f"'{text}' is not a date: there is no month {month}{how}; {DATE_HINT}"
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
        how = f" (the column is read {ORDER_NAME[order]})"
    day, month = (a, b) if order == "DMY" else (b, a)
    return _make_date(year, month, day, text, how)


def _named_date(match: re.Match[str], text: str) -> dt.date | None:
    month = MONTHS.get(plain(match["mon"]))
    if month is None:
        return None
    weekday = None
    if match["wd"] is not None:
        weekday = WEEKDAYS.get(plain(match["wd"]))
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


def names_a_month(text: str) -> bool:
    """Whether ``text`` begins with a date that names its month ("11-Mar-2024 9:00 AM",
    "Mar 11, 2024, 9:00 AM"), which the date reader reads, as a time of day's reader does not."""
    match = _DAY_NAME.fullmatch(text) or _NAME_DAY.fullmatch(text)
    return match is not None and plain(match["mon"]) in MONTHS


def parse_date_text(text: str, order: str | None) -> tuple[dt.date, str | None]:
    """The date at the start of ``text`` and the time text after it (None if there is none)."""
    match = _COMPACT.fullmatch(text)
    if match:
        return _make_date(int(match["y"]), int(match["m"]), int(match["d"]), text), None
    match = _ISO.fullmatch(text)
    if match:
        return _make_date(int(match["y"]), int(match["m"]), int(match["d"]), text), match["rest"]
    match = NUMERIC_DATE.fullmatch(text)
    if match:
        return _numeric_date(match, text, order), match["rest"]
    for pattern in (_DAY_NAME, _NAME_DAY):
        match = pattern.fullmatch(text)
        if match:
            date = _named_date(match, text)
            if date is not None:
                return date, match["rest"]
    raise ConversionError("bad-date", f"'{text}' is not a date; {DATE_HINT}")


# Times as French, German and Dutch sheets write them: "14h30", "9h", "14 h 30", "14u30",
# "14:30 Uhr", "14.30 Uhr", after the date with "à", "um" or "om" ("2 novembre 2026 à 14h30").
_CONNECTOR = re.compile(r"^(?:à|a|um|om|às|alle|at|@)\s+", re.IGNORECASE)
_LETTER_TIME = re.compile(r"(?P<h>\d{1,2})\s*[hu]\s*(?P<m>\d{2})?", re.IGNORECASE)
_UHR = re.compile(r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?P<s>:\d{2})?\s*uhr", re.IGNORECASE)


def _colon_form(text: str) -> str:
    """``text`` with a time written in one of those forms as h:mm; other text as it was."""
    text = _CONNECTOR.sub("", text.strip(), count=1)
    match = _LETTER_TIME.fullmatch(text) or _UHR.fullmatch(text)
    if match is None:
        return text
    seconds = match.groupdict().get("s") or ""
    return f"{match['h']}:{match['m'] or '00'}{seconds}"


def is_time_text(text: str) -> bool:
    """Whether ``text`` is a time of day alone, in any form the reader takes ("14.30 Uhr")."""
    return _TIME.fullmatch(_colon_form(text)) is not None


def parse_time_text(text: str, allow_zone: bool) -> dt.time:
    match = _TIME.fullmatch(_colon_form(text))
    if not match or (match["m"] is None and match["ampm"] is None):
        raise ConversionError("bad-time", f"'{text}' is not a time of day; {TIME_HINT}")
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
            "bad-time", f"'{text}' is not a time of day: hours must be 0-23; {TIME_HINT}"
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
