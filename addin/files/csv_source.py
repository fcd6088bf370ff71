"""Read a CSV source as a stream of rows: encoding and delimiter detected, nothing loaded whole."""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TextIO

from addin.core.bad_cells import MOJIBAKE, UndecodableCell, misread
from addin.core.errors import InputError

DELIMITERS = (",", ";", "\t")
CHUNK = 1 << 16
HEADER_LINES = 10


ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}
# Bytes that, inside a lowercase word, are a Mac Roman letter (é ü ä ç è ...) and no plausible
# Windows-1252 character (Ž Ÿ † ‰ or undefined): 'M\x9fller' is 'Müller', not 'MŸller'.
# Windows-1252's own in-word characters (’ š ž œ – —) are left out, and so are capitals
# between capitals ('ŽIŽEK').
_MAC = rb"[\x80-\x82\x84\x86-\x8a\x8c-\x90\x95\x99\x9d\x9f]"
# At a word's end only Mac Roman's é ü ä å and the bytes Windows-1252 leaves undefined count
# ('Caf\x8e' is 'Café'; 'Kimai\x99' is 'Kimai™').
_MAC_END = rb"[\x81\x8a\x8c\x8d\x8e\x8f\x90\x9d\x9f](?![A-Za-z])"
MAC_IN_WORD = re.compile(rb"[a-z]" + _MAC + rb"[A-Za-z]|[A-Za-z]" + _MAC + rb"[a-z]|[a-z]"
                         + _MAC_END)
# With old Mac line ends (CR only, which no Windows program writes) any byte above ASCII beside a
# letter is Mac Roman evidence ('Stra\xa7e' is 'Straße', not 'Stra§e').
HIGH_IN_WORD = re.compile(rb"[A-Za-z][\x80-\xff]|[\x80-\xff][A-Za-z]")
SHOWN_BAD_LINES = 5
# A UTF-8 character of two to four bytes: in a line that is not UTF-8 as a whole, evidence that
# the file is UTF-8 with a few pasted bytes (read as Windows-1252 it would be 'RenÃ©').
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                           rb"|[\xf0-\xf4][\x80-\xbf]{3}")


@dataclass
class _Bytes:
    """What one pass over a file's bytes tells about its encoding."""

    bom: bool = False
    nul: bool = False
    multibyte: bool = False  # a valid UTF-8 sequence of more than one byte
    partly_utf8: bool = False  # such a sequence in a line that is not UTF-8 as a whole
    bad_lines: list[int] = field(default_factory=list)  # lines (from 1) that are not UTF-8
    mojibake: bool = False  # a UTF-8 line holding text already read in the wrong encoding
    mac_word: bytes = b""  # a word that reads as a Mac Roman one
    cr_only: bool = True
    in_word: bytes = b""  # a word with a byte 0x80-0x9F inside


def _look_at(path: Path) -> _Bytes:
    seen = _Bytes()
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                seen.bom, line = True, line[len(codecs.BOM_UTF8):]
            seen.nul = seen.nul or b"\0" in line
            seen.cr_only = seen.cr_only and not line.endswith(b"\n")
            if line.isascii():
                continue
            try:
                text = line.decode("utf-8")
                seen.multibyte = True
                seen.mojibake = seen.mojibake or bool(MOJIBAKE.search(text))
            except UnicodeDecodeError:
                seen.bad_lines.append(number)
                seen.partly_utf8 = seen.partly_utf8 or bool(UTF8_SEQUENCE.search(line))
                if not seen.mac_word and (match := MAC_IN_WORD.search(line)):
                    seen.mac_word = _word(line, match.start() + 1)
                if not seen.in_word and (match := HIGH_IN_WORD.search(line)):
                    seen.in_word = _word(line, match.start() + 1)
    return seen


def _word(line: bytes, at: int) -> bytes:
    start, end = at, at + 1
    while start > 0 and line[start - 1:start].isalpha():
        start -= 1
    while end < len(line) and line[end:end + 1].isalpha():
        end += 1
    return line[start:end]


@dataclass(frozen=True)
class _Encoding:
    encoding: str
    bad_lines: tuple[int, ...] = ()
    mojibake: bool = False


def _detect(path: Path) -> _Encoding:
    """The encoding a file is read in: 'utf-16' for a file with a UTF-16 byte-order mark (Excel's
    "Unicode Text"), 'utf-8-sig' when the file is UTF-8 (with or without BOM, or for all but a
    few lines), else 'cp1252'.

    A file with no UTF-8 sequence at all but bytes invalid in UTF-8 is a legacy Windows export,
    which is what Excel's plain "CSV" save produces. One that looks like Mac Roman (old Mac
    exports: CR line ends, 'Müller' read as 'MŸller'), that is none of these, or that holds NUL
    bytes (binary, or UTF-16 without its mark), is refused here, before anything is mapped,
    rather than read as wrong letters or failing halfway through.
    """
    with path.open("rb") as handle:
        start = handle.read(2)
    if start in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if _decodes(path, "utf-16"):
            return _Encoding("utf-16")
        raise InputError(f"{path}: starts like UTF-16 text but is not valid UTF-16; save it from"
                         " Excel as 'CSV UTF-8' and try again")
    seen = _look_at(path)
    if not seen.nul:
        if not seen.bad_lines or seen.bom or seen.multibyte:
            # UTF-8 but for a few lines: those lines' odd bytes are reported cell by cell.
            return _Encoding("utf-8-sig", tuple(seen.bad_lines), seen.mojibake)
        mac = seen.mac_word or (seen.cr_only and seen.in_word)
        if mac:
            raise InputError(
                f"{path}: looks like an old Mac text file (Mac Roman: {mac.decode('mac_roman')!r}"
                f" would read as {mac.decode('cp1252', 'replace')!r}); open it in Excel and"
                " save it as 'CSV UTF-8', then try again")
        if seen.partly_utf8:
            return _Encoding("utf-8-sig", tuple(seen.bad_lines), seen.mojibake)
        if _decodes(path, "cp1252"):
            return _Encoding("cp1252")
    raise InputError(f"{path}: is not a text file in UTF-8, UTF-16 or Windows-1252 (is it a"
                     " spreadsheet or another binary file renamed to .csv?); save it from Excel"
                     " as 'CSV UTF-8' and try again")


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


def _bad_cell(cell: str) -> UndecodableCell | None:
    if any("\udc80" <= ch <= "\udcff" for ch in cell):
        return UndecodableCell(_shown(cell))
    return misread(cell)


def _shown(cell: str) -> str:
    return cell.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


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
            found = _detect(path)
            self.encoding, self.bad_lines = found.encoding, found.bad_lines
            # Cells are looked at one by one only in a file that holds odd text somewhere.
            self.clean = not found.bad_lines and not found.mojibake
            # Bytes that are not UTF-8 are kept (as lone surrogates) so the cells holding them
            # are found and reported; none of them reaches an output.
            self.errors = "surrogateescape" if self.bad_lines else "strict"
            with self._open() as handle:
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
        with self._open() as handle:
            reader = csv.reader(handle, delimiter=self.delimiter, strict=True)
            try:
                if self.clean:
                    yield from enumerate(reader, start=1)  # type: ignore[misc]
                    return
                for number, cells in enumerate(reader, start=1):
                    yield number, [_bad_cell(c) or c for c in cells]
            except csv.Error as exc:
                raise InputError(f"{self.path}: line {reader.line_num}: not valid CSV ({exc});"
                                 " check for an unclosed quote") from None

    def _open(self) -> TextIO:
        return self.path.open(encoding=self.encoding, errors=self.errors, newline="")

    def describe(self) -> str:
        names = {",": "comma", ";": "semicolon", "\t": "tab"}
        encoding = ENCODING_NAMES[self.encoding]
        if self.bad_lines:
            shown = ", ".join(map(str, self.bad_lines[:SHOWN_BAD_LINES]))
            more = len(self.bad_lines) - SHOWN_BAD_LINES
            encoding += (f" but for line{'s' if len(self.bad_lines) > 1 else ''} {shown}"
                         f"{f' and {more} more' if more > 0 else ''}")
        return f"{encoding}, {names[self.delimiter]}-separated"
