"""The shape of a target's example values: what a published import template's sample rows say
about how a column must be written (a date's order, separators and padding; a duration's unit
and decimals; a yes/no column's spellings; a number's decimals).

Each reading says why in `note`, and what the examples could not settle in `todo` (None when
they settle it), so a template built from them marks every guess. Nothing here reads a value
one way when it fits two: then the reading is a todo.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from addin.convert.booleans import parse_bool
from addin.convert.datefmt import DateFormat
from addin.core.duration_unit import header_unit
from addin.core.problems import ConversionError

ISO_DATE = "YYYY-MM-DD"
# Dates written with a month's name, as US and UK importers show them ('02-Nov-2026',
# 'Nov 2, 2026', '2 November 2026').
MONTH_NAME_PATTERNS = tuple(
    f"{day}{sep}{month}{sep}{year}" for sep in ("-", " ", "/") for month in ("MMM", "MMMM")
    for day in ("DD", "D") for year in ("YYYY", "YY")) + tuple(
    f"{month} {day}, YYYY" for month in ("MMM", "MMMM") for day in ("D", "DD"))
_DATE = re.compile(r"(\d{1,4})([./\- ])(\d{1,2})\2(\d{1,4})")
_CLOCK = re.compile(r"(\d{1,3}):(\d{2})(:\d{2})?")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(:\d{2})?(\s*[AaPp][Mm])?")
_NUMBER = re.compile(r"[+-]?\d+(?:([.,])(\d+))?")
# A whole number of hours above this is not plausibly one entry's hours: it reads as minutes.
_MOST_HOURS = 24
# Spellings of yes and no that pair with each other, in the case the examples use.
_PAIRS = (("true", "false"), ("yes", "no"), ("y", "n"), ("1", "0"), ("on", "off"),
          ("billable", "non-billable"))


@dataclass(frozen=True)
class DateShape:
    format: str
    note: str
    todo: str | None = None


@dataclass(frozen=True)
class DurationShape:
    unit: str
    note: str
    decimals: int | None = None
    decimal_separator: str = "."
    todo: str | None = None


@dataclass(frozen=True)
class BooleanShape:
    true: str
    false: str
    note: str
    todo: str | None = None


@dataclass(frozen=True)
class NumberShape:
    note: str
    decimals: int | None = None
    decimal_separator: str = "."
    todo: str | None = None


def _filled(values: Sequence[str]) -> list[str]:
    return [v.strip() for v in values if v.strip()]


def _shown(values: Sequence[str]) -> str:
    return ", ".join(repr(v) for v in values[:3])


def infer_date(values: Sequence[str]) -> DateShape:
    """The date pattern every example fits, from its order, separator, padding and year."""
    seen = _filled(values)
    if not seen:
        return DateShape(ISO_DATE, "no example date", f"no example date; {ISO_DATE} assumed,"
                         " check what the importer reads")
    parts = [_DATE.fullmatch(v) for v in seen]
    if any(m is None for m in parts) and (named := _month_name_pattern(seen)):
        return DateShape(named, f"from the examples {_shown(seen)}")
    if any(m is None for m in parts) or len({m.group(2) for m in parts if m}) != 1:
        return DateShape(ISO_DATE, f"examples {_shown(seen)}", f"the examples ({_shown(seen)})"
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
            todo = (f"the examples ({_shown(seen)}) fit both day/month orders;"
                    f" {'month' if order == 'MDY' else 'day'} first assumed, check the importer")
        one, two = ("M", "D") if order == "MDY" else ("D", "M")
        fields = [(one, firsts), (two, middles), ("Y", lasts)]
    else:
        return DateShape(ISO_DATE, f"examples {_shown(seen)}", f"the examples ({_shown(seen)})"
                         f" are not dates of one pattern; {ISO_DATE} assumed, set format")
    padding = {k: _padding(texts) for k, texts in fields if k != "Y"}
    shown = {p for p in padding.values() if p is not None}
    # A day or month whose examples are all 10 or more is written as the other one is.
    fallback = next(iter(shown)) if len(shown) == 1 else True
    if not shown and todo is None:
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
        return DateShape(ISO_DATE, f"examples {_shown(seen)}", f"the examples ({_shown(seen)})"
                         f" are not dates; {ISO_DATE} assumed, set format")
    return DateShape(pattern, f"from the examples {_shown(seen)} ({order[0]}-{order[1]}-"
                     f"{order[2]} order)", todo)


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
    seen = _filled(values)
    matches = [_TIME.fullmatch(v) for v in seen]
    if not seen or any(m is None for m in matches):
        why = "no example time" if not seen else f"the examples ({_shown(seen)}) are no times"
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
        return DateShape("HH:mm", f"examples {_shown(seen)}", f"the examples ({_shown(seen)})"
                         " fit no one pattern; set format")
    todo = None if padded is not None else (
        f"no example shows whether hours under 10 have a leading zero; {hour} assumed")
    return DateShape(pattern, f"from the examples {_shown(seen)}", todo)


def infer_duration(values: Sequence[str], header: str) -> DurationShape:
    """A duration's unit and decimals: clock forms by their padding, bare numbers by the header's
    unit, else by their size (whole numbers past a day's hours read as minutes)."""
    seen = _filled(values)
    named = header_unit(header)
    if not seen:
        unit = named or "hours"
        why = (f"the header {header!r} names {unit}" if named
               else "nothing says the unit; hours assumed")
        return DurationShape(unit, why, todo=f"no example value; {why}, check the importer")
    clocks = [_CLOCK.fullmatch(v) for v in seen]
    if all(clocks):
        found = [m for m in clocks if m]
        unit = ("h" if any(len(m.group(1)) == 1 for m in found) else "hh") + ":mm"
        if all(m.group(3) for m in found):
            unit += ":ss"
        return DurationShape(unit, f"clock durations in the examples {_shown(seen)}")
    numbers = [_NUMBER.fullmatch(v) for v in seen]
    if not all(numbers):
        unit = named or "hours"
        return DurationShape(unit, f"examples {_shown(seen)}", todo=f"the examples"
                             f" ({_shown(seen)}) are no durations read here; {unit} assumed")
    found = [m for m in numbers if m]
    decimals, separator = _decimals(found)
    if named:
        return DurationShape(named, f"the header {header!r} names {named}", decimals, separator)
    fractions = any(m.group(1) for m in found)  # decimal hours are billing's usual form
    whole = [abs(int(m.group(0).split(m.group(1) or ".")[0])) for m in found]
    if fractions or max(whole) <= _MOST_HOURS:
        return DurationShape("hours", f"numbers of a day's size or less in the examples"
                             f" {_shown(seen)} read as hours", decimals, separator)
    return DurationShape("minutes", f"whole numbers past {_MOST_HOURS} in the examples"
                         f" {_shown(seen)} read as minutes", decimals, separator,
                         todo="minutes assumed from the numbers' size; check the importer")


def _decimals(found: Sequence[re.Match[str]]) -> tuple[int | None, str]:
    """The decimals every example has (None when they differ or none has any), and the
    separator they use."""
    separators = {m.group(1) for m in found if m.group(1)}
    separator = separators.pop() if len(separators) == 1 else "."
    places = {len(m.group(2)) if m.group(2) else 0 for m in found}
    decimals = places.pop() if len(places) == 1 else None
    return (decimals or None), separator


def infer_number(values: Sequence[str]) -> NumberShape:
    seen = _filled(values)
    if not seen:
        return NumberShape("no example value", todo="no example value; decimals left open")
    numbers = [_NUMBER.fullmatch(v) for v in seen]
    if not all(numbers):
        return NumberShape(f"examples {_shown(seen)}", todo=f"the examples ({_shown(seen)})"
                           " are no plain numbers; decimals left open")
    decimals, separator = _decimals([m for m in numbers if m])
    return NumberShape(f"from the examples {_shown(seen)}", decimals, separator)


def infer_money(values: Sequence[str]) -> NumberShape:
    """Money's decimals: the cents the examples show (a sheet drops a trailing zero, so 63.4
    beside 15.85 is two decimals); none shown leaves them open."""
    shape = infer_number(values)
    if shape.todo:
        return shape
    found = [m for m in (_NUMBER.fullmatch(v) for v in _filled(values)) if m]
    cents = max(len(m.group(2) or "") for m in found)
    if cents < 2:
        return NumberShape(f"the examples {_shown(_filled(values))} show no cents; decimals"
                           " left open", None, shape.decimal_separator)
    return NumberShape(f"{cents} decimals, the most the examples {_shown(_filled(values))}"
                       " show", cents, shape.decimal_separator)


def infer_boolean(values: Sequence[str]) -> BooleanShape:
    """The spellings of yes and no, as the examples write them; a lone spelling gets its
    usual partner in the same case."""
    seen = _filled(values)
    yes = next((v for v in seen if _reads(v) is True), None)
    no = next((v for v in seen if _reads(v) is False), None)
    if yes is None and no is None:
        why = "no example value" if not seen else f"the examples ({_shown(seen)}) are no yes/no"
        return BooleanShape("true", "false", why, f"{why}; true/false assumed")
    if yes is not None and no is not None:
        return BooleanShape(yes, no, f"from the examples {_shown(seen)}")
    known = yes if yes is not None else no
    assert known is not None
    pair = next((p for p in _PAIRS if known.casefold() in p), None)
    if pair is None:
        return BooleanShape(yes or "true", no or "false", f"examples {_shown(seen)}",
                            f"only {known!r} is shown; its partner is a guess")
    other = pair[1] if yes is not None else pair[0]
    other = _same_case(other, known)
    true, false = (known, other) if yes is not None else (other, known)
    return BooleanShape(true, false, f"{known!r} in the examples; its partner {other!r}"
                        " by the usual pairing")


def _reads(value: str) -> bool | None:
    try:
        return parse_bool(value)
    except ConversionError:
        return None


def _same_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word.capitalize()
    return word
