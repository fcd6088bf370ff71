"""Turn one typed value into the text a template column asks for, or raise ConversionError:
each distinct value written once per column (the writer of each type is in `by_type`), and
the guard against text a spreadsheet would run as a formula."""

from __future__ import annotations

import datetime as dt

from addin.convert.by_type import CELL_LIMIT, ENUM_LISTED, date_format, format_decimal, write
from addin.convert.memo import MAXSIZE
from addin.convert.text import formula_trigger, without_formula_start
from addin.core.template import Column

__all__ = ["CELL_LIMIT", "ENUM_LISTED", "date_format", "format_decimal", "formula_warning",
           "guard_formula", "render"]


# Kinds whose text depends on the value alone, and whose values repeat down a column.
_REMEMBERED_KINDS = frozenset(("date", "time", "datetime", "duration", "number", "money"))
_MAX_COLUMNS = 256
# id(column) -> (the column, so its id is not reused, {(type, value): text})
_rendered: dict[int, tuple[Column, dict[tuple[type, object], str]]] = {}


def render(column: Column, value: object) -> str:
    """The output text of `column` for a typed value (date, time, Decimal seconds, bool, str...).

    Dates, times, durations and numbers are formatted once per distinct value and column.
    """
    if isinstance(value, dt.datetime) and column.type in ("date", "time"):
        # Only the part written matters, and parts repeat far more than whole date-times.
        value = value.date() if column.type == "date" else value.time()
    if column.type not in _REMEMBERED_KINDS:
        if (type(value) is str and column.type == "text" and column.max_length is None
                and len(value) <= CELL_LIMIT):
            return value  # plain text, written as it is: most columns of most rows
        return write(column, value)
    held = _rendered.get(id(column))
    if held is None or held[0] is not column:
        if len(_rendered) >= _MAX_COLUMNS:
            _rendered.clear()
        held = _rendered[id(column)] = (column, {})
    texts = held[1]
    key = (type(value), value)  # the type too: True == 1 == Decimal(1)
    text = texts.get(key)
    if text is None:
        text = write(column, value)
        if len(texts) >= MAXSIZE:
            texts.clear()
        texts[key] = text
    return text


def formula_warning(column: Column, text: str) -> bool:
    """True when a text cell would start a formula in a spreadsheet and the template flags them."""
    return column.type in ("text", "enum") and bool(text) and formula_trigger(text)


def guard_formula(policy: str, column: Column, text: str) -> tuple[str, str | None]:
    """The text to write under the template's formula policy, and the warning to give, if any.

    flag: written as it is, with a warning; prefix: an apostrophe in front, so a spreadsheet shows
    it as text; strip: the characters that would start a formula removed; off: as it is.
    """
    if policy == "off" or not formula_warning(column, text):
        return text, None
    if policy == "prefix":
        return "'" + text, ("starts like a spreadsheet formula; written with an apostrophe in"
                            " front so that a spreadsheet shows it as text")
    if policy == "strip":
        kept = without_formula_start(text)
        removed = text[:len(text) - len(kept)]
        return kept, (f"starts like a spreadsheet formula; written without {removed!r} at its"
                      " start")
    return text, ("starts like a spreadsheet formula; importers store it as text, but check it if"
                  " the file is opened in a spreadsheet")
