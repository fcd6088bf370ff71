"""The column mappings a workbook keeps, one per header row, on a hidden sheet: a later export
with the same column titles (opened with Open file into the same workbook) is mapped with the
same choices, with no edit.

Each row of the hidden sheet is a header row's titles, as header_key files them, and the column
assignments made for it (what `--map` takes: column title, field or "" to leave it out), both
as JSON text. The whole table is read in one call and written in one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from addin.excel import sheet_io as xio
from addin.excel.own_sheets import hidden_sheet

KEPT_SHEET = "_importmapper_mappings"
Assignments = list[tuple[str, str]]


def _table(book: Any) -> dict[tuple[str, ...], Assignments]:
    if KEPT_SHEET not in [s.name for s in book.sheets]:
        return {}
    values, _, _ = xio.read_used(book.sheets[KEPT_SHEET])
    table: dict[tuple[str, ...], Assignments] = {}
    for line in values[1:]:  # first row: titles
        try:
            key, assigned = json.loads(str(line[0])), json.loads(str(line[1]))
            table[tuple(key)] = [(str(c), str(f)) for c, f in assigned]
        except (ValueError, TypeError, IndexError):
            continue  # a row the user spoiled: that header is asked again, nothing is guessed
    return table


def kept_mapping(book: Any, key: Sequence[str]) -> Assignments | None:
    """The assignments kept for this header row, or None when none are."""
    return _table(book).get(tuple(key))


def keep_mapping(book: Any, key: Sequence[str], assigned: Assignments) -> None:
    """Keep (or replace) the assignments for this header row."""
    table = _table(book)
    table[tuple(key)] = list(assigned)
    sheet = hidden_sheet(book, KEPT_SHEET)
    rows: list[list[object]] = [["header row (column titles)", "columns assigned"]]
    rows += [[xio.literal(json.dumps(list(k), ensure_ascii=False)),
              xio.literal(json.dumps([list(a) for a in v], ensure_ascii=False))]
             for k, v in table.items()]
    xio.write_block(sheet.range("A1"), rows)
