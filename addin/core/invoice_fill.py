"""Whole-invoice values (LEDES' invoice number, total and billing period, repeated on every
line) written into an invoice's held rows once every row is through, so each row is converted
once; their problems go where the row reported that column, so the report's order is the same
as if they had been known in advance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from addin.core.invoices import number_invoices
from addin.core.output_columns import OutputColumn, memo_key
from addin.core.problems import Problem
from addin.core.stacking import Start

if TYPE_CHECKING:
    from addin.core.convert_rows import RowConverter


LATER = object()  # a whole-invoice value, known once every row is through


@dataclass(frozen=True, slots=True)
class HeldRow:
    """What a held row's whole-invoice columns are worked out from, once every row is through."""
    row: int
    values: list[str]
    typed: list[object]
    entry: dict[str, object]
    cells: Sequence[object]
    start: Start | None
    invoice: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Later:
    """A whole-invoice column of a held row."""
    held: HeldRow
    index: int  # the column's place in the row
    at: int  # where its problems go among the report's: where the row reports this column
    out: OutputColumn
    failed: frozenset[str]  # the row's failed fields when it came to this column


def fill_invoices(converter: RowConverter, numbering_at: int) -> None:
    """Once every row is through: each invoice's number, total and period written into its
    rows, their problems placed where a row's column reports them (the numbering's, a
    problem of the file, at `numbering_at`)."""
    if converter.totals is not None:
        return  # known in advance
    converter.totals = invoices = converter.book.invoices
    problems = converter.report.problems
    placed: list[tuple[int, list[Problem]]] = []
    numbering = number_invoices(converter.plan, invoices)
    if numbering is not None:
        placed.append((numbering_at, [numbering]))
    for later in converter.later:
        before = len(problems)
        row = later.held
        failed = set(later.failed)
        value, unwritable = converter.value_of(row.row, later.out, row.entry, failed, row.cells,
                                         row.start, row.invoice)
        # An invoice's value repeats on each of its lines: written once, as the rows' own are.
        memo = later.out.memo
        key = None if value is None or memo is None else memo_key(value)
        text = None if key is None or memo is None else memo.get(key)
        if text is None:
            text, value, _ = converter.written(row.row, later.out, value, unwritable, failed,
                                               key)
        row.values[later.index], row.typed[later.index] = text, value
        if len(problems) > before:
            placed.append((later.at, problems[before:]))
            del problems[before:]
    if placed:
        merged: list[Problem] = []
        done = 0
        for at, found in placed:  # in the order found, so `at` never goes back
            merged += problems[done:at]
            merged += found
            done = at
        problems[:] = merged + problems[done:]
    converter.later.clear()
