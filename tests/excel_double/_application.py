"""The Excel instance, its workbooks and their sheets."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet
from xlwings import base_classes

from ._cells import (
    MAX_ADDRESS_LENGTH,
    WHOLE_SHEET,
    Area,
    ExcelError,
    clear_cells,
    parse_address,
    selected_areas,
    span,
)
from ._charts import ChartsImpl
from ._conditional_formats import clear_rules
from ._counting import Impl, counted, counted_property
from ._names import NamesImpl
from ._range import RangeImpl

if TYPE_CHECKING:
    from . import ExcelDouble

ALERT_BUTTONS = {
    "ok": ("ok",),
    "ok_cancel": ("ok", "cancel"),
    "yes_no": ("yes", "no"),
    "yes_no_cancel": ("yes", "no", "cancel"),
}


@dataclass(frozen=True)
class Alert:
    """One message box shown through app.alert(), with the button the test made it return."""

    prompt: str
    title: str | None
    buttons: str
    mode: str | None
    answer: str


class AppsImpl(base_classes.Apps):
    """The one emulated Excel instance (enumerating instances is no Excel round trip)."""

    def __init__(self, app: AppImpl) -> None:
        self._app = app

    def keys(self) -> list[int]:
        return [self._app._pid]

    def __iter__(self) -> Iterator[AppImpl]:
        yield self._app

    def __len__(self) -> int:
        return 1

    def __getitem__(self, pid: int) -> AppImpl:
        if pid != self._app._pid:
            raise KeyError(pid)
        return self._app


def app_setting(name: str, allowed: Sequence[Any] = (True, False)) -> counted_property:
    """A read/write Application property such as ScreenUpdating, so app.properties() works."""

    def get(self: AppImpl) -> Any:
        return self._settings[name]

    def set(self: AppImpl, value: Any) -> None:
        if value not in allowed:
            raise ValueError(f"app.{name} must be one of {allowed}, not {value!r}")
        self._settings[name] = value

    get.__name__ = name
    return counted_property(get, set)


class AppImpl(Impl, base_classes.App):
    def __init__(self, double: ExcelDouble) -> None:
        self._double = double
        self._pid = 4242
        self._books: list[BookImpl] = []
        self._active_book: BookImpl | None = None
        self._books_created = 0
        self._status_bar: str | bool = False  # False: Excel shows its own messages
        self._settings: dict[str, Any] = {
            "visible": True,
            "screen_updating": True,
            "display_alerts": True,
            "enable_events": True,
            "interactive": True,
            "calculation": "automatic",
        }

    visible = app_setting("visible")
    screen_updating = app_setting("screen_updating")
    display_alerts = app_setting("display_alerts")
    enable_events = app_setting("enable_events")
    interactive = app_setting("interactive")
    calculation = app_setting("calculation", ("automatic", "manual", "semiautomatic"))

    @property
    def engine(self) -> ExcelDouble:  # plain Python in xlwings' own engines too
        return self._double

    @counted_property
    def pid(self) -> int:
        return self._pid

    @counted_property
    def books(self) -> BooksImpl:
        return BooksImpl(self)

    @counted
    def activate(self, steal_focus: bool = False) -> None:
        pass  # the only instance is always the active one

    @counted_property
    def selection(self) -> RangeImpl | None:
        """The selection on the active sheet of the active book, as in Excel."""
        if self._active_book is None:
            return None
        worksheet = self._active_book._workbook.active
        return RangeImpl(SheetImpl(self._active_book, worksheet), selected_areas(worksheet))

    @counted_property
    def status_bar(self) -> str | bool:
        return self._status_bar

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        self._status_bar = value
        self._double.status_bar_history.append(value)

    @counted
    def alert(
        self,
        prompt: str,
        title: str | None,
        buttons: str | None,
        mode: str | None,
        callback: str | None,
    ) -> str:
        buttons = buttons or "ok"
        if buttons not in ALERT_BUTTONS or mode not in (None, "info", "critical"):
            raise ValueError(f"unknown alert buttons {buttons!r} or mode {mode!r}")
        offered = ALERT_BUTTONS[buttons]
        answers = self._double.alert_answers
        answer = answers.pop(0) if answers else offered[0]
        if answer not in offered:
            raise ValueError(f"scripted answer {answer!r} is not offered by alert {prompt!r}")
        self._double.alerts.append(Alert(prompt, title, buttons, mode, answer))
        return answer

    def _add_book(
        self, workbook: openpyxl.Workbook, name: str | None, path: str | None
    ) -> BookImpl:
        if name is None:  # Excel names new workbooks Book1, Book2, ...
            self._books_created += 1
            name = f"Book{self._books_created}"
        if any(book._name.lower() == name.lower() for book in self._books):
            raise ExcelError(f"a workbook named {name!r} is already open")
        book = BookImpl(self, workbook, name, path)
        self._books.append(book)
        self._active_book = book
        return book


def load_workbook(path: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path, keep_vba=path.lower().endswith((".xlsm", ".xlam")))


class BooksImpl(Impl, base_classes.Books):
    def __init__(self, app: AppImpl) -> None:
        self._double = app._double
        self.app = app  # xlwings reads books.impl.app.engine.type

    @counted_property
    def active(self) -> BookImpl:
        if self.app._active_book is None:
            raise ExcelError("no workbook is open")
        return self.app._active_book

    @counted
    def __call__(self, name_or_index: str | int) -> BookImpl:
        books = self.app._books
        if isinstance(name_or_index, int) and 1 <= name_or_index <= len(books):
            return books[name_or_index - 1]
        for book in books:
            if isinstance(name_or_index, str) and book._name.lower() == name_or_index.lower():
                return book
        raise KeyError(name_or_index)  # xlwings' Books.open relies on KeyError

    @counted
    def __len__(self) -> int:
        return len(self.app._books)

    @counted
    def __iter__(self) -> Iterator[BookImpl]:
        return iter(list(self.app._books))

    def __contains__(self, name: Any) -> bool:
        raise NotImplementedError("`name in books` is always False with Windows Excel")

    @counted
    def add(self) -> BookImpl:
        workbook = openpyxl.Workbook()
        workbook.active.title = "Sheet1"
        return self.app._add_book(workbook, None, None)

    @counted
    def open(self, fullname: str, *excel_arguments: Any) -> BookImpl:
        if any(argument is not None for argument in excel_arguments):
            raise NotImplementedError("Workbooks.Open arguments other than the file name")
        return self.app._add_book(load_workbook(fullname), os.path.basename(fullname), fullname)


class BookImpl(Impl, base_classes.Book):
    def __init__(
        self, app: AppImpl, workbook: openpyxl.Workbook, name: str, path: str | None
    ) -> None:
        self._double, self._app, self._workbook = app._double, app, workbook
        self._name, self._path = name, path

    @counted_property
    def name(self) -> str:
        return self._name

    @counted_property
    def fullname(self) -> str:
        return self._path or self._name  # an unsaved book's FullName is its name

    @counted_property
    def app(self) -> AppImpl:
        return self._app

    @counted_property
    def sheets(self) -> SheetsImpl:
        return SheetsImpl(self)

    @counted_property
    def names(self) -> NamesImpl:
        return NamesImpl(self)

    @counted
    def activate(self) -> None:
        self._app._active_book = self

    @counted
    def close(self) -> None:
        self._app._books.remove(self)
        if self._app._active_book is self:
            self._app._active_book = self._app._books[-1] if self._app._books else None

    @counted
    def save(self, path: str | None = None, password: str | None = None) -> None:
        if password is not None:
            raise NotImplementedError("password-protected saving")
        if path is None and self._path is None:
            raise NotImplementedError("saving a new book without a path (Excel would use cwd)")
        path = os.path.realpath(path or self._path)
        extension = os.path.splitext(path)[1].lower()
        if extension not in (".xlsx", ".xlsm"):
            # xlwings' Windows Book.save has no file format for e.g. .csv and fails the same way
            raise KeyError(extension)
        self._workbook.save(path)
        self._path, self._name = path, os.path.basename(path)

    def _sheet(self, name: str) -> SheetImpl | None:
        """The sheet called `name`, compared case-insensitively as Excel does."""
        for worksheet in self._workbook.worksheets:
            if worksheet.title.lower() == name.lower():
                return SheetImpl(self, worksheet)
        return None

    def _activate_sheet(self, worksheet: Worksheet) -> None:
        if worksheet.sheet_state != "visible":
            raise ExcelError(f"hidden sheet {worksheet.title!r} cannot be activated")
        for each in self._workbook.worksheets:  # one selected tab, or Excel opens them grouped
            each.sheet_view.tabSelected = each is worksheet
        self._workbook.active = worksheet


class SheetsImpl(Impl, base_classes.Sheets):
    def __init__(self, book: BookImpl) -> None:
        self._double, self._book = book._double, book

    @counted_property
    def active(self) -> SheetImpl:
        return SheetImpl(self._book, self._book._workbook.active)

    @counted
    def __call__(self, name_or_index: str | int) -> SheetImpl:
        worksheets = self._book._workbook.worksheets
        if isinstance(name_or_index, int) and 1 <= name_or_index <= len(worksheets):
            return SheetImpl(self._book, worksheets[name_or_index - 1])
        if isinstance(name_or_index, str) and (sheet := self._book._sheet(name_or_index)):
            return sheet
        raise ExcelError(f"no sheet {name_or_index!r}")

    @counted
    def __len__(self) -> int:
        return len(self._book._workbook.worksheets)

    @counted
    def __iter__(self) -> Iterator[SheetImpl]:
        return iter([SheetImpl(self._book, ws) for ws in self._book._workbook.worksheets])

    def __contains__(self, name: Any) -> bool:
        raise NotImplementedError(
            "`name in book.sheets` is always False with Windows Excel; use book.sheet_names"
        )

    @counted
    def add(
        self,
        before: SheetImpl | None = None,
        after: SheetImpl | None = None,
        name: str | None = None,
    ) -> SheetImpl:
        workbook = self._book._workbook
        if before is not None:
            position = workbook.worksheets.index(before._worksheet)
        elif after is not None:
            position = workbook.worksheets.index(after._worksheet) + 1
        else:  # Excel inserts a new sheet in front of the active one
            position = workbook.worksheets.index(workbook.active)
        if name is None:
            titles = [ws.title for ws in workbook.worksheets]
            numbers = [int(m[1]) for title in titles if (m := re.fullmatch(r"Sheet(\d+)", title))]
            name = f"Sheet{max(numbers, default=0) + 1}"
        worksheet = workbook.create_sheet(name, position)
        self._book._activate_sheet(worksheet)  # Excel activates the new sheet
        return SheetImpl(self._book, worksheet)


class SheetImpl(Impl, base_classes.Sheet):
    def __init__(self, book: BookImpl, worksheet: Worksheet) -> None:
        self._double, self._book, self._worksheet = book._double, book, worksheet

    @counted_property
    def name(self) -> str:
        return self._worksheet.title

    @name.setter
    def name(self, value: str) -> None:
        existing = self._book._sheet(value)
        if existing is not None and existing._worksheet is not self._worksheet:
            raise ExcelError(f"a sheet named {value!r} already exists")
        self._worksheet.title = value

    @counted_property
    def book(self) -> BookImpl:
        return self._book

    @counted_property
    def index(self) -> int:
        return self._book._workbook.worksheets.index(self._worksheet) + 1

    @counted
    def range(self, arg1: Any, arg2: Any = None) -> RangeImpl:
        if isinstance(arg1, int) and isinstance(arg2, int):  # sheet.range(row, column)
            arg1, arg2 = (arg1, arg2), None
        areas = self._areas(arg1)
        if arg2 is not None:  # Range(cell1, cell2) is the rectangle spanning both
            areas = [span(areas + self._areas(arg2))]
        return RangeImpl(self, areas)

    def _areas(self, reference: Any) -> list[Area]:
        if isinstance(reference, RangeImpl):
            if reference._sheet._worksheet is not self._worksheet:
                raise ValueError("the range is on another sheet")
            return list(reference._areas)
        if isinstance(reference, str):
            if len(reference) > MAX_ADDRESS_LENGTH:
                raise ExcelError(
                    f"Excel rejects addresses over {MAX_ADDRESS_LENGTH} characters"
                    f" (this one has {len(reference)})"
                )
            return parse_address(reference)
        if isinstance(reference, tuple) and len(reference) == 4:  # (row, column, rows, columns)
            return [reference]
        if isinstance(reference, tuple) and len(reference) == 2:
            if 0 in reference:
                raise IndexError("Attempted to access 0-based Range. Ranges are 1-based.")
            return [(*reference, 1, 1)]
        raise TypeError(f"not a range reference: {reference!r}")

    @counted_property
    def cells(self) -> RangeImpl:
        return RangeImpl(self, [WHOLE_SHEET])

    @counted_property
    def used_range(self) -> RangeImpl:
        ws = self._worksheet  # openpyxl, like Excel, counts formatted empty cells as used
        rows, columns = ws.max_row - ws.min_row + 1, ws.max_column - ws.min_column + 1
        return RangeImpl(self, [(ws.min_row, ws.min_column, rows, columns)])

    @counted
    def activate(self) -> None:
        self._book._activate_sheet(self._worksheet)

    @counted
    def clear_contents(self) -> None:
        clear_cells(self._worksheet, [WHOLE_SHEET], formats=False)

    @counted
    def clear(self) -> None:
        clear_cells(self._worksheet, [WHOLE_SHEET], formats=True)
        clear_rules(self._worksheet, [WHOLE_SHEET])

    @counted_property
    def names(self) -> NamesImpl:
        return NamesImpl(self._book, self._worksheet)

    @counted_property
    def charts(self) -> ChartsImpl:
        return ChartsImpl(self)

    @counted_property
    def visible(self) -> bool:  # COM returns -1/0/2 (XlSheetVisibility); see the report
        return self._worksheet.sheet_state == "visible"

    @visible.setter
    def visible(self, value: bool | int) -> None:
        if value and value != 2:  # 2 is xlSheetVeryHidden
            self._worksheet.sheet_state = "visible"
            return
        self._step_aside()
        self._worksheet.sheet_state = "veryHidden" if value == 2 else "hidden"

    @counted
    def delete(self) -> None:
        self._step_aside()
        workbook = self._book._workbook
        active = workbook.active
        workbook.remove(self._worksheet)
        workbook.active = active  # openpyxl tracks the active sheet by position

    def _step_aside(self) -> None:
        """Before hiding or deleting: keep a visible sheet, move activation off this one."""
        workbook = self._book._workbook
        visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        others = [ws for ws in visible if ws is not self._worksheet]
        if not others and self._worksheet in visible:
            raise ExcelError("a workbook must contain at least one visible worksheet")
        if workbook.active is self._worksheet:  # Excel moves to the nearest visible sheet
            position = workbook.worksheets.index(self._worksheet)
            before = [ws for ws in others if workbook.worksheets.index(ws) < position]
            after = [ws for ws in others if workbook.worksheets.index(ws) > position]
            self._book._activate_sheet(after[0] if after else before[-1])
