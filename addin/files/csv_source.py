"""Read a CSV source as a stream of rows: encoding and delimiter detected, nothing loaded whole."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from addin.errors import InputError

DELIMITERS = (",", ";", "\t")
CHUNK = 1 << 16


def detect_encoding(path: Path) -> str:
    """'utf-8-sig' when the whole file is valid UTF-8 (with or without BOM), else 'cp1252'.

    A byte sequence invalid in UTF-8 anywhere means a legacy Windows export, which is what
    Excel's plain "CSV" save produces. A file that is neither is refused here, before anything is
    mapped, rather than failing halfway through.
    """
    if _decodes(path, "utf-8"):
        return "utf-8-sig"
    if _decodes(path, "cp1252"):
        return "cp1252"
    raise InputError(f"{path}: is neither UTF-8 nor Windows-1252 text (is it a spreadsheet or"
                     " another binary file renamed to .csv?); save it from Excel as"
                     " 'CSV UTF-8' and try again")


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the whole file decodes, read in chunks so that memory stays flat."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
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
                first = handle.readline()
        except OSError as exc:
            raise InputError(f"{path}: cannot read the file ({exc.strerror})") from None
        if not first.strip():
            raise InputError(f"{path}: the file is empty or its first line is blank; the first"
                             " line must be the column headers")
        self.delimiter = detect_delimiter(first)

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
        encoding = "UTF-8" if self.encoding == "utf-8-sig" else "Windows-1252"
        return f"{encoding}, {names[self.delimiter]}-separated"
