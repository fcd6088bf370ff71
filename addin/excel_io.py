"""Bulk reads and writes against an xlwings workbook, for the ribbon's entry points.

Every function costs a fixed number of Excel calls whatever the number of rows: a range is read
in one call, a block written in one call (up to WRITE_BUDGET cells), number formats set per
column, highlights drawn with a few conditional-format rules. Nothing here converts data; that is
the core's job.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from addin import fixes
from addin.canonical import LOOKUP_TABLES
from addin.errors import ImportMapperError
from addin.lookups import LookupTable, build_table
from addin.mapper import MappedRow
from addin.problems import Problem
from addin.sheetops import address, column_letter, decimal_to_cell, excel_number_format
from addin.template import Column, Template

TEMPLATE_NAME = "ImportMapper_Template"  # workbook name holding the chosen template id
OUTPUT_MARK = "ImportMapper_Output"  # sheet-scoped name marking a sheet this add-in wrote
UNDO_SHEET = "_importmapper_undo"
FLAGS_PREFIX = "_importmapper_flags_"
SETTINGS_SHEET = fixes.SETTINGS_SHEET
LOOKUP_PREFIX = fixes.LOOKUP_SHEET_PREFIX
ERROR_FILL = "#FFC7CE"
WARNING_FILL = "#FFEB9C"
TEXT_FORMAT = "@"
MAX_SHEET_NAME = 31
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")
# xlwings splits writes of more than 100,000 cells into several calls on its own; a block of up
# to this many cells goes in one call (a 10,000-row sheet is 110,000 cells), larger ones in parts.
WRITE_BUDGET = 1_000_000


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

    An empty sheet gives no rows (Excel reports its used range as the empty cell A1).
    """
    used = sheet.used_range
    values = used.options(ndim=2).value
    if all(v is None or v == "" for line in values for v in line):
        values = []
    return values, used.row, used.column


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
    values, _, _ = read_used(book.sheets[sheet_name])
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
            values, top, _ = read_used(book.sheets[sheet_name])
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
    if last < 2:
        return
    area = sheet.range(f"A2:{column_letter(width)}{last}")
    area.conditional_formats.clear()
    for index, col in zip(positions, template.columns, strict=True):
        if col.required:
            letter = column_letter(index)
            sheet.range(f"{letter}2:{letter}{last}").conditional_formats.add_custom(
                f"=LEN(TRIM({letter}2))=0", fill_color=ERROR_FILL)
    if flagged:
        flags = [[1 if (r, c) in flagged else 0 for c in range(1, width + 1)]
                 for r in range(2, last + 1)]
        write_block(flags_sheet.range("A2"), flags)
        area.conditional_formats.add_custom(f"='{flags_sheet.name}'!A2=1",
                                            fill_color=WARNING_FILL)


def clear_highlights(sheet: Any) -> None:
    sheet.used_range.conditional_formats.clear()


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
        lines.append([link, p.row, p.column, p.severity, p.code, p.message, p.value])
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
