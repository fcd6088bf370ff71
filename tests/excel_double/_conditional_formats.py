"""Conditional formats, stored as openpyxl rules so they can be asserted and saved."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.worksheet.worksheet import Worksheet
from xlwings import base_classes

from ._cells import RGB, Area, area_address, areas_of_sqref, argb, overlaps, rgb_of, sqref, subtract
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
        build_rule(rule, described)
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
        return None if visual else getattr(described, field)

    get.__name__ = field
    return counted_property(get)


class ConditionalFormatImpl(Impl, base_classes.ConditionalFormat):
    def __init__(self, sheet: SheetImpl, rule: Rule) -> None:
        self._double, self._sheet, self._rule = sheet._double, sheet, rule

    def _described(self) -> ConditionalFormatRule:
        pairs = rules(self._sheet._worksheet)
        return describe(self._rule, next(areas for rule, areas in pairs if rule is self._rule))

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
        build_rule(self._rule, {**asdict(self._described()), **changes})

    @counted
    def delete(self) -> None:
        worksheet = self._sheet._worksheet
        rewrite_rules(worksheet, [pair for pair in rules(worksheet) if pair[0] is not self._rule])
