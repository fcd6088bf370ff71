"""Check and re-format a table that is already in a template's shape (a mapped sheet the user
may have edited): every value read in its column's type and written in the template's format.

Used by the Excel shell's Check required and Save as CSV, so that what Save as CSV writes is
exactly what `importmap map` writes for the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction

from addin.convert.booleans import parse_bool
from addin.convert.dates import parse_time
from addin.convert.durations import parse_duration
from addin.convert.numbers import parse_number
from addin.convert.render import date_format
from addin.core.column_checks import ColumnChecks
from addin.core.convert_rows import MappedRow
from addin.core.errors import InputError
from addin.core.problems import ConversionError, Problem, Report
from addin.core.template import Column, Template

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
            rows: Iterable[tuple[int, Sequence[object]]], report: Report,
            how_to_set: Callable[[str], str] = str) -> Iterator[MappedRow]:
    """Each row read and written as `importmap map` writes it, with the same checks (the
    column's limit and pattern, characters the format cannot hold, a value that needs another);
    `how_to_set` names a setting in the user's shell."""
    positions = column_positions(template, header)
    checks = ColumnChecks(template, report, how_to_set)
    for row, cells in rows:
        values: list[str] = []
        typed: list[object] = []
        has_value: set[str] = set()
        for col, index in zip(template.columns, positions, strict=True):
            raw = cells[index] if index < len(cells) else None
            value, text = _one(checks, col, raw, row)
            if text or value is not None or _filled(raw):
                has_value.add(col.name)
            values.append(text)
            typed.append(value)
        checks.needs(row, values, has_value, "Fill it in")
        _check_amount(checks, row, values, typed)
        yield MappedRow(row, values, typed)


def _check_amount(checks: ColumnChecks, row: int, values: list[str], typed: list[object]) -> None:
    """An empty amount column (Kimai's Rate, Tabs3's amount) where the row has hours and an
    hourly rate: `importmap map` writes hours x rate there, because the importer does not
    compute it (Kimai switches its own calculation off during an import, and the entry's total
    stays 0). An error giving the value, never a value filled in unasked."""
    columns = checks.template.columns

    def given(kind: str) -> Decimal | None:
        return next((v for c, v in zip(columns, typed, strict=True)
                     if (c.type == "duration" if kind == "duration" else kind in c.source)
                     and isinstance(v, Decimal)), None)

    seconds, rate, fixed = given("duration"), given("rate"), given("fixed_rate")
    if fixed is not None:  # as `importmap map` does: a fixed rate is the entry's amount
        amount: Decimal | Fraction = fixed
        why = "the fixed rate"
    elif seconds is not None and rate is not None:
        amount = Fraction(seconds) * Fraction(rate) / 3600
        why = "the hours times the hourly rate"
    else:
        return
    for index, col in enumerate(columns):
        if col.derive == "amount" and not values[index]:
            try:
                text = checks.text(col, amount)
            except ConversionError:
                continue  # over the column's limit: reported when the value is written
            checks.report.add(Problem(
                row, col.name, "error", "missing-required",
                f"{col.name} is empty, and {checks.template.target} does not compute it on"
                f" import (the entry's amount would be 0); write {text} ({why}), or Apply"
                " template again"))


def _filled(raw: object) -> bool:
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def _one(checks: ColumnChecks, col: Column, raw: object, row: int) -> tuple[object, str]:
    if not _filled(raw):
        if col.required:
            checks.report.add(Problem(row, col.name, "error", "missing-required",
                                      f"{checks.template.target} needs {col.name}; fill this"
                                      " cell"))
        return None, ""
    try:
        value = read_value(col, raw)
        text = checks.text(col, value)
    except ConversionError as exc:
        checks.report.add(Problem(row, col.name, "error", exc.code, exc.message, _show(raw)))
        return None, ""
    return value, checks.checked(row, col, value, text)


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
