"""The Excel shell: one function per ribbon button, called by the VBA callbacks in vba/ as
`addin.excel.ribbon.<function>`.

Each entry point takes the workbook from `xw.Book.caller()`, reads what it needs in one call,
calls the core, writes in one call and highlights with a few rules. Problems the user can fix
are shown in an alert in plain words; anything unexpected raises, so xlwings shows the traceback.
Here: open a file, choose the target, Apply template, Check required, Save as CSV, Help; the
in-place conversions and Undo are in block_conversions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from addin.core import fixes
from addin.core.bad_cells import without_cell_errors
from addin.core.file_settings import preamble_lines
from addin.core.header import filled
from addin.core.limits import limit_problems, record_bytes
from addin.core.options import MapOptions
from addin.core.pipeline import map_planned, misread_as_errors
from addin.core.problems import Problem, Report
from addin.core.recheck import column_positions, conform
from addin.core.sparse import drop_empty_columns
from addin.core.template import Template
from addin.excel import highlights
from addin.excel import sheet_io as xio
from addin.excel.alerts import TITLE, ExpectedProblem, count, skipped_text, summary_alert
from addin.excel.block_conversions import hours_to_minutes, hours_to_seconds, reformat_dates, undo
from addin.excel.column_mapping import plan_with_mapping, source_sheet
from addin.excel.entry_point import entry_point
from addin.excel.own_sheets import hidden_sheet, is_ours, new_sheet, output_sheet
from addin.excel.problem_sheet import flagged_cells, hours_out, output_cells, write_problem_sheet
from addin.excel.vba_args import decode_arg as arg
from addin.excel.workbook_settings import (
    SETTINGS_SHEET,
    chosen_template,
    date_order_row,
    find_target,
    map_options,
    read_key_values,
    store_template_id,
)
from addin.files.csv_writer import unwritable, write_csv
from addin.files.registry import list_templates

__all__ = ["apply_template", "arg", "check_required", "clear_highlights", "edit_mapping",
           "hours_to_minutes", "hours_to_seconds", "new_target", "open_file", "reformat_dates",
           "review", "save_csv", "save_target", "select_template", "show_help", "undo"]


def _body(values: list[list[object]], top: int) -> list[tuple[int, list[object]]]:
    """The rows under the header (sheet row `top`) with their sheet row; blank rows skipped."""
    return [(n, line) for n, line in enumerate(values[1:], start=top + 1)
            if any(filled(v) for v in line)]


# --- buttons --------------------------------------------------------------------------------
@entry_point
def open_file(book: Any, path: str) -> str:
    """The file read by our own readers into a new sheet, so Excel's locale never parses it."""
    from addin.files.to_sheet import read_for_sheet  # loads the readers only when used

    rows = read_key_values(book, SETTINGS_SHEET) or {}
    source = Path(path)
    book.app.status_bar = f"{TITLE}: reading {source.name}..."
    table = read_for_sheet(source, rows.get(fixes.SHEET_KEY) or None, date_order_row(rows))
    sheet = new_sheet(book, source.stem or "Source")
    xio.write_source_table(sheet, table.rows, [c.kind for c in table.columns])
    sheet.activate()
    notes = "\n".join(f"- {n}" for n in table.notes)
    book.app.alert(f"{len(table.rows):,} rows of {source.name} ({table.described}) are on the"
                   f" sheet {sheet.name}, read by Import Mapper, not by Excel's regional settings;"
                   f" the column titles are on row {table.header_row}."
                   + (f"\n{notes}" if notes else ""), TITLE)
    return f"opened {source.name} on {sheet.name}"


@entry_point
def select_template(book: Any, template_id: str) -> str:
    template = find_target(template_id)
    # What the Target list passed (a user template's file stem, or an id), so the list
    # selects the same item again.
    store_template_id(book, template_id)
    return f"target is {template.name}"


@entry_point
def apply_template(book: Any) -> None:
    skipped: list[str] = []
    template = chosen_template(book, skipped.append)
    source = source_sheet(book)  # the Mapping sheet maps the sheet it was made for
    if is_ours(source):
        raise ExpectedProblem("The active sheet is Import Mapper's own output. Select the"
                                  " sheet with the source data, then Apply template again.")
    app = book.app
    app.status_bar = f"{TITLE}: reading {source.name}..."
    values, top, _ = xio.read_used(source)
    app.status_bar = f"{TITLE}: mapping {max(len(values) - 1, 0):,} rows to {template.name}..."
    options = map_options(book, template)
    planned, kept = plan_with_mapping(book, source, template, xio.as_excel_shows(values), top,
                                      options)
    if planned is None:
        return  # the Mapping sheet is made: the user chooses the columns, then applies again
    result = map_planned(planned)
    if not result.plan.fields and not result.plan.passthrough:
        raise ExpectedProblem(f"No header row found on {source.name}: none of its first rows"
                                  " has column titles Import Mapper knows (such as Date, Duration,"
                                  " Client, Matter, Timekeeper). Select the sheet with the time"
                                  " entries, or add a row of column titles above them (or"
                                  " say which column holds what with Edit mapping).")
    result.report.extend(_file_problems(book, template, result.rows, options))
    app.status_bar = f"{TITLE}: writing {len(result.rows):,} rows..."
    out = output_sheet(book, template.name, after=source)
    xio.write_table(out, template, result.rows)
    cells = output_cells(result, template)
    flagged = flagged_cells(result.report, cells)
    flags = hidden_sheet(book, highlights.flags_sheet_name(out.name))
    highlights.highlight(out, template, len(result.rows) + 1, flagged, flags)
    write_problem_sheet(book, template, out, result.report, cells, len(result.rows),
                         hours_out(result.rows, template), result.account)
    out.activate()
    summary_alert(book, result.report,
                  f"{count(len(result.rows), 'row')} mapped to {out.name}.{kept}", skipped)


@entry_point
def edit_mapping(book: Any) -> str:
    """The Edit mapping button: which column each field reads, on the Mapping sheet."""
    from addin.excel.column_mapping import edit_mapping as show_mapping
    return show_mapping(book)


def _read_mapped(book: Any) -> tuple[Template, Any, list[int], list[Any], Report]:
    """The active sheet, already in the chosen template's shape, read and re-checked.

    Also gives the sheet column of each template column (the user may have moved them).
    """
    template = chosen_template(book)
    sheet = book.sheets.active
    app = book.app
    app.status_bar = f"{TITLE}: reading {sheet.name}..."
    values, top, left = xio.read_used(sheet)
    if not values:
        raise ExpectedProblem("The active sheet is empty.")
    app.status_bar = f"{TITLE}: checking {max(len(values) - 1, 0):,} rows..."
    columns = [left + i for i in column_positions(template, values[0])]
    report = Report()
    header = ["" if h is None else str(h) for h in values[0]]
    body = [(n, without_cell_errors(n, misread_as_errors(line), header, report))
            for n, line in _body(xio.as_excel_shows(values), top)]
    options = map_options(book, template)
    # An empty cell is filled from a settings row as `importmap map` fills an empty source cell.
    rows = list(conform(template, values[0], body, report, options.how_to_set, options.settings))
    report.extend(_file_problems(book, template, rows, options))
    return template, sheet, columns, rows, report


def _file_problems(book: Any, template: Template, rows: list[Any],
                   options: MapOptions) -> list[Problem]:
    """What `importmap map` says of the file it would write: fields an empty cell would clear,
    characters the target's encoding cannot hold, more rows or bytes than the importer takes."""
    written, kept, problems = drop_empty_columns(template, rows)
    for row in kept:
        problems.extend(unwritable(row.row, written.header, row.values, written.dialect))
    return [*problems, *_too_many(book, written, kept, options)]


def _too_many(book: Any, template: Template, rows: list[Any],
              options: MapOptions | None = None) -> list[Problem]:
    """More rows or bytes than the target's importer takes in one file."""
    size = sum(record_bytes(r.values, template) for r in rows) + (
        record_bytes(template.header, template) if template.dialect.header else 0)
    how_to_split = (options or map_options(book, template)).how_to_split
    return limit_problems(template, len(rows), size, how_to_split)


@entry_point
def check_required(book: Any) -> None:
    template, sheet, columns, rows, report = _read_mapped(book)
    cells = {r.row: {name: (r.row, col) for name, col in zip(template.header, columns, strict=True)}
             for r in rows}
    flags = hidden_sheet(book, highlights.flags_sheet_name(sheet.name))
    highlights.highlight(sheet, template, max((r.row for r in rows), default=1),
                  flagged_cells(report, cells), flags, columns)
    write_problem_sheet(book, template, sheet, report, cells, len(rows),
                         hours_out(rows, template))
    sheet.activate()
    summary_alert(book, report, f"{len(rows):,} rows checked against {template.name}.")


@entry_point
def review(book: Any) -> str:
    """The Review button: the billing-rule review and reconciliation of the active sheet."""
    from addin.excel.review import review_sheets  # loaded only when the button is clicked
    return review_sheets(book, map_options)


@entry_point
def clear_highlights(book: Any) -> None:
    highlights.clear_highlights(book.sheets.active)


@entry_point
def save_csv(book: Any, path: str) -> None:
    template, _, _, rows, report = _read_mapped(book)
    app = book.app
    if report.errors:
        errors = len(report.errors)
        answer = app.alert(f"{count(errors, 'error')} {'remains' if errors == 1 else 'remain'}"
                           f" (run Check required to see them). {template.target} will likely"
                           " reject the file. Save anyway?",
                           TITLE, buttons="yes_no", mode="critical")
        if answer != "yes":
            return
    target = Path(path)
    if target.exists():
        answer = app.alert(f"{target.name} already exists in {target.parent}. Replace it?",
                           TITLE, buttons="yes_no")
        if answer != "yes":
            return
    # Cells the dialect cannot hold were counted among the errors; if saved anyway, they are empty.
    blank = {(p.row, p.column) for p in report if p.code in ("unencodable", "unquotable")}
    template, rows, _ = drop_empty_columns(template, rows)  # columns that would clear records
    lines = [["" if (r.row, n) in blank else v for n, v in zip(template.header, r.values,
                                                                 strict=True)] for r in rows]
    settings = read_key_values(book, SETTINGS_SHEET) or {}
    too_many = _too_many(book, template, rows)
    if too_many:
        app.alert(" ".join(p.message for p in too_many), TITLE, mode="critical")
        return
    app.status_bar = f"{TITLE}: saving {len(rows):,} rows to {target.name}..."
    write_csv(target, template.header, lines, template.dialect,
              preamble_lines(template, settings))
    app.alert(f"Saved {len(rows):,} rows to {target} for {template.target}.", TITLE)


@entry_point
def show_help(book: Any) -> None:
    skipped: list[str] = []
    templates = ", ".join(e.template.id for e in list_templates(skipped.append))
    book.app.alert(
        "1. Open file reads your export into a new sheet (Excel's regional settings never"
        " touch its dates). Choose the Target (the system you import into).\n"
        "2. On the sheet with your time entries, click Apply template: a new sheet in the"
        " target's shape appears, with a problems list.\n"
        "3. Fix what is highlighted, click Check required, then Save as CSV. Clear highlights"
        " removes the add-in's colours; Review checks the entries against billing rules.\n\n"
        "Hours to minutes, Hours to seconds and Reformat dates change the selected cells; Undo"
        " restores them. Values for the whole file go on a sheet named 'Import Mapper settings'"
        " (key, value), also date_order (DMY or MDY), profile and sheet; name-to-id tables on"
        " sheets named 'Lookup <table>' (name, id).\n\n"
        "A column read wrongly, or not at all: Edit mapping lists each field with the column it"
        " reads; choose another, then Apply template (the choice is kept for files with the same"
        " column titles).\n"
        "Your system is not in the Target list: open its import template (its column titles),"
        " click New target, check the 'Target template' sheet, then Save target.\n\n"
        f"Templates: {templates}" + skipped_text(skipped), TITLE)


@entry_point
def new_target(book: Any) -> str:
    """New target: the active sheet (a system's import template) drafted on a sheet to edit."""
    from addin.excel.target_sheet import new_target_sheet  # loaded only when clicked
    return new_target_sheet(book)


@entry_point
def save_target(book: Any) -> str:
    """Save target: the edited draft checked and saved to the user templates folder."""
    from addin.excel.target_save import save_target_sheet  # loaded only when clicked
    return save_target_sheet(book)
