"""Every source row accounted for: rows read, mapped (written), merged, and hours in and out.

The shells pass the source rows and the mapped rows through an `Account`, which counts them and
totals the hours on both sides: the source's duration cells as read, and the output's duration
column read back from the text that is written. Row by row, the hours written must be the hours
read plus the changes the user was told of (rounding to the increment they set, a rounded
duration replaced by its exact start-to-end span); any other difference is an error naming the
row (`hours-mismatch`), so wrong hours never leave with exit code 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from addin.convert.by_type import read_written
from addin.convert.durations import parse_duration
from addin.convert.exact import exact_decimal, format_fixed, plain
from addin.convert.memo import MAXSIZE, remembered
from addin.convert.render import render
from addin.core.convert_rows import MappedRow
from addin.core.decide import Decisions
from addin.core.header import HeaderlessValues, column_name
from addin.core.plan import Plan
from addin.core.problems import ConversionError, Problem, Report
from addin.core.rowkinds import RowKinds


class Account:
    def __init__(self, plan: Plan, decisions: Decisions, report: Report) -> None:
        self.plan = plan
        self.decisions = decisions
        self.report = report
        self.read = 0
        self.mapped = 0
        self.headerless = HeaderlessValues(plan.header)
        self.kinds = RowKinds(plan, decisions)
        self.totals = 0  # rows recognised as totals, not imported
        self.split = 0  # rows with more cells than the header, not read
        self.duration_index = plan.fields.get("duration")
        self.duration_column = next((i for i, c in enumerate(plan.template.columns)
                                     if c.type == "duration"), None)
        self.seconds_in = Decimal(0)
        self.seconds_out = Decimal(0)
        self.rounded = Decimal(0)  # seconds added by the user's increment
        self.exact_span = Decimal(0)  # seconds added by taking exact spans for rounded durations
        self.template_rounded = Decimal(0)  # seconds added by the template's own rounding
        # source row -> its duration cell in seconds (None: empty or unreadable), until mapped
        self.pending: dict[int, Decimal | None] = {}
        # (row, seconds expected, seconds written or None) of rows that differ
        self.differing: list[tuple[int, Decimal | None, Decimal | None]] = []
        # A column repeats a few values: each distinct one is read once (a cell's seconds under
        # the column's decisions, a written duration's seconds), at most MAXSIZE of each.
        self.cell_seconds: dict[tuple[type, object, str | None, str], Decimal | None] = {}
        self.written_seconds: dict[str, Decimal] = {}

    def source_rows(self, rows: Iterable[tuple[int, Sequence[object]]]
                    ) -> Iterator[tuple[int, Sequence[object]]]:
        """The rows, unchanged, counted and totalled on their way to the engine."""
        for number, cells in rows:
            self.read += 1
            not_entry = self.kinds.check(number, cells)
            if not_entry is not None:
                self.report.add(not_entry)
                if not_entry.code == "totals-row":
                    self.totals += 1
                else:
                    self.split += 1
                continue
            for row, index, value in self.headerless.check(number, cells):
                where = column_name(self.plan.header, index)
                self.report.add(Problem(
                    row, where, "warning", "no-header",
                    f"{where} has values but no header, so they are not read (this is the first"
                    " of them); give the column a header, or delete the values", value))
            seconds = None
            if self.duration_index is not None and self.duration_index < len(cells):
                seconds = self._source_seconds(cells[self.duration_index])
                self.seconds_in += seconds or 0
            if self.duration_column is not None:
                self.pending[number] = seconds
            yield number, cells

    def _source_seconds(self, raw: object) -> Decimal | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        separator, unit = self.decisions.decimal_seps.get("duration", "."), self.decisions.bare_unit
        if not remembered(raw):
            return _cell_seconds(raw, separator, unit)
        key = (type(raw), raw, separator, unit)  # typed: 1 == 1.0 == True
        if key not in self.cell_seconds:
            _keep(self.cell_seconds, key, _cell_seconds(raw, separator, unit))
        return self.cell_seconds[key]

    def mapped_rows(self, rows: Iterable[MappedRow]) -> Iterator[MappedRow]:
        """The mapped rows, unchanged, counted and their written duration read back and checked
        against the row's duration cell; once all are through, rows that differ are errors."""
        for mapped in rows:
            self.mapped += 1
            if self.duration_column is not None:
                self._check_hours(mapped)
            yield mapped
        self._report_differences()

    def _check_hours(self, mapped: MappedRow) -> None:
        column = self.plan.template.columns[self.duration_column or 0]
        text = mapped.values[self.duration_column or 0]
        written: Decimal | None = None
        if text:
            written = self.written_seconds.get(text)
            if written is None:
                value = read_written(column, text)
                assert isinstance(value, Decimal)
                _keep(self.written_seconds, text, value)
                written = value
            self.seconds_out += written
        trail = mapped.trail
        cell = self.pending.pop(mapped.row, None)
        if cell is None and trail.derived is not None:
            cell = trail.derived
            if self.duration_index is not None:
                self.seconds_in += cell  # a row without a duration cell: its start to end
        if cell is None:
            if written:
                self.differing.append((mapped.row, None, written))
            return
        expected = cell + trail.exact_span + trail.rounded
        self.rounded += trail.rounded
        self.exact_span += trail.exact_span
        if written is None or written == expected:
            if written is None and expected:
                self.differing.append((mapped.row, expected, None))
            return
        if column.increment is not None or column.rounding is not None:
            # The template rounds this column itself: the same rounding of the expected hours.
            try:
                if render(column, expected) == text:
                    self.template_rounded += written - expected
                    return
            except ConversionError:
                pass
        self.differing.append((mapped.row, expected, written))

    def _report_differences(self) -> None:
        """Rows whose hours written are not their hours read (plus the changes reported), unless
        an error on the row already says why nothing was written."""
        explained = {p.row for p in self.report.errors if p.row is not None}
        name = self.plan.template.columns[self.duration_column or 0].name
        source = self.plan.source_name("duration")
        for row, expected, written in self.differing:
            if written is None and row in explained:
                continue
            if written is None:
                what = f"{_hours(expected)} h read from {source!r}, and {name} is empty"
            elif expected is None:
                what = f"no hours read, and {name} is {_hours(written)} h"
            else:
                what = (f"{_hours(expected)} h read from {source!r}"
                        f"{' (after the rounding reported)' if expected else ''}, and {name} is"
                        f" {_hours(written)} h")
            self.report.add(Problem(
                row, name, "error", "hours-mismatch",
                f"hours in must equal hours out: {what}. The template {self.plan.template.id}"
                f" changes durations in a way nothing reports; check its {name} column",
                _hours(written) if written is not None else ""))
        self.differing.clear()

    @property
    def merged(self) -> int:
        """Rows written once with an earlier one, as the template's `unique` columns ask."""
        return self.read - self.mapped - self.totals - self.split

    @property
    def rows_with_errors(self) -> int:
        return len({p.row for p in self.report.errors if p.row is not None})

    @property
    def hours_in(self) -> Fraction | None:
        """Hours in the source's duration column; None when it has none or the target no hours."""
        if self.duration_index is None or self.duration_column is None:
            return None
        return Fraction(self.seconds_in) / 3600

    @property
    def hours_out(self) -> Fraction | None:
        return None if self.duration_column is None else Fraction(self.seconds_out) / 3600

    def summary(self, written: bool | None) -> str:
        """'34 rows read, 34 written, 2 with errors; 31.5 hours in, 31.5 out'.

        `written`: True when the file was written, False when it was not, None when nothing is
        written by design (check, dry run, the Excel sheet: rows are 'mapped').
        """
        text = f"{self.read} row{'s' if self.read != 1 else ''} read"
        if written is not False:
            text += f", {self.mapped} {'written' if written else 'mapped'}"
            if self.merged:
                text += (f" ({self.merged} merged into rows with the same"
                         f" {', '.join(self.plan.template.unique)})")
        if self.totals:
            text += f", {self.totals} total{'s' if self.totals != 1 else ''} not imported"
        if self.split:
            text += f", {self.split} split row{'s' if self.split != 1 else ''} not read"
        if self.rows_with_errors:
            text += f", {self.rows_with_errors} with errors"
        hours_in, hours_out = self.hours_in, self.hours_out
        if hours_in is not None:
            text += f"; {hours_text(hours_in)} hours in"
            if written is not False and hours_out is not None:
                text += f", {hours_text(hours_out)} out"
                for seconds, why in ((self.rounded, "rounded to the increment you set"),
                                     (self.exact_span, "from exact start and end times"),
                                     (self.template_rounded, "rounded by the template")):
                    if seconds:
                        text += f" ({signed_hours_text(Fraction(seconds) / 3600)} {why})"
        return text


def hours_text(hours: Fraction) -> str:
    """Exact hours when they have an end (1.5), else rounded to 4 decimals and marked (~0.0056)."""
    exact = exact_decimal(hours)
    if exact is not None:
        return plain(exact)
    return "~" + (format_fixed(hours, 4, rounding="nearest") or "")


def signed_hours_text(hours: Fraction) -> str:
    """'+1.5', '-0.25', '~+0.0033': a change in hours, with its sign."""
    text = hours_text(abs(hours))
    sign = "+" if hours > 0 else "-"
    return "~" + sign + text[1:] if text.startswith("~") else sign + text


def _cell_seconds(raw: object, separator: str | None, unit: str) -> Decimal | None:
    try:
        return parse_duration(raw, separator, unit)
    except ConversionError:
        return None  # the engine reports it


def _keep(memo: dict[Any, Any], key: object, value: object) -> None:
    """`value` remembered under `key`; a memo that is full starts again, so memory stays flat."""
    if len(memo) >= MAXSIZE:
        memo.clear()
    memo[key] = value


def _hours(seconds: Decimal | None) -> str:
    return hours_text(Fraction(seconds or 0) / 3600)
