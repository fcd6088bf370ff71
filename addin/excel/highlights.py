"""Highlights on a mapped sheet: required blanks red, flagged cells amber, drawn with a few
conditional-format rules whatever the number of cells, and removed without touching the user's
own rules."""

from __future__ import annotations

import contextlib
import re
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

from addin.core.cells import column_letter
from addin.core.template import Template
from addin.excel.sheet_io import write_block

FLAGS_PREFIX = "_importmapper_flags_"
ERROR_FILL = "#FFC7CE"
ERROR_FILL_RGB = (255, 199, 206)  # ERROR_FILL as xlwings reads a rule's fill back
# Adds nothing (N of a text is 0) but names the rule in Excel's rules manager, and tells Clear
# highlights which rules are the add-in's own.
REQUIRED_MARK = '+N("Import Mapper: required")'
OLD_REQUIRED_RULE = re.compile(r"=LEN\(TRIM\(\$?[A-Z]{1,3}\$?\d+\)\)=0")
MAX_ADDRESS = 255  # Excel's Range("...") takes addresses up to this long
WARNING_FILL = "#FFEB9C"


def flags_sheet_name(sheet_name: str) -> str:
    """One hidden flags sheet per highlighted sheet, so highlighting one never repaints another.

    A hash keeps the name within Excel's 31 characters whatever the sheet is called.
    """
    return f"{FLAGS_PREFIX}{zlib.crc32(sheet_name.encode('utf-8')):08x}"


def highlight(sheet: Any, template: Template, last: int, flagged: set[tuple[int, int]],
              flags_sheet: Any, columns: Sequence[int] | None = None) -> None:
    """Required blanks red (the rule heals when the cell is filled), flagged cells amber.

    `last` is the last data row; `columns` the sheet column of each template column (the
    user may have moved them), by default 1, 2, 3... Flags live as a 0/1 block on a hidden sheet
    read by one rule, so that any number of scattered cells costs the same few calls.
    """
    positions = list(columns or range(1, len(template.columns) + 1))
    width = max(positions)
    clear_highlights(sheet)
    if last < 2:
        return
    if flagged:
        flags = [[1 if (r, c) in flagged else 0 for c in range(1, width + 1)]
                 for r in range(2, last + 1)]
        write_block(flags_sheet.range("A2"), flags)
    # Excel reads a rule's relative references from the active cell, not from the range's first
    # cell: A2 is made active while the rules are added, and every rule is written as seen from
    # row 2 (the required rules with absolute columns, as each watches one column).
    with active_cell(sheet, "A2"):
        for index, col in zip(positions, template.columns, strict=True):
            if col.required:
                letter = column_letter(index)
                sheet.range(f"{letter}2:{letter}{last}").conditional_formats.add_custom(
                    f"=LEN(TRIM(${letter}2)){REQUIRED_MARK}=0", fill_color=ERROR_FILL)
        if flagged:
            sheet.range(f"A2:{column_letter(width)}{last}").conditional_formats.add_custom(
                f"='{flags_sheet.name}'!A2=1", fill_color=WARNING_FILL)


@contextlib.contextmanager
def active_cell(sheet: Any, cell: str) -> Iterator[None]:
    """`cell` of `sheet` active inside the block; the user's sheet and selection restored after."""
    book = sheet.book
    before_sheet = book.sheets.active
    sheet.activate()
    selection = book.app.selection  # None when e.g. a chart is selected
    before = selection.address if selection is not None else None
    sheet.range(cell).select()
    try:
        yield
    finally:
        if before is not None:
            # Excel takes addresses of up to 255 characters: a longer selection (many Ctrl+click
            # areas) comes back as its first area.
            sheet.range(before if len(before) <= MAX_ADDRESS else before.split(",")[0]).select()
        before_sheet.activate()


def clear_highlights(sheet: Any) -> None:
    """Remove the add-in's rules from the sheet; the user's own conditional formats stay."""
    ours = [rule for rule in sheet.cells.conditional_formats if _is_ours(rule)]
    for rule in ours:
        rule.delete()


def _is_ours(rule: Any) -> bool:
    formula = rule.formula or ""  # None for rules other than custom formulas
    if REQUIRED_MARK in formula or FLAGS_PREFIX in formula:
        return True
    # Required rules drawn before they carried the mark.
    return bool(OLD_REQUIRED_RULE.fullmatch(formula)) and rule.fill_color == ERROR_FILL_RGB
