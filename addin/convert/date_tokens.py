"""The tokens of a template's date and time patterns (``YYYY-MM-DD``, ``M/D/YYYY``, ``h:mm A``, or
strftime's ``%d.%m.%Y``): a pattern compiled into literal texts and fields, each field's regex
and its written text, with English month names whatever the computer's locale."""

from __future__ import annotations

import datetime as dt
import re

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
TOKENS: dict[str, tuple[str, int]] = {
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
TOKEN_PART = {
    "year": "year", "year2": "year", "month_name": "month", "month_abbr": "month",
    "month": "month", "day": "day", "hour": "hour", "hour12": "hour", "minute": "minute",
    "second": "second", "ampm": "ampm",
}  # fmt: skip
DATE_PARTS = {"year", "month", "day"}
TIME_PARTS = {"hour", "minute", "second", "ampm"}
TOKEN_LIST = "YYYY, YY, MMMM, MMM, MM, M, DD, D, HH, H, hh, h, mm, ss, A"
PatternItem = tuple[str, str]  # ("literal", text) or (token, field)


def compile_tokens(pattern: str) -> list[PatternItem]:
    items: list[PatternItem] = []
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
            if token in TOKENS:
                items.append((token, TOKENS[token][0]))
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
    message = f"unknown token {token!r} in date format {pattern!r}; use {TOKEN_LIST}"
    if token in ("yyyy", "yy", "dd", "d", "Y", "YYY", "MMMMM", "DDD", "DDDD", "m", "s", "a"):
        message += " (tokens are case-sensitive: MM is the month, mm the minutes)"
    return message + ", and put other letters in brackets: [at]"


def compile_strftime(pattern: str) -> list[PatternItem]:
    items: list[PatternItem] = []
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
            items.append((token, TOKENS[token][0]))
        else:
            if code in ("-", "#"):  # platform-only "no padding" flags: %-m, %#d
                directive = pattern[i : i + 3]
            raise ValueError(
                f"unsupported directive {directive!r} in date format {pattern!r}; use "
                "%Y %y %m %d %H %I %M %S %p %b %B, or tokens such as M/D/YYYY for no padding"
            )
        i += 2
    return items


def merge_literals(items: list[PatternItem]) -> list[PatternItem]:
    merged: list[PatternItem] = []
    for kind, text in items:
        if kind == "literal" and merged and merged[-1][0] == "literal":
            merged[-1] = ("literal", merged[-1][1] + text)
        elif kind != "literal" or text:
            merged.append((kind, text))
    return merged


def field_regex(kind: str, field: str) -> str:
    if kind == "literal":
        return re.escape(field)
    if field == "month_name":
        return "(" + "|".join(f"(?i:{m})" for m in MONTH_NAMES) + ")"
    if field == "month_abbr":
        return "(" + "|".join(f"(?i:{m[:3]})" for m in MONTH_NAMES) + ")"
    if field == "ampm":
        return "((?i:AM|PM))"
    width = TOKENS[kind][1]
    return f"(\\d{{{width}}})" if width else r"(\d{1,2})"


def write_field(kind: str, field: str, value: dt.date | dt.time | dt.datetime) -> str:
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
    width = TOKENS[kind][1]
    return f"{number:0{width}d}" if width else str(number)
