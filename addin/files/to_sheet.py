"""A source file as the cells of a new sheet, read by our own readers (the ribbon's Open file).

Excel opening a CSV parses it with the machine's locale: on en-US Excel a day-first file's
``02/11/2026`` becomes 11 February while ``13/11/2026`` stays text. Here the file is read by the
readers ``importmap`` uses, and each column is either kept as its text (or the workbook's own
typed cells) or, when every value below the header is a numeric date, turned into real dates
read with ONE day/month order for the whole column, decided from its values as the engine does
(else the ``date_order`` the user gave). The note says which columns became dates and how.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from addin.convert.date_order import DateOrderVote
from addin.convert.dates import parse_date
from addin.core import fixes
from addin.core.errors import InputError
from addin.core.header import column_name
from addin.core.problems import ConversionError
from addin.files.csv_source import CsvSource
from addin.files.source import open_source
from addin.files.xlsx_cells import CellError
from addin.files.xlsx_source import XlsxSource

__all__ = ["EXCEL_MAX_COLUMNS", "EXCEL_MAX_ROWS", "SheetColumn", "SheetTable", "read_for_sheet"]

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
# A date written as numbers (05/04/2026, 2026-04-05, 05.04.26): the only form whose meaning
# depends on the reader's locale. Anything else stays as the file wrote it.
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2}[/.-]\d{1,2}[/.-](\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})\s*")
_ORDER_WORDS = {"DMY": "day-first", "MDY": "month-first"}


@dataclass
class SheetColumn:
    """How one column is written: ``kind`` "date" (real dates), "text" or "cells" (as read)."""

    name: str
    kind: str = "text"
    note: str = ""


@dataclass
class SheetTable:
    rows: list[list[object]]  # every row of the file, header and titles included
    columns: list[SheetColumn]
    header_row: int  # 1-based
    described: str  # the file as read: encoding and separator, or the sheet
    notes: list[str] = field(default_factory=list)


def read_for_sheet(path: Path, sheet: str | None = None,
                   date_order: str | None = None) -> SheetTable:
    """The file's rows as cells for a new sheet; InputError when it cannot be read.

    ``sheet`` chooses the sheet of a workbook (ignored for a CSV); ``date_order`` ("DMY" or
    "MDY") reads a date column whose every value fits both orders.
    """
    opened = open_source(path, sheet if path.suffix.lower() in (".xlsx", ".xlsm") else None,
                         "excel")
    rows = [list(cells) for _, cells in opened.source.rows()]
    if len(rows) > EXCEL_MAX_ROWS:
        raise InputError(f"{path.name} has {len(rows):,} rows; an Excel sheet holds at most"
                         f" {EXCEL_MAX_ROWS:,}. Split the file, or map it with importmap")
    width = max((len(r) for r in rows), default=0)
    if width > EXCEL_MAX_COLUMNS:
        raise InputError(f"{path.name} has {width:,} columns; an Excel sheet holds at most"
                         f" {EXCEL_MAX_COLUMNS:,}")
    table = SheetTable(rows, [], opened.header_row, _described(opened.source))
    for index in range(width):
        table.columns.append(_column(table, index, opened.header, date_order))
    for line in rows:
        line.extend([None] * (width - len(line)))
        for index, cell in enumerate(line):
            if isinstance(cell, CellError):  # kept visible, never read as empty here
                line[index] = cell.shown
    return table


def _described(source: object) -> str:
    if isinstance(source, XlsxSource):
        others = [n for n in source.sheet_names if n != source.sheet_name]
        also = f" (also in the file: {', '.join(map(repr, others))})" if others else ""
        return f"sheet {source.sheet_name!r}{also}"
    if isinstance(source, CsvSource):
        return source.describe()
    return ""


def _column(table: SheetTable, index: int, header: Sequence[str],
            date_order: str | None) -> SheetColumn:
    column = SheetColumn(column_name(list(header), index))
    body = [(n, line[index]) for n, line in enumerate(table.rows[table.header_row:],
                                                      start=table.header_row + 1)
            if index < len(line) and line[index] not in (None, "")]
    if any(not isinstance(v, str) for _, v in body):
        column.kind = "cells"  # a workbook's own numbers and dates: kept as Excel typed them
        return column
    if not body or not all(_NUMERIC_DATE.fullmatch(str(v)) for _, v in body):
        return column
    vote = DateOrderVote()
    for _, value in body:
        vote.add(value)
    # Open file is a button of the Excel shell: fixes are named as settings-sheet rows.
    order, reason = vote.decide(date_order, *fixes.date_order_words(date_order, "excel"))
    if (vote.day_first and vote.month_first) or (order is None and vote.either):
        column.note = f"{column.name!r} kept as text: {reason}"
        table.notes.append(column.note)
        return column
    dates: list[tuple[int, dt.date]] = []
    for number, value in body:
        try:
            dates.append((number, parse_date(value, order)))
        except ConversionError as exc:
            column.note = f"{column.name!r} kept as text: row {number}: {exc.message}"
            table.notes.append(column.note)
            return column
    for number, date in dates:
        table.rows[number - 1][index] = dt.datetime(date.year, date.month, date.day)
    column.kind = "date"
    column.note = (f"{column.name!r} read as dates, "
                   f"{_ORDER_WORDS.get(order or '', 'the same in either order')}"
                   f"{': ' + reason if vote.either or vote.day_first or vote.month_first else ''}")
    table.notes.append(column.note)
    return column
