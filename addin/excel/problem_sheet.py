"""What Apply template and Check required show of a run's problems: the output cells each problem
is on (to highlight), and the problems sheet with its summary (rows, hours, errors, warnings)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from addin.core.cells import address
from addin.core.problems import Problem, Report
from addin.core.tally import Account
from addin.core.template import Template
from addin.excel.own_sheets import output_sheet
from addin.excel.sheet_io import TEXT_FORMAT, literal, write_block
from addin.excel.sheetops import decimal_to_cell


def output_cells(result: Any, template: Template) -> dict[int, dict[str, tuple[int, int]]]:
    """source row -> {column name -> (sheet row, sheet column)} of the output sheet.

    Problems found on a source column are shown on every output column that it feeds.
    """
    positions = {c.name: i for i, c in enumerate(template.columns, start=1)}
    feeds: dict[str, list[str]] = {}
    for col in template.columns:
        for field_name in col.source:
            if field_name in result.plan.fields:
                feeds.setdefault(result.plan.header[result.plan.fields[field_name]],
                                 []).append(col.name)
    cells: dict[int, dict[str, tuple[int, int]]] = {}
    for sheet_row, mapped in enumerate(result.rows, start=2):
        by_col = {name: (sheet_row, pos) for name, pos in positions.items()}
        for source_col, outputs in feeds.items():
            by_col[source_col] = by_col[outputs[0]]
        cells[mapped.row] = by_col
    return cells


def flagged_cells(report: Report,
                  cells: dict[int, dict[str, tuple[int, int]]]) -> set[tuple[int, int]]:
    """The output cells to highlight: each problem's cell (a missing required cell has its own
    rule)."""
    flagged: set[tuple[int, int]] = set()
    for p in report:
        if p.row is not None and p.code != "missing-required":
            where = cells.get(p.row, {}).get(p.column)
            if where is not None:
                flagged.add(where)
    return flagged


def hours_out(rows: list[Any], template: Template) -> Decimal:
    """The hours of the output's duration column (0 without one)."""
    index = next((i for i, c in enumerate(template.columns) if c.type == "duration"), None)
    if index is None:
        return Decimal(0)
    seconds = [r.typed[index] for r in rows if isinstance(r.typed[index], Decimal)]
    return sum(seconds, Decimal(0)) / Decimal(3600)


def write_problem_sheet(book: Any, template: Template, out: Any, report: Report,
                        cells: dict[int, dict[str, tuple[int, int]]], rows: int,
                        hours: Decimal, source: Account | None = None) -> None:
    sheet = output_sheet(book, f"{out.name[:22]} problems", after=out)
    summary: list[list[object]] = [
        [f"{template.name}: {template.target}"],
        ["Rows", rows],
        ["Hours", decimal_to_cell(hours.normalize()) if hours else 0],
        ["Errors", len(report.errors)],
        ["Warnings", len(report.warnings)],
    ]
    if source is not None:  # what the source held, so the user sees that nothing was lost
        hours_in = source.hours_in
        summary += [["Source rows", source.read],
                    ["Source hours", None if hours_in is None else float(hours_in)]]
        summary += [["Note", note] for note in source.decisions.notes]  # the unit chosen, say
    write_problems(sheet, summary, problem_rows(list(report), out.name, cells))


PROBLEM_HEADER = ["Cell", "Row", "Column", "Severity", "Code", "Message", "Value"]


def problem_rows(problems: Sequence[Problem], target_sheet: str,
                 cells: dict[int, dict[str, tuple[int, int]]] | None = None) -> list[list[object]]:
    """One line per problem; its first cell links to the flagged cell of `target_sheet`."""
    lines: list[list[object]] = []
    for p in problems:
        where = (cells or {}).get(p.row or 0, {}).get(p.column)
        if where is not None:
            ref = address(*where)
            link: object = f'=HYPERLINK("#\'{target_sheet.replace(chr(39), chr(39) * 2)}\'!'\
                           f'{ref}","{ref}")'
        else:
            link = ""
        # Text as it is: a message or value starting with ' (a quoted name) keeps it.
        lines.append([link, p.row, literal(p.column), p.severity, p.code, literal(p.message),
                      literal(p.value)])
    return lines


def write_problems(sheet: Any, summary: list[list[object]], lines: list[list[object]]) -> None:
    """Summary lines, a blank line, then the problem table, in one write."""
    height = len(summary) + 2 + len(lines)
    sheet.range(f"B1:G{height}").number_format = TEXT_FORMAT
    block = [line + [None] * (len(PROBLEM_HEADER) - len(line)) for line in summary]
    block.append([None] * len(PROBLEM_HEADER))
    block.append(list(PROBLEM_HEADER))
    block += lines
    write_block(sheet.range("A1"), block)
