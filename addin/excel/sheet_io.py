"""Bulk reads and writes against an xlwings workbook, for the ribbon's entry points.

Every function costs a fixed number of Excel calls whatever the number of rows: a range is read
in one call, a block written in one call (up to WRITE_BUDGET cells), number formats set per
column. Nothing here converts data; that is the core's job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from addin.core.cells import address, column_letter
from addin.core.convert_rows import MappedRow
from addin.core.template import Column, Template
from addin.excel.alerts import ExpectedProblem
from addin.excel.sheetops import decimal_to_cell, excel_number_format
from addin.files.xlsx_cells import CellError, as_shown

TEXT_FORMAT = "@"
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
