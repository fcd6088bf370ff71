"""Map a table that is already in memory, such as a sheet read from Excel in one call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from addin.core.header import filled, find_header
from addin.core.mapper import (
    MapOptions,
    MappedRow,
    Plan,
    compute_totals,
    convert,
    plan_mapping,
    scan,
)
from addin.core.problems import Report
from addin.core.tally import Account
from addin.core.template import Template
from addin.files.csv_source import misread
from addin.files.source import without_cell_errors


@dataclass
class TableResult:
    plan: Plan
    rows: list[MappedRow]
    report: Report
    account: Account  # rows read and mapped, hours in and out


def map_table(template: Template, table: Sequence[Sequence[object]], options: MapOptions,
              where: str = "the sheet", first_row: int = 1) -> TableResult:
    """Map a table already in memory (a sheet read in one call): header found, then all rows.

    `first_row` is the sheet row of the table's first line, so problems name the rows the user
    sees even when the data does not start in row 1.
    """
    header, header_row = find_header(enumerate(table, start=first_row), where)
    plan = plan_mapping(template, header, options, header_row)
    report = Report()
    # Error cells (#N/A, read as CellError) and misread text are reported and read as empty,
    # as from a file.
    body = [(n, without_cell_errors(n, misread_as_errors(cells), header, report))
            for n, cells in enumerate(table, start=first_row)
            if n > header_row and any(filled(c) for c in cells)]
    scan(plan, (cells for _, cells in body))
    if plan.needs_totals:
        compute_totals(plan, body)
    account = Account(plan, report)
    rows = list(account.mapped_rows(convert(plan, account.source_rows(body), report)))
    return TableResult(plan, rows, report, account)


def misread_as_errors(cells: Sequence[object]) -> list[object]:
    """Text of a sheet that is UTF-8 read in the wrong encoding ('MÃ¼ller', pasted from a file
    opened wrongly) as a bad-encoding cell, as the file readers read it."""
    return [(misread(c) or c) if isinstance(c, str) else c for c in cells]
