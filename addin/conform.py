"""Check and re-format a table that is already in a template's shape (a mapped sheet the user
may have edited): every value read in its column's type and written in the template's format.

Used by the Excel shell's Check required and Save as CSV, so that what Save as CSV writes is
exactly what `importmap map` writes for the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from addin.convert.booleans import parse_bool
from addin.convert.dates import parse_time
from addin.convert.durations import parse_duration
from addin.convert.numbers import parse_number
from addin.errors import InputError
from addin.mapper import MappedRow
from addin.problems import ConversionError, Problem, Report
from addin.render import date_format, guard_formula, render
from addin.template import Column, Template

NUMERIC_UNITS = {"hours", "minutes", "seconds"}


def column_positions(template: Template, header: Sequence[object]) -> list[int]:
    """Index in `header` of each template column; InputError naming what is missing."""
    names = ["" if h is None else str(h).strip() for h in header]
    missing = [c.name for c in template.columns if c.name not in names]
    if missing:
        raise InputError(f"this sheet is not in the shape of {template.name}: column"
                         f"{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing. Run"
                         " Apply template on the source sheet first")
    return [names.index(c.name) for c in template.columns]


def conform(template: Template, header: Sequence[object],
            rows: Iterable[tuple[int, Sequence[object]]], report: Report) -> Iterator[MappedRow]:
    positions = column_positions(template, header)
    for row, cells in rows:
        values: list[str] = []
        typed: list[object] = []
        for col, index in zip(template.columns, positions, strict=True):
            raw = cells[index] if index < len(cells) else None
            value, text = _one(template, col, raw, row, report)
            values.append(text)
            typed.append(value)
        yield MappedRow(row, values, typed)


def _one(template: Template, col: Column, raw: object, row: int,
         report: Report) -> tuple[object, str]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if col.required:
            report.add(Problem(row, col.name, "error", "missing-required",
                               f"{template.target} needs {col.name}; fill this cell"))
        return None, ""
    try:
        value = read_value(col, raw)
        text = render(col, value)
    except ConversionError as exc:
        report.add(Problem(row, col.name, "error", exc.code, exc.message, _show(raw)))
        return None, ""
    shown = text
    text, formula_note = guard_formula(template.formula_policy, col, text)
    if formula_note:
        report.add(Problem(row, col.name, "warning", "formula-like", formula_note, shown))
    return value, text


def read_value(col: Column, raw: object) -> object:
    """A cell of an output-shaped table in the column's type."""
    if col.type in ("date", "time", "datetime"):
        return _read_temporal(col, raw)
    if col.type == "duration":
        unit = col.unit if col.unit in NUMERIC_UNITS else "hours"
        return parse_duration(_number_text(raw), col.decimal_separator, unit)
    if col.type in ("number", "money"):
        return parse_number(_number_text(raw), col.decimal_separator)
    if col.type == "boolean":
        if isinstance(raw, str) and raw.strip() in (col.true_text, col.false_text):
            return raw.strip() == col.true_text
        return parse_bool(raw)
    return _show(raw)


def _read_temporal(col: Column, raw: object) -> object:
    assert col.format is not None
    if col.type == "time":
        if isinstance(raw, dt.datetime):
            return raw.time()
        if isinstance(raw, str):
            return _parse_format(col, raw)
        return parse_time(raw)
    if isinstance(raw, dt.datetime):
        return raw if col.type == "datetime" else raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        return _parse_format(col, raw)
    code = "bad-date"
    raise ConversionError(code, f"{raw!r} is not a date; write it as {col.format}")


def _parse_format(col: Column, raw: str) -> object:
    assert col.format is not None
    try:
        return date_format(col.format).parse(raw.strip())
    except ValueError:
        code = "bad-time" if col.type == "time" else "bad-date"
        raise ConversionError(code, f"{raw!r} is not written as {col.format}; write it that way"
                              ) from None


def _number_text(raw: object) -> object:
    """Spreadsheet numbers arrive as binary floats; their shortest repr is the value typed."""
    if isinstance(raw, float) and raw.is_integer():
        return Decimal(int(raw))
    return raw


def _show(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)
