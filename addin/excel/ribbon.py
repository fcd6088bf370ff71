"""The Excel shell: one function per ribbon button, called by the VBA callbacks in vba/.

Each entry point takes the workbook from `xw.Book.caller()`, reads what it needs in one call,
calls the core, writes in one call and highlights with a few rules. Problems the user can fix
are shown in an alert in plain words; anything unexpected raises, so xlwings shows the traceback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import xlwings as xw

from addin.core import fixes
from addin.core.errors import ImportMapperError, UsageError
from addin.core.header import filled
from addin.core.limits import limit_problems, record_bytes
from addin.core.mapper import MapOptions, preamble_lines
from addin.core.pipeline import map_table, misread_as_errors
from addin.core.problems import Problem, Report
from addin.core.profiles import list_profiles
from addin.core.recheck import column_positions, conform
from addin.core.sparse import drop_empty_columns
from addin.core.tally import Account
from addin.core.template import Template
from addin.core.units import SOURCE_SETTINGS
from addin.excel import sheet_io as xio
from addin.excel import sheetops
from addin.excel.sheetops import BlockResult, decimal_to_cell, excel_number_format, hours_to
from addin.excel.vba_args import decode_arg as arg
from addin.files.csv_writer import unwritable, write_csv
from addin.files.registry import Warn, find_template, list_templates
from addin.files.source import without_cell_errors

__all__ = ["apply_template", "arg", "check_required", "clear_highlights", "hours_to_minutes",
           "hours_to_seconds", "open_file", "reformat_dates", "save_csv",
           "select_template", "show_help", "undo"]

TITLE = "Import Mapper"
F = TypeVar("F", bound=Callable[..., Any])


def entry_point(func: F) -> F:
    """Screen updating off and Excel's state restored even on error; expected problems alerted."""

    @functools.wraps(func)
    def run(*args: Any) -> Any:
        book = xw.Book.caller()
        app = book.app
        done: str | None = None
        with app.properties(screen_updating=False, calculation="manual", enable_events=False):
            try:
                done = func(book, *args)
            except ImportMapperError as exc:
                app.alert(str(exc), TITLE, mode="critical")
            finally:
                # The closing message stays until Excel's next one; else Excel gets it back.
                app.status_bar = f"{TITLE}: {done}" if done else False
        return None

    return run  # type: ignore[return-value]


def _template(book: Any, warn: Warn | None = None) -> Template:
    template_id = xio.chosen_template_id(book)
    if not template_id:
        raise xio.ExpectedProblem("Choose a target in the Import Mapper tab first (the Target"
                                  " list), then try again.")
    return _find(template_id, warn)


def _find(template_id: str, warn: Warn | None = None) -> Template:
    """The template, or an alert in Excel's words (the core's message speaks of the CLI); each
    user template that does not load is passed to `warn`."""
    try:
        return find_template(template_id, warn)
    except UsageError:
        known = ", ".join(e.template.id for e in list_templates())
        raise xio.ExpectedProblem(f"There is no target called {template_id!r}. Choose one in the"
                                  f" Target list of the Import Mapper tab (known: {known}).")\
            from None


def _body(values: list[list[object]], top: int) -> list[tuple[int, list[object]]]:
    """The rows under the header (sheet row `top`) with their sheet row; blank rows skipped."""
    return [(n, line) for n, line in enumerate(values[1:], start=top + 1)
            if any(filled(v) for v in line)]


def _options(book: Any, template: Template) -> MapOptions:
    """The settings sheet's rows: the template's settings, and the choices the command line
    makes with options (date order, profile)."""
    rows = xio.read_key_values(book, xio.SETTINGS_SHEET) or {}
    settings = {k: v for k, v in rows.items()
                if k in template.settings or k in SOURCE_SETTINGS}
    return MapOptions(settings=settings, lookups=xio.lookup_sheets(book), channel="excel",
                      profile=_profile_row(rows), date_order=_date_order_row(rows))


def _profile_row(rows: dict[str, str]) -> str | None:
    wanted = rows.get(fixes.PROFILE_KEY) or None
    known = [p.id for p in list_profiles()]
    if wanted is not None and wanted not in known:
        raise xio.ExpectedProblem(f"The row '{fixes.PROFILE_KEY}' on the sheet"
                                  f" '{xio.SETTINGS_SHEET}' names {wanted!r}, which is no source"
                                  f" profile; write one of {', '.join(known)}, or delete the row"
                                  " to let Import Mapper choose.")
    return wanted


def _date_order_row(rows: dict[str, str]) -> str | None:
    text = rows.get(fixes.DATE_ORDER_KEY)
    if not text:
        return None
    try:
        return fixes.parse_date_order(text)
    except ValueError as exc:
        raise xio.ExpectedProblem(f"On the sheet '{xio.SETTINGS_SHEET}': {exc}.") from None


# --- buttons --------------------------------------------------------------------------------
@entry_point
def open_file(book: Any, path: str) -> str:
    """The file read by our own readers into a new sheet, so Excel's locale never parses it."""
    from addin.files.to_sheet import read_for_sheet  # loads the readers only when used

    rows = xio.read_key_values(book, xio.SETTINGS_SHEET) or {}
    source = Path(path)
    book.app.status_bar = f"{TITLE}: reading {source.name}..."
    table = read_for_sheet(source, rows.get(fixes.SHEET_KEY) or None, _date_order_row(rows))
    sheet = xio.new_sheet(book, source.stem or "Source")
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
    template = _find(template_id)
    xio.store_template_id(book, template.id)
    return f"target is {template.name}"


@entry_point
def apply_template(book: Any) -> None:
    skipped: list[str] = []
    template = _template(book, skipped.append)
    source = book.sheets.active
    if xio.is_ours(source):
        raise xio.ExpectedProblem("The active sheet is Import Mapper's own output. Select the"
                                  " sheet with the source data, then Apply template again.")
    app = book.app
    app.status_bar = f"{TITLE}: reading {source.name}..."
    values, top, _ = xio.read_used(source)
    app.status_bar = f"{TITLE}: mapping {max(len(values) - 1, 0):,} rows to {template.name}..."
    options = _options(book, template)
    result = map_table(template, xio.as_excel_shows(values), options,
                       where=f"sheet {source.name}", first_row=top)
    if not result.plan.fields and not result.plan.passthrough:
        raise xio.ExpectedProblem(f"No header row found on {source.name}: none of its first rows"
                                  " has column titles Import Mapper knows (such as Date, Duration,"
                                  " Client, Matter, Timekeeper). Select the sheet with the time"
                                  " entries, or add a row of column titles above them.")
    result.report.extend(_file_problems(book, template, result.rows, options))
    app.status_bar = f"{TITLE}: writing {len(result.rows):,} rows..."
    out = xio.output_sheet(book, template.name, after=source)
    xio.write_table(out, template, result.rows)
    cells = _cells_of(result, template)
    flagged = _flagged(result.report, cells)
    flags = xio.hidden_sheet(book, xio.flags_sheet_name(out.name))
    xio.highlight(out, template, len(result.rows) + 1, flagged, flags)
    _write_problem_sheet(book, template, out, result.report, cells, len(result.rows),
                         _hours(result.rows, template), result.account)
    out.activate()
    _summary_alert(book, result.report, f"{len(result.rows):,} rows mapped to {out.name}.",
                   skipped)


def _cells_of(result: Any, template: Template) -> dict[int, dict[str, tuple[int, int]]]:
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


def _flagged(report: Report, cells: dict[int, dict[str, tuple[int, int]]]) -> set[tuple[int, int]]:
    flagged: set[tuple[int, int]] = set()
    for p in report:
        if p.row is not None and p.code != "missing-required":
            where = cells.get(p.row, {}).get(p.column)
            if where is not None:
                flagged.add(where)
    return flagged


def _hours(rows: list[Any], template: Template) -> Decimal:
    index = next((i for i, c in enumerate(template.columns) if c.type == "duration"), None)
    if index is None:
        return Decimal(0)
    seconds = [r.typed[index] for r in rows if isinstance(r.typed[index], Decimal)]
    return sum(seconds, Decimal(0)) / Decimal(3600)


def _write_problem_sheet(book: Any, template: Template, out: Any, report: Report,
                         cells: dict[int, dict[str, tuple[int, int]]], rows: int,
                         hours: Decimal, source: Account | None = None) -> None:
    sheet = xio.output_sheet(book, f"{out.name[:22]} problems", after=out)
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
        summary += [["Note", note] for note in source.plan.notes]  # the unit chosen, say
    xio.write_problems(sheet, summary, xio.problem_rows(list(report), out.name, cells))


def _summary_alert(book: Any, report: Report, done: str, skipped: list[str] | None = None) -> None:
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        text = (f"{done} {errors} error{'s' if errors != 1 else ''} and {warnings} warning"
                f"{'s' if warnings != 1 else ''} are listed on the problems sheet and highlighted."
                " The target will reject the file until the errors are fixed.")
    elif warnings:
        text = f"{done} No errors; {warnings} warning{'s' if warnings != 1 else ''} listed."
    else:
        text = f"{done} No problems found."
    book.app.alert(text + _skipped_text(skipped or []), TITLE)


def _skipped_text(skipped: list[str]) -> str:
    """User templates that do not load, said as the command line says them: the other targets
    work, and the user learns why theirs is missing from the Target list."""
    return "".join(f"\n\nImport Mapper {w}" for w in skipped)


def _read_mapped(book: Any) -> tuple[Template, Any, list[int], list[Any], Report]:
    """The active sheet, already in the chosen template's shape, read and re-checked.

    Also gives the sheet column of each template column (the user may have moved them).
    """
    template = _template(book)
    sheet = book.sheets.active
    app = book.app
    app.status_bar = f"{TITLE}: reading {sheet.name}..."
    values, top, left = xio.read_used(sheet)
    if not values:
        raise xio.ExpectedProblem("The active sheet is empty.")
    app.status_bar = f"{TITLE}: checking {max(len(values) - 1, 0):,} rows..."
    columns = [left + i for i in column_positions(template, values[0])]
    report = Report()
    header = ["" if h is None else str(h) for h in values[0]]
    body = [(n, without_cell_errors(n, misread_as_errors(line), header, report))
            for n, line in _body(xio.as_excel_shows(values), top)]
    options = _options(book, template)
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
    how_to_split = (options or _options(book, template)).how_to_split
    return limit_problems(template, len(rows), size, how_to_split)


@entry_point
def check_required(book: Any) -> None:
    template, sheet, columns, rows, report = _read_mapped(book)
    cells = {r.row: {name: (r.row, col) for name, col in zip(template.header, columns, strict=True)}
             for r in rows}
    flags = xio.hidden_sheet(book, xio.flags_sheet_name(sheet.name))
    xio.highlight(sheet, template, max((r.row for r in rows), default=1),
                  _flagged(report, cells), flags, columns)
    _write_problem_sheet(book, template, sheet, report, cells, len(rows),
                         _hours(rows, template))
    sheet.activate()
    _summary_alert(book, report, f"{len(rows):,} rows checked against {template.name}.")


@entry_point
def clear_highlights(book: Any) -> None:
    xio.clear_highlights(book.sheets.active)


@entry_point
def save_csv(book: Any, path: str) -> None:
    template, _, _, rows, report = _read_mapped(book)
    app = book.app
    if report.errors:
        errors = len(report.errors)
        answer = app.alert(f"{_count(errors, 'error')} {'remains' if errors == 1 else 'remain'}"
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
    settings = xio.read_key_values(book, xio.SETTINGS_SHEET) or {}
    too_many = _too_many(book, template, rows)
    if too_many:
        app.alert(" ".join(p.message for p in too_many), TITLE, mode="critical")
        return
    app.status_bar = f"{TITLE}: saving {len(rows):,} rows to {target.name}..."
    write_csv(target, template.header, lines, template.dialect,
              preamble_lines(template, settings))
    app.alert(f"Saved {len(rows):,} rows to {target} for {template.target}.", TITLE)


# --- in-place conversions with undo ---------------------------------------------------------
def _selection(book: Any) -> Any:
    selection = book.app.selection
    if selection is None:
        raise xio.ExpectedProblem("Select the cells or the column to convert first.")
    xio.one_block(selection)
    used = selection.sheet.used_range
    last_row = used.row + used.shape[0] - 1
    if selection.row + selection.shape[0] - 1 > last_row:  # a whole column: stop at the data
        height = max(last_row - selection.row + 1, 1)
        selection = selection.resize(height, selection.shape[1])
    xio.refuse_hidden_rows(selection)
    return selection


def _convert_in_place(book: Any, convert: Callable[[list[list[object]], int, int], BlockResult],
                      number_format: str | None) -> str:
    rng = _selection(book)
    values = xio.read_block(rng)
    xio.refuse_cell_errors(values, rng.row, rng.column, "Nothing was converted")
    old_format = rng.number_format
    result = convert(xio.as_excel_shows(values), rng.row, rng.column)
    if not result.changed:
        raise xio.ExpectedProblem(_problems_text("Nothing was converted.", result.problems))
    _save_undo(book, rng, values, old_format)
    if number_format:
        rng.number_format = number_format
    # Unchanged text is written back as text: "2026-01-05" or "=x" must not turn into a date or
    # a formula on the way.
    xio.write_block(rng, [[decimal_to_cell(v) if isinstance(v, Decimal) else xio.literal(v)
                           for v in line] for line in result.values])
    text = f"{result.note}. Undo restores the previous values."
    if result.problems:
        book.app.alert(_problems_text(text, result.problems), TITLE)
    return text


def _problems_text(lead: str, problems: list[Problem]) -> str:
    if not problems:
        return lead
    shown = "\n".join(f"{p.column}: {p.message}" for p in problems[:8])
    more = f"\n... and {len(problems) - 8} more" if len(problems) > 8 else ""
    return f"{lead} {_count(len(problems), 'cell')} left unchanged:\n{shown}{more}"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@entry_point
def hours_to_minutes(book: Any) -> str:
    return _convert_in_place(book, lambda v, r, c: hours_to(v, "minutes", r, c), "General")


@entry_point
def hours_to_seconds(book: Any) -> str:
    return _convert_in_place(book, lambda v, r, c: hours_to(v, "seconds", r, c), "General")


@entry_point
def reformat_dates(book: Any, pattern: str) -> str:
    """The selected dates as real dates shown as `pattern` (e.g. 'DD.MM.YYYY'), one day/month
    order per column (the settings row date_order reads a column whose dates fit both)."""
    order = _date_order_row(xio.read_key_values(book, xio.SETTINGS_SHEET) or {})
    words = fixes.date_order_words(order, "excel")
    return _convert_in_place(book, lambda v, r, c: sheetops.reformat_dates(v, r, c, order, words),
                             excel_number_format(pattern))


def _save_undo(book: Any, rng: Any, values: list[list[object]], number_format: Any) -> None:
    """The replaced values, kept in a hidden sheet of the workbook (a macro clears Excel's undo)."""
    sheet = xio.hidden_sheet(book, xio.UNDO_SHEET)
    # Stored as text, so that a format "0.00", a sheet named "2024" or a value "1:30" comes back
    # exactly as it was, not as a number or a time.
    head = [[xio.literal(rng.sheet.name), xio.literal(rng.address),
             xio.literal(number_format) if number_format else "",
             len(values), len(values[0]) if values else 0]]
    sheet.range("A1").value = head
    if values:
        xio.write_block(sheet.range("A2"), [[xio.literal(v) for v in line] for line in values])


@entry_point
def undo(book: Any) -> str:
    if xio.UNDO_SHEET not in [s.name for s in book.sheets]:
        raise xio.ExpectedProblem("There is nothing to undo.")
    store = book.sheets[xio.UNDO_SHEET]
    head = store.range("A1:E1").value
    if not head or not head[0]:
        raise xio.ExpectedProblem("There is nothing to undo.")
    sheet_name, where, number_format, height, width = head
    height, width = int(height), int(width)
    values = store.range((2, 1), (1 + height, width)).options(ndim=2).value
    if sheet_name not in [s.name for s in book.sheets]:
        raise xio.ExpectedProblem(f"The sheet {sheet_name!r} that the last conversion changed is"
                                  " gone (renamed or deleted), so there is nothing to restore.")
    target = book.sheets[sheet_name].range(where)
    if number_format:
        target.number_format = number_format
    if number_format != xio.TEXT_FORMAT:  # a Text cell keeps text as it is, ' included
        values = [[xio.literal(v) for v in line] for line in values]
    xio.write_block(target, values)
    store.clear()
    return f"restored {height * width:,} cells of {sheet_name}"


@entry_point
def show_help(book: Any) -> None:
    skipped: list[str] = []
    templates = ", ".join(e.template.id for e in list_templates(skipped.append))
    book.app.alert(
        "1. Open file reads your export into a new sheet (Excel's regional settings never"
        " touch its dates). Choose the Target (the system you import into).\n"
        "2. On the sheet with your time entries, click Apply template: a new sheet in the"
        " target's shape appears, with a problems list.\n"
        "3. Fix what is highlighted, click Check required, then Save as CSV.\n\n"
        "Hours to minutes/seconds and Reformat dates change the selected cells; Undo restores"
        " them. Values for the whole file go on a sheet named 'Import Mapper settings' (key,"
        " value), also date_order (DMY or MDY), profile and sheet; name-to-id tables on sheets"
        " named 'Lookup <table>' (name, id).\n\n"
        f"Templates: {templates}" + _skipped_text(skipped), TITLE)
