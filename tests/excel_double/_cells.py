"""Excel's behaviour on cells and addresses, as functions over openpyxl worksheets."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import PatternFill
from openpyxl.styles.colors import Color
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.worksheet import Worksheet
from xlwings.utils import hex_to_rgb, int_to_rgb

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_ADDRESS_LENGTH = 255  # Excel's Range("...") fails on longer address strings
# openpyxl keeps one object per cell, while Excel formats whole columns without cells.
MAX_CELLS_TOUCHED = 1_000_000
WHOLE_SHEET = (1, 1, MAX_ROWS, MAX_COLUMNS)

RGB = tuple[int, int, int]
Area = tuple[int, int, int, int]  # first row, first column, row count, column count

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
LEAP_BUG_START, LEAP_BUG_END = dt.datetime(1900, 1, 1), dt.datetime(1900, 3, 1)
# COM hands error cells to Python as these integers (xlwings' _xlwindows.cell_errors).
ERROR_CODES = {
    "#DIV/0!": -2146826281,
    "#N/A": -2146826246,
    "#NAME?": -2146826259,
    "#NULL!": -2146826288,
    "#NUM!": -2146826252,
    "#REF!": -2146826265,
    "#VALUE!": -2146826273,
}
ERROR_TEXTS = {code: text for text, code in ERROR_CODES.items()}
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
CELL = r"\$?([A-Za-z]{1,3})\$?(\d+)"


class ExcelError(Exception):
    """Raised where real Excel fails with a COM error (pywintypes.com_error on Windows)."""


# --- values ----------------------------------------------------------------------------------


def as_com_value(cell: Cell | None) -> Any:
    """What COM's Range.Value returns for a cell: numbers as float, dates as datetime."""
    value = None if cell is None else cell.value
    if cell is not None and cell.data_type == "e":
        return ERROR_CODES.get(value, value)
    if isinstance(value, dt.datetime) and LEAP_BUG_START <= value < LEAP_BUG_END:
        # openpyxl reads serials 1-59 as Excel shows them (1 = 1900-01-01, after the phantom
        # 29 February 1900 is skipped); COM's dates count from 1899-12-30, so 1 = 1899-12-31.
        return value - dt.timedelta(days=1)
    if value is None or isinstance(value, bool | str | dt.datetime):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, dt.time):  # Excel has no time type: times are days since its epoch
        return dt.datetime.combine(EXCEL_EPOCH.date(), value)
    if isinstance(value, dt.timedelta):
        return EXCEL_EPOCH + value
    if isinstance(value, ArrayFormula):
        return value.text
    raise NotImplementedError(f"cell {cell.coordinate} holds a {type(value).__name__}")


def formula_text(cell: Cell | None) -> str:
    """What COM's Range.Formula returns: the formula, or the constant as Excel would type it."""
    value = as_com_value(cell)
    if value is None:
        return ""
    if cell.data_type == "e":
        return cell.value
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, dt.datetime):
        value = to_excel(value)
    return f"{value:.15g}" if isinstance(value, float) else str(value)


def parse_typed_text(text: str) -> Any:
    """Excel turns text that looks like a number, boolean or ISO date into that value."""
    if NUMBER.fullmatch(text):  # Excel keeps 15 significant digits and drops the rest
        number = Decimal(text)
        if number:
            number = number.quantize(Decimal(1).scaleb(number.adjusted() - 14), ROUND_DOWN)
        return float(number)
    if text.upper() in ("TRUE", "FALSE"):
        return text.upper() == "TRUE"
    if match := ISO_DATE.fullmatch(text):
        with contextlib.suppress(ValueError):
            return dt.date(*map(int, match.groups()))
    return text  # openpyxl itself recognises formulas ("=...") and error texts ("#N/A")


def store(worksheet: Worksheet, row: int, column: int, value: Any) -> None:
    """Store a value the way assigning Range.Value in Excel does."""
    if value is None or value == "":
        if (row, column) in worksheet._cells:  # don't create cells only to leave them empty
            worksheet.cell(row, column).value = None
        return
    cell = worksheet.cell(row, column)
    if isinstance(value, str):
        # A leading apostrophe marks text and is not part of the value; a Text (@) cell
        # keeps strings verbatim, including "=..." and "007".
        as_text = value.startswith("'") or cell.number_format == "@"
        value = value.removeprefix("'")
        if as_text:
            cell.value = value
            cell.data_type = "s"
            return
        value = parse_typed_text(value)
    if isinstance(value, dt.datetime) and value < LEAP_BUG_END:
        # COM writes serial days since 1899-12-30 (25:30 is 1899-12-31 01:30); kept as a
        # duration, since openpyxl would save these datetimes a day off or not at all.
        value = value - EXCEL_EPOCH
    cell.value = value


def is_filled(cell: Cell | None) -> bool:
    return cell is not None and cell.value not in (None, "")


def clean_value(
    value: Any, datetime_builder: Any, empty_as: Any, number_builder: Any, err_to_str: bool
) -> Any:
    """The Python value for a COM value; mirrors xlwings' Windows engine."""
    if value in ("", None):
        return empty_as
    if isinstance(value, dt.datetime):
        parts = ("year", "month", "day", "hour", "minute", "second", "microsecond")
        return datetime_builder(**{part: getattr(value, part) for part in parts}, tzinfo=None)
    if number_builder is not None and isinstance(value, float):
        return number_builder(value)
    if isinstance(value, int) and not isinstance(value, bool) and value in ERROR_TEXTS:
        return ERROR_TEXTS[value] if err_to_str else None
    return value


# --- colours ---------------------------------------------------------------------------------


def rgb_from_xlwings(color: Any) -> RGB | None:
    """xlwings accepts an RGB tuple, "#rrggbb", Excel's BGR-packed int or None."""
    if color is None:
        return None
    if isinstance(color, str):
        return hex_to_rgb(color)
    if isinstance(color, int):
        return int_to_rgb(color)
    return tuple(color)


def argb(rgb: RGB) -> str:
    return "FF{:02X}{:02X}{:02X}".format(*rgb)


def rgb_of(color: Color | None) -> RGB | None:
    if color is None or color.rgb == "00000000":  # openpyxl's "no colour"
        return None
    if color.type != "rgb":
        raise NotImplementedError(f"{color.type} colours (from a theme or palette)")
    return tuple(int(color.rgb[i : i + 2], 16) for i in (2, 4, 6))


def cell_rgb(cell: Cell | None) -> RGB | None:
    if cell is None or cell.fill.fill_type is None:
        return None
    return rgb_of(cell.fill.fgColor)


def solid_fill(rgb: RGB) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=argb(rgb))


# --- addresses -------------------------------------------------------------------------------


def span(areas: Sequence[Area]) -> Area:
    """The smallest rectangle holding all areas, like Excel's Range(cell1, cell2)."""
    top, left = min(a[0] for a in areas), min(a[1] for a in areas)
    bottom, right = max(a[0] + a[2] - 1 for a in areas), max(a[1] + a[3] - 1 for a in areas)
    return top, left, bottom - top + 1, right - left + 1


def column_number(letters: str) -> int:
    number = column_index_from_string(letters.upper())
    if number > MAX_COLUMNS:
        raise ExcelError(f"column {letters} is beyond Excel's last column XFD")
    return number


def parse_address(address: str) -> list[Area]:
    """The areas of an A1 address such as "B3,B17,C20:C25", "A:C" or "2:2"."""
    areas = []
    for part in address.split(","):
        if match := re.fullmatch(f"{CELL}(?::{CELL})?", part):
            first = (int(match[2]), column_number(match[1]), 1, 1)
            last = (int(match[4]), column_number(match[3]), 1, 1) if match[3] else first
            areas.append(span([first, last]))
        elif match := re.fullmatch(r"\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})", part):
            first, last = sorted(column_number(letters) for letters in match.groups())
            areas.append((1, first, MAX_ROWS, last - first + 1))
        elif match := re.fullmatch(r"\$?(\d+):\$?(\d+)", part):
            first, last = sorted(int(number) for number in match.groups())
            areas.append((first, 1, last - first + 1, MAX_COLUMNS))
        else:
            raise NotImplementedError(f"address {part!r} (names, sheet or R1C1 references)")
    return areas


def area_address(area: Area, row_absolute: bool = True, column_absolute: bool = True) -> str:
    """An area as COM's Range.Address writes it, e.g. "$A$1:$B$2", "$A:$C" or "$2:$2"."""
    row, column, rows, columns = area
    r, c = "$" if row_absolute else "", "$" if column_absolute else ""
    last_row, last_column = row + rows - 1, get_column_letter(column + columns - 1)
    if columns == MAX_COLUMNS:
        return f"{r}{row}:{r}{last_row}"
    if rows == MAX_ROWS:
        return f"{c}{get_column_letter(column)}:{c}{last_column}"
    first = f"{c}{get_column_letter(column)}{r}{row}"
    return first if rows == columns == 1 else f"{first}:{c}{last_column}{r}{last_row}"


def sqref(areas: Sequence[Area]) -> str:
    """An address in the file format's notation: plain corners, areas separated by spaces."""
    corners = [
        f"{get_column_letter(column)}{row}:{get_column_letter(column + columns - 1)}"
        f"{row + rows - 1}"
        for row, column, rows, columns in areas
    ]
    return " ".join(corners)


def areas_of_sqref(cell_ranges: Any) -> list[Area]:
    return [
        (r.min_row, r.min_col, r.max_row - r.min_row + 1, r.max_col - r.min_col + 1)
        for r in cell_ranges.ranges
    ]


def overlaps(a: Area, b: Area) -> bool:
    rows_meet = a[0] < b[0] + b[2] and b[0] < a[0] + a[2]
    return rows_meet and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def subtract(area: Area, cut: Area) -> list[Area]:
    """What remains of `area` outside `cut`, as up to four rectangles."""
    if not overlaps(area, cut):
        return [area]
    row, column, rows, columns = area
    top, bottom = max(row, cut[0]), min(row + rows, cut[0] + cut[2])  # overlap rows [top, bottom)
    pieces = [
        (row, column, top - row, columns),
        (bottom, column, row + rows - bottom, columns),
        (top, column, bottom - top, cut[1] - column),
        (top, cut[1] + cut[3], bottom - top, column + columns - cut[1] - cut[3]),
    ]
    return [piece for piece in pieces if piece[2] > 0 and piece[3] > 0]


# --- blocks of cells -------------------------------------------------------------------------


def check_size(areas: Sequence[Area]) -> None:
    if sum(area[2] * area[3] for area in areas) > MAX_CELLS_TOUCHED:
        raise NotImplementedError(
            "touching more than a million cells (whole columns?); format the data block instead"
        )


def coordinates(areas: Sequence[Area]) -> Iterator[tuple[int, int]]:
    for row, column, rows, columns in areas:
        for r in range(row, row + rows):
            for c in range(column, column + columns):
                yield r, c


def existing_cells(worksheet: Worksheet, areas: Sequence[Area]) -> tuple[list[Cell], bool]:
    """The cells of the areas that exist in openpyxl, and whether some don't."""
    total = sum(area[2] * area[3] for area in areas)
    cells = worksheet._cells  # reading through worksheet.cell() would create cells
    if total <= len(cells):
        found = [cell for rc in coordinates(areas) if (cell := cells.get(rc)) is not None]
    else:
        found = [
            cell
            for (r, c), cell in cells.items()
            if any(overlaps((r, c, 1, 1), area) for area in areas)
        ]
    return found, len(found) < total


def clear_cells(worksheet: Worksheet, areas: Sequence[Area], formats: bool) -> None:
    """Empty the cells, and with `formats` reset their formats too (Excel's Clear)."""
    for cell in existing_cells(worksheet, areas)[0]:
        cell.value = None
        cell.hyperlink = None
        if formats:
            cell.style = "Normal"


def hidden_rows(worksheet: Worksheet) -> set[int]:
    return {row for row, dimension in worksheet.row_dimensions.items() if dimension.hidden}


def hidden_columns(worksheet: Worksheet) -> set[int]:
    hidden: set[int] = set()
    for letters, dimension in worksheet.column_dimensions.items():
        if dimension.hidden:  # a saved dimension may cover several columns (min..max)
            first = dimension.min or column_index_from_string(letters)
            hidden.update(range(first, (dimension.max or first) + 1))
    return hidden


def visible_runs(first: int, count: int, hidden: set[int]) -> list[tuple[int, int]]:
    """(start, length) of each run of lines in first..first+count-1 that are not hidden."""
    runs: list[tuple[int, int]] = []
    for line in range(first, first + count):
        if line in hidden:
            continue
        if runs and runs[-1][0] + runs[-1][1] == line:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((line, 1))
    return runs


def visible_areas(worksheet: Worksheet, areas: Sequence[Area]) -> list[Area]:
    """The areas' cells in rows and columns not hidden, as rectangles row band by row band."""
    rows, columns = hidden_rows(worksheet), hidden_columns(worksheet)
    return [
        (top, left, height, width)
        for row, column, height_all, width_all in areas
        for top, height in visible_runs(row, height_all, rows)
        for left, width in visible_runs(column, width_all, columns)
    ]


def set_selection(worksheet: Worksheet, areas: Sequence[Area]) -> None:
    """Record the selection where the file format keeps it (saved with the workbook)."""
    selection = worksheet.sheet_view.selection[0]
    selection.sqref = sqref(areas)
    selection.activeCell = f"{get_column_letter(areas[0][1])}{areas[0][0]}"


def selected_areas(worksheet: Worksheet) -> list[Area]:
    """The selection's areas in the order they were selected (Excel's Areas order)."""
    sqref_text = str(worksheet.sheet_view.selection[0].sqref or "A1")
    return parse_address(",".join(sqref_text.split()))
