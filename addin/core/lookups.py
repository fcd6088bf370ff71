"""Lookup tables a firm keeps (people, clients, matters): they fill fields an export leaves out.

A table is read from any rows (a CSV file, a workbook sheet): its header names canonical fields
(`timekeeper,email,first_name,...`, or the spellings in `canonical.LOOKUP_ALIASES`). The key
columns find a row; the other columns fill the entry's empty fields. Names match ignoring case
and runs of spaces, never approximately.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from addin.convert.memo import value_memo
from addin.convert.text import normalize_header
from addin.core.canonical import FIELDS, LOOKUP_ALIASES, LOOKUP_TABLES
from addin.core.errors import InputError


@value_memo  # a column of names repeats a few names on every row
def name_key(value: object) -> str:
    """How names are compared: case, runs of white space and Unicode composition do not matter."""
    return " ".join(unicodedata.normalize("NFC", str(value)).split()).casefold()


def table_fields(table: str, header: Sequence[object]) -> list[str | None]:
    """The canonical field each header cell of `table` holds (None: not used)."""
    spellings: dict[str, str] = {}
    for name in FIELDS:
        spellings[normalize_header(name)] = name
    for name, aliases in LOOKUP_ALIASES[table].items():
        for alias in aliases:
            spellings[normalize_header(alias)] = name
    result: list[str | None] = []
    for cell in header:
        found = spellings.get(normalize_header("" if cell is None else str(cell)))
        result.append(found if found not in result else None)
    return result


@dataclass
class LookupTable:
    name: str
    where: str  # the file or sheet, for messages
    keys: tuple[str, ...]  # the key fields this table has, in LOOKUP_TABLES order
    fields: tuple[str, ...]  # the fields it fills
    rows: dict[tuple[str, ...], dict[str, str]] = field(default_factory=dict)
    # Matters keyed by matter alone, for rows that name no client: key -> every matching row.
    by_last_key: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def find(self, entry: dict[str, object]) -> dict[str, str] | None:
        """The row for this entry; None when absent. Raises LookupError when two rows fit."""
        given = [entry.get(k) for k in self.keys]
        if all(v is not None for v in given):
            return self.rows.get(tuple(name_key(v) for v in given))
        last = entry.get(self.keys[-1])
        if last is None:
            return None
        # A row of the table that leaves the client empty is for entries without one.
        exact = self.rows.get(tuple("" if v is None else name_key(v) for v in given))
        if exact is not None:
            return exact
        found = self.by_last_key.get(name_key(last), [])
        if len(found) > 1 and len(self.keys) > 1:
            raise LookupError(f"{last!r} is in the {self.name} table {len(found)} times, under"
                              f" different {self.keys[0]}s, and this row names no "
                              f"{self.keys[0]}")
        return found[0] if found else None

    def key_text(self, entry: dict[str, object]) -> str:
        return " / ".join(str(entry[k]) for k in self.keys if entry.get(k) is not None)


def build_table(name: str, header: Sequence[object],
                rows: Iterable[tuple[int, Sequence[object]]], where: str) -> LookupTable:
    """Read a lookup table; raise InputError (naming `where`, row and column) for a bad one."""
    if name not in LOOKUP_TABLES:
        raise InputError(f"{where}: there is no lookup table {name!r}; the tables are "
                         f"{', '.join(LOOKUP_TABLES)}")
    columns = table_fields(name, header)
    wanted_keys = LOOKUP_TABLES[name]
    keys = tuple(k for k in wanted_keys if k in columns)
    if wanted_keys[-1] not in keys:
        raise InputError(f"{where}: the {name} table needs a column {wanted_keys[-1]!r} (the"
                         f" name to look up); its header is {', '.join(map(str, header))}")
    values = tuple(f for f in columns if f is not None and f not in keys)
    if not values:
        known = sorted(set(LOOKUP_ALIASES[name]) - set(wanted_keys))
        raise InputError(f"{where}: the {name} table has no column to fill; name at least one"
                         f" of {', '.join(known)}")
    table = LookupTable(name, where, keys, values)
    positions = {f: i for i, f in enumerate(columns) if f is not None}
    for number, raw in rows:
        cells = ["" if c is None else str(c).strip() for c in raw]
        if not any(cells):
            continue
        cell = {f: cells[i] if i < len(cells) else "" for f, i in positions.items()}
        if not cell[keys[-1]]:
            raise InputError(f"{where}: row {number}, {header[positions[keys[-1]]]}: empty;"
                             f" every row needs its {keys[-1]}")
        key = tuple(name_key(cell[k]) for k in keys)
        filled = {f: cell[f] for f in values if cell[f]}
        if key in table.rows and table.rows[key] != filled:
            raise InputError(f"{where}: row {number}: {' / '.join(cell[k] for k in keys)!r}"
                             " appears twice with different values; keep one row")
        if key not in table.rows:
            table.by_last_key.setdefault(key[-1], []).append(filled)
        table.rows[key] = filled
    return table
