"""Find the header row of a table: exports from Excel often carry a title or blank line above it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from addin.errors import InputError
from addin.profiles import list_profiles

HEADER_SEARCH_ROWS = 10


def filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def find_header(rows: Iterable[tuple[int, Sequence[object]]], where: str) -> tuple[list[str], int]:
    """The row among the first non-empty ones that most profiles' aliases recognise.

    Exports from Excel often carry a title or a blank line above the table.
    """
    candidates = [(n, c) for n, c in islice(rows, 50) if any(filled(x) for x in c)]
    candidates = candidates[:HEADER_SEARCH_ROWS]
    if not candidates:
        raise InputError(f"{where}: no header row found; the sheet or file is empty")
    profiles = list_profiles()
    best_row, best_cells, best_score = candidates[0][0], candidates[0][1], 0
    for number, cells in candidates:
        names = ["" if c is None else str(c) for c in cells]
        score = max(p.score(names) for p in profiles)
        if score > best_score:
            best_row, best_cells, best_score = number, cells, score
    return ["" if c is None else str(c).strip() for c in best_cells], best_row
