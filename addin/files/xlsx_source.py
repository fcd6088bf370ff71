"""Read an .xlsx sheet as a stream of rows (openpyxl read-only mode: rows are not kept)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from addin.errors import InputError


class XlsxSource:
    def __init__(self, path: Path, sheet: str | None = None) -> None:
        self.path = path
        self.sheet = sheet
        names = self._open_names()
        if sheet is not None and sheet not in names:
            raise InputError(f"{path}: there is no sheet {sheet!r}; sheets: {', '.join(names)}")
        self.sheet_name = sheet or names[0]

    def _open_names(self) -> list[str]:
        import openpyxl

        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise InputError(f"{self.path}: cannot be read as an .xlsx workbook ({exc}); save it"
                             " from Excel as 'Excel Workbook (.xlsx)' or as CSV") from None
        try:
            return list(book.sheetnames)
        finally:
            book.close()

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        import openpyxl

        # data_only: cached values, never formulas (a =HYPERLINK's text is what the user sees).
        book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        try:
            sheet = book[self.sheet_name]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            book.close()

    def describe(self) -> str:
        return f"sheet {self.sheet_name!r}"
