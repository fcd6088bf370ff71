"""The CSV dialect a sample file is written in (delimiter, encoding, byte-order mark, line
ending), as a target template's [dialect] keys with the reason for each and what the file
cannot show."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from addin.files.csv_source import CsvSource
from addin.files.source import OpenSource

_PEEK = 1 << 16
_ENCODINGS = {"utf-8-sig": "utf-8", "cp1252": "windows-1252"}
_ENDINGS = (("\r\n", "crlf"), ("\n", "lf"), ("\r", "cr"))


@dataclass
class SampleDialect:
    keys: dict[str, object]
    notes: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)


def sample_dialect(path: Path, opened: OpenSource) -> SampleDialect:
    source = opened.source
    if not isinstance(source, CsvSource):
        return workbook_dialect(f"{path.name} is a workbook")
    with path.open("rb") as handle:
        start = handle.read(_PEEK)
    dialect = SampleDialect({"delimiter": "\\t" if source.delimiter == "\t"
                             else source.delimiter})
    bom = start.startswith(codecs.BOM_UTF8)
    encoding = _ENCODINGS.get(source.encoding)
    if encoding is None:
        encoding = "utf-8"
        dialect.todos.append(f"{path.name} is {source.encoding.upper()}, which is not written"
                             " here: UTF-8 assumed; check what the importer reads")
    dialect.keys.update(encoding=encoding, bom=bom)
    plain = start.isascii()
    dialect.notes.append(
        f"delimiter {source.delimiter!r}, "
        + ("plain ASCII text (UTF-8 assumed: it reads the same)" if plain and not bom
           else f"{encoding}{' with a byte-order mark' if bom else ''}"))
    # Looked for in the file's own encoding: UTF-16 writes CRLF as b"\r\0\n\0".
    text = codecs.getincrementaldecoder(source.encoding)("ignore").decode(start)
    ending = next((name for mark, name in _ENDINGS if mark in text), None)
    if ending is None:
        dialect.todos.append(f"{path.name} has a single line with no line ending: CRLF assumed")
        ending = "crlf"
    else:
        dialect.notes.append(f"lines end in {ending.upper()} as in {path.name}")
    dialect.keys["line_ending"] = ending
    return dialect


def workbook_dialect(what: str) -> SampleDialect:
    """The dialect assumed for a sample with none (a workbook, a sheet in Excel): what a CSV
    is written in by default, as a TODO naming `what` ("birdview.xlsx is a workbook")."""
    return SampleDialect(
        {"delimiter": ",", "encoding": "utf-8", "bom": False, "line_ending": "crlf"},
        todos=[f"{what}, which shows no CSV dialect: comma, UTF-8 and CRLF assumed; check"
               " what the importer reads"])
