"""Conditional formats, stored as openpyxl rules so they can be asserted and saved."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import Rule
from openpyxl.formula.translate import Translator
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import column_index_from_string, coordinate_to_tuple, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from xlwings import base_classes

from ._cells import (
    MAX_COLUMNS,
    MAX_ROWS,
    RGB,
    Area,
    ExcelError,
    area_address,
    areas_of_sqref,
    argb,
    overlaps,
    rgb_of,
    sqref,
    subtract,
)
from ._counting import Impl, counted, counted_property

if TYPE_CHECKING:
    from ._application import SheetImpl
    from ._range import RangeImpl

RULE_TYPES = {
    "expression": "custom",
    "cellIs": "cell_value",
    "colorScale": "color_scale",
    "dataBar": "data_bar",
    "iconSet": "icon_set",
}
OPERATORS = {
    "between": "between",
    "not_between": "notBetween",
    "equal_to": "equal",
    "not_equal_to": "notEqual",
    "greater_than": "greaterThan",
    "less_than": "lessThan",
    "greater_than_or_equal": "greaterThanOrEqual",
    "less_than_or_equal": "lessThanOrEqual",
}
OPERATOR_NAMES = {stored: name for name, stored in OPERATORS.items()}
FORMULA_FIELDS = ("formula", "formula1", "formula2")


class WrappingTranslator(Translator):
    """Moves relative references; like Excel, a reference moved past an edge of the sheet
    comes in from the other edge (A1 moved up one row is A1048576)."""

    @staticmethod
    def translate_row(row_str: str, rdelta: int) -> str:
        if row_str.startswith("$"):
            return row_str
        return str((int(row_str) + rdelta - 1) % MAX_ROWS + 1)

    @staticmethod
    def translate_col(col_str: str, cdelta: int) -> str:
        if col_str.startswith("$"):
            return col_str
        return get_column_letter((column_index_from_string(col_str) + cdelta - 1) % MAX_COLUMNS + 1)


def moved(described: Mapping[str, Any], rows: int, columns: int) -> dict[str, Any]:
    """The rule's formulas with their relative references moved by rows and columns."""
    out = dict(described)
    for key in FORMULA_FIELDS:
        formula = out.get(key)
        if isinstance(formula, str) and formula.startswith("=") and (rows or columns):
            translator = WrappingTranslator(formula, origin="A1")
            out[key] = translator.translate_formula(row_delta=rows, col_delta=columns)
    return out


def active_cell(sheet: SheetImpl) -> tuple[int, int]:
    """Excel's ActiveCell: the active cell of the active sheet of the active workbook.

    FormatConditions.Add and FormatCondition.Formula1 read relative references as seen from
    this cell, whichever range the rule applies to.
    """
    book = sheet._book._app._active_book
    if book is None:
        raise ExcelError("no workbook is open, so there is no active cell")
    selection = book._workbook.active.sheet_view.selection
    return coordinate_to_tuple(selection[0].activeCell or "A1") if selection else (1, 1)


def seen_from_active_cell(sheet: SheetImpl, described: Mapping[str, Any],
                          first: tuple[int, int], stored: bool) -> dict[str, Any]:
    """Formulas as COM gives and takes them (relative to the active cell) from the rule as
    the file stores it (relative to the first cell it applies to), or back with stored=False."""
    row, column = active_cell(sheet)
    rows, columns = row - first[0], column - first[1]
    return moved(described, rows, columns) if stored else moved(described, -rows, -columns)


@dataclass(frozen=True)
class ConditionalFormatRule:
    """A conditional-format rule as stored in the workbook, for assertions."""

    applies_to: str  # e.g. "B3,C20:C25"
    type: str  # "custom", "cell_value" or another xlwings rule type
    formula: str | None = None  # of a custom rule, e.g. '=$D2="Late"'
    operator: str | None = None  # of a cell-value rule, e.g. "less_than"
    formula1: str | None = None
    formula2: str | None = None
    fill_color: RGB | None = None
    font_color: RGB | None = None
    font_bold: bool | None = None
    font_italic: bool | None = None
    stop_if_true: bool | None = None


def rules(worksheet: Worksheet) -> list[tuple[Rule, list[Area]]]:
    """Every rule on the sheet with the areas it applies to, highest priority first."""
    pairs = [
        (rule, areas_of_sqref(formatting.sqref))
        for formatting in worksheet.conditional_formatting
        for rule in formatting.rules
    ]
    return sorted(pairs, key=lambda pair: pair[0].priority or 0)


def rewrite_rules(worksheet: Worksheet, pairs: Sequence[tuple[Rule, list[Area]]]) -> None:
    worksheet.conditional_formatting = ConditionalFormattingList()
    for rule, areas in pairs:  # rules keep their priorities
        worksheet.conditional_formatting.add(sqref(areas), rule)


def clear_rules(worksheet: Worksheet, cuts: Sequence[Area]) -> None:
    """Excel removes rules from the cleared cells only; elsewhere they stay."""
    kept = []
    for rule, areas in rules(worksheet):
        for cut in cuts:
            areas = [piece for area in areas for piece in subtract(area, cut)]
        if areas:
            kept.append((rule, areas))
    rewrite_rules(worksheet, kept)


def describe(rule: Rule, areas: Sequence[Area]) -> ConditionalFormatRule:
    kind = RULE_TYPES.get(rule.type, "unknown")
    formulas = ["=" + formula for formula in rule.formula]  # stored without Excel's "="
    fill, font = (rule.dxf.fill, rule.dxf.font) if rule.dxf else (None, None)
    return ConditionalFormatRule(
        applies_to=",".join(area_address(area, False, False) for area in areas),
        type=kind,
        formula=formulas[0] if kind == "custom" else None,
        operator=OPERATOR_NAMES.get(rule.operator) if kind == "cell_value" else None,
        formula1=formulas[0] if kind == "cell_value" else None,
        formula2=formulas[1] if kind == "cell_value" and len(formulas) > 1 else None,
        fill_color=rgb_of(fill.bgColor) if fill else None,  # rule fills use the background
        font_color=rgb_of(font.color) if font else None,
        font_bold=font.b if font else None,
        font_italic=font.i if font else None,
        stop_if_true=bool(rule.stopIfTrue) if kind in ("custom", "cell_value") else None,
    )


def build_rule(rule: Rule, described: Mapping[str, Any]) -> None:
    """Write a rule's criteria and style from xlwings' names for them."""
    if described["type"] == "custom":
        rule.type, rule.formula = "expression", [described["formula"].removeprefix("=")]
    else:
        formulas = [described["formula1"], described.get("formula2")]
        rule.type, rule.operator = "cellIs", OPERATORS[described["operator"]]
        rule.formula = [formula.removeprefix("=") for formula in formulas if formula is not None]
    fill_color, font_color = described.get("fill_color"), described.get("font_color")
    bold, italic = described.get("font_bold"), described.get("font_italic")
    has_font = any(style is not None for style in (font_color, bold, italic))
    rule.dxf = DifferentialStyle(
        fill=PatternFill(bgColor=argb(fill_color)) if fill_color else None,
        font=Font(color=font_color and argb(font_color), b=bold, i=italic) if has_font else None,
    )
    rule.stopIfTrue = described.get("stop_if_true") or None


class ConditionalFormatsImpl(Impl, base_classes.ConditionalFormats):
    """The rules touching a range; colour scales, data bars and icon sets are not emulated."""

    def __init__(self, rng: RangeImpl) -> None:
        self._double, self._range = rng._double, rng

    def _touching(self) -> list[Rule]:
        return [
            rule
            for rule, areas in rules(self._range._worksheet)
            if any(overlaps(a, b) for a in areas for b in self._range._areas)
        ]

    def _add(self, described: Mapping[str, Any]) -> ConditionalFormatImpl:
        worksheet = self._range._worksheet
        for rule, _ in rules(worksheet):  # Excel gives a new rule the top priority
            rule.priority = (rule.priority or 0) + 1
        rule = Rule(type="expression", priority=1)
        first = self._range._areas[0][:2]
        build_rule(rule, seen_from_active_cell(self._range._sheet, described, first, False))
        worksheet.conditional_formatting.add(sqref(self._range._areas), rule)
        return ConditionalFormatImpl(self._range._sheet, rule)

    @counted
    def __call__(self, index: int) -> ConditionalFormatImpl:
        return ConditionalFormatImpl(self._range._sheet, self._touching()[index - 1])

    @counted
    def __len__(self) -> int:
        return len(self._touching())

    @counted
    def __iter__(self) -> Iterator[ConditionalFormatImpl]:
        return iter([ConditionalFormatImpl(self._range._sheet, rule) for rule in self._touching()])

    @counted
    def add_custom(self, spec: Mapping[str, Any]) -> ConditionalFormatImpl:
        return self._add({"type": "custom", **spec})

    @counted
    def add_cell_value(self, spec: Mapping[str, Any]) -> ConditionalFormatImpl:
        return self._add({"type": "cell_value", **spec})

    @counted
    def clear(self) -> None:
        clear_rules(self._range._worksheet, self._range._areas)


def rule_property(field: str, visual: bool = False) -> counted_property:
    """A rule attribute; `visual` ones (colour scales etc.) are None for the emulated types."""

    def get(self: ConditionalFormatImpl) -> Any:
        described = self._described()
        if visual and described.type not in ("custom", "cell_value"):
            raise NotImplementedError(f"{field} of {described.type} rules")
        if visual:
            return None
        if field in FORMULA_FIELDS:
            return self._seen_from_active_cell(asdict(described))[field]
        return getattr(described, field)

    get.__name__ = field
    return counted_property(get)


class ConditionalFormatImpl(Impl, base_classes.ConditionalFormat):
    def __init__(self, sheet: SheetImpl, rule: Rule) -> None:
        self._double, self._sheet, self._rule = sheet._double, sheet, rule

    def _areas(self) -> list[Area]:
        return next(areas for rule, areas in rules(self._sheet._worksheet) if rule is self._rule)

    def _described(self) -> ConditionalFormatRule:
        return describe(self._rule, self._areas())

    def _seen_from_active_cell(self, described: Mapping[str, Any], stored: bool = True
                               ) -> dict[str, Any]:
        first = self._areas()[0][:2]
        return seen_from_active_cell(self._sheet, described, first, stored)

    type = rule_property("type")
    stop_if_true = rule_property("stop_if_true")
    operator = rule_property("operator")
    formula1 = rule_property("formula1")
    formula2 = rule_property("formula2")
    formula = rule_property("formula")
    fill_color = rule_property("fill_color")
    font_color = rule_property("font_color")
    font_bold = rule_property("font_bold")
    font_italic = rule_property("font_italic")
    colors = rule_property("colors", visual=True)
    bar_color = rule_property("bar_color", visual=True)
    gradient = rule_property("gradient", visual=True)
    show_value = rule_property("show_value", visual=True)
    icon_set = rule_property("icon_set", visual=True)
    reverse_order = rule_property("reverse_order", visual=True)
    threshold_types = rule_property("threshold_types", visual=True)
    thresholds = rule_property("thresholds", visual=True)

    @counted
    def set(self, changes: Mapping[str, Any]) -> None:
        changes = self._seen_from_active_cell(changes, stored=False)
        build_rule(self._rule, {**asdict(self._described()), **changes})

    @counted
    def delete(self) -> None:
        worksheet = self._sheet._worksheet
        rewrite_rules(worksheet, [pair for pair in rules(worksheet) if pair[0] is not self._rule])
