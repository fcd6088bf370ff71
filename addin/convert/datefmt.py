"""Date and time patterns for templates: ``YYYY-MM-DD``, ``M/D/YYYY``, ``h:mm A`` or strftime.

A pattern compiles to a list of literal texts and fields; ``format`` writes it with English month
names whatever the computer's locale, and ``parse`` reads exactly that pattern and nothing else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from addin.convert.date_tokens import (
    DATE_PARTS,
    MONTH_NAMES,
    TIME_PARTS,
    TOKEN_LIST,
    TOKEN_PART,
    compile_strftime,
    compile_tokens,
    field_regex,
    merge_literals,
    two_digit_year,
    write_field,
)
from addin.core.problems import ConversionError


class DateFormat:
    """A compiled date, time or date-time pattern.

    Tokens: YYYY YY MMMM MMM MM M DD D HH H hh h mm ss A; ``T`` and non-letters are literal,
    other letters go in brackets (``[at]``). A pattern with ``%`` is strftime
    (%Y %y %m %d %H %I %M %S %p %b %B). Single-letter tokens write no padding and read one
    or two digits; YY reads in Excel's window, 1930-2029.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        items = compile_strftime(pattern) if "%" in pattern else compile_tokens(pattern)
        self._items = merge_literals(items)
        parts = [TOKEN_PART[field] for kind, field in self._items if kind != "literal"]
        repeated = sorted({p for p in parts if parts.count(p) > 1})
        if repeated:
            raise ValueError(f"date format {pattern!r} gives the {repeated[0]} more than once")
        found = set(parts)
        self.has_date = bool(found & DATE_PARTS)
        self.has_time = bool(found & TIME_PARTS)
        self.writes_seconds = "second" in found
        if not found:
            raise ValueError(
                f"date format {pattern!r} has no date or time tokens; use {TOKEN_LIST}"
            )
        if self.has_date and not DATE_PARTS <= found:
            missing = sorted(DATE_PARTS - found)
            raise ValueError(f"date format {pattern!r} has no {' or '.join(missing)}")
        if self.has_time and not {"hour", "minute"} <= found:
            raise ValueError(f"date format {pattern!r} needs both hours and minutes")
        fields = {field for kind, field in self._items if kind != "literal"}
        if ("hour12" in fields) != ("ampm" in fields):
            raise ValueError(
                f"date format {pattern!r}: a 12-hour hour (h, hh) needs A for AM/PM, and A "
                "needs a 12-hour hour; use HH for 24-hour time"
            )
        self._regex = re.compile("".join(field_regex(kind, field) for kind, field in self._items))

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
        return "".join(write_field(kind, field, value) for kind, field in self._items)

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
