"""An .xlsx cell's value as Excel shows it, whichever reader read it: numbers to 15 significant
digits, whole numbers as int, dates as datetime, a time shown with AM/PM as a ClockTime, an error
cell or a formula without a saved result as a CellError, text read in the wrong encoding as an
error cell."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from addin.convert.clocktime import ClockTime
from addin.core.bad_cells import CellError, misread

# Whole numbers below this come back from openpyxl as int (their XML text has no exponent).
EXACT_INT_LIMIT = 1e16
# Excel shows (and computes with) 15 significant digits; below this every one of them is an
# integer or fractional digit a user sees, so rounding to them only drops floating-point noise.
SHOWN_DIGITS = 15
SHOWN_LIMIT = 1e15
AM_PM = re.compile(r"AM/PM|A/P", re.IGNORECASE)
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


def openpyxl_value(cell: Any, formula: object) -> object:
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


def calamine_value(value: object) -> object:
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
