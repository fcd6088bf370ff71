"""What the rows tell about the file as a whole, told once when every row is through: names
written trimmed or composed, dates that span many years, durations rounded to the increment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from addin.convert.exact import show_exact
from addin.convert.memo import MAXSIZE as MEMO_SIZE
from addin.core.column_checks import clean_name, date_span
from addin.core.plan import Plan
from addin.core.problems import Problem


@dataclass
class CleanedNames:
    """Names of one column written trimmed or composed: a count and the first rows, so a column
    of trailing spaces costs neither a warning per row nor memory per row."""
    count: int = 0
    rows: list[int] = field(default_factory=list)
    trimmed: bool = False
    composed: bool = False

    def add(self, row: int, trimmed: bool, composed: bool) -> None:
        self.count += 1
        if len(self.rows) < 3:
            self.rows.append(row)
        self.trimmed |= trimmed
        self.composed |= composed

    def message(self, column: str) -> str:
        how = " and ".join(w for w, done in (("without surrounding spaces", self.trimmed),
                                              ("in composed Unicode (NFC)", self.composed)) if done)
        many = self.count != 1
        rows = ", ".join(map(str, self.rows)) + (", ..." if self.count > len(self.rows) else "")
        return (f"{self.count} value{'s' if many else ''} of {column!r} written {how}"
                f" (row{'s' if many else ''} {rows}), so each name is written and matched one way")


class FileNotes:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.cleaned: dict[str, CleanedNames] = {}  # column -> names trimmed or normalised
        self.names: dict[str, tuple[str, bool, bool]] = {}  # name -> clean_name's answer
        # Per date field, the earliest and latest date read, with their rows.
        self.date_range: dict[str, tuple[tuple[dt.date, int], tuple[dt.date, int]]] = {}
        self.rounded_count = 0
        self.rounded_by = Decimal(0)
        self.rounding = "up"
        self.start_step = 1  # the seconds the target's start times are multiples of
        self.fractions: list[tuple[int, str, str]] = []  # the first start cut: row, column, cell
        self.fraction_count = 0
        self.offsets: list[tuple[int, str, str]] = []  # the first time with a UTC offset

    def clean_name(self, row: int, column: str, text: str) -> str:
        """A name without surrounding spaces, in composed Unicode (NFC); changes are counted per
        column and reported once, since a whole column often carries trailing spaces."""
        known = self.names.get(text)
        if known is None:
            if len(self.names) >= MEMO_SIZE:
                self.names.clear()
            known = self.names[text] = clean_name(text)
        clean, trimmed, composed = known
        if trimmed or composed:
            self.cleaned.setdefault(column, CleanedNames()).add(row, trimmed, composed)
        return clean

    def note_date(self, name: str, date: dt.date, row: int) -> None:
        held = self.date_range.get(name)
        if held is None:
            self.date_range[name] = ((date, row), (date, row))
        elif date < held[0][0]:
            self.date_range[name] = ((date, row), held[1])
        elif date > held[1][0]:
            self.date_range[name] = (held[0], (date, row))

    def rounded(self, by: Decimal) -> None:
        self.rounded_count += 1
        self.rounded_by += by

    def offset_seen(self, row: int, column: str, shown: str) -> None:
        if not self.offsets:
            self.offsets.append((row, column, shown))

    def start_cut(self, row: int, column: str, shown: str) -> None:
        self.fraction_count += 1
        if not self.fractions:
            self.fractions.append((row, column, shown))

    def problems(self) -> list[Problem]:
        """File-level notes once every row is through."""
        found = [Problem(None, column, "warning", "changed-text", cleaned.message(column))
                 for column, cleaned in self.cleaned.items()]
        for name, (first, last) in self.date_range.items():
            if (span := date_span(self.plan.source_name(name), first, last)) is not None:
                found.append(span)
        if self.rounded_count:
            hours = show_exact(Fraction(self.rounded_by) / 3600)
            count = self.rounded_count
            found.append(Problem(
                None, self.plan.source_name("duration"), "warning", "rounded",
                f"{count} duration{'s' if count != 1 else ''} rounded"
                f" {self.rounding} to the increment you set ({self.plan.setting_value('increment')}"
                f"), {'+' if self.rounded_by >= 0 else ''}{hours} h in all"))
        if self.offsets:
            row, column, shown = self.offsets[0]
            found.append(Problem(
                None, column, "warning", "utc-offset",
                f"the times carry a UTC offset (row {row}: {shown}) and are written as that"
                " clock shows them, dates included; to write them in your time zone, give"
                f" {self.plan.options.how_to_set('timezone')}, the zone's name (e.g."
                " Europe/Berlin)"))
        if self.fractions:
            row, column, shown = self.fractions[0]
            count = self.fraction_count
            found.append(Problem(
                None, column, "warning", "rounded",
                f"{count} start time{'s have' if count != 1 else ' has'}"
                f" {'seconds' if self.start_step == 60 else 'fractions of a second'}"
                f" (row {row}: {shown}); written to the"
                f" {'minute' if self.start_step == 60 else 'whole second'}, as"
                f" {self.plan.template.target} holds times; the durations are the source's,"
                " unchanged"))
        return found
