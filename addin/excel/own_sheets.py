"""The sheets the add-in adds to a workbook: its output and problems sheets (marked, so a later run
replaces them and never a sheet of the user's), a new sheet for an opened file, hidden sheets
(highlight flags, undo)."""

from __future__ import annotations

import re
from typing import Any

from addin.excel.alerts import ExpectedProblem

OUTPUT_MARK = "ImportMapper_Output"  # sheet-scoped name marking a sheet this add-in wrote
UNDO_SHEET = "_importmapper_undo"
MAX_SHEET_NAME = 31
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")


def is_ours(sheet: Any) -> bool:
    return any(n.name.endswith(OUTPUT_MARK) for n in sheet.names)


def output_sheet(book: Any, wanted: str, after: Any) -> Any:
    """A fresh sheet named `wanted`: an earlier sheet of ours is replaced, a user's never is."""
    name = BAD_SHEET_CHARS.sub("-", wanted)[:MAX_SHEET_NAME]
    existing = {s.name.casefold(): s for s in book.sheets}  # Excel ignores case in sheet names
    base, number = name, 2
    while name.casefold() in existing and not is_ours(existing[name.casefold()]):
        suffix = f" ({number})"
        name = base[:MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    if name.casefold() in existing:  # our own earlier output under this name: replaced
        if existing[name.casefold()].name == after.name:
            raise ExpectedProblem("The active sheet is Import Mapper's own output. Select the"
                                  " sheet with the source data, then Apply template again.")
        existing[name.casefold()].delete()
    sheet = book.sheets.add(name, after=after)
    sheet.names.add(OUTPUT_MARK, "=TRUE")
    return sheet


def new_sheet(book: Any, wanted: str) -> Any:
    """A new sheet at the end, named `wanted` or `wanted (2)`...: no existing sheet is replaced."""
    base = BAD_SHEET_CHARS.sub("-", wanted).strip("'")[:MAX_SHEET_NAME] or "Sheet"
    existing = {s.name.casefold() for s in book.sheets}  # Excel ignores case in sheet names
    name, number = base, 2
    while name.casefold() in existing:
        suffix = f" ({number})"
        name, number = base[:MAX_SHEET_NAME - len(suffix)] + suffix, number + 1
    return book.sheets.add(name, after=book.sheets[-1])


def hidden_sheet(book: Any, name: str) -> Any:
    if name in [s.name for s in book.sheets]:
        sheet = book.sheets[name]
        sheet.clear()
    else:
        sheet = book.sheets.add(name, after=book.sheets[-1])
        sheet.visible = False
    return sheet
