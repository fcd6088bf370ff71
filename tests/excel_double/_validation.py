"""Data validation of a range (xlwings' Range.data_validation, 0.37.5+), kept as openpyxl data
validations so saving keeps them.

Mirrors xlwings' Windows engine (``_xlwindows.DataValidation``): the type of a range whose cells
have no rule is "none", of one where only some have a rule "mixed_criteria", of one whose cells
have different rules "inconsistent", and setting a rule over either of those two fails; a list's
source is COM's Formula1: "=" and a reference or a name, or the literal items joined by the list
separator (the double has no locale: ","), at most 255 characters. A Range source is given as
xlwings gives it, by its external address ("[Book1]Sheet1!$A$1:$A$3"); the double reads one
into its own workbook as the sheet reference (whether Excel does is not known here: the add-in
gives a Name). Only list rules are emulated (other types raise
NotImplementedError), and Excel's drop-down itself is not drawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import xlwings
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from xlwings import base_classes

from ._cells import coordinates
from ._counting import Impl, counted, counted_property

if TYPE_CHECKING:
    from ._range import RangeImpl

MAX_FORMULA = 255


class DataValidationImpl(Impl, base_classes.DataValidation):
    def __init__(self, parent: RangeImpl) -> None:
        self._double, self._parent = parent._double, parent

    def _cells(self) -> set[tuple[int, int]]:
        return set(coordinates(self._parent._areas))

    def _rules(self) -> list[DataValidation]:
        return list(self._parent._worksheet.data_validations.dataValidation)

    def _covering(self) -> dict[tuple[int, int], DataValidation]:
        found = {}
        for rule in self._rules():
            for rng in rule.sqref.ranges:
                for row in range(rng.min_row, rng.max_row + 1):
                    for column in range(rng.min_col, rng.max_col + 1):
                        found[(row, column)] = rule
        cells = self._cells()
        return {rc: rule for rc, rule in found.items() if rc in cells}

    def _type(self) -> str:
        covering = self._covering()
        if not covering:
            return "none"
        if len(covering) < len(self._cells()):
            return "mixed_criteria"
        if len({id(rule) for rule in covering.values()}) > 1:
            return "inconsistent"
        kind = next(iter(covering.values())).type
        return "list" if kind == "list" else "unknown"

    def _rule(self) -> DataValidation | None:
        covering = self._covering()
        return next(iter(covering.values())) if self._type() == "list" else None

    @counted_property
    def type(self) -> str:
        return self._type()

    @counted_property
    def source(self) -> str | None:
        rule = self._rule()
        if rule is None:
            return None
        text = rule.formula1 or ""
        if text.startswith('"') and text.endswith('"'):
            return text[1:-1].replace('""', '"')
        return "=" + text

    @counted_property
    def in_cell_dropdown(self) -> bool | None:
        rule = self._rule()
        return None if rule is None else not rule.showDropDown  # openpyxl's flag hides it

    @counted
    def set_list(self, source: Any, in_cell_dropdown: bool) -> None:
        from ._names import NameImpl
        from ._range import RangeImpl

        if isinstance(source, RangeImpl):
            formula = "=" + source.get_address(True, True, True)
        elif isinstance(source, NameImpl):
            formula = "=" + source.name
        else:
            formula = ",".join(source)
        if len(formula) > MAX_FORMULA:
            raise ValueError("the Excel data validation source cannot exceed 255 characters")
        if self._type() in ("mixed_criteria", "inconsistent"):
            raise xlwings.XlwingsError("Cannot update data validation because the target cells"
                                       " have different validation rules.")
        self._remove()
        if formula.startswith("="):
            stored = formula[1:]
            book = f"[{self._parent._sheet._book._name}]"
            stored = stored.replace(f"'{book}", "'").replace(book, "")  # this workbook's own
        else:
            stored = '"' + formula.replace('"', '""') + '"'
        rule = DataValidation(type="list", formula1=stored, allow_blank=True,
                              showDropDown=not in_cell_dropdown)
        rule.sqref = MultiCellRange(" ".join(_address(area) for area in self._parent._areas))
        self._parent._worksheet.add_data_validation(rule)

    def set_rule(self, rule_type: str, operator: Any, formula1: Any, formula2: Any) -> None:
        raise NotImplementedError("only list validation is emulated")

    @counted
    def delete(self) -> None:
        self._remove()

    def _remove(self) -> None:
        """The range's cells taken out of every rule; a rule left with no cell is dropped."""
        cells = self._cells()
        store = self._parent._worksheet.data_validations
        for rule in self._rules():
            kept = [(r, c) for rng in rule.sqref.ranges
                    for r in range(rng.min_row, rng.max_row + 1)
                    for c in range(rng.min_col, rng.max_col + 1) if (r, c) not in cells]
            if len(kept) == sum(rng.size["rows"] * rng.size["columns"]
                                for rng in rule.sqref.ranges):
                continue
            store.dataValidation.remove(rule)
            if kept:
                rest = DataValidation(type=rule.type, formula1=rule.formula1,
                                      allow_blank=rule.allow_blank,
                                      showDropDown=rule.showDropDown)
                rest.sqref = MultiCellRange(" ".join(f"{get_column_letter(c)}{r}" for r, c in kept))
                store.dataValidation.append(rest)


def _address(area: tuple[int, int, int, int]) -> str:
    row, column, rows, columns = area
    first = f"{get_column_letter(column)}{row}"
    last = f"{get_column_letter(column + columns - 1)}{row + rows - 1}"
    return first if first == last else f"{first}:{last}"
