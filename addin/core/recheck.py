"""Check and re-format a table that is already in a template's shape (a mapped sheet the user
may have edited): every value read in its column's type and written in the template's format.

Used by the Excel shell's Check required and Save as CSV, so that what Save as CSV writes is
exactly what `importmap map` writes for the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from addin.convert.by_type import read, read_written
from addin.core.canonical import NAME_FIELDS
from addin.core.column_checks import (
    ColumnChecks,
    clean_name,
    date_span,
)
from addin.core.convert_rows import MappedRow
from addin.core.errors import InputError
from addin.core.file_notes import CleanedNames
from addin.core.invoice_check import InvoiceCheck
from addin.core.problems import ConversionError, Problem, Report
from addin.core.recheck_rows import EntryChecks
from addin.core.template import PLACEHOLDER, Column, Template
from addin.core.unique_rows import UniqueRows


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
            how_to_set: Callable[[str], str] = str,
            settings: Mapping[str, str] | None = None) -> Iterator[MappedRow]:
    """Each row read and written as `importmap map` writes it, with the same checks (the
    column's limit and pattern, characters the format cannot hold, a value that needs another,
    names written trimmed, an entry over a day or of no time, an end that is not the start
    plus the duration, an amount that is not hours x rate, an invoice total that is not the sum
    of its lines, a line outside its billing period, dates years apart); durations rounded to
    the increment the user set; a name a one-row-per-name target already has written once.
    An empty cell is filled as `importmap map` fills an empty source cell: the template's
    constant, the user's setting (`settings`), the template's default. `how_to_set` names a
    setting in the user's shell."""
    positions = column_positions(template, header)
    checks = ColumnChecks(template, report, how_to_set)
    names = [_names_someone(c) for c in template.columns]
    cleaned: dict[str, CleanedNames] = {}
    invoices = InvoiceCheck(checks)
    entries = EntryChecks(checks, settings or {})
    duration = entries.duration_column()
    unique = UniqueRows(template, report) if template.unique else None
    dates = DateRange(template)
    told: set[str] = set()  # columns whose given text does not fit, told once
    for row, cells in rows:
        values: list[str] = []
        typed: list[object] = []
        read: list[object] = []  # as read, also where the column cannot write it
        has_value: set[str] = set()
        for col, index, is_name in zip(template.columns, positions, names, strict=True):
            raw = cells[index] if index < len(cells) else None
            if is_name and isinstance(raw, str):
                raw = _clean(cleaned, col.name, row, raw)
            filler = None if _filled(raw) else _given_text(template, col, settings or {})
            if filler is not None and not _given_fits(checks, col, filler, told):
                given, value, text = None, None, ""  # told once for the file; left empty
            else:
                given, value, text = _one(checks, col, raw if filler is None else filler[1],
                                          row, filler is not None,
                                          entries.round if col is duration else None)
            if text or value is not None or _filled(raw):
                has_value.add(col.name)
            values.append(text)
            typed.append(value)
            read.append(given)
        checks.needs(row, values, has_value, "Fill it in")
        entries.check(row, values, typed, read)
        if unique is not None and unique.seen_before(row, values):
            continue  # written once, as `importmap map` writes it
        invoices.add(row, values, typed)
        dates.add(row, typed)
        yield MappedRow(row, values, typed)
    invoices.finish()
    entries.finish()
    report.extend(dates.problems())
    for column, names_cleaned in cleaned.items():
        report.add(Problem(None, column, "warning", "changed-text", names_cleaned.message(column)))


class DateRange:
    """The earliest and latest entry date, for the warning of dates years apart."""

    def __init__(self, template: Template) -> None:
        self.at = next((i for i, c in enumerate(template.columns)
                        if "date" in c.source and c.type == "date"), None)
        self.name = "" if self.at is None else template.columns[self.at].name
        self.range: tuple[tuple[dt.date, int], tuple[dt.date, int]] | None = None

    def add(self, row: int, typed: list[object]) -> None:
        date = None if self.at is None else typed[self.at]
        if not isinstance(date, dt.date):
            return
        if self.range is None:
            self.range = ((date, row), (date, row))
        elif date < self.range[0][0]:
            self.range = ((date, row), self.range[1])
        elif date > self.range[1][0]:
            self.range = (self.range[0], (date, row))

    def problems(self) -> list[Problem]:
        problem = None if self.range is None else date_span(self.name, *self.range)
        return [] if problem is None else [problem]


def _given_text(template: Template, col: Column,
                settings: Mapping[str, str]) -> tuple[str, str] | None:
    """Where the text that fills the column's empty cells comes from, and the text, in the
    order `importmap map` takes it: the template's constant, a setting that wins over the row,
    the setting, the template's default."""
    def setting(key: str | None) -> tuple[str, str] | None:
        spec = template.settings.get(key) if key else None
        text = settings.get(key or "") or (spec.default if spec else None)
        return (f"the setting {key}", text) if text else None

    fixed = [("the template's constant", col.constant), ("the template's default", col.default)]
    for given in (fixed[0], setting(col.override), setting(col.setting), fixed[1]):
        if given is not None and given[1]:
            return given[0], given[1]
    return None


def _given_fits(checks: ColumnChecks, col: Column, given: tuple[str, str],
                told: set[str]) -> bool:
    """Whether a given text can be read and written in the column; if not, one problem for
    the file, as `importmap map` tells it (a setting's error is the file's, not each row's)."""
    origin, text = given
    try:
        checks.text(col, read(col, text))
    except ConversionError as exc:
        if col.name not in told:
            told.add(col.name)
            checks.report.add(Problem(None, col.name, "error", "bad-setting",
                                      f"{origin} is {text!r}: {exc.message}", text))
        return False
    return True


def _names_someone(col: Column) -> bool:
    """A column of names (people, clients, matters, codes): written trimmed and composed, as
    the engine reads every such field."""
    fields = set(col.source) | set(PLACEHOLDER.findall(col.compose or ""))
    return col.type in ("text", "enum") and bool(fields) and fields <= NAME_FIELDS


def _clean(cleaned: dict[str, CleanedNames], column: str, row: int, text: str) -> str:
    clean, trimmed, composed = clean_name(text)
    if clean != text:
        cleaned.setdefault(column, CleanedNames()).add(row, trimmed, composed)
    return clean


def _filled(raw: object) -> bool:
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def _one(checks: ColumnChecks, col: Column, raw: object, row: int, filled_in: bool = False,
         adjust: Callable[[object], object] | None = None) -> tuple[object, object, str]:
    """The cell as read, the value written (None when it cannot be) and its text; a cell
    `filled_in` from a setting or the template is read as given text is; `adjust` changes the
    value read before it is written (a duration rounded to the increment)."""
    if not _filled(raw):
        if col.required:
            checks.report.add(Problem(row, col.name, "error", "missing-required",
                                      f"{checks.template.target} needs {col.name}; fill this"
                                      " cell"))
        return None, None, ""
    given: object = None
    try:
        given = read(col, raw) if filled_in else read_written(col, raw)
        value = adjust(given) if adjust else given
        text = checks.text(col, value)
    except ConversionError as exc:
        checks.report.add(Problem(row, col.name, "error", exc.code, exc.message, _show(raw)))
        return given, None, ""
    return given, value, checks.checked(row, col, value, text)


def _show(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)
