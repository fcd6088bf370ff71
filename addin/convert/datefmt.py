"""Date and time patterns for templates: ``YYYY-MM-DD``, ``M/D/YYYY``, ``h:mm A`` or strftime.

A pattern compiles to a list of literal texts and fields; ``format`` writes it with English month
names whatever the computer's locale, and ``parse`` reads exactly that pattern and nothing else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from addin.core.problems import ConversionError

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Two-digit years: 00-29 are 2000-2029 and 30-99 are 1930-1999, Excel's window ("How Excel
# interprets two-digit years", support.microsoft.com), so '99 sits beside '00 as it did.
PIVOT_YEAR = 30


def two_digit_year(yy: int) -> int:
    """The full year of a two-digit year, in Excel's window 1930-2029."""
    return (1900 if yy >= PIVOT_YEAR else 2000) + yy


# token -> (field, digits to pad to, or 0 for names/unpadded)
_TOKENS: dict[str, tuple[str, int]] = {
    "YYYY": ("year", 4),
    "YY": ("year2", 2),
    "MMMM": ("month_name", 0),
    "MMM": ("month_abbr", 0),
    "MM": ("month", 2),
    "M": ("month", 0),
    "DD": ("day", 2),
    "D": ("day", 0),
    "HH": ("hour", 2),
    "H": ("hour", 0),
    "hh": ("hour12", 2),
    "h": ("hour12", 0),
    "mm": ("minute", 2),
    "ss": ("second", 2),
    "A": ("ampm", 0),
}
_STRFTIME = {
    "Y": "YYYY", "y": "YY", "m": "MM", "d": "DD", "H": "HH", "I": "hh",
    "M": "mm", "S": "ss", "p": "A", "b": "MMM", "B": "MMMM",
}  # fmt: skip
# Which token names the same part of the value, so a pattern cannot say it twice.
_PART = {
    "year": "year", "year2": "year", "month_name": "month", "month_abbr": "month",
    "month": "month", "day": "day", "hour": "hour", "hour12": "hour", "minute": "minute",
    "second": "second", "ampm": "ampm",
}  # fmt: skip
_DATE_PARTS = {"year", "month", "day"}
_TIME_PARTS = {"hour", "minute", "second", "ampm"}
_TOKEN_LIST = "YYYY, YY, MMMM, MMM, MM, M, DD, D, HH, H, hh, h, mm, ss, A"

_Item = tuple[str, str]  # ("literal", text) or (token, field)


def _compile_tokens(pattern: str) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "[":  # [text] is literal text, for letters such as "at"
            end = pattern.find("]", i)
            if end < 0:
                raise ValueError(f"date format {pattern!r} has '[' without a closing ']'")
            items.append(("literal", pattern[i + 1 : end]))
            i = end + 1
        elif ch.isalpha():
            run = re.match(rf"{re.escape(ch)}+", pattern[i:])
            assert run is not None
            token = run.group(0)
            if token in _TOKENS:
                items.append((token, _TOKENS[token][0]))
            elif token == "T":  # the ISO 8601 separator: YYYY-MM-DDTHH:mm
                items.append(("literal", "T"))
            else:
                raise ValueError(_unknown_token(token, pattern))
            i += len(token)
        else:
            items.append(("literal", ch))
            i += 1
    return items


def _unknown_token(token: str, pattern: str) -> str:
    message = f"unknown token {token!r} in date format {pattern!r}; use {_TOKEN_LIST}"
    if token in ("yyyy", "yy", "dd", "d", "Y", "YYY", "MMMMM", "DDD", "DDDD", "m", "s", "a"):
        message += " (tokens are case-sensitive: MM is the month, mm the minutes)"
    return message + ", and put other letters in brackets: [at]"


def _compile_strftime(pattern: str) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch != "%":
            items.append(("literal", ch))
            i += 1
            continue
        directive = pattern[i : i + 2]
        code = pattern[i + 1 : i + 2]
        if code == "%":
            items.append(("literal", "%"))
        elif code in _STRFTIME:
            token = _STRFTIME[code]
            items.append((token, _TOKENS[token][0]))
        else:
            if code in ("-", "#"):  # platform-only "no padding" flags: %-m, %#d
                directive = pattern[i : i + 3]
            raise ValueError(
                f"unsupported directive {directive!r} in date format {pattern!r}; use "
                "%Y %y %m %d %H %I %M %S %p %b %B, or tokens such as M/D/YYYY for no padding"
            )
        i += 2
    return items


def _merge_literals(items: list[_Item]) -> list[_Item]:
    merged: list[_Item] = []
    for kind, text in items:
        if kind == "literal" and merged and merged[-1][0] == "literal":
            merged[-1] = ("literal", merged[-1][1] + text)
        elif kind != "literal" or text:
            merged.append((kind, text))
    return merged


class DateFormat:
    """A compiled date, time or date-time pattern.

    Tokens: YYYY YY MMMM MMM MM M DD D HH H hh h mm ss A; ``T`` and non-letters are literal,
    other letters go in brackets (``[at]``). A pattern with ``%`` is strftime
    (%Y %y %m %d %H %I %M %S %p %b %B). Single-letter tokens write no padding and read one
    or two digits; YY reads in Excel's window, 1930-2029.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        items = _compile_strftime(pattern) if "%" in pattern else _compile_tokens(pattern)
        self._items = _merge_literals(items)
        parts = [_PART[field] for kind, field in self._items if kind != "literal"]
        repeated = sorted({p for p in parts if parts.count(p) > 1})
        if repeated:
            raise ValueError(f"date format {pattern!r} gives the {repeated[0]} more than once")
        found = set(parts)
        self.has_date = bool(found & _DATE_PARTS)
        self.has_time = bool(found & _TIME_PARTS)
        if not found:
            raise ValueError(
                f"date format {pattern!r} has no date or time tokens; use {_TOKEN_LIST}"
            )
        if self.has_date and not _DATE_PARTS <= found:
            missing = sorted(_DATE_PARTS - found)
            raise ValueError(f"date format {pattern!r} has no {' or '.join(missing)}")
        if self.has_time and not {"hour", "minute"} <= found:
            raise ValueError(f"date format {pattern!r} needs both hours and minutes")
        fields = {field for kind, field in self._items if kind != "literal"}
        if ("hour12" in fields) != ("ampm" in fields):
            raise ValueError(
                f"date format {pattern!r}: a 12-hour hour (h, hh) needs A for AM/PM, and A "
                "needs a 12-hour hour; use HH for 24-hour time"
            )
        self._regex = re.compile("".join(_regex(kind, field) for kind, field in self._items))

    def __repr__(self) -> str:
        return f"DateFormat({self.pattern!r})"

    def format(self, value: dt.date | dt.time | dt.datetime) -> str:
        """Write ``value`` in this pattern, with English month names and AM/PM."""
        is_datetime = isinstance(value, dt.datetime)
        if self.has_date and not (is_datetime or isinstance(value, dt.date)):
            raise ConversionError("bad-date", f"the format {self.pattern} needs a date, not"
                                  f" {_shown(value)}")
        if self.has_time and not (is_datetime or isinstance(value, dt.time)):
            raise ConversionError("bad-time", f"the format {self.pattern} needs a time of day,"
                                  f" not {_shown(value)}")
        if self.has_time:
            self._check_precision(value)
        return "".join(_write(kind, field, value) for kind, field in self._items)

    def parse(self, text: str) -> dt.date | dt.time | dt.datetime:
        """Read ``text`` written exactly in this pattern (surrounding spaces are ignored)."""
        code = "bad-date" if self.has_date else "bad-time"
        match = self._regex.fullmatch(text.strip())
        if not match:
            raise ConversionError(
                code,
                f"'{text}' does not match the format {self.pattern}; "
                f"write it like {self._example()}",
            )
        fields = [field for kind, field in self._items if kind != "literal"]
        got = dict(zip(fields, match.groups(), strict=True))
        date = self._date(text, got) if self.has_date else None
        time = self._time(text, got) if self.has_time else None
        if date is not None and time is not None:
            return dt.datetime.combine(date, time)
        result = date if date is not None else time
        assert result is not None
        return result

    def _check_precision(self, value: dt.date | dt.time | dt.datetime) -> None:
        """Refuse to drop seconds (or fractions) the pattern has no place for: that would round."""
        assert isinstance(value, dt.time | dt.datetime)
        writes_seconds = any(field == "second" for _, field in self._items)
        if value.microsecond or (value.second and not writes_seconds):
            extra, unit = (
                ("fractions of a second", "seconds") if writes_seconds else ("seconds", "minutes")
            )
            raise ConversionError(
                "bad-time",
                f"{value.isoformat()} has {extra}; the format {self.pattern} writes whole "
                f"{unit}; round the times in the source or choose a format that writes them",
            )

    def _example(self) -> str:
        sample = dt.datetime(2026, 1, 15, 14, 30, 5)
        if self.has_date and self.has_time:
            return self.format(sample)
        return self.format(sample.date() if self.has_date else sample.time())

    def _date(self, text: str, got: dict[str, str]) -> dt.date:
        year = int(got["year"]) if "year" in got else two_digit_year(int(got["year2"]))
        if "month" in got:
            month = int(got["month"])
        else:
            name = (got.get("month_name") or got["month_abbr"]).casefold()
            month = next(i for i, m in enumerate(MONTH_NAMES, 1) if m.casefold().startswith(name))
        day = int(got["day"])
        if not 1 <= month <= 12:
            why = f"there is no month {month}"
        elif year < 1:
            why = "there is no year 0"
        else:
            days = calendar.monthrange(year, month)[1]
            if 1 <= day <= days:
                return dt.date(year, month, day)
            why = f"{MONTH_NAMES[month - 1]} {year} has {days} days"
        raise ConversionError("bad-date", f"'{text}' is not a date: {why} (read as {self.pattern})")

    def _time(self, text: str, got: dict[str, str]) -> dt.time:
        minute = int(got["minute"])
        second = int(got.get("second", "0"))
        if "hour12" in got:
            hour12 = int(got["hour12"])
            ok = 1 <= hour12 <= 12
            hour = hour12 % 12 + (12 if got["ampm"].upper() == "PM" else 0)
        else:
            hour = int(got["hour"])
            ok = hour <= 23
        if not ok or minute > 59 or second > 59:
            hours = "1-12" if "hour12" in got else "0-23"
            raise ConversionError(
                "bad-time",
                f"'{text}' is not a time of day: hours must be {hours}, minutes and seconds "
                f"0-59 (read as {self.pattern})",
            )
        return dt.time(hour, minute, second)


def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date | dt.time) else repr(value)


def _regex(kind: str, field: str) -> str:
    if kind == "literal":
        return re.escape(field)
    if field == "month_name":
        return "(" + "|".join(f"(?i:{m})" for m in MONTH_NAMES) + ")"
    if field == "month_abbr":
        return "(" + "|".join(f"(?i:{m[:3]})" for m in MONTH_NAMES) + ")"
    if field == "ampm":
        return "((?i:AM|PM))"
    width = _TOKENS[kind][1]
    return f"(\\d{{{width}}})" if width else r"(\d{1,2})"


def _write(kind: str, field: str, value: dt.date | dt.time | dt.datetime) -> str:
    if kind == "literal":
        return field
    if field in ("year", "year2", "month", "month_name", "month_abbr", "day"):
        assert isinstance(value, dt.date)
        number = {
            "year": value.year,
            "year2": value.year % 100,
            "month": value.month,
            "day": value.day,
        }.get(field)
        if number is None:
            name = MONTH_NAMES[value.month - 1]
            return name if field == "month_name" else name[:3]
    else:
        assert isinstance(value, dt.time | dt.datetime)
        if field == "ampm":
            return "AM" if value.hour < 12 else "PM"
        number = {
            "hour": value.hour,
            "hour12": value.hour % 12 or 12,
            "minute": value.minute,
            "second": value.second,
        }[field]
    width = _TOKENS[kind][1]
    return f"{number:0{width}d}" if width else str(number)
