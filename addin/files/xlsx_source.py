"""Read an .xlsx sheet as a stream of rows, with the cell types openpyxl's read-only mode gives.

python-calamine (Rust) reads a sheet about fifteen times faster than openpyxl, but holds the
whole sheet while it is read, reads error cells (#N/A) as empty, cannot tell a formula without
a saved result from an empty cell and does not give number formats. So: calamine when it is
installed and the sheet has neither an error cell nor a formula and the workbook no AM/PM time
format; else openpyxl (streaming, values beside formulas, so that errors and unsaved formulas are
reported instead of silently becoming blank). Rows from either reader are alike: None for empty
cells, datetime for dates, int for whole numbers, numbers as Excel shows them (15 significant
digits: 2.5, not 2.5000000000000004), a ClockTime for a time shown with AM/PM, and text
already read in the wrong encoding ('MÃ¼ller') as an error cell.

One streaming pass over the sheet's XML (xlsx_facts) also finds what neither reader tells:
hidden rows, a filter, merged cells; each reader's cells are made alike by xlsx_cells.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from addin.core import fixes
from addin.core.cells import column_letter
from addin.core.errors import InputError
from addin.files.xlsx_cells import calamine_value, openpyxl_value
from addin.files.xlsx_facts import am_pm_styles, sheet_facts

# An OLE compound file: what Excel writes for a password-protected workbook (and for .xls).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SHOWN_ROWS = 5
SHOWN_CACHE = 4096  # distinct texts and numbers remembered while a sheet is read


class XlsxSource:
    def __init__(self, path: Path, sheet: str | None = None, channel: str = "cli") -> None:
        self.path = path
        self.sheet = sheet
        # How the user chooses a sheet: --sheet (the sheets are listed beside it), or the
        # settings row 'sheet' in Excel.
        self.choose_sheet = fixes.sheet().render(channel) if channel == "excel" else "--sheet"
        self.sheet_kinds = self._open_names()
        self.sheet_names = list(self.sheet_kinds)
        if sheet is not None and sheet not in self.sheet_kinds:
            raise InputError(f"{path}: there is no sheet {sheet!r}; sheets:"
                             f" {', '.join(self.sheet_names)}")
        if sheet is not None and self.sheet_kinds[sheet] == "chart":
            raise InputError(f"{path}: sheet {sheet!r} is a chart, not a table; choose a"
                             f" worksheet with {self.choose_sheet}")
        # A hidden sheet or a chart is never chosen unasked: the first visible worksheet is.
        first = next((n for n, kind in self.sheet_kinds.items() if kind == "worksheet"), None)
        if sheet is None and first is None:
            raise InputError(f"{path}: has no visible worksheet (sheets: "
                             f"{self._listed(self.sheet_names)}); choose one with"
                             f" {self.choose_sheet}")
        self.sheet_name = sheet or first or ""
        self._calamine_sheet: Any = None  # read once, then every pass iterates it
        self.facts = sheet_facts(path, self.sheet_name)
        self.reader = "calamine" if _calamine() and not self.facts.unsafe and not am_pm_styles(
            path) else "openpyxl"

    def _listed(self, names: list[str]) -> str:
        words = {"hidden": " (hidden)", "chart": " (a chart)", "worksheet": ""}
        return ", ".join(f"{name!r}{words[self.sheet_kinds[name]]}" for name in names)

    def _open_names(self) -> dict[str, str]:
        """Each sheet's name and kind: 'worksheet' (visible), 'hidden' or 'chart'."""
        try:
            with self.path.open("rb") as handle:
                encrypted = handle.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read the file ({exc.strerror})") from None
        if encrypted:
            raise InputError(f"{self.path}: is password-protected (or an old .xls workbook"
                             " renamed to .xlsx); open it in Excel, remove the password (File >"
                             " Info > Protect Workbook) and save it as .xlsx or CSV UTF-8")
        kinds = _calamine_kinds(self.path)
        if kinds is not None:
            return kinds
        try:
            book = self._load(data_only=True)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
            raise InputError(f"{self.path}: cannot be read as an .xlsx workbook ({exc}); save it"
                             " from Excel as 'Excel Workbook (.xlsx)' or as CSV") from None
        try:
            return {name: _kind(book[name]) for name in book.sheetnames}
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
                    yield number, [openpyxl_value(cell, formula)
                                   for cell, formula in zip_longest(cells, written)]
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, ElementTree.ParseError
                ) as exc:
            raise self._unreadable(exc) from None
        finally:
            values.close()
            formulas.close()

    def _unreadable(self, exc: Exception) -> InputError:
        """A sheet written by another program with a cell Excel would repair on opening."""
        return InputError(f"{self.path}: sheet {self.sheet_name!r} cannot be read ({exc});"
                          " open the file in Excel and save it again as .xlsx, or save it as"
                          " CSV UTF-8")

    def _calamine_rows(self) -> Iterator[tuple[int, list[object]]]:
        if self._calamine_sheet is None:
            from python_calamine import CalamineError, CalamineWorkbook

            try:
                with CalamineWorkbook.from_path(str(self.path)) as book:
                    self._calamine_sheet = book.get_sheet_by_name(self.sheet_name)
            except (CalamineError, ValueError) as exc:
                raise self._unreadable(exc) from None
        sheet = self._calamine_sheet
        # Calamine drops empty leading columns (not rows); put them back so positions match.
        lead: list[object] = [None] * (sheet.start[1] if sheet.start else 0)
        # A column repeats its values: each distinct text and number is looked at once. (Text
        # never equals a number, and floats equal only as the same number; ints and booleans,
        # which equal floats, are taken as they are.)
        shown: dict[object, object] = {}
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            row = lead.copy()
            for value in cells:
                kind = type(value)
                if kind is str or kind is float:
                    if value not in shown:
                        if len(shown) >= SHOWN_CACHE:
                            shown.clear()
                        shown[value] = calamine_value(value)
                    row.append(shown[value])
                else:
                    row.append(calamine_value(value))
            yield number, row

    def describe(self) -> str:
        others = [n for n in self.sheet_names if n != self.sheet_name]
        text = f"sheet {self.sheet_name!r}"
        if self.sheet is None and self.sheet_name != self.sheet_names[0]:
            text += ", the first visible worksheet"
        if others:
            text += f" (also in the file: {self._listed(others)}; choose with {self.choose_sheet})"
        hidden = self.facts.hidden_rows
        if hidden:
            shown = ", ".join(map(str, hidden[:SHOWN_ROWS]))
            more = f" and {len(hidden) - SHOWN_ROWS} more" if len(hidden) > SHOWN_ROWS else ""
            text += (f"; row{'s' if len(hidden) > 1 else ''} {shown}{more}"
                     f" {'are' if len(hidden) > 1 else 'is'} hidden"
                     f"{' by a filter' if self.facts.filtered else ''} and read like the others")
        return text

    def check_header(self, header_row: int) -> None:
        """Refuse a header cell merged across columns: one name over two columns is a guess."""
        for first_col, first_row, last_col, last_row in self.facts.merges:
            if first_col != last_col and first_row <= header_row <= last_row:
                where = (f"{column_letter(first_col)}{first_row}:"
                         f"{column_letter(last_col)}{last_row}")
                raise InputError(
                    f"{self.path}: the header cells {where} (row {header_row}) are merged, so one"
                    " column name stands over several columns; unmerge them in Excel (Home >"
                    " Merge & Center) and give each column its own name")


def _kind(sheet: Any) -> str:
    if not hasattr(sheet, "iter_rows"):
        return "chart"
    return "worksheet" if getattr(sheet, "sheet_state", "visible") == "visible" else "hidden"


def _calamine_kinds(path: Path) -> dict[str, str] | None:
    """Each sheet's name and kind as openpyxl tells them, from the workbook's list of sheets.

    openpyxl's load reads every shared string first (at 100,000 rows three times calamine's
    read of the whole sheet); calamine reads only the list. None when calamine is not installed
    or cannot open the file: openpyxl then reads it, and says why it cannot.
    """
    if not _calamine():
        return None
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            sheets = book.sheets_metadata
    except Exception:  # any failure: openpyxl reads the file, and names the failure
        return None
    return {sheet.name: "chart" if sheet.typ == SheetTypeEnum.ChartSheet else
            "worksheet" if sheet.visible == SheetVisibleEnum.Visible else "hidden"
            for sheet in sheets}


def _calamine() -> bool:
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return False
    return True
