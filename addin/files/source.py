"""Open a source by its extension and find its header row."""

from __future__ import annotations

from collections.abc import Collection, Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from addin.core.bad_cells import BAD_CELLS, CellError, UndecodableCell, without_cell_errors
from addin.core.errors import InputError
from addin.core.header import filled as _filled
from addin.core.header import find_header
from addin.core.problems import Report
from addin.files.csv_source import CsvSource
from addin.files.xlsx_cells import ERROR_TEXTS
from addin.files.xlsx_source import XlsxSource

# Spreadsheet formats we do not read, and how to get a file we do.
OTHER_FORMATS = {
    ".xls": "old .xls workbooks are not read",
    ".ods": "OpenDocument spreadsheets (.ods) are not read",
    ".numbers": "Numbers spreadsheets are not read",
    ".xlsb": "binary .xlsb workbooks are not read",
}

# Cells read as empty and reported: spreadsheet errors, text that is not in the file's encoding.
# The first characters of the error texts ('#'): a CSV row without one holds no error.
ERROR_MARKS = tuple({text[:1] for text in ERROR_TEXTS})


class RowSource(Protocol):
    def rows(self) -> Iterator[tuple[int, list[object]]]: ...

    def describe(self) -> str: ...


@dataclass
class OpenSource:
    source: RowSource
    header: list[str]
    header_row: int

    def data_rows(self, report: Report | None = None, read: Collection[int] | None = None
                  ) -> Generator[tuple[int, list[object]], None, None]:
        """Rows after the header; rows with no value at all are skipped (numbering is kept).

        A cell holding a spreadsheet error is read as empty and, when `report` is given,
        reported, so the pass that converts reports it once: an error, or a warning when
        `read` (the columns the mapping reads) leaves its column out.
        """
        header_row = self.header_row
        csv_rows = isinstance(self.source, CsvSource)
        all_text = isinstance(self.source, CsvSource) and self.source.clean
        for number, cells in self.source.rows():
            if number <= header_row:
                continue
            if all_text:
                # A CSV row is all text: one join tells whether anything is in it, and whether
                # any cell could be an error's text.
                joined = "".join(cells)  # type: ignore[arg-type]
                if not joined.strip():
                    continue
                if all(mark not in joined for mark in ERROR_MARKS) or ERROR_TEXTS.isdisjoint(
                        cells):
                    yield number, cells
                    continue
            if all_text or any(_filled(c) for c in cells):
                if csv_rows and any(c in ERROR_TEXTS for c in cells):
                    # A CSV saved from a sheet holds '#N/A' where the sheet showed an error.
                    cells = [CellError(c) if c in ERROR_TEXTS else c for c in cells]
                    cells = self._without_errors(number, cells, report, read)
                elif not all_text and any(isinstance(c, BAD_CELLS) for c in cells):
                    cells = self._without_errors(number, cells, report, read)
                yield number, cells

    def data_cells(self) -> Iterator[Sequence[object]]:
        return (cells for _, cells in self.data_rows())

    def _without_errors(self, number: int, cells: list[object], report: Report | None,
                        read: Collection[int] | None) -> list[object]:
        return without_cell_errors(number, cells, self.header, report, read)


def open_source(path: Path, sheet: str | None = None, channel: str = "cli") -> OpenSource:
    """The file opened and its header found; `channel` names fixes in the user's shell."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    suffix = path.suffix.lower()
    source: RowSource
    if suffix in (".csv", ".txt", ".tsv"):
        if sheet is not None:
            raise InputError(f"{path}: --sheet only applies to .xlsx files")
        source = CsvSource(path)
    elif suffix in (".xlsx", ".xlsm"):
        source = XlsxSource(path, sheet, channel)
    elif suffix in OTHER_FORMATS:
        raise InputError(f"{path}: {OTHER_FORMATS[suffix]}; open it in Excel (or LibreOffice)"
                         " and save it as .xlsx or CSV UTF-8")
    else:
        raise InputError(f"{path}: unknown file type {suffix!r}; give a .csv or .xlsx file")
    header, header_row = find_header(source.rows(), str(path))
    if isinstance(source, CsvSource) and not source.clean:
        _refuse_undecodable_header(source, header_row)
    if isinstance(source, XlsxSource):
        source.check_header(header_row)
    opened = OpenSource(source, header, header_row)
    rows = opened.data_rows()
    try:
        empty = next(rows, None) is None
    finally:
        rows.close()  # releases the workbook now, not when collected
    if empty:
        raise InputError(f"{path}: has column headers (row {header_row}) but no rows of data"
                         " below them; nothing to map")
    return opened


def _refuse_undecodable_header(source: CsvSource, header_row: int) -> None:
    for number, cells in source.rows():
        if number == header_row and any(isinstance(c, UndecodableCell) for c in cells):
            raise InputError(f"{source.path}: the header (row {header_row}) holds text that is"
                             " not UTF-8 or was read in the wrong encoding; retype the column"
                             " names, or save the file from Excel as 'CSV UTF-8'")
        if number >= header_row:
            return
