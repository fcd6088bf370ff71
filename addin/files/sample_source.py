"""Open a published import template: like any source, but its header row alone is a whole
sample (many vendors publish only the columns), where a source to map needs rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from addin.core.errors import InputError
from addin.core.header import find_header
from addin.files.csv_source import CsvSource
from addin.files.source import OpenSource, RowSource, open_source
from addin.files.xlsx_source import XlsxSource

# open_source refuses a file with a header and no rows in these words (addin/files/source.py).
_NO_ROWS = "but no rows of data below them"
_EMPTY = "the file is empty"


def open_sample(path: Path, sheet: str | None = None) -> OpenSource:
    try:
        return open_source(path, sheet)
    except InputError as exc:
        if _EMPTY in str(exc):  # said of a source of time entries: a sample holds titles
            raise InputError(f"{path}: the file is empty; it needs the importer's row of column"
                             " titles (and any example rows below it)") from None
        if _NO_ROWS not in str(exc):
            raise
    # Only the header is there, and open_source has checked everything else about the file.
    source: RowSource = (XlsxSource(path, sheet, "cli") if path.suffix.lower() in (".xlsx", ".xlsm")
                         else CsvSource(path))
    header, header_row = find_header(source.rows(), str(path))
    return OpenSource(source, header, header_row)


def sample_text(cell: object) -> str:
    """A sample's cell as the example text the draft reads (addin.core.template_draft)."""
    if cell is None:
        return ""
    if isinstance(cell, dt.date | dt.time):
        # A workbook's date cell keeps no written form (its display format is the reader's):
        # it shows no pattern, so it counts as no example.
        return ""
    return str(cell)
