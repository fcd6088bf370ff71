"""Find the header row of a table: exports from Excel often carry a title or blank line above it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice

from addin.convert.text import normalize_header
from addin.core.cells import column_letter
from addin.core.errors import InputError
from addin.core.profiles import Profile, list_profiles

HEADER_SEARCH_ROWS = 10


def filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def find_header(rows: Iterable[tuple[int, Sequence[object]]], where: str) -> tuple[list[str], int]:
    """The row among the first non-empty ones that most profiles' aliases recognise.

    Exports from Excel often carry a title or a blank line above the table. Two columns with the
    same name that a profile reads are refused: which one holds the value would be a guess. Two
    that nothing reads (Tempo's export has 'Epic Link' twice) are left alone.
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
    header = ["" if c is None else str(c).strip() for c in best_cells]
    _refuse_duplicates(header, best_row, where, profiles)
    return header, best_row


def _refuse_duplicates(header: Sequence[str], row: int, where: str,
                       profiles: Sequence[Profile]) -> None:
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        key = normalize_header(name)
        if not key:
            continue
        if key in seen and any(p.reads(name) for p in profiles):
            first = seen[key]
            raise InputError(f"{where}: columns {column_letter(first + 1)} and"
                             f" {column_letter(index + 1)} (row {row}) are both called"
                             f" {header[first]!r}; rename one, so that it is clear which to read")
        seen[key] = index


def column_name(header: Sequence[str], index: int) -> str:
    """How a problem names a column: its header, or its letter when it has none."""
    name = header[index] if index < len(header) else ""
    return name or f"column {column_letter(index + 1)}"


class HeaderlessValues:
    """Values in a column that has no header are not read: each such column is reported once."""

    def __init__(self, header: Sequence[str]) -> None:
        self.named = [bool(name.strip()) for name in header]
        self.reported: set[int] = set()
        # Columns inside the header that have no name and are not reported yet: a row no wider
        # than the header, when there are none, has nothing to look at.
        self.unnamed = [i for i, named in enumerate(self.named) if not named]

    def check(self, row: int, cells: Sequence[object]) -> list[tuple[int, int, str]]:
        """(row, column index, value) of the first headerless value of each column not yet seen."""
        if not self.unnamed and len(cells) <= len(self.named):
            return []
        found = []
        for index, cell in enumerate(cells):
            if (index >= len(self.named) or not self.named[index]) and filled(cell) and (
                    index not in self.reported):
                self.reported.add(index)
                found.append((row, index, str(cell)))
                if index in self.unnamed:
                    self.unnamed.remove(index)
        return found
