"""The one pipeline both shells call: plan (header x template x options) -> decide (each
column's reading, from all its values) -> convert, every row tallied (rows and hours in and out)
on its way; invoice totals, for targets that repeat them on every line, are written into the
invoice's held rows once all are through. The command line reads a file twice (decide,
convert); the Excel shell maps a sheet already in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from addin.core.bad_cells import misread, without_cell_errors
from addin.core.convert_rows import MappedRow, RowConverter
from addin.core.decide import Decisions, decide
from addin.core.header import filled, find_header
from addin.core.invoice_check import InvoiceCheck
from addin.core.invoice_fill import fill_invoices
from addin.core.invoices import Totals
from addin.core.options import MapOptions
from addin.core.plan import Plan
from addin.core.problems import Problem, Report
from addin.core.tally import Account
from addin.core.template import Template
from addin.core.voice_plan import plan_lines

Numbered = Iterable[tuple[int, Sequence[object]]]  # (row as the user sees it, its cells)
Watch = Callable[[int, dict[str, object]], None]  # told each row's canonical entry


@dataclass(frozen=True)
class Prepared:
    """Everything decided before the rows are converted."""
    plan: Plan
    decisions: Decisions
    # Whole-invoice values (LEDES' total, period, number) when known in advance; None: written
    # into the invoices' held rows once every row is through.
    totals: Mapping[tuple[str, ...], Totals] | None
    problems: tuple[Problem, ...]  # the file's: from the header, the settings, the columns


def prepare(plan: Plan, cells: Iterable[Sequence[object]]) -> Prepared:
    """Decide each column's reading from `cells` (every data row)."""
    decisions = decide(plan, cells)
    return Prepared(plan, decisions, None, plan.problems + decisions.problems)


def convert(prepared: Prepared, rows: Numbered, report: Report,
            watch: Watch | None = None) -> Iterator[MappedRow]:
    """Yield output rows in order; every problem goes to `report`; `watch` sees each entry."""
    report.extend(prepared.problems)
    numbering_at = len(report.problems)  # an invoice numbering's problem is the file's
    converter = RowConverter(prepared.plan, prepared.decisions, report, prepared.problems,
                             prepared.totals)
    converter.entries.watch = watch
    # Several invoices in one file are written one after the other, each line with its
    # invoice's total and period, known once every row is through; invoices are small, so
    # holding their rows is cheap, and every other template streams.
    held: dict[object, list[MappedRow]] | None = (
        {} if prepared.plan.template.invoice_by or prepared.plan.needs_totals else None)
    for row, cells in rows:
        mapped = converter.convert(row, cells)
        if mapped is None:
            continue
        if held is None:
            yield mapped
        else:
            held.setdefault(converter.last_invoice, []).append(mapped)
    fill_invoices(converter, numbering_at)
    if held:  # a billing period the settings give may leave lines outside it
        period = InvoiceCheck(converter.checks)
        for mapped_row in (m for invoice_rows in held.values() for m in invoice_rows):
            period.add(mapped_row.row, mapped_row.values, mapped_row.typed)
        period.periods()
    for invoice_rows in (held or {}).values():
        yield from invoice_rows
    converter.finish()


def run(prepared: Prepared, rows: Numbered, report: Report,
        watch: Watch | None = None) -> tuple[Account, Iterator[MappedRow]]:
    """The output rows, with every source and output row counted on the way."""
    account = Account(prepared.plan, prepared.decisions, report)
    mapped = convert(prepared, account.source_rows(rows), report, watch)
    return account, account.mapped_rows(mapped)


@dataclass
class TableResult:
    plan: Plan
    rows: list[MappedRow]
    report: Report
    account: Account  # rows read and mapped, hours in and out
    notes: tuple[str, ...] = ()  # column decisions the user is told about


@dataclass
class TablePlan:
    """A table's plan, its rows under the header (split when it holds voice lines) and the
    problems found so far: what Apply template knows before converting a row."""
    plan: Plan
    body: list[tuple[int, Sequence[object]]]
    report: Report
    notes: tuple[str, ...] = ()


def plan_table(template: Template, table: Sequence[Sequence[object]], options: MapOptions,
               where: str = "the sheet", first_row: int = 1) -> TablePlan:
    """Find a table's header (a sheet read in one call) and plan its mapping.

    `first_row` is the sheet row of the table's first line, so problems name the rows the user
    sees even when the data does not start in row 1.
    """
    header, header_row = find_header(enumerate(table, start=first_row), where)
    report = Report()
    # Error cells (#N/A, read as CellError) and misread text are reported and read as empty,
    # as from a file.
    body: list[tuple[int, Sequence[object]]] = [
        (n, without_cell_errors(n, misread_as_errors(cells), header, report))
        for n, cells in enumerate(table, start=first_row)
        if n > header_row and any(filled(c) for c in cells)]
    plan = plan_lines(template, header, options, (cells for _, cells in body), header_row)
    notes: tuple[str, ...] = ()
    if plan.split is not None:
        body = list(plan.split.rows(body, report))
        notes = (plan.split.note(options.channel),)
    return TablePlan(plan, body, report, notes)


def map_table(template: Template, table: Sequence[Sequence[object]], options: MapOptions,
              where: str = "the sheet", first_row: int = 1) -> TableResult:
    """Map a table already in memory: header found, then all rows (see plan_table)."""
    return map_planned(plan_table(template, table, options, where, first_row))


def map_planned(planned: TablePlan) -> TableResult:
    """Convert the rows of a planned table."""
    prepared = prepare(planned.plan, (cells for _, cells in planned.body))
    account, rows = run(prepared, planned.body, planned.report)
    return TableResult(planned.plan, list(rows), planned.report, account,
                       planned.notes + prepared.decisions.notes)


def misread_as_errors(cells: Sequence[object]) -> list[object]:
    """Text of a sheet that is UTF-8 read in the wrong encoding ('MÃ¼ller', pasted from a file
    opened wrongly) as a bad-encoding cell, as the file readers read it."""
    return [(misread(c) or c) if isinstance(c, str) else c for c in cells]
