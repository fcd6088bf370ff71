"""Rows that are not time entries: a totals line, and a CSV row cut at an unquoted separator.

Exports and hand-made sheets end with totals (Kimai's spreadsheet export puts a sum under the
Duration column; people write "Total" or "Summe" in the first cell). Read as an entry, a total
doubles the hours and, read while deciding columns, it can tip a column's date order or decimal
separator. A row with more cells than the header is one whose values have shifted: `$1,250.00`
unquoted in a comma-separated file is two cells. Neither is mapped; each is reported.

A real entry whose description says "total" is not a total: the label must stand in the row's
first filled cell, not the narrative, the date must be blank, and the other identifying cells
blank or the hours equal to the sum of the entries above.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from addin.convert.durations import parse_duration
from addin.core.header import column_name, filled
from addin.core.problems import ConversionError, Problem

if TYPE_CHECKING:
    from addin.core.decide import Decisions
    from addin.core.plan import Plan

# English, German, and the words of French, Spanish, Italian, Dutch and Portuguese sheets.
_TOTAL_WORD = (r"(grand\s*|sub-?|sous-?)?(total|totals|totaux|sum|sums|summe|zwischensumme|gesamt"
               r"|gesamtsumme|insgesamt|totaal|totale|somme|suma|somma|soma|σ)")
# A hand-kept sheet names the period a subtotal closes: 'Week 45 subtotal', 'Weekly total',
# 'KW 45 Summe', 'Wochensumme'.
_PERIOD = (r"((week|weekly|month|monthly|day|daily|kw|woche|monat|tag|wochen|monats|tages)"
           r"[\s\d./#:-]*)?")
TOTAL_LABEL = re.compile(_PERIOD + _TOTAL_WORD + r"\b.*", re.IGNORECASE)
# Also after the group's name, as Excel's Subtotal command and
# pivot tables write it ('Acme Total'), which counts only with the sum as evidence (below).
TRAILING_LABEL = re.compile(r".*\s" + _TOTAL_WORD + r"\s*[:.]?", re.IGNORECASE)
# The word alone ('Total', 'Summe:'), which no client or person is called.
BARE_LABEL = re.compile(_TOTAL_WORD + r"\s*[:.]?", re.IGNORECASE)
LABEL_LENGTH = 40
ROUNDING_SLACK = Decimal(18)  # seconds: half of 0.01 h
# Fields that do not say whose or which work an entry is.
NOT_IDENTITY = frozenset(("date", "end_date", "duration", "rate", "amount", "currency",
                          "billable"))
# `$1` `250.00`: a number cut at its thousands separator; `1` `5`: at a decimal comma.
THOUSANDS_HEAD = re.compile(r"[-+(]?\s*[$€£¥]?\s*\d{1,3}")
THOUSANDS_TAIL = re.compile(r"\d{3}([.]\d+)?\s*[)]?\s*[A-Za-z$€£¥]*")
DECIMAL_HEAD = re.compile(r"[-+]?\d+")
DECIMAL_TAIL = re.compile(r"\d+")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


class RowKinds:
    """Tells, row by row, whether a row is a time entry; remembers the hours of those above."""

    def __init__(self, plan: Plan, decisions: Decisions | None = None) -> None:
        self.plan = plan
        self.delimiter = plan.delimiter  # a CSV's; None for a spreadsheet, whose cells cannot split
        # The duration column's separator once decided; None while it is being decided.
        self.duration_sep = decisions.decimal_seps.get("duration") if decisions else None
        self.width = len(plan.header)
        self.date = plan.fields.get("date")
        self.duration = plan.fields.get("duration")
        self.description = plan.fields.get("description")
        self.identity = sorted({i for f, i in plan.fields.items() if f not in NOT_IDENTITY}
                               | set(plan.parts.values()))
        self.numbers = {plan.fields[f] for f in ("duration", "rate", "amount") if f in plan.fields}
        # Duration values of the entries (value: times seen) since the last total, and before it.
        self.since_total: dict[object, int] = {}
        self.in_all: dict[object, int] = {}
        self.entries = 0

    def check(self, row: int | None, cells: Sequence[object]) -> Problem | None:
        """None for an entry; else the problem that says what the row is (it is not mapped)."""
        if self.delimiter is not None and len(cells) > self.width and any(
                filled(c) for c in cells[self.width:]):
            return self._split(row, cells)
        date = _cell(cells, self.date)
        # A date cell that is a date, or text starting with a digit, is neither blank nor a
        # label: the common row is told without the label checks.
        if not (isinstance(date, dt.date) or (isinstance(date, str) and date[:1].isdigit())) and (
                date is None or not filled(date) or _label(date)):
            total = self._total(row, cells)
            if total is not None:
                for value, count in self.since_total.items():
                    self.in_all[value] = self.in_all.get(value, 0) + count
                self.since_total = {}
                return total
        # Each row's duration is only counted here; the sums are worked out when a row could be
        # a total, from the few distinct values a column holds.
        value = _cell(cells, self.duration)
        self.since_total[value] = self.since_total.get(value, 0) + 1
        self.entries += 1
        return None

    def _total(self, row: int | None, cells: Sequence[object]) -> Problem | None:
        # The label stands in the first filled cell that is not a number column's.
        first = next((i for i, c in enumerate(cells) if filled(c) and i not in self.numbers),
                     None)
        if first is None:
            first = next((i for i, c in enumerate(cells) if filled(c)), None)
        if first is None:
            return None
        label = _label(cells[first])
        trailing = not label and _label(cells[first], TRAILING_LABEL)
        blank = all(not filled(_cell(cells, i)) for i in self.identity if i != first)
        seconds = self._seconds(_cell(cells, self.duration))
        since_total = self._sum(self.since_total)
        in_all = since_total + self._sum(self.in_all)
        # Exports that round each entry (Kimai 1's decimal hours: 0.01 h) print the total of the
        # exact times: within half a hundredth of an hour per entry is the sum.
        sums = seconds is not None and seconds > 0 and self.entries > 0 and any(
            abs(seconds - total) <= ROUNDING_SLACK * count for total, count in (
                (since_total, sum(self.since_total.values())),
                (in_all, self.entries)))
        # Without the sum as evidence, a label after the words ('Total SA', a client) counts
        # only where a date belongs.
        placed = first in (self.date, 0) or BARE_LABEL.fullmatch(str(cells[first]).strip())
        if not ((label and placed and first != self.description and blank)
                or ((label or trailing) and sums) or (blank and sums and self.entries > 1)):
            return None
        at = self.duration if seconds is not None and self.duration is not None else first
        shown = repr(str(cells[first]).strip()) if label or trailing else (
            "a sum under blank names")
        return Problem(row, column_name(self.plan.header, at), "warning", "totals-row",
                       f"the row ({shown}) was recognised as a total and is not imported"
                       f"{_compared(seconds, since_total, in_all)}", str(cells[at]))

    def _sum(self, counts: dict[object, int]) -> Decimal:
        return sum((self._seconds(v) or Decimal(0)) * n for v, n in counts.items()) or Decimal(0)

    def _seconds(self, value: object) -> Decimal | None:
        if value is None or not filled(value):
            return None
        unit = self.plan.choice.profile.duration_unit
        decided = self.duration_sep or "."
        try:
            return parse_duration(value, decided, unit)
        except (ConversionError, ValueError):
            pass
        try:  # while the column's separator is still being decided
            return parse_duration(value, "," if decided == "." else ".", unit)
        except (ConversionError, ValueError):
            return None

    def _split(self, row: int | None, cells: Sequence[object]) -> Problem:
        sep = self.delimiter or ","
        texts = ["" if c is None else str(c).strip() for c in cells]
        # The likeliest cut: money ('$1' '250.00'), then a decimal comma ('1' '5'), then bare
        # thousands ('1' '350', which two number columns side by side also look like).
        candidates = []
        for index in range(len(texts) - 1 if sep == "," else 0):
            head, tail = texts[index], texts[index + 1]
            if THOUSANDS_HEAD.fullmatch(head) and THOUSANDS_TAIL.fullmatch(tail):
                money = not head.isdigit() or not tail.isdigit()
                candidates.append((0 if money else 2, index, "thousands separator"))
            elif DECIMAL_HEAD.fullmatch(head) and DECIMAL_TAIL.fullmatch(tail):
                candidates.append((1, index, "decimal comma"))
        found = None
        if candidates:
            _, index, why = min(candidates)
            found = index, f"{texts[index]}{sep}{texts[index + 1]}", why
        name = DELIMITER_NAMES.get(sep, repr(sep))
        message = (f"the row has {len(cells)} cells but the header {self.width}, so its values"
                   " have shifted and the row is not read")
        if found is None:
            where = column_name(self.plan.header, self.width)
            message += (f"; a value probably holds a {name} without quotes around it. Put the"
                        " value in double quotes (or save the file from Excel, which does)")
            return Problem(row, where, "error", "split-row", message)
        index, value, why = found
        message += (f"; {texts[index]!r} and {texts[index + 1]!r} look like one value, {value},"
                    f" cut at its {why} (the file's separator is a {name}). Put the value in"
                    f" double quotes (\"{value}\"), or save the file from Excel, which quotes it")
        return Problem(row, column_name(self.plan.header, index), "error", "split-row", message,
                       value)


def _compared(seconds: Decimal | None, since_total: Decimal, in_all: Decimal) -> str:
    if seconds is None:
        return ""
    if seconds in (since_total, in_all):
        return f"; its {_hours(seconds)} hours equal the sum of the entries above"
    return (f"; its {_hours(seconds)} hours differ from the sum of the entries above"
            f" ({_hours(since_total)} since the last total, {_hours(in_all)} in all): check the"
            " source")


def _cell(cells: Sequence[object], index: int | None) -> object:
    return cells[index] if index is not None and index < len(cells) else None


def _label(value: object, pattern: re.Pattern[str] = TOTAL_LABEL) -> bool:
    if not isinstance(value, str) or not value[:1].isalpha() and not value[:1].isspace():
        return False  # dates and numbers, the common case, are told at once
    text = value.strip()
    return bool(text) and len(text) <= LABEL_LENGTH and bool(pattern.fullmatch(text))


def _hours(seconds: Decimal) -> str:
    from addin.core.tally import hours_text  # the summary's way of showing hours; imports us

    return hours_text(Fraction(seconds) / 3600)
