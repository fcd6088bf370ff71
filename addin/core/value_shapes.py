"""The shape of a target's example values: what a published import template's sample rows say
about how a column must be written (a duration's unit and decimals; a yes/no column's spellings;
a number's decimals; dates and times in addin.core.date_shapes).

Each reading says why in `note`, and what the examples could not settle in `todo` (None when
they settle it), so a template built from them marks every guess. Nothing here reads a value
one way when it fits two: then the reading is a todo.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from addin.convert.booleans import parse_bool
from addin.core.date_shapes import filled, shown
from addin.core.duration_unit import header_unit
from addin.core.problems import ConversionError

_CLOCK = re.compile(r"(\d{1,3}):(\d{2})(:\d{2})?")
_NUMBER = re.compile(r"[+-]?\d+(?:([.,])(\d+))?")
# A whole number of hours above this is not plausibly one entry's hours: it reads as minutes.
_MOST_HOURS = 24
# Spellings of yes and no that pair with each other, in the case the examples use.
_PAIRS = (("true", "false"), ("yes", "no"), ("y", "n"), ("1", "0"), ("on", "off"),
          ("billable", "non-billable"))

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

def infer_duration(values: Sequence[str], header: str) -> DurationShape:
    """A duration's unit and decimals: clock forms by their padding, bare numbers by the header's
    unit, else by their size (whole numbers past a day's hours read as minutes)."""
    seen = filled(values)
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
        return DurationShape(unit, f"clock durations in the examples {shown(seen)}")
    numbers = [_NUMBER.fullmatch(v) for v in seen]
    if not all(numbers):
        unit = named or "hours"
        return DurationShape(unit, f"examples {shown(seen)}", todo=f"the examples"
                             f" ({shown(seen)}) are no durations read here; {unit} assumed")
    found = [m for m in numbers if m]
    decimals, separator = _decimals(found)
    if named:
        return DurationShape(named, f"the header {header!r} names {named}", decimals, separator)
    fractions = any(m.group(1) for m in found)  # decimal hours are billing's usual form
    whole = [abs(int(m.group(0).split(m.group(1) or ".")[0])) for m in found]
    if fractions or max(whole) <= _MOST_HOURS:
        return DurationShape("hours", f"numbers of a day's size or less in the examples"
                             f" {shown(seen)} read as hours", decimals, separator)
    return DurationShape("minutes", f"whole numbers past {_MOST_HOURS} in the examples"
                         f" {shown(seen)} read as minutes", decimals, separator,
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
    seen = filled(values)
    if not seen:
        return NumberShape("no example value", todo="no example value; decimals left open")
    numbers = [_NUMBER.fullmatch(v) for v in seen]
    if not all(numbers):
        return NumberShape(f"examples {shown(seen)}", todo=f"the examples ({shown(seen)})"
                           " are no plain numbers; decimals left open")
    decimals, separator = _decimals([m for m in numbers if m])
    return NumberShape(f"from the examples {shown(seen)}", decimals, separator)


# Money as a template shows it: a currency sign or code, thousands grouped, cents after the
# decimal separator ('$1,250.00', '1.234,50 €').
_DRESSED = re.compile(r"[+-]?(?:[^\d\s.,+-]{1,3}\s?)?(\d{1,3}(?:([.,' \u00a0\u202f])\d{3})+|\d+)"
                      r"(?:([.,])(\d{1,2}))?(?:\s?[^\d\s.,+-]{1,3})?")


def _dressed_money(values: Sequence[str]) -> NumberShape | None:
    """The cents and decimal separator of money written with a currency sign or grouped
    thousands, with a todo saying that neither is written; None when the examples are not
    such money, or one separator could be either."""
    seen = filled(values)
    found = [_DRESSED.fullmatch(v) for v in seen]
    if not seen or not all(found):
        return None
    matches = [m for m in found if m]
    groups = {m.group(2) for m in matches if m.group(2)}
    points = {m.group(3) for m in matches if m.group(3)}
    if len(points) > 1 or groups & points or not points and groups & {".", ","}:
        return None  # '1,250' alone may be 1250 or 1.25
    separator = points.pop() if points else "."
    cents = max(len(m.group(4) or "") for m in matches)
    first = matches[0]
    plain = first.group(1).replace(first.group(2) or " ", "") + (
        f"{separator}{first.group(4)}" if first.group(4) else "")
    return NumberShape(f"examples {shown(seen)}", cents if cents >= 2 else None, separator,
                       f"the examples ({shown(seen)}) show a currency sign or thousands"
                       f" separators, which a template does not write: written {plain};"
                       " check the importer reads it")


def infer_money(values: Sequence[str]) -> NumberShape:
    """Money's decimals: the cents the examples show (a sheet drops a trailing zero, so 63.4
    beside 15.85 is two decimals); none shown leaves them open."""
    shape = infer_number(values)
    if shape.todo:
        return _dressed_money(values) or shape
    found = [m for m in (_NUMBER.fullmatch(v) for v in filled(values)) if m]
    cents = max(len(m.group(2) or "") for m in found)
    if cents < 2:
        return NumberShape(f"the examples {shown(filled(values))} show no cents; decimals"
                           " left open", None, shape.decimal_separator)
    return NumberShape(f"{cents} decimals, the most the examples {shown(filled(values))}"
                       " show", cents, shape.decimal_separator)


def infer_boolean(values: Sequence[str]) -> BooleanShape:
    """The spellings of yes and no, as the examples write them; a lone spelling gets its
    usual partner in the same case."""
    seen = filled(values)
    yes = next((v for v in seen if _reads(v) is True), None)
    no = next((v for v in seen if _reads(v) is False), None)
    if yes is None and no is None:
        why = "no example value" if not seen else f"the examples ({shown(seen)}) are no yes/no"
        return BooleanShape("true", "false", why, f"{why}; true/false assumed")
    if yes is not None and no is not None:
        return BooleanShape(yes, no, f"from the examples {shown(seen)}")
    known = yes if yes is not None else no
    assert known is not None
    pair = next((p for p in _PAIRS if known.casefold() in p), None)
    if pair is None:
        return BooleanShape(yes or "true", no or "false", f"examples {shown(seen)}",
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
