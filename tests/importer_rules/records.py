"""The byte-level reading every reader shares: decode, split records exactly as an RFC 4180
parser does (quoted fields may hold delimiters, quotes and line breaks), and note how each record
ends. Standard library only, and nothing from the package under test: the readers must not see
the rules through our own writer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation


@dataclass
class Record:
    number: int  # 1-based position in the file (the header, when there is one, is 1)
    fields: list[str]
    quoted: list[bool]
    ending: str  # "\r\n", "\n", "\r" or "" for a last record without one
    raw_breaks: bool = False  # a CR or LF inside a (quoted) field


@dataclass
class Table:
    """A delimited file read against a target's rules: its records, and what is already wrong."""

    records: list[Record] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)


def decode(data: bytes, encoding: str, bom: bool = False) -> tuple[str | None, list[str]]:
    """The text, or None with the reason; a BOM is a violation unless the target allows one."""
    broken: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        if not bom:
            broken.append("the file starts with a UTF-8 byte-order mark")
        data = data[3:]
    try:
        return data.decode(encoding), broken
    except UnicodeDecodeError as exc:
        return None, broken + [f"not {encoding} at byte {exc.start}"]


def split(text: str, delimiter: str, quoting: bool = True) -> Table:
    """Records of `text`; with `quoting` false a quote is an ordinary character (IIF, LEDES)."""
    table = Table()
    fields: list[str] = []
    quoted: list[bool] = []
    value: list[str] = []
    in_quotes = was_quoted = breaks = False
    i, n = 0, len(text)
    number = 1

    def end_field() -> None:
        nonlocal was_quoted
        fields.append("".join(value))
        quoted.append(was_quoted)
        value.clear()
        was_quoted = False

    while i < n:
        char = text[i]
        if in_quotes:
            if char == '"':
                if text.startswith('""', i):
                    value.append('"')
                    i += 2
                    continue
                in_quotes = False
                after = text[i + 1:i + 2]
                if after not in ("", delimiter, "\r", "\n"):
                    table.broken.append(f"row {number}: characters after a closing quote")
            else:
                breaks = breaks or char in "\r\n"
                value.append(char)
            i += 1
            continue
        if char == '"' and quoting:
            if value:
                table.broken.append(f"row {number}: a quote inside an unquoted field")
                value.append(char)
            else:
                in_quotes = was_quoted = True
            i += 1
            continue
        if char == delimiter:
            end_field()
            i += 1
            continue
        if char in "\r\n":
            ending = "\r\n" if text.startswith("\r\n", i) else char
            end_field()
            table.records.append(Record(number, fields[:], quoted[:], ending, breaks))
            fields.clear()
            quoted.clear()
            breaks = False
            number += 1
            i += len(ending)
            continue
        value.append(char)
        i += 1
    if in_quotes:
        table.broken.append(f"row {number}: a quoted field is never closed")
    if value or fields or was_quoted:
        end_field()
        table.records.append(Record(number, fields[:], quoted[:], "", breaks))
    return table


def endings(table: Table, allowed: Iterable[str], last_needs_one: bool = False) -> list[str]:
    """Records that end in a terminator the importer does not take."""
    allowed = tuple(allowed)
    broken = []
    for record in table.records:
        if record.ending == "":
            if last_needs_one:
                broken.append(f"row {record.number}: the last record has no line ending")
        elif record.ending not in allowed:
            broken.append(f"row {record.number}: ends with {record.ending!r}")
    return broken


@dataclass
class Rows:
    """Data rows as dicts by header name, with the violations of the header and the shape."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    broken: list[str]


def with_header(table: Table) -> Rows:
    if not table.records:
        return Rows([], [], table.broken + ["the file has no header"])
    header = table.records[0].fields
    broken = list(table.broken)
    rows = []
    for record in table.records[1:]:
        if len(record.fields) != len(header):
            broken.append(f"row {record.number}: {len(record.fields)} fields, the header has "
                          f"{len(header)}")
            continue
        rows.append((record.number, dict(zip(header, record.fields, strict=True))))
    return Rows(header, rows, broken)


# --- value rules -------------------------------------------------------------------------------

def is_date(value: str, fmt: str) -> bool:
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def parse_date(value: str, fmt: str) -> date | None:
    try:
        return datetime.strptime(value, fmt).date()
    except ValueError:
        return None


def decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


EMAIL = re.compile(r"[^@\s\"<>(),;:\[\]\\]+@[^@\s\"<>(),;:\[\]\\]+\.[A-Za-z0-9-]{2,}")


def is_email(value: str) -> bool:
    return EMAIL.fullmatch(value) is not None


def each_cell(rows: Rows, columns: Iterable[str],
              rule: Callable[[str], str | None]) -> list[str]:
    """`rule(value)` says what is wrong with a cell (None: nothing), for each named column
    present in the file."""
    present = [c for c in columns if c in rows.header]
    broken = []
    for number, row in rows.rows:
        for column in present:
            problem = rule(row[column])
            if problem:
                broken.append(f"row {number}, {column}: {problem}")
    return broken


def required(rows: Rows, columns: Iterable[str]) -> list[str]:
    return each_cell(rows, columns, lambda v: "empty" if v == "" else None)


def max_length(rows: Rows, limits: dict[str, int]) -> list[str]:
    broken = []
    for column, limit in limits.items():
        broken += each_cell(rows, [column], lambda v, limit=limit: (
            f"{len(v)} characters, more than {limit}" if len(v) > limit else None))
    return broken


def missing_columns(header: list[str], needed: Iterable[str]) -> list[str]:
    return [f"header: no {name!r} column" for name in needed if name not in header]


def needs(rows: Rows, column: str, other: str, why: str) -> list[str]:
    """Rows where `column` has a value and `other` is empty (a task without a project)."""
    if column not in rows.header:
        return []
    return [f"row {number}, {column}: {row[column]!r} without {other}; {why}"
            for number, row in rows.rows if row[column] and not row.get(other, "")]


def load(data: bytes, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False,
         endings_allowed: Iterable[str] = ("\r\n", "\n"), last_needs_one: bool = False,
         quoting: bool = True) -> tuple[Table, list[str]]:
    """The records of a delimited file, with what is wrong with its bytes and line endings."""
    text, broken = decode(data, encoding, bom)
    if text is None:
        return Table(), broken
    table = split(text, delimiter, quoting)
    return table, broken + table.broken + endings(table, endings_allowed, last_needs_one)


def read_csv(data: bytes, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False,
             endings_allowed: Iterable[str] = ("\r\n", "\n")) -> tuple[Rows, list[str]]:
    """A headed CSV as a web importer reads it: decoded, split, each record's ending checked."""
    table, broken = load(data, encoding, delimiter, bom, endings_allowed)
    rows = with_header(Table(table.records))
    return rows, broken + rows.broken
