"""Read a CSV source as a stream of rows: encoding and delimiter detected, nothing loaded whole."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from addin.errors import InputError

DELIMITERS = (",", ";", "\t")
CHUNK = 1 << 16
HEADER_LINES = 10


ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}


def detect_encoding(path: Path) -> str:
    """'utf-16' for a file with a UTF-16 byte-order mark (Excel's "Unicode Text"), 'utf-8-sig'
    when the whole file is valid UTF-8 (with or without BOM), else 'cp1252'.

    A byte sequence invalid in UTF-8 anywhere means a legacy Windows export, which is what
    Excel's plain "CSV" save produces. A file that is neither, or that holds NUL bytes (binary,
    or UTF-16 without its mark), is refused here, before anything is mapped, rather than failing
    halfway through.
    """
    with path.open("rb") as handle:
        start = handle.read(2)
    if start in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if _decodes(path, "utf-16"):
            return "utf-16"
        raise InputError(f"{path}: starts like UTF-16 text but is not valid UTF-16; save it from"
                         " Excel as 'CSV UTF-8' and try again")
    for encoding in ("utf-8-sig", "cp1252"):
        if _decodes(path, encoding, refuse_nul=True):
            return encoding
    raise InputError(f"{path}: is not a text file in UTF-8, UTF-16 or Windows-1252 (is it a"
                     " spreadsheet or another binary file renamed to .csv?); save it from Excel"
                     " as 'CSV UTF-8' and try again")


def _decodes(path: Path, encoding: str, refuse_nul: bool = False) -> bool:
    """Whether the whole file decodes (without NUL characters when asked), read in chunks so that
    memory stays flat."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                if "\0" in decoder.decode(chunk) and refuse_nul:
                    return False
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_delimiter(first_line: str) -> str:
    """The most frequent of comma, semicolon and tab outside quotes in the header line."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvSource:
    """A CSV file that can be read more than once (the engine scans, then converts)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.encoding = detect_encoding(path)
            with path.open(encoding=self.encoding, newline="") as handle:
                # Title lines may stand above the header: the delimiter is taken from the first
                # lines' busiest one.
                lines = [line for line in islice(handle, HEADER_LINES) if line.strip()]
        except OSError as exc:
            raise InputError(f"{path}: cannot read the file ({exc.strerror})") from None
        if not lines:
            raise InputError(f"{path}: the file is empty; it needs a row of column headers and"
                             " the rows of time entries below it")
        self.delimiter = max((detect_delimiter(line) for line in lines),
                             key=lambda d: max(line.count(d) for line in lines))

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """(row number as a spreadsheet shows it, cells); a quoted line break stays in its row."""
        with self.path.open(encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter, strict=True)
            try:
                yield from enumerate(reader, start=1)  # type: ignore[misc]
            except csv.Error as exc:
                raise InputError(f"{self.path}: line {reader.line_num}: not valid CSV ({exc});"
                                 " check for an unclosed quote") from None

    def describe(self) -> str:
        names = {",": "comma", ";": "semicolon", "\t": "tab"}
        return f"{ENCODING_NAMES[self.encoding]}, {names[self.delimiter]}-separated"
