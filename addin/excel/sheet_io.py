"""Bulk reads and writes against an xlwings workbook, for the ribbon's entry points.

Every function costs a fixed number of Excel calls whatever the number of rows: a range is read
in one call, a block written in one call (up to WRITE_BUDGET cells), number formats set per
column, highlights drawn with a few conditional-format rules. Nothing here converts data; that is
the core's job.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zlib
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from addin.core import fixes
from addin.core.canonical import LOOKUP_TABLES
from addin.core.cells import address, column_letter
from addin.core.errors import ImportMapperError
from addin.core.lookups import LookupTable, build_table
from addin.core.mapper import MappedRow
from addin.core.problems import Problem
from addin.core.template import Column, Template
from addin.excel.sheetops import decimal_to_cell, excel_number_format
from addin.files.xlsx_source import CellError, as_shown

TEMPLATE_NAME = "ImportMapper_Template"  # workbook name holding the chosen template id
OUTPUT_MARK = "ImportMapper_Output"  # sheet-scoped name marking a sheet this add-in wrote
UNDO_SHEET = "_importmapper_undo"
FLAGS_PREFIX = "_importmapper_flags_"
SETTINGS_SHEET = fixes.SETTINGS_SHEET
LOOKUP_PREFIX = fixes.LOOKUP_SHEET_PREFIX
ERROR_FILL = "#FFC7CE"
ERROR_FILL_RGB = (255, 199, 206)  # ERROR_FILL as xlwings reads a rule's fill back
# Adds nothing (N of a text is 0) but names the rule in Excel's rules manager, and tells Clear
# highlights which rules are the add-in's own.
REQUIRED_MARK = '+N("Import Mapper: required")'
OLD_REQUIRED_RULE = re.compile(r"=LEN\(TRIM\(\$?[A-Z]{1,3}\$?\d+\)\)=0")
MAX_ADDRESS = 255  # Excel's Range("...") takes addresses up to this long
LISTED_AREAS = 20  # visible areas looked at to name hidden rows in a message
WARNING_FILL = "#FFEB9C"
TEXT_FORMAT = "@"
MAX_SHEET_NAME = 31
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")
# xlwings splits writes of more than 100,000 cells into several calls on its own; a block of up
# to this many cells goes in one call (a 10,000-row sheet is 110,000 cells), larger ones in parts.
WRITE_BUDGET = 1_000_000
# COM gives an error cell as the HRESULT 0x800A0000 + its error number (2042 is #N/A); xlwings
# turns the classic seven into their text when read with err_to_str, newer ones stay numbers.
# https://learn.microsoft.com/en-us/office/vba/api/excel.xlcverror and .../cell-error-values
XL_ERROR = -2146826288  # #NULL!, error number 2000
XL_ERROR_TEXTS = {2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!",
                  2029: "#NAME?", 2036: "#NUM!", 2042: "#N/A", 2043: "#GETTING_DATA",
                  2045: "#SPILL!", 2046: "#CONNECT!", 2047: "#BLOCKED!", 2048: "#UNKNOWN!",
                  2049: "#FIELD!", 2050: "#CALC!", 2051: "#BUSY!"}
XLWINGS_ERROR_TEXTS = {XL_ERROR_TEXTS[n] for n in (2000, 2007, 2015, 2023, 2029, 2036, 2042)}


class ExpectedProblem(ImportMapperError):
    """Something the user can fix (no template chosen, wrong sheet): shown in an alert."""


# --- the chosen template --------------------------------------------------------------------
def chosen_template_id(book: Any) -> str | None:
    try:
        refers_to = book.names[TEMPLATE_NAME].refers_to
    except Exception:  # a missing name: KeyError here, a COM error on Windows
        return None
    match = re.fullmatch(r'="((?:[^"]|"")*)"', refers_to or "")
    return match.group(1).replace('""', '"') if match else None


def store_template_id(book: Any, template_id: str) -> None:
    book.names.add(TEMPLATE_NAME, '="' + template_id.replace('"', '""') + '"')


# --- reading --------------------------------------------------------------------------------
def read_used(sheet: Any) -> tuple[list[list[object]], int, int]:
    """The used range as a 2-D list, with the row and column of its top-left cell.

    An empty sheet gives no rows (Excel reports its used range as the empty cell A1). Error
    cells come as CellError (see read_block).
    """
    used = sheet.used_range
    values = read_block(used)
    if all(v is None or v == "" for line in values for v in line):
        values = []
    return values, used.row, used.column


def read_block(rng: Any) -> list[list[object]]:
    """The range's values in one call; an error cell (#N/A) as a CellError, never as empty."""
    values = rng.options(ndim=2, err_to_str=True).value
    return [[_cell_error(v) or v for v in line] for line in values]


def as_excel_shows(values: list[list[object]]) -> list[list[object]]:
    """Numbers as Excel shows them, as the file readers read a saved workbook: COM hands over the
    stored double (=(End-Start)*24 is 2.5000000000000004), Excel shows 15 significant digits."""
    return [[as_shown(v) if type(v) is float else v for v in line] for line in values]


def _cell_error(value: object) -> CellError | None:
    if isinstance(value, str) and value in XLWINGS_ERROR_TEXTS:
        return CellError(value)
    # Error numbers xlwings does not turn into text come as COM's HRESULT (numbers are floats).
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value - XL_ERROR < 100:
        number = value - XL_ERROR + 2000
        return CellError(XL_ERROR_TEXTS.get(number, f"Excel error {number}"))
    return None


def cell_errors(values: Sequence[Sequence[object]], top: int, left: int) -> list[str]:
    """'B5 shows #N/A' for each error cell of a block whose top-left cell is (top, left)."""
    return [f"{address(top + i, left + j)} shows {v.shown}"
            for i, line in enumerate(values) for j, v in enumerate(line)
            if isinstance(v, CellError)]


def refuse_cell_errors(values: Sequence[Sequence[object]], top: int, left: int,
                       where: str) -> None:
    """An alert listing the error cells of a block that must not hold any (settings, lookups,
    a selection to convert): an error there cannot be read as a value."""
    found = cell_errors(values, top, left)
    if found:
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise ExpectedProblem(f"{where}: {', '.join(found[:5])}{more}, an Excel error. Fix the"
                              " formula or type the value, then try again.")


def write_block(rng: Any, values: Sequence[Sequence[object]]) -> None:
    """Values from the top-left cell of `rng` on, in one call up to WRITE_BUDGET cells."""
    width = max((len(line) for line in values), default=1) or 1
    chunksize = None if len(values) * width <= WRITE_BUDGET else max(1, WRITE_BUDGET // width)
    rng.options(chunksize=chunksize).value = values


def literal(value: object) -> object:
    """A cell value that Excel stores exactly: text gets the ' prefix, so that "007", "1:30",
    "2026-01-05" or "=x" stay text instead of becoming a number, time, date or formula."""
    return "'" + value if isinstance(value, str) and value else value


def read_key_values(book: Any, sheet_name: str) -> dict[str, str] | None:
    """A two-column sheet (settings, a lookup table) as a dict, or None when it does not exist."""
    if sheet_name not in [s.name for s in book.sheets]:
        return None
    values, top, left = read_used(book.sheets[sheet_name])
    refuse_cell_errors(values, top, left, f"Sheet {sheet_name!r}")
    table: dict[str, str] = {}
    for line in values[1:]:  # first row: column titles
        if len(line) >= 2 and line[0] is not None and line[1] is not None:
            table[_cell_text(line[0])] = _cell_text(line[1])
    return table


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def lookup_sheets(book: Any) -> dict[str, LookupTable]:
    """The workbook's lookup tables: sheets named 'Lookup people', 'Lookup matters', ..."""
    names = [s.name for s in book.sheets]
    tables: dict[str, LookupTable] = {}
    for table in LOOKUP_TABLES:
        sheet_name = LOOKUP_PREFIX + table
        if sheet_name in names:
            values, top, left = read_used(book.sheets[sheet_name])
            refuse_cell_errors(values, top, left, f"Sheet {sheet_name!r}")
            if values:
                rows = [(n, [_cell_text(v) if v is not None else None for v in line])
                        for n, line in enumerate(values[1:], start=top + 1)]
                tables[table] = build_table(table, values[0], rows, f"sheet {sheet_name!r}")
    return tables


# --- our own sheets -------------------------------------------------------------------------
def is_ours(sheet: Any) -> bool:
    return any(n.name.endswith(OUTPUT_MARK) for n in sheet.names)


def output_sheet(book: Any, wanted: str, after: Any) -> Any:
    """A fresh sheet named `wanted`: an earlier sheet of ours is replaced, a user's never is."""
    name = BAD_SHEET_CHARS.sub("-", wanted)[:MAX_SHEET_NAME]
    existing = {s.name.casefold(): s for s in book.sheets}  # Excel ignores case in sheet names
    base, number = name, 2
    while name.casefold() in existing and not is_ours(existing[name.casefold()]):
        suffix = f" ({number})"
        name = base[:MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    if name.casefold() in existing:  # our own earlier output under this name: replaced
        if existing[name.casefold()].name == after.name:
            raise ExpectedProblem("The active sheet is Import Mapper's own output. Select the"
                                  " sheet with the source data, then Apply template again.")
        existing[name.casefold()].delete()
    sheet = book.sheets.add(name, after=after)
    sheet.names.add(OUTPUT_MARK, "=TRUE")
    return sheet


def one_block(selection: Any) -> None:
    """An alert when the selection is several areas (Ctrl+click): Excel reads only the first."""
    if "," in selection.address:
        raise ExpectedProblem("The selection has several areas (Ctrl+click). Select one block of"
                              " cells, or one column, then try again.")


def refuse_hidden_rows(rng: Any) -> None:
    """An alert when some of the block's rows or columns are hidden (a filter, say): writing the
    block back would change cells the user cannot see."""
    visible = rng.get_special_cells("visible")
    if len(visible) == 1 and visible[0].address == rng.address:
        return
    # The rows named are those above the first few visible areas: each costs Excel calls.
    named = visible[:LISTED_AREAS]
    shown = {r for area in named for r in range(area.row, area.row + area.shape[0])}
    end = rng.row + rng.shape[0] if len(named) == len(visible) else named[-1].row
    hidden = [r for r in range(rng.row, end) if r not in shown]
    more = "" if len(named) == len(visible) else " and more"
    what = (f"row{'s' if len(hidden) > 1 or more else ''} {_runs_text(hidden)}{more}"
            f" {'are' if len(hidden) > 1 or more else 'is'} hidden" if hidden
            else "some columns are hidden")
    raise ExpectedProblem(f"Nothing was changed: in the selection, {what} (by a filter, or by"
                          " hand), and converting would change cells you cannot see. Show all"
                          " rows and columns (Data > Clear, or Unhide), or select cells with"
                          " none hidden, then try again.")


def _runs_text(rows: Sequence[int]) -> str:
    """'2', '2 and 4', '2, 4 and 6-9'."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and runs[-1][-1] == row - 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def new_sheet(book: Any, wanted: str) -> Any:
    """A new sheet at the end, named `wanted` or `wanted (2)`...: no existing sheet is replaced."""
    base = BAD_SHEET_CHARS.sub("-", wanted).strip("'")[:MAX_SHEET_NAME] or "Sheet"
    existing = {s.name.casefold() for s in book.sheets}  # Excel ignores case in sheet names
    name, number = base, 2
    while name.casefold() in existing:
        suffix = f" ({number})"
        name, number = base[:MAX_SHEET_NAME - len(suffix)] + suffix, number + 1
    return book.sheets.add(name, after=book.sheets[-1])


def write_source_table(sheet: Any, rows: Sequence[Sequence[object]], kinds: Sequence[str]) -> None:
    """A source file's cells: "text" columns as Text cells, "date" columns as real dates shown
    YYYY-MM-DD, "cells" columns as the workbook typed them (text kept from becoming a number)."""
    height = max(len(rows), 1)
    for index, kind in enumerate(kinds, start=1):
        letter = column_letter(index)
        if kind == "text":
            sheet.range(f"{letter}1:{letter}{height}").number_format = TEXT_FORMAT
        elif kind == "date":
            sheet.range(f"{letter}1:{letter}{height}").number_format = excel_number_format(
                "YYYY-MM-DD")
    block = [[value if kinds[i] == "text" else literal(value) for i, value in enumerate(line)]
             for line in rows]
    if block and block[0]:
        write_block(sheet.range("A1"), block)


def flags_sheet_name(sheet_name: str) -> str:
    """One hidden flags sheet per highlighted sheet, so highlighting one never repaints another.

    A hash keeps the name within Excel's 31 characters whatever the sheet is called.
    """
    return f"{FLAGS_PREFIX}{zlib.crc32(sheet_name.encode('utf-8')):08x}"


def hidden_sheet(book: Any, name: str) -> Any:
    if name in [s.name for s in book.sheets]:
        sheet = book.sheets[name]
        sheet.clear()
    else:
        sheet = book.sheets.add(name, after=book.sheets[-1])
        sheet.visible = False
    return sheet


# --- writing a mapped table -----------------------------------------------------------------
def cell_value(col: Column, text: str, typed: object) -> object:
    """What to put in the cell: real dates and numbers where Excel has them, text otherwise."""
    if text == "":
        return None
    if col.type in ("date", "datetime") and isinstance(typed, dt.date):
        if isinstance(typed, dt.datetime):
            return typed.replace(tzinfo=None)
        return dt.datetime(typed.year, typed.month, typed.day)
    if col.type == "time" and isinstance(typed, dt.time):
        seconds = typed.hour * 3600 + typed.minute * 60 + typed.second
        return seconds / 86400  # Excel's time of day is a fraction of a day
    if col.type in ("number", "money") or (col.type == "duration" and col.unit in (
            "hours", "minutes", "seconds")):
        return decimal_to_cell(Decimal(text.replace(col.decimal_separator, ".")))
    return text


def column_format(col: Column) -> str | None:
    if col.type in ("date", "time", "datetime") and col.format:
        return excel_number_format(col.format)
    if col.type in ("number", "money", "duration") and col.unit not in (
            "h:mm", "hh:mm", "h:mm:ss", "hh:mm:ss"):
        return "0" if col.decimals == 0 else "General" if col.decimals is None else (
            "0." + "0" * col.decimals)
    return TEXT_FORMAT  # text stays text: leading zeros kept, "=..." never a formula


def write_table(sheet: Any, template: Template, rows: Sequence[MappedRow]) -> None:
    """Header and rows in one write, after one number-format call per column."""
    height = len(rows) + 1
    for index, col in enumerate(template.columns, start=1):
        fmt = column_format(col)
        if fmt:
            letter = column_letter(index)
            sheet.range(f"{letter}1:{letter}{height}").number_format = fmt
    block: list[list[object]] = [list(template.header)]
    for row in rows:
        block.append([cell_value(c, t, v) for c, t, v in
                      zip(template.columns, row.values, row.typed, strict=True)])
    write_block(sheet.range("A1"), block)


# --- highlights -----------------------------------------------------------------------------
def highlight(sheet: Any, template: Template, last: int, flagged: set[tuple[int, int]],
              flags_sheet: Any, columns: Sequence[int] | None = None) -> None:
    """Required blanks red (the rule heals when the cell is filled), flagged cells amber.

    `last` is the last data row; `columns` the sheet column of each template column (the
    user may have moved them), by default 1, 2, 3... Flags live as a 0/1 block on a hidden sheet
    read by one rule, so that any number of scattered cells costs the same few calls.
    """
    positions = list(columns or range(1, len(template.columns) + 1))
    width = max(positions)
    clear_highlights(sheet)
    if last < 2:
        return
    if flagged:
        flags = [[1 if (r, c) in flagged else 0 for c in range(1, width + 1)]
                 for r in range(2, last + 1)]
        write_block(flags_sheet.range("A2"), flags)
    # Excel reads a rule's relative references from the active cell, not from the range's first
    # cell: A2 is made active while the rules are added, and every rule is written as seen from
    # row 2 (the required rules with absolute columns, as each watches one column).
    with active_cell(sheet, "A2"):
        for index, col in zip(positions, template.columns, strict=True):
            if col.required:
                letter = column_letter(index)
                sheet.range(f"{letter}2:{letter}{last}").conditional_formats.add_custom(
                    f"=LEN(TRIM(${letter}2)){REQUIRED_MARK}=0", fill_color=ERROR_FILL)
        if flagged:
            sheet.range(f"A2:{column_letter(width)}{last}").conditional_formats.add_custom(
                f"='{flags_sheet.name}'!A2=1", fill_color=WARNING_FILL)


@contextlib.contextmanager
def active_cell(sheet: Any, cell: str) -> Iterator[None]:
    """`cell` of `sheet` active inside the block; the user's sheet and selection restored after."""
    book = sheet.book
    before_sheet = book.sheets.active
    sheet.activate()
    selection = book.app.selection  # None when e.g. a chart is selected
    before = selection.address if selection is not None else None
    sheet.range(cell).select()
    try:
        yield
    finally:
        if before is not None:
            # Excel takes addresses of up to 255 characters: a longer selection (many Ctrl+click
            # areas) comes back as its first area.
            sheet.range(before if len(before) <= MAX_ADDRESS else before.split(",")[0]).select()
        before_sheet.activate()


def clear_highlights(sheet: Any) -> None:
    """Remove the add-in's rules from the sheet; the user's own conditional formats stay."""
    ours = [rule for rule in sheet.cells.conditional_formats if _is_ours(rule)]
    for rule in ours:
        rule.delete()


def _is_ours(rule: Any) -> bool:
    formula = rule.formula or ""  # None for rules other than custom formulas
    if REQUIRED_MARK in formula or FLAGS_PREFIX in formula:
        return True
    # Required rules drawn before they carried the mark.
    return bool(OLD_REQUIRED_RULE.fullmatch(formula)) and rule.fill_color == ERROR_FILL_RGB


# --- the problems list ----------------------------------------------------------------------
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
