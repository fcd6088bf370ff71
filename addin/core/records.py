"""A record's text in a target's CSV dialect: its fields quoted as the dialect quotes them, the
line ending and suffix, and the codec its encoding names; what the writer writes and what the
size limits count."""

from __future__ import annotations

from collections.abc import Sequence

from addin.core.problems import ConversionError
from addin.core.template import Dialect

NUMERIC_CHARS = set("0123456789.-+,")


def quote_field(value: str, dialect: Dialect) -> str:
    needs_quotes = (dialect.delimiter in value or '"' in value or "\r" in value
                    or "\n" in value)
    if dialect.quoting == "none":
        # Without quoting a quote character is plain text; only the delimiter and line breaks
        # would break the line.
        breaking = (dialect.delimiter, "\r", "\n")
        if any(ch in value for ch in breaking):
            raise ConversionError(
                "unquotable", f"holds {_which(value, breaking)}, and this target's format has no"
                " quoting; remove it from the text")
        return value
    if dialect.quoting == "all" or needs_quotes or (
            dialect.quoting == "nonnumeric" and not _numeric(value)):
        return '"' + value.replace('"', '""') + '"'
    return value


def _numeric(value: str) -> bool:
    return bool(value) and set(value) <= NUMERIC_CHARS and any(c.isdigit() for c in value)


def _which(value: str, special: Sequence[str]) -> str:
    names = {"\r": "a line break", "\n": "a line break", '"': "a quote"}
    hit = next(ch for ch in special if ch in value)
    return names.get(hit, f"the delimiter {hit!r}")


def format_record(values: Sequence[str], dialect: Dialect) -> str:
    """One line of text, with the line ending."""
    if dialect.quoting in ("minimal", "none"):
        # Most rows need no quotes at all: one join and four scans of it decide that, instead
        # of a scan per field. A field holding the delimiter shows as one delimiter too many.
        line = dialect.delimiter.join(values)
        if line and (line.count(dialect.delimiter) == len(values) - 1 and '"' not in line
                and "\n" not in line and "\r" not in line):
            return line + dialect.line_suffix + dialect.line_ending
    fields = [quote_field(v, dialect) for v in values]
    if fields == [""] and dialect.quoting != "none":
        fields = ['""']  # a lone empty field would otherwise be a blank line, which readers skip
    return dialect.delimiter.join(fields) + dialect.line_suffix + dialect.line_ending


def python_encoding(dialect: Dialect) -> str:
    return "utf-8-sig" if dialect.bom and dialect.encoding == "utf-8" else dialect.encoding
