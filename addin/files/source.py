"""Open a source by its extension and find its header row."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from addin.errors import InputError
from addin.files.csv_source import CsvSource
from addin.files.xlsx_source import XlsxSource
from addin.header import filled as _filled
from addin.header import find_header


class RowSource(Protocol):
    def rows(self) -> Iterator[tuple[int, list[object]]]: ...

    def describe(self) -> str: ...


@dataclass
class OpenSource:
    source: RowSource
    header: list[str]
    header_row: int

    def data_rows(self) -> Iterator[tuple[int, list[object]]]:
        """Rows after the header; rows with no value at all are skipped (numbering is kept)."""
        header_row = self.header_row
        all_text = isinstance(self.source, CsvSource)
        for number, cells in self.source.rows():
            if number <= header_row:
                continue
            # A CSV row is all text: one join tells whether anything is in it.
            if ("".join(cells).strip() if all_text  # type: ignore[arg-type]
                    else any(_filled(c) for c in cells)):
                yield number, cells

    def data_cells(self) -> Iterator[Sequence[object]]:
        return (cells for _, cells in self.data_rows())


def open_source(path: Path, sheet: str | None = None) -> OpenSource:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    suffix = path.suffix.lower()
    source: RowSource
    if suffix in (".csv", ".txt", ".tsv"):
        if sheet is not None:
            raise InputError(f"{path}: --sheet only applies to .xlsx files")
        source = CsvSource(path)
    elif suffix in (".xlsx", ".xlsm"):
        source = XlsxSource(path, sheet)
    elif suffix == ".xls":
        raise InputError(f"{path}: old .xls workbooks are not read; open it in Excel and save as"
                         " .xlsx or CSV UTF-8")
    else:
        raise InputError(f"{path}: unknown file type {suffix!r}; give a .csv or .xlsx file")
    header, header_row = find_header(source.rows(), str(path))
    return OpenSource(source, header, header_row)
