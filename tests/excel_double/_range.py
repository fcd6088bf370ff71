"""Ranges: blocks of cells on a sheet, or unions of such areas."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet
from xlwings import base_classes

from ._cells import (
    MAX_COLUMNS,
    MAX_ROWS,
    RGB,
    Area,
    ExcelError,
    area_address,
    as_com_value,
    cell_rgb,
    check_size,
    clear_cells,
    coordinates,
    existing_cells,
    formula_text,
    hidden_columns,
    hidden_rows,
    is_filled,
    rgb_from_xlwings,
    set_selection,
    solid_fill,
    store,
    visible_areas,
)
from ._conditional_formats import ConditionalFormatsImpl, clear_rules
from ._counting import Impl, NativeApi, counted, counted_property
from ._validation import DataValidationImpl

if TYPE_CHECKING:
    from ._application import SheetImpl

DIRECTIONS = {"d": (0, 1), "u": (0, -1), "r": (1, 1), "l": (1, -1)}  # moving index, step


def end_position(start: int, filled: set[int], step: int, last: int) -> int:
    """Ctrl+Arrow: to the end of a filled block, else to the next filled cell or the edge."""
    position = start
    if start in filled and start + step in filled:
        while position + step in filled:
            position += step
        return position
    ahead = [p for p in filled if (p - start) * step > 0]
    return min(ahead, key=lambda p: abs(p - start)) if ahead else (last if step > 0 else 1)


class RangeImpl(Impl, base_classes.Range):
    def __init__(self, sheet: SheetImpl, areas: Sequence[Area]) -> None:
        self._double, self._sheet, self._areas = sheet._double, sheet, list(areas)
        for row, column, rows, columns in self._areas:
            inside = row >= 1 and column >= 1 and row + rows - 1 <= MAX_ROWS
            if not inside or column + columns - 1 > MAX_COLUMNS:
                raise ExcelError(f"{self._areas} reaches outside the sheet")

    @property
    def _worksheet(self) -> Worksheet:
        return self._sheet._worksheet

    def _block(self, read: Callable[[Cell | None], Any]) -> Any:
        """Read the first area like COM: a scalar for one cell, else a tuple of row tuples."""
        row, column, rows, columns = self._areas[0]
        if not rows or not columns:
            return None
        cells = self._worksheet._cells  # worksheet.cell() would create the cells it reads
        block = tuple(
            tuple(read(cells.get((r, c))) for c in range(column, column + columns))
            for r in range(row, row + rows)
        )
        return block[0][0] if rows == columns == 1 else block

    def _write(self, data: Any) -> None:
        if len(self._areas) > 1:
            raise NotImplementedError("writing values to a union of ranges")
        row, column, rows, columns = self._areas[0]
        if not isinstance(data, list | tuple):  # Excel fills the whole range with a scalar
            data = [[data] * columns for _ in range(rows)]
        elif data and not isinstance(data[0], list | tuple):
            data = [data]
        if len(data) != rows or any(len(line) != columns for line in data):
            raise ValueError(f"values do not match the shape {(rows, columns)} of the range")
        check_size(self._areas)
        for r, line in enumerate(data, start=row):
            for c, value in enumerate(line, start=column):
                store(self._worksheet, r, c, value)

    @counted_property
    def api(self) -> NativeApi | None:
        return NativeApi("Range") if self._areas[0][2] and self._areas[0][3] else None

    @counted_property
    def sheet(self) -> SheetImpl:
        return self._sheet

    @counted_property
    def row(self) -> int:
        return self._areas[0][0]

    @counted_property
    def column(self) -> int:
        return self._areas[0][1]

    @counted_property
    def shape(self) -> tuple[int, int]:  # of the first area, as in COM
        return self._areas[0][2], self._areas[0][3]

    @counted
    def __len__(self) -> int:
        return sum(area[2] * area[3] for area in self._areas)

    @counted_property
    def raw_value(self) -> Any:  # a union yields its first area only, as in COM
        return self._block(as_com_value)

    @raw_value.setter
    def raw_value(self, data: Any) -> None:
        self._write(data)

    @counted_property
    def formula(self) -> Any:
        return self._block(formula_text)

    @formula.setter
    def formula(self, data: Any) -> None:
        self._write(data)

    @counted_property
    def has_array(self) -> bool:
        return isinstance(self._block(lambda cell: cell and cell.value), ArrayFormula)

    @counted_property
    def number_format(self) -> str | None:
        cells, some_missing = existing_cells(self._worksheet, self._areas)
        formats = {cell.number_format for cell in cells} | ({"General"} if some_missing else set())
        return formats.pop() if len(formats) == 1 else None  # COM gives Null for a mix

    @number_format.setter
    def number_format(self, value: str) -> None:
        check_size(self._areas)
        for r, c in coordinates(self._areas):
            self._worksheet.cell(r, c).number_format = value

    @counted_property
    def color(self) -> RGB | None:
        cells, some_missing = existing_cells(self._worksheet, self._areas)
        colors = {cell_rgb(cell) for cell in cells} | ({None} if some_missing else set())
        return colors.pop() if len(colors) == 1 else None

    @color.setter
    def color(self, value: RGB | str | int | None) -> None:
        rgb = rgb_from_xlwings(value)
        if rgb is None:
            for cell in existing_cells(self._worksheet, self._areas)[0]:
                cell.fill = PatternFill()
            return
        check_size(self._areas)
        fill = solid_fill(rgb)
        for r, c in coordinates(self._areas):
            self._worksheet.cell(r, c).fill = fill

    @counted
    def set_colors(self, colors: Sequence[Sequence[Any]]) -> None:
        row, column = self._areas[0][:2]
        for r, line in enumerate(colors, start=row):
            for c, rgb in enumerate(line, start=column):
                if rgb is None and (r, c) in self._worksheet._cells:
                    self._worksheet.cell(r, c).fill = PatternFill()
                elif rgb is not None and rgb is not ...:  # ... leaves the cell as it is
                    self._worksheet.cell(r, c).fill = solid_fill(rgb)

    def _hidden(self, hidden: set[int], lines: range) -> bool | None:
        states = {line in hidden for line in lines}
        return states.pop() if len(states) == 1 else None  # None: some hidden, some not

    @counted_property
    def row_hidden(self) -> bool | None:
        row, _, rows, _ = self._areas[0]
        return self._hidden(hidden_rows(self._worksheet), range(row, row + rows))

    @row_hidden.setter
    def row_hidden(self, value: bool) -> None:
        for row, _, rows, _ in self._areas:
            for r in range(row, row + rows):
                self._worksheet.row_dimensions[r].hidden = value

    @counted_property
    def column_hidden(self) -> bool | None:
        _, column, _, columns = self._areas[0]
        return self._hidden(hidden_columns(self._worksheet), range(column, column + columns))

    @column_hidden.setter
    def column_hidden(self, value: bool) -> None:
        for _, column, _, columns in self._areas:
            for c in range(column, column + columns):
                self._worksheet.column_dimensions[get_column_letter(c)].hidden = value

    @counted
    def get_special_cells(self, cell_type: str, value_type: str | None) -> list[RangeImpl]:
        if cell_type != "visible":
            raise NotImplementedError(f"special cells of type {cell_type!r}")
        return [RangeImpl(self._sheet, [area]) for area in visible_areas(self._worksheet,
                                                                          self._areas)]

    @counted
    def clear_contents(self) -> None:
        clear_cells(self._worksheet, self._areas, formats=False)

    @counted
    def clear(self) -> None:
        clear_cells(self._worksheet, self._areas, formats=True)
        clear_rules(self._worksheet, self._areas)

    @counted
    def end(self, direction: str) -> RangeImpl:
        if direction not in ("down", "up", "right", "left", *DIRECTIONS):
            raise ValueError(f"unknown direction {direction!r}")
        moving, step = DIRECTIONS[direction[0]]
        start = self._areas[0][:2]
        filled = {
            rc[moving]
            for rc, cell in self._worksheet._cells.items()
            if rc[1 - moving] == start[1 - moving] and is_filled(cell)
        }
        last = (MAX_ROWS, MAX_COLUMNS)[moving]
        end = list(start)
        end[moving] = end_position(start[moving], filled, step, last)
        return RangeImpl(self._sheet, [(*end, 1, 1)])

    @counted
    def __call__(self, *args: int) -> RangeImpl:
        row, column, _, columns = self._areas[0]
        if len(args) == 1 and columns:  # a linear index runs row by row across the range
            down, right = divmod(args[0] - 1, columns)
        elif len(args) == 2:
            down, right = args[0] - 1, args[1] - 1
        else:
            raise ValueError("Invalid arguments")
        return RangeImpl(self._sheet, [(row + down, column + right, 1, 1)])

    @counted_property
    def address(self) -> str:
        return ",".join(area_address(area) for area in self._areas)

    @counted
    def get_address(
        self, row_absolute: bool = True, col_absolute: bool = True, external: bool = False
    ) -> str:
        addresses = [area_address(area, row_absolute, col_absolute) for area in self._areas]
        if external:
            prefix = f"[{self._sheet._book._name}]{self._worksheet.title}"
            if not re.fullmatch(r"[\w.\[\]]+", prefix):  # Excel quotes names with e.g. spaces
                prefix = "'" + prefix.replace("'", "''") + "'"
            addresses = [f"{prefix}!{address}" for address in addresses]
        return ",".join(addresses)

    @counted_property
    def hyperlink(self) -> str:
        link = self._block(lambda cell: cell and cell.hyperlink)
        if not isinstance(link, Hyperlink):
            raise Exception("The cell doesn't seem to contain a hyperlink!")  # as xlwings does
        return link.target or f"#{link.location}"

    @counted
    def add_hyperlink(self, address: str, text_to_display: str, screen_tip: str) -> None:
        if len(self._areas) > 1 or self._areas[0][2:] != (1, 1):
            raise NotImplementedError("hyperlinks on more than one cell")
        cell = self._worksheet.cell(*self._areas[0][:2])
        internal = address.startswith("#")  # "#'Sheet'!B7" points into the workbook
        cell.hyperlink = Hyperlink(
            ref=cell.coordinate,
            display=text_to_display,
            tooltip=screen_tip,
            target=None if internal else address,
            location=address[1:] if internal else None,
        )
        cell.value = text_to_display

    @counted
    def select(self) -> None:
        if self._sheet._book._workbook.active is not self._worksheet:
            raise ExcelError("Select method of Range class failed: its sheet is not active")
        set_selection(self._worksheet, self._areas)

    @counted_property
    def conditional_formats(self) -> ConditionalFormatsImpl:
        return ConditionalFormatsImpl(self)

    @property  # a Python object; each of its members is a round trip (Range.Validation)
    def data_validation(self) -> DataValidationImpl:
        return DataValidationImpl(self)
