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

One streaming pass over the sheet's XML also finds what neither reader tells: hidden rows, a
filter, merged cells.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from addin.convert.clocktime import ClockTime
from addin.core import fixes
from addin.core.cells import column_letter
from addin.core.errors import InputError
from addin.files.csv_source import misread

# An OLE compound file: what Excel writes for a password-protected workbook (and for .xls).
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 1 << 20
# Marks in a sheet's XML that calamine would read wrongly: error cells and formulas.
CALAMINE_UNSAFE = (b' t="e"', b" t='e'", b"<f>", b"<f ", b"<x:f")
# Whole numbers below this come back from openpyxl as int (their XML text has no exponent).
EXACT_INT_LIMIT = 1e16
# Excel shows (and computes with) 15 significant digits; below this every one of them is an
# integer or fractional digit a user sees, so rounding to them only drops floating-point noise.
SHOWN_DIGITS = 15
SHOWN_LIMIT = 1e15
ROW_TAG = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
MERGE_TAG = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")
FILTER_TAG = re.compile(rb"<(?:\w+:)?autoFilter\b")
HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
ROW_NUMBER = re.compile(rb'\br="(\d+)"')
# Excel's built-in time formats with AM/PM (h:mm AM/PM, h:mm:ss AM/PM) and a custom one's mark.
AM_PM_FORMAT_IDS = {18, 19}
AM_PM = re.compile(r"AM/PM|A/P", re.IGNORECASE)
SHOWN_ROWS = 5
SHOWN_CACHE = 4096  # distinct texts and numbers remembered while a sheet is read
RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


# What a cell holding a spreadsheet error shows, and what Excel writes for it in a CSV.
# https://learn.microsoft.com/en-us/office/vba/api/excel.xlcverror and .../cell-error-values
# A CSV saved by Excel in another language holds that language's words: German, French,
# Spanish, Italian, Dutch (Microsoft's localised error values).
ERROR_TEXTS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                         "#GETTING_DATA", "#SPILL!", "#CONNECT!", "#BLOCKED!", "#UNKNOWN!",
                         "#FIELD!", "#CALC!", "#BUSY!",
                         "#NV", "#WERT!", "#BEZUG!", "#ZAHL!",
                         "#VALEUR!", "#NOM?", "#NOMBRE!", "#NUL!",
                         "#N/D", "#¡VALOR!", "#¡REF!", "#¿NOMBRE?", "#¡NUM!", "#¡NULO!",
                         "#¡DIV/0!", "#VALORE!", "#RIF!", "#NOME?", "#NULLO!",
                         "#N/B", "#WAARDE!", "#VERW!", "#NAAM?", "#GETAL!", "#LEEG!", "#DEEL/0!"})


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


@dataclass
class SheetFacts:
    """What the sheet's XML says beyond its values."""

    unsafe: bool = False  # an error cell or a formula: calamine would read it wrongly
    hidden_rows: list[int] = field(default_factory=list)
    filtered: bool = False
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # col, row, col, row


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
        self.facts = _sheet_facts(path, self.sheet_name)
        self.reader = "calamine" if _calamine() and not self.facts.unsafe and not _am_pm_styles(
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
                    yield number, [_value(cell, formula)
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
                        shown[value] = _as_openpyxl(value)
                    row.append(shown[value])
                else:
                    row.append(_as_openpyxl(value))
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


def _value(cell: Any, formula: object) -> object:
    if cell is None:
        return None
    if cell.data_type == "e":
        return CellError(str(cell.value))
    value = cell.value
    if value is None and formula is not None:  # only a formula has no cached value
        return CellError(str(getattr(formula, "text", formula)), formula=True)
    if type(value) is float:
        return as_shown(value)
    if type(value) is str:
        return misread(value) or value
    if type(value) is dt.time and AM_PM.search(cell.number_format or ""):
        return ClockTime(value.hour, value.minute, value.second, value.microsecond)
    return value


def as_shown(value: float) -> float | int:
    """A stored double as Excel shows it: rounded to 15 significant digits counted from the units
    digit, then the shortest decimal (=(End-Start)*24 gives 2.5000000000000004, shown 2.5;
    =350*1.1 is 385; six minutes of time arithmetic, 0.09999999999999964, is 0.1); whole as int.

    The units digit counts even below 1 because the noise of time arithmetic is relative to the
    operands (times of day, whole hours), not to a small result.
    """
    if abs(value) < 1:
        value = float(f"{value:.{SHOWN_DIGITS - 1}f}")
    elif abs(value) < SHOWN_LIMIT:
        value = float(f"{value:.{SHOWN_DIGITS}g}")
    return int(value) if value.is_integer() and abs(value) < EXACT_INT_LIMIT else value


def _kind(sheet: Any) -> str:
    if not hasattr(sheet, "iter_rows"):
        return "chart"
    return "worksheet" if getattr(sheet, "sheet_state", "visible") == "visible" else "hidden"


def _as_openpyxl(value: object) -> object:
    """A calamine cell as openpyxl gives it: None for empty, datetime for a date, int if whole."""
    kind = type(value)
    if kind is str:
        assert isinstance(value, str)
        return (misread(value) or value) if value else None
    if kind is float:
        assert isinstance(value, float)
        return as_shown(value)
    if kind is dt.date:
        assert isinstance(value, dt.date)
        return dt.datetime(value.year, value.month, value.day)
    return value


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


def _sheet_facts(path: Path, sheet_name: str) -> SheetFacts:
    """One pass over the sheet's XML, in chunks: error cells and formulas, hidden rows, a filter,
    merged cells. Unsafe when the XML cannot be found or read (openpyxl then reads it)."""
    facts = SheetFacts()
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_member(archive, sheet_name)
            if member is None:
                return SheetFacts(unsafe=True)
            with archive.open(member) as xml:
                tail = b""
                while chunk := xml.read(CHUNK):
                    window = tail + chunk
                    # A tag cut by the chunk's end is looked at with the next chunk.
                    cut = window.rfind(b"<")
                    if cut == -1 or b">" in window[cut:]:
                        cut = len(window)
                    _look_at(window[:cut], facts)
                    tail = window[cut:]
                _look_at(tail, facts)
    except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return SheetFacts(unsafe=True)
    return facts


def _look_at(xml: bytes, facts: SheetFacts) -> None:
    facts.unsafe = facts.unsafe or any(mark in xml for mark in CALAMINE_UNSAFE)
    if b"hidden" in xml:
        for attributes in ROW_TAG.findall(xml):
            number = ROW_NUMBER.search(attributes)
            if number and HIDDEN.search(attributes):
                facts.hidden_rows.append(int(number.group(1)))
    # The tags' names are looked for first: a plain search, where the patterns would stop at
    # every '<' of the sheet (half of this pass's time on a sheet without either).
    facts.filtered = facts.filtered or (b"autoFilter" in xml and bool(FILTER_TAG.search(xml)))
    if b"mergeCell" not in xml:
        return
    for first_col, first_row, last_col, last_row in MERGE_TAG.findall(xml):
        facts.merges.append((_column_number(first_col), int(first_row),
                             _column_number(last_col), int(last_row)))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _am_pm_styles(path: Path) -> bool:
    """Whether a cell style of the workbook shows times with AM/PM (True when unsure)."""
    try:
        with zipfile.ZipFile(path) as archive:
            styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return False
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return True
    ids = set(AM_PM_FORMAT_IDS)
    ids.update(int(f.get("numFmtId", "-1")) for f in styles.iter(f"{MAIN}numFmt")
               if AM_PM.search(f.get("formatCode", "")))
    used = {int(xf.get("numFmtId", "0")) for xfs in styles.iter(f"{MAIN}cellXfs")
            for xf in xfs.iter(f"{MAIN}xf")}
    return bool(ids & used)


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
