"""The ribbon's in-place conversions of the selected cells (hours to minutes or seconds, dates
reformatted) and Undo, which restores the cells the last conversion replaced."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from addin.core import fixes
from addin.excel import sheet_io as xio
from addin.excel import sheetops
from addin.excel.alerts import TITLE, ExpectedProblem, problems_text
from addin.excel.entry_point import entry_point
from addin.excel.own_sheets import UNDO_SHEET, hidden_sheet
from addin.excel.sheetops import BlockResult, decimal_to_cell, excel_number_format, hours_to
from addin.excel.workbook_settings import SETTINGS_SHEET, date_order_row, read_key_values


def _selection(book: Any) -> Any:
    selection = book.app.selection
    if selection is None:
        raise ExpectedProblem("Select the cells or the column to convert first.")
    one_block(selection)
    used = selection.sheet.used_range
    last_row = used.row + used.shape[0] - 1
    if selection.row + selection.shape[0] - 1 > last_row:  # a whole column: stop at the data
        height = max(last_row - selection.row + 1, 1)
        selection = selection.resize(height, selection.shape[1])
    refuse_hidden_rows(selection)
    return selection


def _convert_in_place(book: Any, convert: Callable[[list[list[object]], int, int], BlockResult],
                      number_format: str | None) -> str:
    rng = _selection(book)
    values = xio.read_block(rng)
    xio.refuse_cell_errors(values, rng.row, rng.column, "Nothing was converted")
    old_format = rng.number_format
    result = convert(xio.as_excel_shows(values), rng.row, rng.column)
    if not result.changed:
        raise ExpectedProblem(problems_text("Nothing was converted.", result.problems))
    _save_undo(book, rng, values, old_format)
    if number_format:
        rng.number_format = number_format
    # Unchanged text is written back as text: "2026-01-05" or "=x" must not turn into a date or
    # a formula on the way.
    xio.write_block(rng, [[decimal_to_cell(v) if isinstance(v, Decimal) else xio.literal(v)
                           for v in line] for line in result.values])
    text = f"{result.note}. Undo restores the previous values."
    if result.problems:
        book.app.alert(problems_text(text, result.problems), TITLE)
    return text


@entry_point
def hours_to_minutes(book: Any) -> str:
    return _convert_in_place(book, lambda v, r, c: hours_to(v, "minutes", r, c), "General")


@entry_point
def hours_to_seconds(book: Any) -> str:
    return _convert_in_place(book, lambda v, r, c: hours_to(v, "seconds", r, c), "General")


@entry_point
def reformat_dates(book: Any, pattern: str) -> str:
    """The selected dates as real dates shown as `pattern` (e.g. 'DD.MM.YYYY'), one day/month
    order per column (the settings row date_order reads a column whose dates fit both)."""
    order = date_order_row(read_key_values(book, SETTINGS_SHEET) or {})
    words = fixes.date_order_words(order, "excel")
    return _convert_in_place(book, lambda v, r, c: sheetops.reformat_dates(v, r, c, order, words),
                             excel_number_format(pattern))


def _save_undo(book: Any, rng: Any, values: list[list[object]], number_format: Any) -> None:
    """The replaced values, kept in a hidden sheet of the workbook (a macro clears Excel's undo)."""
    sheet = hidden_sheet(book, UNDO_SHEET)
    # Stored as text, so that a format "0.00", a sheet named "2024" or a value "1:30" comes back
    # exactly as it was, not as a number or a time.
    head = [[xio.literal(rng.sheet.name), xio.literal(rng.address),
             xio.literal(number_format) if number_format else "",
             len(values), len(values[0]) if values else 0]]
    sheet.range("A1").value = head
    if values:
        xio.write_block(sheet.range("A2"), [[xio.literal(v) for v in line] for line in values])


@entry_point
def undo(book: Any) -> str:
    if UNDO_SHEET not in [s.name for s in book.sheets]:
        raise ExpectedProblem("There is nothing to undo.")
    store = book.sheets[UNDO_SHEET]
    head = store.range("A1:E1").value
    if not head or not head[0]:
        raise ExpectedProblem("There is nothing to undo.")
    sheet_name, where, number_format, height, width = head
    height, width = int(height), int(width)
    values = store.range((2, 1), (1 + height, width)).options(ndim=2).value
    if sheet_name not in [s.name for s in book.sheets]:
        raise ExpectedProblem(f"The sheet {sheet_name!r} that the last conversion changed is"
                                  " gone (renamed or deleted), so there is nothing to restore.")
    target = book.sheets[sheet_name].range(where)
    if number_format:
        target.number_format = number_format
    if number_format != xio.TEXT_FORMAT:  # a Text cell keeps text as it is, ' included
        values = [[xio.literal(v) for v in line] for line in values]
    xio.write_block(target, values)
    store.clear()
    return f"restored {height * width:,} cells of {sheet_name}"


LISTED_AREAS = 20  # visible areas looked at to name hidden rows in a message


def one_block(selection: Any) -> None:
    """An alert when the selection is several areas (Ctrl+click): Excel reads only the first."""
    if "," in selection.address:
        raise ExpectedProblem("The selection has several areas (Ctrl+click). Select one block of"
                              " cells, or one column, then try again.")


def refuse_hidden_rows(rng: Any) -> None:
    """An alert when some of the block's rows or columns are hidden (a filter, say): writing the
    block back would change cells the user cannot see."""
    visible = rng.get_special_cells("visible")
    if len(visible) == 1 and visible[0].address == rng.address:
        return
    # The rows named are those above the first few visible areas: each costs Excel calls.
    named = visible[:LISTED_AREAS]
    shown = {r for area in named for r in range(area.row, area.row + area.shape[0])}
    end = rng.row + rng.shape[0] if len(named) == len(visible) else named[-1].row
    hidden = [r for r in range(rng.row, end) if r not in shown]
    more = "" if len(named) == len(visible) else " and more"
    what = (f"row{'s' if len(hidden) > 1 or more else ''} {_runs_text(hidden)}{more}"
            f" {'are' if len(hidden) > 1 or more else 'is'} hidden" if hidden
            else "some columns are hidden")
    raise ExpectedProblem(f"Nothing was changed: in the selection, {what} (by a filter, or by"
                          " hand), and converting would change cells you cannot see. Show all"
                          " rows and columns (Data > Clear, or Unhide), or select cells with"
                          " none hidden, then try again.")


def _runs_text(rows: Sequence[int]) -> str:
    """'2', '2 and 4', '2, 4 and 6-9'."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and runs[-1][-1] == row - 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
