"""The ribbon's Review button: the billing-rule review of the active sheet, as `importmap
review` makes it, on a `Review` sheet (each problem linked to its cell of the source sheet,
which is never changed) and a `Reconciliation` sheet (the summary, and a native chart of hours
per timekeeper per day), in a constant number of Excel calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from addin.core.cells import address
from addin.core.lookups import name_key
from addin.core.options import MapOptions
from addin.core.pipeline import map_table
from addin.core.reconcile import HEADER, Line, check_totals, reconcile
from addin.core.review import Review, drop_write_notes, entry_of
from addin.core.template import Template
from addin.excel import own_sheets, problem_sheet
from addin.excel import sheet_io as xio
from addin.excel.alerts import ExpectedProblem
from addin.excel.sheetops import decimal_to_cell
from addin.files.review_rules_file import load_rules, review_template

REVIEW_SHEET = "Review"
RECONCILIATION_SHEET = "Reconciliation"
CHART_NAME = "Hours per timekeeper per day"
HOUR = Decimal(3600)


def review_sheets(book: Any, options_for: Callable[[Any, Template], MapOptions]) -> str:
    """Review the active sheet; `options_for` reads the settings and lookup sheets."""
    source = book.sheets.active
    if own_sheets.is_ours(source):
        raise ExpectedProblem("The active sheet is Import Mapper's own output. Select the"
                                  " sheet with the time entries, then click Review again.")
    rules, template = load_rules(), review_template()
    values, top, left = xio.read_used(source)
    result = map_table(template, xio.as_excel_shows(values), options_for(book, template),
                       where=f"sheet {source.name}", first_row=top)
    plan = result.plan
    if not plan.fields:
        raise ExpectedProblem(f"No header row found on {source.name}: none of its first"
                                  " rows has column titles Import Mapper knows (such as Date,"
                                  " Duration, Timekeeper, Description). Select the sheet with"
                                  " the time entries.")
    entries = [entry_of(plan, m) for m in result.rows]
    report = result.report
    drop_write_notes(report)
    report.extend(Review(plan, rules).problems(entries))
    lines = reconcile(entries)
    mismatch = check_totals(lines, entries, result.account)
    if mismatch is not None:
        report.add(mismatch)
    columns = {name: left + i for i, name in enumerate(plan.header)}
    cells: dict[int, dict[str, tuple[int, int]]] = {}  # the source's cells, for the links
    for p in report:
        if p.row is not None and p.column in columns:
            cells.setdefault(p.row, {})[p.column] = (p.row, columns[p.column])
    sheet = own_sheets.output_sheet(book, REVIEW_SHEET, after=source)
    summary: list[list[object]] = [
        [f"Billing-rule review of {source.name}"], ["Entries", len(entries)],
        ["Errors", len(report.errors)], ["Warnings", len(report.warnings)]]
    problem_lines = problem_sheet.problem_rows(list(report), source.name, cells)
    problem_sheet.write_problems(sheet, summary, problem_lines)
    recon = own_sheets.output_sheet(book, RECONCILIATION_SHEET, after=sheet)
    if mismatch is None:
        write_reconciliation(recon, lines)
    sheet.activate()
    errors, warnings = len(report.errors), len(report.warnings)
    book.app.alert(f"{len(entries):,} entries reviewed: {errors} error"
                   f"{'s' if errors != 1 else ''} and {warnings} warning"
                   f"{'s' if warnings != 1 else ''} on the sheet {REVIEW_SHEET}; hours and"
                   f" amounts on {RECONCILIATION_SHEET}.", "Import Mapper")
    return f"{len(entries):,} entries reviewed"


def write_reconciliation(sheet: Any, lines: Sequence[Line]) -> None:
    """The summary table and, beside it, hours per date (a row) and timekeeper (a column), in
    one write; then one chart of that block."""
    table: list[list[object]] = [[*HEADER], *(_cells(line) for line in lines)]
    days = hours_by_day(lines)
    gap = len(HEADER) + 1  # a blank column between the two
    width = len(days[0]) if days else 0
    block = [_padded(table[i] if i < len(table) else [], gap)
             + _padded(days[i] if i < len(days) else [], width)
             for i in range(max(len(table), len(days)))]
    xio.write_block(sheet.range("A1"), block)
    if len(days) > 1 and width > 1:
        area = f"{address(1, gap + 1)}:{address(len(days), gap + width)}"
        sheet.charts.add(left=0, top=15 * (len(block) + 2), width=480, height=260,
                         chart_type="column_clustered", source=sheet.range(area),
                         plot_by="columns", name=CHART_NAME)


def _padded(row: list[object], width: int) -> list[object]:
    return row + [None] * (width - len(row))


def hours_by_day(lines: Sequence[Line]) -> list[list[object]]:
    """['Date', person...], then one row per date: each person's hours in on that date."""
    people = {name_key(line.timekeeper): line.timekeeper for line in lines
              if line.kind == "timekeeper"}
    dates: dict[dt.date, dict[str, Decimal]] = {}
    for line in lines:
        if line.kind == "day" and line.date is not None:
            day = dates.setdefault(line.date, {})
            key = name_key(line.timekeeper)
            day[key] = day.get(key, Decimal(0)) + line.seconds_in
    if not dates:
        return []
    rows: list[list[object]] = [["Date", *people.values()]]
    for date in sorted(dates):
        rows.append([date, *(decimal_to_cell(dates[date].get(k, Decimal(0)) / HOUR)
                             for k in people)])
    return rows


def _cells(line: Line) -> list[object]:
    return [line.kind, line.timekeeper, line.matter, line.date, line.entries,
            decimal_to_cell(line.seconds_in / HOUR), decimal_to_cell(line.seconds_out / HOUR),
            None if line.amount is None else decimal_to_cell(line.amount)]

