"""Every source row accounted for: rows read, mapped (written), merged, and hours in and out.

The shells pass the source rows and the mapped rows through an `Account`, which counts them and
totals the hours on both sides: the source's duration cells as read, and the output's duration
column read back from the text that is written. A summary that shows both lets the user see at
once that nothing was lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

from addin.conform import read_value
from addin.convert.durations import parse_duration
from addin.convert.exact import exact_decimal, format_fixed, plain
from addin.header import HeaderlessValues, column_name
from addin.mapper import MappedRow, Plan
from addin.problems import ConversionError, Problem, Report


class Account:
    def __init__(self, plan: Plan, report: Report) -> None:
        self.plan = plan
        self.report = report
        self.read = 0
        self.mapped = 0
        self.headerless = HeaderlessValues(plan.header)
        self.duration_index = plan.fields.get("duration")
        self.duration_column = next((i for i, c in enumerate(plan.template.columns)
                                     if c.type == "duration"), None)
        self.seconds_in = Decimal(0)
        self.seconds_out = Decimal(0)

    def source_rows(self, rows: Iterable[tuple[int, Sequence[object]]]
                    ) -> Iterator[tuple[int, Sequence[object]]]:
        """The rows, unchanged, counted and totalled on their way to the engine."""
        for number, cells in rows:
            self.read += 1
            for row, index, value in self.headerless.check(number, cells):
                where = column_name(self.plan.header, index)
                self.report.add(Problem(
                    row, where, "warning", "no-header",
                    f"{where} has values but no header, so they are not read (this is the first"
                    " of them); give the column a header, or delete the values", value))
            if self.duration_index is not None and self.duration_index < len(cells):
                self.seconds_in += self._source_seconds(cells[self.duration_index])
            yield number, cells

    def _source_seconds(self, raw: object) -> Decimal:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return Decimal(0)
        try:
            return parse_duration(raw, self.plan.decimal_seps.get("duration", "."),
                                  self.plan.bare_unit)
        except ConversionError:
            return Decimal(0)  # the engine reports it

    def mapped_rows(self, rows: Iterable[MappedRow]) -> Iterator[MappedRow]:
        """The mapped rows, unchanged, counted and their written duration read back."""
        for mapped in rows:
            self.mapped += 1
            if self.duration_column is not None:
                text = mapped.values[self.duration_column]
                if text:
                    column = self.plan.template.columns[self.duration_column]
                    value = read_value(column, text)
                    assert isinstance(value, Decimal)
                    self.seconds_out += value
            yield mapped

    @property
    def merged(self) -> int:
        """Rows written once with an earlier one, as the template's `unique` columns ask."""
        return self.read - self.mapped

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
        if self.rows_with_errors:
            text += f", {self.rows_with_errors} with errors"
        hours_in, hours_out = self.hours_in, self.hours_out
        if hours_in is not None:
            text += f"; {hours_text(hours_in)} hours in"
            if written is not False and hours_out is not None:
                text += f", {hours_text(hours_out)} out"
        return text


def hours_text(hours: Fraction) -> str:
    """Exact hours when they have an end (1.5), else rounded to 4 decimals and marked (~0.0056)."""
    exact = exact_decimal(hours)
    if exact is not None:
        return plain(exact)
    return "~" + (format_fixed(hours, 4, rounding="nearest") or "")
