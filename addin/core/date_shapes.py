"""The shape of a target's example dates and times: the pattern (order, separator, padding,
year, month names) every example fits, with the reason and what the examples leave open
(`todo`, None when they settle it). Values that fit two patterns are a todo, never a pick.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from addin.convert.datefmt import DateFormat
from addin.core.problems import ConversionError

ISO_DATE = "YYYY-MM-DD"
# Dates written with a month's name, as US and UK importers show them ('02-Nov-2026',
# 'Nov 2, 2026', '2 November 2026').
MONTH_NAME_PATTERNS = tuple(
    f"{day}{sep}{month}{sep}{year}" for sep in ("-", " ", "/") for month in ("MMM", "MMMM")
    for day in ("DD", "D") for year in ("YYYY", "YY")) + tuple(
    f"{month} {day}, YYYY" for month in ("MMM", "MMMM") for day in ("D", "DD"))
_DATE = re.compile(r"(\d{1,4})([./\- ])(\d{1,2})\2(\d{1,4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(:\d{2})?(\s*[AaPp][Mm])?")
# Midnight after a date ('2026-11-02T00:00:00', '11/2/2026 0:00'): an importer that reads dates
# as date-times, written back as the same literal text.
_MIDNIGHT = re.compile(r"(?:T|\s+)(?:0?0:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?|12:00(?::00)?\s*AM)",
                       re.IGNORECASE)


@dataclass(frozen=True)
class DateShape:
    format: str
    note: str
    todo: str | None = None


def filled(values: Sequence[str]) -> list[str]:
    """The examples that hold something, trimmed."""
    return [v.strip() for v in values if v.strip()]


def shown(values: Sequence[str]) -> str:
    """The first examples, quoted, for a note."""
    return ", ".join(repr(v) for v in values[:3])


def infer_date(values: Sequence[str]) -> DateShape:
    """The date pattern every example fits, from its order, separator, padding and year."""
    seen = filled(values)
    if not seen:
        return DateShape(ISO_DATE, "no example date", f"no example date; {ISO_DATE} assumed,"
                         " check what the importer reads")
    midnight = _midnight(seen)
    if midnight:
        shape = infer_date([v[:-len(midnight)] for v in seen])
        if shape.format != ISO_DATE or shape.todo is None:
            return DateShape(f"{shape.format}[{midnight}]", f"{shape.note}, each at midnight"
                             f" written {midnight.strip()!r}", shape.todo)
    parts = [_DATE.fullmatch(v) for v in seen]
    if any(m is None for m in parts) and (named := _month_name_pattern(seen)):
        return DateShape(named, f"from the examples {shown(seen)}")
    if any(m is None for m in parts) or len({m.group(2) for m in parts if m}) != 1:
        return DateShape(ISO_DATE, f"examples {shown(seen)}", f"the examples ({shown(seen)})"
                         f" are not dates of one pattern; {ISO_DATE} assumed, set format")
    matches = [m for m in parts if m]
    sep = matches[0].group(2)
    firsts = [m.group(1) for m in matches]
    middles = [m.group(3) for m in matches]
    lasts = [m.group(4) for m in matches]
    todo = None
    if all(len(f) == 4 for f in firsts):
        order, fields = "YMD", [("Y", firsts), ("M", middles), ("D", lasts)]
    elif all(len(y) in (2, 4) for y in lasts) and len({len(y) for y in lasts}) == 1:
        if any(int(f) > 12 for f in firsts):
            order = "DMY"
        elif any(int(m) > 12 for m in middles):
            order = "MDY"
        else:
            # Dots and dashes are day-first in the countries that write them; a slash either.
            order = "MDY" if sep == "/" else "DMY"
            todo = (f"the examples ({shown(seen)}) fit both day/month orders;"
                    f" {'month' if order == 'MDY' else 'day'} first assumed, check the importer")
        one, two = ("M", "D") if order == "MDY" else ("D", "M")
        fields = [(one, firsts), (two, middles), ("Y", lasts)]
    else:
        return DateShape(ISO_DATE, f"examples {shown(seen)}", f"the examples ({shown(seen)})"
                         f" are not dates of one pattern; {ISO_DATE} assumed, set format")
    padding = {k: _padding(texts) for k, texts in fields if k != "Y"}
    evident = {p for p in padding.values() if p is not None}
    # A day or month whose examples are all 10 or more is written as the other one is.
    fallback = next(iter(evident)) if len(evident) == 1 else True
    if not evident and todo is None:
        todo = ("no example shows whether days and months are written with a leading zero;"
                " two digits assumed")
    tokens = []
    for kind, texts in fields:
        if kind == "Y":
            tokens.append("YYYY" if len(texts[0]) == 4 else "YY")
        else:
            pad = padding[kind]
            tokens.append(kind * 2 if (fallback if pad is None else pad) else kind)
    pattern = sep.join(tokens)
    if not _fits(pattern, seen):
        return DateShape(ISO_DATE, f"examples {shown(seen)}", f"the examples ({shown(seen)})"
                         f" are not dates; {ISO_DATE} assumed, set format")
    return DateShape(pattern, f"from the examples {shown(seen)} ({order[0]}-{order[1]}-"
                     f"{order[2]} order)", todo)


def _midnight(values: Sequence[str]) -> str | None:
    """The midnight every example ends with, written the same way in each, if one does."""
    ends = {m.group(0) for v in values for m in [_MIDNIGHT.search(v)]
            if m and m.end() == len(v) and m.start() > 0}
    if len(ends) == 1 and all(v.endswith(next(iter(ends))) for v in values):
        return next(iter(ends))
    return None


def _month_name_pattern(values: Sequence[str]) -> str | None:
    """The pattern with a month's name that writes every example back exactly as it is
    (so its padding and the name's length are the examples' own), if one does."""
    for pattern in MONTH_NAME_PATTERNS:
        reader = DateFormat(pattern)
        try:
            if all(reader.format(reader.parse(v)) == v for v in values):
                return pattern
        except ConversionError:
            continue
    return None


def _padding(texts: Sequence[str]) -> bool | None:
    """True when the examples write a leading zero, False when they write one digit, None
    when every example has two digits anyway (10 to 31)."""
    if any(len(t) == 1 for t in texts):
        return False
    if any(t.startswith("0") for t in texts):
        return True
    return None


def _fits(pattern: str, values: Sequence[str]) -> bool:
    reader = DateFormat(pattern)
    try:
        for value in values:
            reader.parse(value)
    except ConversionError:
        return False
    return True


def infer_time(values: Sequence[str]) -> DateShape:
    """A time of day's pattern: 12-hour with AM/PM or 24-hour, with or without seconds."""
    seen = filled(values)
    matches = [_TIME.fullmatch(v) for v in seen]
    if not seen or any(m is None for m in matches):
        why = "no example time" if not seen else f"the examples ({shown(seen)}) are no times"
        return DateShape("HH:mm", why, f"{why}; 24-hour HH:mm assumed, set format")
    found = [m for m in matches if m]
    twelve = all(m.group(4) for m in found)
    hour = "h" if twelve else "H"
    hours = [m.group(1) for m in found]
    padded = _padding(hours)
    if padded or (padded is None and not twelve):
        hour *= 2  # unknown padding: 24-hour clocks are written 09:00, 12-hour ones 9:00
    pattern = f"{hour}:mm" + (":ss" if all(m.group(3) for m in found) else "")
    if twelve:
        pattern += " A"
    if not _fits(pattern, seen):
        return DateShape("HH:mm", f"examples {shown(seen)}", f"the examples ({shown(seen)})"
                         " fit no one pattern; set format")
    todo = None if padded is not None else (
        f"no example shows whether hours under 10 have a leading zero; {hour} assumed")
    return DateShape(pattern, f"from the examples {shown(seen)}", todo)
