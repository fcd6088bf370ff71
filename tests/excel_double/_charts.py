"""Charts: `sheet.charts.add(...)` makes a native chart of the workbook (openpyxl's), so a saved
double holds what Excel would show; each add and each property is one round trip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.utils import get_column_letter
from xlwings import base_classes

from ._counting import Impl, counted, counted_property

if TYPE_CHECKING:
    from ._application import SheetImpl
    from ._range import RangeImpl

# xlwings' chart types the double draws, as openpyxl charts: (class, bar direction, grouping)
KINDS: dict[str, tuple[type, str | None, str]] = {
    "column_clustered": (BarChart, "col", "clustered"),
    "column_stacked": (BarChart, "col", "stacked"),
    "bar_clustered": (BarChart, "bar", "clustered"),
    "line": (LineChart, None, "standard"),
}


@dataclass(frozen=True)
class ChartInfo:
    """What a test reads back: the chart as Excel would describe it."""

    name: str
    chart_type: str
    source: str  # the data range's address, e.g. "J1:L6"
    plot_by: str | None
    anchor: str  # the cell under the chart's top-left corner


def address(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


class ChartsImpl(Impl, base_classes.Charts):
    def __init__(self, sheet: SheetImpl) -> None:
        self._double, self._sheet = sheet._double, sheet

    @counted
    def __contains__(self, name: str) -> bool:
        return any(c._double_info.name == name for c in self._sheet._worksheet._charts)

    @counted
    def add(self, left: float = 0, top: float = 0, width: float = 355, height: float = 211,
            chart_type: str | None = None, source: RangeImpl | None = None,
            plot_by: str | None = None, name: str | None = None, anchor: Any = None,
            style: int | None = None) -> ChartImpl:
        worksheet = self._sheet._worksheet
        kind = chart_type or "column_clustered"
        if kind not in KINDS:
            raise NotImplementedError(f"chart type {kind!r} is not emulated")
        cls, direction, grouping = KINDS[kind]
        chart = cls()
        if direction:
            chart.type = direction
        chart.grouping = grouping
        if grouping == "stacked":
            chart.overlap = 100
        where = "?"
        if source is not None:
            (row, column, rows, columns), = source._areas
            where = f"{address(row, column)}:{address(row + rows - 1, column + columns - 1)}"
            data = Reference(worksheet, min_col=column + 1, min_row=row,
                             max_col=column + columns - 1, max_row=row + rows - 1)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(Reference(worksheet, min_col=column, min_row=row + 1,
                                           max_row=row + rows - 1))
        chart.width, chart.height = width / 28.35, height / 28.35  # points to cm
        cell = address(int(top // 15) + 1, int(left // 48) + 1)  # default row and column sizes
        worksheet.add_chart(chart, cell)
        info = ChartInfo(name or f"Chart {len(worksheet._charts)}", kind, where, plot_by, cell)
        chart._double_info = info  # read back by ExcelDouble.charts
        return ChartImpl(self._sheet, chart)


class ChartImpl(Impl, base_classes.Chart):
    def __init__(self, sheet: SheetImpl, chart: Any) -> None:
        self._double, self._sheet, self._chart = sheet._double, sheet, chart

    @counted_property
    def name(self) -> str:
        return self._chart._double_info.name
