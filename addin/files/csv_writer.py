"""Write rows in a template's exact CSV dialect: RFC 4180 quoting, encoding, BOM, line ending.

`encode_record` is pure and used by both shells; `AtomicWriter` writes to a temporary file in the
target folder and renames it into place only on `commit`, so a failure never leaves a partial file.
"""

from __future__ import annotations

import csv
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Literal, TextIO

from addin.core.errors import OutputError
from addin.core.problems import ConversionError, Problem
from addin.core.records import format_record, python_encoding, quote_field
from addin.core.template import Dialect

# Dialects the csv module writes byte for byte as format_record does, in C: with a CRLF line end
# it quotes a field holding the delimiter, a quote, CR or LF ("minimal") or every field ("all"),
# doubles quotes, and writes a lone empty field as "". Others (an LF or CR line end, after which
# it would leave CR or LF unquoted; nonnumeric, none, a line suffix) keep the hand path.
CSV_QUOTING: dict[str, Literal[0, 1, 2, 3]] = {"minimal": csv.QUOTE_MINIMAL, "all": csv.QUOTE_ALL}


def csv_module_writer(file: TextIO, dialect: Dialect) -> Callable[[Iterable[str]], object] | None:
    """`writerow` of a csv.writer writing exactly format_record's text, or None when the csv
    module cannot express the dialect."""
    if (dialect.quoting not in CSV_QUOTING or dialect.line_ending != "\r\n"
            or dialect.line_suffix or len(dialect.delimiter) != 1 or dialect.delimiter in '"\r\n'):
        return None
    return csv.writer(file, delimiter=dialect.delimiter, quotechar='"', doublequote=True,
                      lineterminator="\r\n", quoting=CSV_QUOTING[dialect.quoting]).writerow


def _encodable(text: str, dialect: Dialect) -> bool:
    try:
        text.encode(dialect.encoding)
    except UnicodeEncodeError:
        return False
    return True


def check_encodable(value: str, dialect: Dialect) -> None:
    try:
        value.encode(dialect.encoding)
    except UnicodeEncodeError as exc:
        bad = value[exc.start:exc.end]
        raise ConversionError(
            "unencodable", f"{bad!r} cannot be written in {dialect.encoding}; replace it, or use a"
            " template that writes UTF-8") from None


def unwritable(row: int, names: Sequence[str], values: Sequence[str],
               dialect: Dialect) -> list[Problem]:
    """Cells the dialect cannot hold: characters outside the encoding, unquotable values."""
    joined = "".join(values)
    if _encodable(joined, dialect) and (dialect.quoting != "none" or not any(
            ch in joined for ch in (dialect.delimiter, "\r", "\n"))):
        return []  # every value encodes and can be written as it is or quoted: nothing to check
    problems: list[Problem] = []
    for name, value in zip(names, values, strict=True):
        try:
            check_encodable(value, dialect)
            quote_field(value, dialect)
        except ConversionError as exc:
            problems.append(Problem(row, name, "error", exc.code, exc.message, value))
    return problems


class AtomicWriter:
    """Text file written under a temporary name and renamed into place on commit."""

    def __init__(self, path: Path, dialect: Dialect) -> None:
        self.path = path
        self.dialect = dialect
        folder = path.parent if str(path.parent) else Path(".")
        try:
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
        except OSError as exc:
            raise _output_error(path, exc) from None
        self.temp = Path(temp)
        try:
            # newline="" keeps our line endings byte for byte on every OS.
            self.file = os.fdopen(handle, "w", encoding=python_encoding(self.dialect),
                                  newline="")
        except BaseException:
            os.close(handle)
            self.temp.unlink(missing_ok=True)
            raise
        self.rows = 0
        self.committed = False
        self.writerow = csv_module_writer(self.file, dialect)

    def write_preamble(self, header: Sequence[str], preamble: Sequence[str] | None = None) -> None:
        """The fixed lines (settings filled in by the caller) and the header row."""
        for line in self.dialect.preamble if preamble is None else preamble:
            self.file.write(line + self.dialect.line_ending)
        if self.dialect.header:
            self.file.write(format_record(header, self.dialect))

    def write(self, values: Sequence[str]) -> None:
        if self.writerow is not None:
            self.writerow(values)
        else:
            self.file.write(format_record(values, self.dialect))
        self.rows += 1

    def size(self) -> int:
        """Bytes written so far."""
        self.file.flush()
        return os.fstat(self.file.fileno()).st_size

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        # mkstemp makes the file private (0600); the result gets the mode a plain new file would
        # have (0644 under umask 022), or the mode of the file it replaces.
        os.chmod(self.temp, _file_mode(self.path))
        os.replace(self.temp, self.path)
        self.committed = True

    def discard(self) -> None:
        if not self.file.closed:
            self.file.close()
        self.temp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self.committed:
            self.discard()  # whatever happened, no partial file and no temporary is left
        if isinstance(exc, OSError):
            raise _output_error(self.path, exc) from None


def _file_mode(path: Path) -> int:
    """The mode of the file at `path`, or of a new file under the process's umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        pass
    umask = os.umask(0o022)  # reading the umask means setting it; set it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _output_error(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(f"{path}: cannot write the file ({reason}). Check that the folder exists"
                       " and is writable and that the file is not open in another program;"
                       " nothing was written")


def same_file(a: Path, b: Path) -> bool:
    """True when two paths name one file (so the input can never be overwritten by the output)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]],
              dialect: Dialect, preamble: Sequence[str] | None = None) -> None:
    """Whole-table convenience used by the Excel shell and the report writer."""
    with AtomicWriter(path, dialect) as writer:
        writer.write_preamble(header, preamble)
        for row in rows:
            writer.write(row)
        writer.commit()
