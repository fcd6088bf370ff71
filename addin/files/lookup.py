"""Lookup tables from CSV files (`--lookup people=people.csv`)."""

from __future__ import annotations

from pathlib import Path

from addin.core.lookups import LookupTable, build_table
from addin.files.csv_source import CsvSource


def load_lookup(name: str, path: Path) -> LookupTable:
    """Read the lookup table `name` from a CSV file; InputError names file, row and column."""
    rows = CsvSource(path).rows()
    _, header = next(rows, (1, []))
    return build_table(name, header, rows, str(path))
