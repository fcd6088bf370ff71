"""The unit of a duration column's bare numbers (8, 1.5, 5400), decided once for the column.

A bare number is hours, minutes or seconds, and choosing wrongly multiplies or divides every
entry, so the choice is made from evidence and stated: the unit the user gives
(`duration_unit`), else the From and To of the same rows (a Kimai export writes whole seconds
beside them), else a unit in the column's header ("Duration (minutes)"), else the profile's
documented unit, unless that would make every entry longer than a day. Durations with their own
form (1:30, 1h 30m, 90 min, time cells) need no unit and are not affected.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from addin.convert.duration_parse import SHORT_UNITS, UNIT_WORDS
from addin.convert.exact import plain
from addin.convert.numbers import parse_number
from addin.core.problems import ConversionError
from addin.core.units import UNIT_SECONDS, UNIT_SYMBOLS

DAY = Decimal(86400)
SAMPLE = 10_000  # rows whose From and To are kept to weigh against the duration
_BARE = re.compile(r"\s*\+?\d[\d.,' \u00a0\u202f]*\s*")


def bare_number(value: object) -> Decimal | None:
    """The number of a duration cell written without a unit or clock form; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        return number if number.is_finite() and number >= 0 else None  # inf, NaN: no duration
    if not isinstance(value, str) or not _BARE.fullmatch(value):
        return None
    for sep in (".", ","):
        try:
            return parse_number(value, sep)
        except ConversionError:
            continue
    return None


def header_unit(name: str) -> str | None:
    """'Duration (minutes)' -> 'minutes', 'Temps (mn)' too; None when the header names no unit,
    or several."""
    alone = re.search(r"[(\[]\s*([^\W\d_]+)\.?\s*[)\]]", name.casefold())
    if alone and alone.group(1) in SHORT_UNITS:
        return SHORT_UNITS[alone.group(1)]
    words = set(re.findall(r"[^\W\d_]+", name.casefold()))
    found = [unit for unit, spellings in UNIT_WORDS.items() if words & spellings]
    return found[0] if len(found) == 1 else None


@dataclass
class UnitVote:
    """What the duration column shows about the unit of its bare numbers, over the whole column."""

    bare: int = 0
    whole: bool = True  # every bare number is a whole number
    smallest: Decimal | None = None  # the smallest bare number above zero
    largest: Decimal | None = None
    # (start cell, end cell, bare number) of rows that have all three, to weigh once the date
    # order of the start and end columns is known
    spans: list[tuple[object, object, Decimal]] = field(default_factory=list)

    def add(self, value: object, start: object = None, end: object = None) -> None:
        number = bare_number(value)
        if number is None:
            return
        self.bare += 1
        self.whole = self.whole and number == number.to_integral_value()
        if number > 0:
            self.smallest = number if self.smallest is None else min(self.smallest, number)
            self.largest = number if self.largest is None else max(self.largest, number)
        if start is not None and end is not None and len(self.spans) < SAMPLE:
            self.spans.append((start, end, number))


@dataclass(frozen=True)
class UnitDecision:
    unit: str
    note: str | None = None  # how the unit was chosen, when it is not plain hours by default
    error: str | None = None  # why no unit can be chosen, and how to give one
    refused: bool = False  # the column cannot be read: its rows are not checked one by one


def agreeing_units(span: Decimal, number: Decimal) -> list[str]:
    """Units in which `number` fits a From-To span of `span` seconds: equal within a minute (From
    and To are often written to the minute), or shorter by a break of up to half the span."""
    return [unit for unit, size in UNIT_SECONDS.items()
            if span / 2 - 60 <= number * size <= span + 60]


def decide(vote: UnitVote, spans: list[tuple[Decimal, Decimal]], column: str, *,
           default: str, whole_unit: str | None, header: str | None, given: str | None,
           how_to_set: Callable[..., str], profile: str) -> UnitDecision:
    """The unit of `column`'s bare numbers. `spans`: (seconds from From to To, bare number) of
    rows with both; `given`: the user's duration_unit; `how_to_set(*values)`: how to give it
    one of these values, in the words of the shell the user is in."""
    shown = _examples(vote)
    every = how_to_set(*UNIT_SYMBOLS.values())
    tally: dict[str, list[tuple[Decimal, Decimal]]] = {}
    for span, number in spans:
        units = agreeing_units(span, number)
        if span > 0 and number > 0 and len(units) == 1:
            tally.setdefault(units[0], []).append((span, number))
    if given is not None:
        against = [u for u in tally if u != given]
        if against and given not in tally:
            span, number = tally[against[0]][0]
            return UnitDecision(given, error=(
                f"you said {column!r} is in {given}, but its From and To show"
                f" {against[0]}: {plain(number)} beside {_span_text(span)}. Drop the setting,"
                " or correct the file"))
        return UnitDecision(given, note=None if given == "hours" or not vote.bare else (
            f"numbers in {column!r} read as {given}, as you set (duration_unit)"))
    if not vote.bare:
        return UnitDecision(default)
    if len(tally) > 1:
        examples = "; ".join(f"{plain(n)} beside {_span_text(s)} is {u}"
                             for u, rows in tally.items() for s, n in rows[:1])
        return UnitDecision(default, refused=True, error=(
            f"{column!r} holds numbers without a unit, and its From and To disagree on which:"
            f" {examples}. Say which with {every}"))
    if tally:
        unit, rows = next(iter(tally.items()))
        if header is not None and header != unit:
            return UnitDecision(header, refused=True, error=(
                f"{column!r} says {header} in its header, but its From and To show {unit}"
                f" ({len(rows)} row{'s' if len(rows) != 1 else ''}); say which with"
                f" {every}"))
        note = None if unit == "hours" else (
            f"numbers in {column!r} read as {unit}: the From and To of {len(rows)}"
            f" row{'s' if len(rows) != 1 else ''} agree with {unit} ({shown})")
        return UnitDecision(unit, note=note)
    if header is not None:
        note = None if header == "hours" else (
            f"numbers in {column!r} read as {header}, as its header says ({shown})")
        return _checked(UnitDecision(header, note=note), vote, column, how_to_set)
    note = None
    if whole_unit is not None and whole_unit != default and vote.whole:
        note = (f"whole numbers in {column!r} read as {default} ({shown}); profile {profile}"
                f" reads them as {whole_unit} only beside From and To that agree, which this"
                f" file does not have. If they are {whole_unit}, give"
                f" {how_to_set(UNIT_SYMBOLS.get(whole_unit, whole_unit))}")
    return _checked(UnitDecision(default, note=note), vote, column, how_to_set)


def _checked(decision: UnitDecision, vote: UnitVote, column: str,
             how_to_set: Callable[..., str]) -> UnitDecision:
    """A unit chosen without From and To is refused when it makes every entry over a day long:
    a column of 480, 90, 5400 is minutes or seconds, never hours."""
    size = UNIT_SECONDS.get(decision.unit, DAY)  # a profile may document days
    if vote.smallest is None or vote.smallest * size <= DAY:
        return decision
    smaller = [symbol for unit, symbol in UNIT_SYMBOLS.items() if UNIT_SECONDS[unit] < size]
    fitting = [symbol for unit, symbol in UNIT_SYMBOLS.items() if UNIT_SECONDS[unit] < size
               and vote.smallest * UNIT_SECONDS[unit] <= DAY]
    return UnitDecision(decision.unit, refused=True, error=(
        f"{column!r} holds numbers without a unit ({_examples(vote)}): read as"
        f" {decision.unit}, every entry would be longer than a day. Say which unit they are in"
        f" with {how_to_set(*(fitting or smaller))}"))


def _examples(vote: UnitVote) -> str:
    if vote.smallest is None:
        return "all 0"
    if vote.smallest == vote.largest:
        return plain(vote.smallest)
    return f"{plain(vote.smallest)} to {plain(vote.largest or vote.smallest)}"


def _span_text(seconds: Decimal) -> str:
    whole = int(seconds)
    text = f"{whole // 3600}:{whole % 3600 // 60:02d}"
    return f"From-To {text}:{whole % 60:02d}" if whole % 60 else f"From-To {text}"

