"""Read an .xlsx sheet as a stream of rows (openpyxl read-only mode: rows are not kept)."""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

from addin.errors import InputError

# An OLE compound file: what Excel writes for a password-protected workbook (and for .xls).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
