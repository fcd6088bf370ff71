"""New target: the active sheet (a billing system's import template opened in Excel, its column
titles and maybe example rows) drafted into an editable `Target template` sheet by the command
line's own draft (addin.core.template_draft, as `importmap new-template` does): rows of keys
(id, name, target, description, the CSV dialect), then one row per column of the draft with its
keys, the guesses and the TODOs. Save target (target_save) reads the sheet back.

Cells come as xlwings hands them over: numbers as Excel shows them, and a date or time cell in
the form its number format shows (`m/d/yyyy` shows 5/19/2010, `h:mm` 1:30, `[h]:mm` 25:30), the
example text the draft reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from addin.convert.datefmt import DateFormat
from addin.core.cells import address
from addin.core.template_draft import DraftColumn, draft_columns, draft_head, template_id
from addin.excel import sheet_io as xio
from addin.excel.alerts import TITLE, ExpectedProblem, count
from addin.excel.own_sheets import is_ours, output_sheet
from addin.excel.sheetops import ELAPSED, shown_pattern_of_number_format
from addin.files.registry import list_templates
from addin.files.sample_dialect import workbook_dialect
from addin.files.sample_source import sample_text

SHEET = "Target template"
EXAMPLE_ROWS = 200  # as importmap new-template looks at
HEAD_KEYS = ("id", "name", "target", "description", "sources")
DIALECT_KEYS = ("delimiter", "encoding", "bom", "line_ending")
KEY_TITLES = ["key", "value", "guess", "TODO"]
# A column's keys, in the order of a template's [[columns]] table (templates/README.md).
COLUMN_KEYS = ("source", "derive", "setting", "type", "format", "unit", "decimals",
               "decimal_separator", "true", "false", "required")
COLUMN_TITLES = ["column", *COLUMN_KEYS, "guess", "TODO"]
YES, NO = "yes", "no"
LIST_SEPARATOR = ", "  # a column's sources (timekeeper, user_name) in one cell
EXCEL_DAY_ZERO = dt.datetime(1899, 12, 30)  # COM's time cells count from it


def new_target_sheet(book: Any) -> str:
    source = book.sheets.active
    if is_ours(source):
        raise ExpectedProblem("The active sheet is Import Mapper's own. Select the sheet with"
                              " your billing system's import template (its column titles, maybe"
                              " example rows), then click New target again.")
    values, top, left = xio.read_used(source)
    if not values:
        raise ExpectedProblem(f"The sheet {source.name} is empty. Open your billing system's"
                              " import template (its column titles, maybe example rows) and"
                              " click New target on it.")
    xio.refuse_cell_errors(values, top, left, f"Sheet {source.name!r}")
    values = xio.as_excel_shows(values)
    header = [sample_text(c).strip() for c in values[0]]
    for index, name in enumerate(header):
        if not name:
            raise ExpectedProblem(f"Cell {address(top, left + index)} of the sheet {source.name}"
                                  " (the column titles) is empty; a target's columns need a title,"
                                  " so type one (or delete the column), then click New target.")
    lines = [line for line in values[1:] if any(c not in (None, "") for c in line)]
    lines = lines[:EXAMPLE_ROWS]
    shown = _date_patterns(source, values, top, left)
    rows = [[_example(cell, shown.get(i)) for i, cell in enumerate(line)] for line in lines]
    columns = draft_columns(header, rows, channel="excel")
    taken = {e.template.id for e in list_templates()}
    chosen = template_id(source.name, taken)
    head = draft_head(chosen, source.name, source.name, "Import Mapper's New target")
    if not _may_replace(book):
        return "New target: the Target template sheet was kept"
    sheet = output_sheet(book, SHEET, after=source)
    block = sheet_rows(head, columns, source.name, chosen != template_id(source.name))
    sheet.range((1, 1), (len(block), len(COLUMN_TITLES))).number_format = xio.TEXT_FORMAT
    xio.write_block(sheet.range("A1"), block)
    sheet.activate()
    todos = sum(len(c.todos) for c in columns) + 1  # +1: the dialect a sheet cannot show
    book.app.alert(
        f"The sheet {SHEET} drafts a target from the {len(header)} column titles and"
        f" {count(len(rows), 'example row')} of {source.name}: each column's field, type and"
        f" format, with why (guess) and what is left to you (TODO: {todos}). Edit the values,"
        " clear a TODO once settled, then click Save target: it is checked and saved to your"
        " templates folder, and"
        " the Target list holds it.", TITLE)
    return f"drafted {len(header)} columns on {SHEET}"


def sheet_rows(head: dict[str, object], columns: Sequence[DraftColumn], sample: str,
               renamed: bool) -> list[list[object]]:
    dialect = workbook_dialect(f"{sample} is a sheet in Excel")
    id_note = ("the sheet's name as an id; the file is saved as <id>.toml"
               + (", another id than a template's own" if renamed else ""))
    notes = {"id": id_note, "delimiter": ""}
    todos = {"delimiter": "; ".join(dialect.todos)}
    block: list[list[object]] = [list(KEY_TITLES)]
    for key in HEAD_KEYS:
        block.append([key, cell_text(head[key]), notes.get(key, ""), ""])
    for key in DIALECT_KEYS:
        block.append([key, cell_text(dialect.keys[key]), notes.get(key, ""), todos.get(key, "")])
    block.append([])
    block.append(list(COLUMN_TITLES))
    for column in columns:
        keys = dict(column.keys)
        block.append([column.name, *(cell_text(keys.get(k)) for k in COLUMN_KEYS),
                      "\n".join(column.notes), "\n".join(column.todos)])
    width = len(COLUMN_TITLES)
    return [line + [""] * (width - len(line)) for line in block]


def cell_text(value: object) -> str:
    """A draft's key as the sheet shows it: lists joined with ', ', yes/no for true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _example(cell: object, pattern: str | None) -> str:
    """A sample cell as example text: a date or time in the form its cell shows it, if known; TRUE
    and FALSE as Excel shows them (it turns a CSV's true into TRUE on opening)."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, dt.datetime) and pattern:
        if pattern.startswith(ELAPSED):  # hours past a day: 25:30 is 1899-12-31 01:30
            minutes, seconds = divmod(int((cell - EXCEL_DAY_ZERO).total_seconds()), 60)
            shown = f"{minutes // 60}:{minutes % 60:02d}"
            return shown + (f":{seconds:02d}" if pattern.endswith(":ss") else "")
        try:
            return DateFormat(pattern).format(cell)
        except ValueError:
            return ""
    return sample_text(cell)


def _date_patterns(sheet: Any, values: list[list[object]], top: int, left: int) -> dict[int, str]:
    """Column index -> the date or time pattern its first such cell shows; one Excel call per
    column holding them (a date or time cell's written form is its number format)."""
    patterns: dict[int, str] = {}
    width = max(len(line) for line in values)
    for index in range(width):
        row = next((n for n, line in enumerate(values[1:EXAMPLE_ROWS + 1], start=1)
                    if index < len(line) and isinstance(line[index], dt.datetime)), None)
        if row is not None:
            pattern = shown_pattern_of_number_format(
                sheet.range((top + row, left + index)).number_format)
            if pattern:
                patterns[index] = pattern
    return patterns


def _may_replace(book: Any) -> bool:
    """A Target template sheet of an earlier New target holds the user's edits: asked first."""
    existing = [s for s in book.sheets if s.name.casefold() == SHEET.casefold() and is_ours(s)]
    if not existing:
        return True
    return bool(book.app.alert(f"The sheet {SHEET} exists already, maybe with your edits. Replace"
                               " it with a new draft?", TITLE, buttons="yes_no") == "yes")
