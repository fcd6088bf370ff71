"""A headless Excel for tests: an xlwings engine backed by openpyxl workbooks.

Code written against xlwings' public API (``xw.Book.caller()``, ``sheet.used_range.value``,
``rng.color = ...``) runs unchanged on Linux. The double emulates the Excel behaviour the
add-in relies on, records what Excel would show (status bar, alerts) and counts every call
that would be a COM round trip in real Excel::

    from excel_double import ExcelDouble

    pytest_plugins = ["excel_double"]  # provides the `excel` fixture

    def test_marks_missing_hours(excel: ExcelDouble) -> None:
        book = excel.book_from_rows([["Date", "Hours"], ["2024-01-05", None]])
        book.set_mock_caller()
        excel.reset_calls()
        ...  # run the entry point under test
        assert excel.filled_cells(book.sheets[0]) == {"B2": (255, 199, 206)}

Round trips: every property get/set and method call on an impl object (the layer that
xlwings' Windows engine turns into COM calls) is recorded in `calls` as a `Call(kind,
operation)`. Value conversion, enumerating Excel instances and this package's own helpers
(`new_book`, `select`, `filled_cells`, ...) are not round trips and are not recorded.

Anything not emulated raises NotImplementedError (xlwings' base classes do that for every
member not overridden here); where real Excel fails with a COM error, the double raises
ExcelError.

What it hands over is what xlwings 0.37.8 gets from COM on Windows (``_xlwindows.py``,
``conversion/``): numbers as float, dates as datetime, a time of day on 1899-12-30 and a duration
past 24 h on a later day ([h]:mm 25:30 is datetime(1899, 12, 31, 1, 30)), error cells as None
or, with ``options(err_to_str=True)``, as their text. A conditional-format formula is read from
the active cell, as FormatConditions.Add and FormatCondition.Formula1 do. A Ctrl+click selection
has several areas (its value is its first area's); rows hidden by ``filter`` stay readable and
writable, and ``get_special_cells("visible")`` leaves them out.

Differences from real Excel that remain (the README's release checklist covers the ones the add-in
depends on):
- No calculation: a formula cell reads as its formula text, not its result; an error a formula
  would produce (=1/0) is never seen. Only the seven classic errors are emulated (#N/A, #REF!,
  ...), not #SPILL!, #CALC! and the other errors of newer Excel.
- No locale: text written to a General cell becomes a number only with a "." decimal point, a
  date only in ISO form; Excel's day/month order, "," decimals and its CSV opening are not
  emulated. Writing a datetime sets no date number format (Excel picks one).
- Serial 60, the 29 February 1900 Excel pretends existed, cannot be stored. A datetime before
  1900-01-01 put straight into openpyxl is taken as COM's value; use time or timedelta values
  for time cells, as openpyxl reads them from a file.
- The active cell is always the first cell of the selection's first area (Excel lets it sit
  anywhere in the selection); rules on a range of another sheet are read from the active
  sheet's active cell, which is what Excel is understood to do.
- Conditional formats are recorded, not drawn; colour scales, data bars and icon sets are not
  emulated. ``filter`` hides rows as Data > Filter does, but xlwings' ``autofilter`` API, sorting
  and grouping are not emulated; the visible cells come back as row bands, where Excel may cut
  the same cells into other rectangles.
- The used range is openpyxl's (it does not shrink after deletions as Excel's may); screen
  updating, events and calculation mode are only recorded; there is no undo stack.
- Sheet.visible reads True/False (COM returns -1, 0 or 2); saving writes .xlsx/.xlsm only.
- ``sheet.charts.add`` makes a native (openpyxl) chart of the clustered or stacked column, bar
  or line types; how Excel lays it out (axes, scaling, colours) is not emulated, and only the
  chart's name can be read back through xlwings (tests read ``ExcelDouble.charts``).
- Data validation: only list rules (``set_list``, ``source``, ``type``, ``delete``) are
  emulated; Excel's drop-down is not drawn, and a value written or pasted into a validated
  cell is not checked (Excel checks only what is typed). See _validation.py.
- Mac Excel (xlwings' AppleScript engine) is not emulated.

PYTEST_DONT_REWRITE: test modules import this package before `pytest_plugins` registers it,
and it holds no asserts to rewrite.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import openpyxl
import pytest
import xlwings as xw

from ._application import Alert, AppImpl, AppsImpl, load_workbook
from ._cells import (
    RGB,
    ExcelError,
    as_com_value,
    cell_rgb,
    clean_value,
    parse_address,
    set_selection,
    sqref,
)
from ._charts import ChartInfo
from ._conditional_formats import ConditionalFormatRule, describe, rules
from ._counting import Call

__all__ = [
    "Alert",
    "Call",
    "ChartInfo",
    "ConditionalFormatRule",
    "ExcelDouble",
    "ExcelError",
    "excel",
    "open_workbook",
]


class ExcelDouble:
    """The engine impl registered with xlwings, plus what tests script and inspect."""

    name = "excel_double"
    type = "desktop"  # makes xlwings fill a whole target range with a scalar, as Excel does

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.status_bar_history: list[str | bool] = []  # every value set, False included
        self.alerts: list[Alert] = []
        self.alert_answers: list[str] = []  # scripted answers, used up by app.alert() in order
        self._counting = True
        self._app = AppImpl(self)

    # --- the engine interface xlwings uses

    @property
    def apps(self) -> AppsImpl:
        return AppsImpl(self._app)

    @staticmethod
    def prepare_xl_data_element(value: Any, options: Any) -> Any:
        return None if isinstance(value, float) and math.isnan(value) else value

    @staticmethod
    def clean_value_data(
        data: Sequence[Sequence[Any]],
        datetime_builder: Any,
        empty_as: Any,
        number_builder: Any,
        err_to_str: bool,
    ) -> list[list[Any]]:
        return [
            [clean_value(v, datetime_builder, empty_as, number_builder, err_to_str) for v in row]
            for row in data
        ]

    # --- installing

    @contextlib.contextmanager
    def installed(self) -> Iterator[ExcelDouble]:
        """Make this double xlwings' active engine; restore the previous state afterwards."""
        engine = xw.Engine(impl=self)
        previous_active = xw.engines.active
        previous_same_name = xw.engines.engines_by_name.get(self.name)
        previous_caller = vars(xw.Book).get("_mock_caller")  # set_mock_caller() sets it here
        xw.engines.add(engine)
        engine.activate()
        try:
            yield self
        finally:
            xw.engines.engines.remove(engine)
            del xw.engines.engines_by_name[self.name]
            if previous_same_name is not None:
                xw.engines.engines_by_name[self.name] = previous_same_name
            xw.engines.active = previous_active
            if previous_caller is not None:
                xw.Book._mock_caller = previous_caller
            elif "_mock_caller" in vars(xw.Book):
                del xw.Book._mock_caller

    # --- workbooks (set up directly in openpyxl: no Excel coercion, no counted calls)

    def open_workbook(
        self, source: str | os.PathLike | openpyxl.Workbook, *, name: str | None = None
    ) -> xw.Book:
        """Open an .xlsx/.xlsm file or wrap an openpyxl workbook; it becomes the active book.

        A wrapped workbook is called `name`, else Book1, Book2, ... like new Excel books.
        """
        if isinstance(source, openpyxl.Workbook):
            return xw.Book(impl=self._app._add_book(source, name, None))
        path = os.path.realpath(source)
        book = self._app._add_book(load_workbook(path), name or os.path.basename(path), path)
        return xw.Book(impl=book)

    def new_book(
        self,
        sheets: Mapping[str, Sequence[Sequence[Any]]] | None = None,
        *,
        name: str | None = None,
    ) -> xw.Book:
        """A book with a sheet per entry, holding the rows' values as typed (None: no cell)."""
        workbook = openpyxl.Workbook()
        for index, (title, rows) in enumerate((sheets or {"Sheet1": []}).items()):
            worksheet = workbook.active if index == 0 else workbook.create_sheet()
            worksheet.title = title
            for row_number, row in enumerate(rows, start=1):
                for column_number, value in enumerate(row, start=1):
                    if value is not None:
                        worksheet.cell(row_number, column_number, value)
        return self.open_workbook(workbook, name=name)

    def book_from_rows(
        self,
        rows: Sequence[Sequence[Any]],
        *,
        sheet_name: str = "Sheet1",
        name: str | None = None,
    ) -> xw.Book:
        return self.new_book({sheet_name: rows}, name=name)

    # --- what the user does

    def select(self, target: xw.Range | xw.Sheet, address: str | None = None) -> None:
        """Select a range, or `address` on a sheet, as a click would (activating its sheet)."""
        if isinstance(target, xw.Sheet):
            sheet, areas = target.impl, parse_address(address or "A1")
        else:
            sheet, areas = target.impl._sheet, target.impl._areas
        self._app._active_book = sheet._book
        sheet._book._activate_sheet(sheet._worksheet)
        set_selection(sheet._worksheet, areas)

    def filter(self, sheet: xw.Sheet, address: str, column: int, shown: Iterable[Any]) -> None:
        """Filter the table at `address` (header row first) as Data > Filter does: rows whose
        value in its `column`-th column (1-based) is not among `shown` are hidden."""
        worksheet = sheet.impl._worksheet
        [area] = parse_address(address)
        worksheet.auto_filter.ref = sqref([area])
        wanted = list(shown)
        for row in range(area[0] + 1, area[0] + area[2]):
            value = as_com_value(worksheet._cells.get((row, area[1] + column - 1)))
            worksheet.row_dimensions[row].hidden = value not in wanted

    # --- inspecting (without counting)

    @property
    def app(self) -> xw.App:
        with self._not_counting():  # wrapping an App reads its pid
            return xw.App(impl=self._app)

    def workbook(self, book: xw.Book) -> openpyxl.Workbook:
        """The openpyxl workbook behind `book`, for assertions xlwings has no API for."""
        return book.impl._workbook

    def filled_cells(self, sheet: xw.Sheet) -> dict[str, RGB]:
        """Address -> fill colour of every cell with a fill, in reading order."""
        cells = sorted(sheet.impl._worksheet._cells.items())
        return {cell.coordinate: rgb for _, cell in cells if (rgb := cell_rgb(cell))}

    def conditional_formats(self, sheet: xw.Sheet) -> list[ConditionalFormatRule]:
        """The sheet's conditional-format rules, highest priority first."""
        return [describe(rule, areas) for rule, areas in rules(sheet.impl._worksheet)]

    def charts(self, sheet: xw.Sheet) -> list[ChartInfo]:
        """The sheet's charts as added, in order."""
        return [chart._double_info for chart in sheet.impl._worksheet._charts]

    def reset_calls(self) -> None:
        self.calls.clear()

    def count(self, kind: str | None = None, operation: str | None = None) -> int:
        """The number of recorded round trips, optionally of one kind and/or operation."""
        return sum(
            1
            for call in self.calls
            if kind in (None, call.kind) and operation in (None, call.operation)
        )

    def _record(self, call: Call) -> None:
        if self._counting:
            self.calls.append(call)

    @contextlib.contextmanager
    def _not_counting(self) -> Iterator[None]:
        self._counting = False
        try:
            yield
        finally:
            self._counting = True


@pytest.fixture
def excel() -> Iterator[ExcelDouble]:
    """An Excel double installed as xlwings' active engine for one test."""
    double = ExcelDouble()
    with double.installed():
        yield double


def open_workbook(
    source: str | os.PathLike | openpyxl.Workbook, *, name: str | None = None
) -> xw.Book:
    """Open `source` in the installed Excel double (see the `excel` fixture)."""
    engine = xw.engines.active
    if engine is None or not isinstance(engine.impl, ExcelDouble):
        raise RuntimeError("no Excel double is installed; use the `excel` fixture")
    return engine.impl.open_workbook(source, name=name)
