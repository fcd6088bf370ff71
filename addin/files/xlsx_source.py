"""Read an .xlsx sheet as a stream of rows, with the cell types openpyxl's read-only mode gives.

python-calamine (Rust) reads a sheet about fifteen times faster than openpyxl, but holds the
whole sheet while it is read, reads error cells (#N/A) as empty and cannot tell a formula without
a saved result from an empty cell. So: calamine when it is installed and the sheet has neither an
error cell nor a formula; else openpyxl (streaming, values beside formulas, so that errors and
unsaved formulas are reported instead of silently becoming blank). Rows from either reader are
alike: None for empty cells, datetime for dates, int for whole numbers.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from addin.errors import InputError

# An OLE compound file: what Excel writes for a password-protected workbook (and for .xls).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 1 << 20
# Marks in a sheet's XML that calamine would read wrongly: error cells and formulas.
CALAMINE_UNSAFE = (b' t="e"', b" t='e'", b"<f>", b"<f ", b"<x:f")
# Whole numbers below this come back from openpyxl as int (their XML text has no exponent).
EXACT_INT_LIMIT = 1e16
RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class CellError:
    """A cell whose value cannot be used: an error such as #N/A, or a formula never calculated."""

    shown: str  # '#N/A', or the formula text
    formula: bool = False

    def message(self) -> str:
        if self.formula:
            return (f"the cell holds the formula {self.shown} but no saved result (the file was"
                    " not last saved by Excel); open it in Excel and save it, or paste the"
                    " values in place of the formulas")
        return (f"the cell shows {self.shown}, a spreadsheet error; fix the formula in the"
                " source, or type the value")


class XlsxSource:
    def __init__(self, path: Path, sheet: str | None = None) -> None:
        self.path = path
        self.sheet = sheet
        self.sheet_names = self._open_names()
        if sheet is not None and sheet not in self.sheet_names:
            raise InputError(f"{path}: there is no sheet {sheet!r}; sheets:"
                             f" {', '.join(self.sheet_names)}")
        self.sheet_name = sheet or self.sheet_names[0]
        self._calamine_sheet: Any = None  # read once, then every pass iterates it
        self.reader = "calamine" if _calamine() and _calamine_safe(
            path, self.sheet_name) else "openpyxl"

    def _open_names(self) -> list[str]:
        try:
            with self.path.open("rb") as handle:
                encrypted = handle.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read the file ({exc.strerror})") from None
        if encrypted:
            raise InputError(f"{self.path}: is password-protected (or an old .xls workbook"
                             " renamed to .xlsx); open it in Excel, remove the password (File >"
                             " Info > Protect Workbook) and save it as .xlsx or CSV UTF-8")
        try:
            book = self._load(data_only=True)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
            raise InputError(f"{self.path}: cannot be read as an .xlsx workbook ({exc}); save it"
                             " from Excel as 'Excel Workbook (.xlsx)' or as CSV") from None
        try:
            return list(book.sheetnames)
        finally:
            book.close()

    def _load(self, data_only: bool) -> Any:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on styles and extensions
            return openpyxl.load_workbook(self.path, read_only=True, data_only=data_only)

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        if self.reader == "calamine":
            return self._calamine_rows()
        return self._openpyxl_rows()

    def _openpyxl_rows(self) -> Iterator[tuple[int, list[object]]]:
        # Cached values (what the user sees), read beside the formulas so that a formula with
        # no saved value is reported instead of read as an empty cell.
        values, formulas = self._load(data_only=True), self._load(data_only=False)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # e.g. a date serial out of range: an error cell
                pairs = zip_longest(values[self.sheet_name].iter_rows(),
                                    formulas[self.sheet_name].iter_rows(values_only=True),
                                    fillvalue=())
                for number, (cells, written) in enumerate(pairs, start=1):
                    yield number, [_value(cell, formula)
                                   for cell, formula in zip_longest(cells, written)]
        finally:
            values.close()
            formulas.close()

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
        others = [n for n in self.sheet_names if n != self.sheet_name]
        if not others:
            return f"sheet {self.sheet_name!r}"
        return (f"sheet {self.sheet_name!r} (also in the file: {', '.join(map(repr, others))};"
                " choose with --sheet)")


def _value(cell: Any, formula: object) -> object:
    if cell is None:
        return None
    if cell.data_type == "e":
        return CellError(str(cell.value))
    if cell.value is None and formula is not None:  # only a formula has no cached value
        return CellError(str(getattr(formula, "text", formula)), formula=True)
    return cell.value


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


def _calamine_safe(path: Path, sheet_name: str) -> bool:
    """Whether the sheet's XML holds no error cell and no formula; False when unsure."""
    return not _has_unsafe_cells(path, sheet_name)


def _has_unsafe_cells(path: Path, sheet_name: str) -> bool:
    """Whether the sheet's XML holds an error cell or a formula; True when that cannot be told."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_member(archive, sheet_name)
            if member is None:
                return True
            with archive.open(member) as xml:
                tail = b""
                while chunk := xml.read(CHUNK):
                    window = tail + chunk
                    if any(mark in window for mark in CALAMINE_UNSAFE):
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
