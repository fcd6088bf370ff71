"""Read an .xlsx sheet as a stream of rows, with the cell types openpyxl's read-only mode gives.

python-calamine (Rust) reads a sheet about fifteen times faster than openpyxl, but holds the
whole sheet while it is read, and it reads error cells (#N/A, #DIV/0!) as empty. So: calamine
when it is installed and the sheet has no error cell, else openpyxl (streaming, errors as their
text, so that they are reported instead of silently becoming blank). Rows from either reader are
alike: None for empty cells, datetime for dates, int for whole numbers.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from addin.errors import InputError

CHUNK = 1 << 20
ERROR_MARKS = (b' t="e"', b" t='e'")
# Whole numbers below this come back from openpyxl as int (their XML text has no exponent).
EXACT_INT_LIMIT = 1e16
RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class XlsxSource:
    def __init__(self, path: Path, sheet: str | None = None) -> None:
        self.path = path
        self.sheet = sheet
        names = self._open_names()
        if sheet is not None and sheet not in names:
            raise InputError(f"{path}: there is no sheet {sheet!r}; sheets: {', '.join(names)}")
        self.sheet_name = sheet or names[0]
        self._calamine_sheet: Any = None  # read once, then every pass iterates it
        self.reader = "calamine" if _calamine() and not _has_error_cells(
            path, self.sheet_name) else "openpyxl"

    def _open_names(self) -> list[str]:
        if _calamine():
            from python_calamine import CalamineError, CalamineWorkbook

            try:
                with CalamineWorkbook.from_path(str(self.path)) as calamine_book:
                    return list(calamine_book.sheet_names)
            except (OSError, CalamineError) as exc:
                raise self._unreadable(exc) from None
        import openpyxl

        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise self._unreadable(exc) from None
        try:
            return list(book.sheetnames)
        finally:
            book.close()

    def _unreadable(self, exc: Exception) -> InputError:
        return InputError(f"{self.path}: cannot be read as an .xlsx workbook ({exc}); save it"
                          " from Excel as 'Excel Workbook (.xlsx)' or as CSV")

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        if self.reader == "calamine":
            return self._calamine_rows()
        return self._openpyxl_rows()

    def _openpyxl_rows(self) -> Iterator[tuple[int, list[object]]]:
        import openpyxl

        # data_only: cached values, never formulas (a =HYPERLINK's text is what the user sees).
        book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        try:
            sheet = book[self.sheet_name]
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            book.close()

    def _calamine_rows(self) -> Iterator[tuple[int, list[object]]]:
        if self._calamine_sheet is None:
            from python_calamine import CalamineWorkbook

            with CalamineWorkbook.from_path(str(self.path)) as book:
                self._calamine_sheet = book.get_sheet_by_name(self.sheet_name)
        sheet = self._calamine_sheet
        # Calamine drops empty leading columns (not rows); put them back so positions match.
        lead = [None] * (sheet.start[1] if sheet.start else 0)
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, lead + [_as_openpyxl(v) for v in cells]

    def describe(self) -> str:
        return f"sheet {self.sheet_name!r}"


def _as_openpyxl(value: object) -> object:
    """A calamine cell as openpyxl gives it: None for empty, datetime for a date, int if whole."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        assert isinstance(value, float)
        return int(value) if value.is_integer() and abs(value) < EXACT_INT_LIMIT else value
    if kind is dt.date:
        assert isinstance(value, dt.date)
        return dt.datetime(value.year, value.month, value.day)
    return value


def _calamine() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True


def _has_error_cells(path: Path, sheet_name: str) -> bool:
    """Whether the sheet's XML holds an error cell; True when that cannot be told (be safe)."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_member(archive, sheet_name)
            if member is None:
                return True
            with archive.open(member) as xml:
                tail = b""
                while chunk := xml.read(CHUNK):
                    window = tail + chunk
                    if any(mark in window for mark in ERROR_MARKS):
                        return True
                    tail = chunk[-8:]
    except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return True
    return False


def _sheet_member(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding ``sheet_name``'s cells, from the workbook's relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rel_id = next((s.get(RELS) for s in workbook.iter(f"{MAIN}sheet")
                   if s.get("name") == sheet_name), None)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{PACKAGE_RELS}Relationship")
                   if r.get("Id") == rel_id), None)
    if rel_id is None or target is None:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))
