"""The whole-invoice values of a table in the target's shape (LEDES: INVOICE_TOTAL and the
billing period, repeated on every line), checked against the invoice's lines after they were
edited: the total is the sum of the line totals, as `importmap map` writes it, and every line's
date lies in the billing period, as e-billing readers require."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

from addin.core.column_checks import ColumnChecks
from addin.core.problems import ConversionError, Problem
from addin.core.template import Column

Line = tuple[int, list[str], list[object]]  # row, written texts, typed values


class InvoiceCheck:
    def __init__(self, checks: ColumnChecks) -> None:
        self.checks = checks
        template = checks.template
        columns = template.columns

        def at(test: Callable[[Column], bool]) -> int | None:
            return next((i for i, c in enumerate(columns) if test(c)), None)

        self.keys = [i for i, c in enumerate(columns) if set(c.source) & set(template.invoice_by)]
        self.total = at(lambda c: c.derive == "invoice_total")
        self.line_total = at(lambda c: c.derive in ("amount", "fee"))
        self.start = at(lambda c: c.derive == "period_start")
        self.end = at(lambda c: c.derive == "period_end")
        self.date = at(lambda c: "date" in c.source and c.type == "date")
        self.invoices: dict[tuple[str, ...], list[Line]] = {}

    def add(self, row: int, values: list[str], typed: list[object]) -> None:
        if self.total is not None or self.start is not None or self.end is not None:
            key = tuple(values[i] for i in self.keys)
            self.invoices.setdefault(key, []).append((row, values, typed))

    def finish(self) -> None:
        for lines in self.invoices.values():
            self._total(lines)
            self._period(lines)

    def periods(self) -> None:
        """Only the lines' dates against their billing period: what `importmap map` checks,
        whose totals are the sums it wrote."""
        for lines in self.invoices.values():
            self._period(lines)

    def _total(self, lines: list[Line]) -> None:
        if self.total is None or self.line_total is None:
            return
        amounts = [t[self.line_total] for _, _, t in lines]
        total = sum((Fraction(a) for a in amounts if isinstance(a, Decimal | Fraction)),
                    Fraction(0))
        col = self.checks.template.columns[self.total]
        try:
            expected = self.checks.text(col, total)
        except ConversionError:
            return  # over the column's limit: reported where the value is written
        line_name = self.checks.template.columns[self.line_total].name
        for row, values, _ in lines:
            written = values[self.total]
            if written and written != expected:
                self.checks.report.add(Problem(
                    row, col.name, "error", "amount-mismatch",
                    f"{col.name} {written} is not the sum of this invoice's {line_name},"
                    f" {expected}; write {expected}", written))

    def _period(self, lines: list[Line]) -> None:
        if self.date is None or (self.start is None and self.end is None):
            return
        columns = self.checks.template.columns
        at = self.date
        dates = [d for _, _, t in lines if isinstance(d := t[at], dt.date)]
        if not dates:
            return
        first, last = min(dates), max(dates)
        date_col = columns[self.date]
        for row, values, typed in lines:
            date = typed[self.date]
            start = typed[self.start] if self.start is not None else None
            end = typed[self.end] if self.end is not None else None
            if not isinstance(date, dt.date) or not (
                    (isinstance(start, dt.date) and date < start)
                    or (isinstance(end, dt.date) and date > end)):
                continue
            self.checks.report.add(Problem(
                row, date_col.name, "error", "out-of-range",
                f"{values[self.date]} is outside the billing period"
                f" ({self._named(self.start, values)} to {self._named(self.end, values)}),"
                " which e-billing readers refuse; correct the date, or write the period from"
                f" {self._shown(date_col, first)} to {self._shown(date_col, last)}",
                values[self.date]))

    def _named(self, index: int | None, values: list[str]) -> str:
        if index is None:
            return "open"
        return f"{self.checks.template.columns[index].name} {values[index]}"

    def _shown(self, col: Column, value: object) -> str:
        try:
            return self.checks.text(col, value)
        except ConversionError:
            return str(value)
