"""Reconciliation the bookkeeper can sign off: per timekeeper, matter and date the entries,
hours in (as the source says), hours out (as the target file will say, after the increment) and
the amount (hours out x rate, each entry to the cent); then totals per timekeeper and overall,
which must equal the source's hours (checked, never assumed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from addin.convert.exact import format_fixed
from addin.core.lookups import name_key
from addin.core.problems import Problem
from addin.core.review import ReviewEntry
from addin.core.tally import Account, hours_text

HEADER = ["kind", "timekeeper", "matter", "date", "entries", "hours_in", "hours_out", "amount"]


@dataclass
class Line:
    kind: str  # "day" (one timekeeper, matter and date), "timekeeper" (its total), "total"
    timekeeper: str
    matter: str
    date: dt.date | None
    entries: int = 0
    seconds_in: Decimal = Decimal(0)
    seconds_out: Decimal = Decimal(0)
    amount: Decimal | None = Decimal(0)  # None when an entry has no rate

    def add(self, other: Line | ReviewEntry) -> None:
        if isinstance(other, Line):
            self.entries += other.entries
            amount = other.amount
            seconds_in, seconds_out = other.seconds_in, other.seconds_out
        else:
            self.entries += 1
            amount = entry_amount(other)
            seconds_in = other.seconds_in or Decimal(0)
            seconds_out = other.seconds_out or Decimal(0)
        self.seconds_in += seconds_in
        self.seconds_out += seconds_out
        self.amount = None if self.amount is None or amount is None else self.amount + amount

    def cells(self) -> list[str]:
        return [self.kind, self.timekeeper, self.matter,
                self.date.isoformat() if self.date else "", str(self.entries),
                hours_text(Fraction(self.seconds_in) / 3600),
                hours_text(Fraction(self.seconds_out) / 3600),
                "" if self.amount is None else f"{self.amount:.2f}"]


def entry_amount(entry: ReviewEntry) -> Decimal | None:
    """Hours out x rate, rounded half up to the cent; None without a rate or hours."""
    if entry.rate is None or entry.seconds_out is None:
        return None
    exact = Fraction(entry.seconds_out) / 3600 * Fraction(entry.rate)
    return Decimal(format_fixed(exact, 2, rounding="nearest") or "0")


def reconcile(entries: Sequence[ReviewEntry]) -> list[Line]:
    """Day lines (by timekeeper, then date, then matter), each timekeeper's total after its
    days, and the overall total last."""
    days: dict[tuple[str, str, dt.date | None], Line] = {}
    for entry in entries:
        key = (name_key(entry.timekeeper or ""), name_key(entry.matter or ""), entry.date)
        line = days.get(key)
        if line is None:
            line = days[key] = Line("day", entry.timekeeper or "", entry.matter or "", entry.date)
        line.add(entry)
    lines: list[Line] = []
    total = Line("total", "", "", None)
    people: dict[str, Line] = {}
    for key in sorted(days, key=lambda k: (k[0], k[2] or dt.date.min, k[1])):
        line = days[key]
        person = people.get(key[0])
        if person is None:
            person = people[key[0]] = Line("timekeeper", line.timekeeper, "", None)
        person.add(line)
    for person_key, person in people.items():
        lines += [days[k] for k in sorted(days, key=lambda k: (k[2] or dt.date.min, k[1]))
                  if k[0] == person_key]
        lines.append(person)
        total.add(person)
    lines.append(total)
    return lines


def check_totals(lines: Sequence[Line], entries: Sequence[ReviewEntry],
                 account: Account) -> Problem | None:
    """The total's hours in must be the source's duration cells as the tally read them (rows
    whose duration comes from start and end times aside): an error, not a line, if not."""
    if account.hours_in is None:
        return None
    derived = sum((e.seconds_in or Decimal(0)) for e in entries if e.derived)
    summed = lines[-1].seconds_in - derived
    if summed == account.seconds_in:
        return None
    return Problem(None, "summary", "error", "hours-mismatch",
                   f"the summary's hours in, {hours_text(Fraction(summed) / 3600)}, differ from"
                   f" the source's {hours_text(Fraction(account.seconds_in) / 3600)}; the"
                   " summary is not written")
