"""Lookup tables: a CSV of names and the ids (or other values) a target wants instead."""

from __future__ import annotations

from pathlib import Path

from addin.convert.text import normalize_header
from addin.errors import InputError
from addin.files.csv_source import CsvSource

NAME_HEADERS = ("name", "key", "from")
VALUE_HEADERS = ("id", "value", "to", "email", "username", "number", "code")


def load_lookup(path: Path) -> dict[str, str]:
    """casefolded, trimmed name -> value. Uses columns 'name' and 'id' (or the first two)."""
    source = CsvSource(path)
    rows = source.rows()
    _, header = next(rows, (1, []))
    keys = [normalize_header(str(h)) for h in header]
    if len(keys) < 2:
        raise InputError(f"{path}: a lookup table needs two columns, a name and an id")
    name_col = next((keys.index(k) for k in NAME_HEADERS if k in keys), 0)
    value_col = next((keys.index(k) for k in VALUE_HEADERS if k in keys and keys.index(k) !=
                      name_col), 1 if name_col != 1 else 0)
    table: dict[str, str] = {}
    for number, raw_cells in rows:
        cells = [str(c) for c in raw_cells]
        if not any(c.strip() for c in cells):
            continue
        if max(name_col, value_col) >= len(cells):
            raise InputError(f"{path}: row {number} has fewer than two cells")
        name, value = cells[name_col].strip().casefold(), cells[value_col].strip()
        if not name or not value:
            raise InputError(f"{path}: row {number}, {header[name_col if not name else value_col]}"
                             ": empty; every row needs a name and a value")
        if name in table and table[name] != value:
            raise InputError(f"{path}: row {number}: {cells[name_col]!r} appears twice with "
                             f"different values ({table[name]!r} and {value!r}); keep one")
        table[name] = value
    return table
