"""Check and re-format a table that is already in a template's shape (a mapped sheet the user
may have edited): every value read in its column's type and written in the template's format.

Used by the Excel shell's Check required and Save as CSV, so that what Save as CSV writes is
exactly what `importmap map` writes for the same data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from addin.convert.by_type import read, read_written, text_of
from addin.core.canonical import NAME_FIELDS
from addin.core.column_checks import (
    ColumnChecks,
    clean_name,
    hours_times_rate,
    hours_words,
    long_duration,
    same_amount,
    zero_duration,
)
from addin.core.errors import InputError
from addin.core.invoice_check import InvoiceCheck
from addin.core.mapper import CleanedNames, MappedRow
from addin.core.problems import ConversionError, Problem, Report
from addin.core.template import PLACEHOLDER, Column, Template


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
    names written trimmed, an entry over a day or of no time, an amount that is not hours x
    rate, an invoice total that is not the sum of its lines, a line outside its billing
    period). An empty cell is filled as `importmap map` fills an empty source cell: the
    template's constant, the user's setting (`settings`), the template's default.
    `how_to_set` names a setting in the user's shell."""
    positions = column_positions(template, header)
    checks = ColumnChecks(template, report, how_to_set)
    names = [_names_someone(c) for c in template.columns]
    cleaned: dict[str, CleanedNames] = {}
    invoices = InvoiceCheck(checks)
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
            given, value, text = _one(checks, col, raw if filler is None else filler, row,
                                      filler is not None)
            if text or value is not None or _filled(raw):
                has_value.add(col.name)
            values.append(text)
            typed.append(value)
            read.append(given)
        checks.needs(row, values, has_value, "Fill it in")
        _check_duration(checks, row, read)
        _check_span(checks, row, values, typed)
        _check_amount(checks, row, values, typed)
        invoices.add(row, values, typed)
        yield MappedRow(row, values, typed)
    invoices.finish()
    for column, names_cleaned in cleaned.items():
        report.add(Problem(None, column, "warning", "changed-text", names_cleaned.message(column)))


def _given_text(template: Template, col: Column, settings: Mapping[str, str]) -> str | None:
    """The text that fills the column where its cell is empty, in the order `importmap map`
    takes it: the template's constant, a setting that wins over the row, the setting, the
    template's default."""
    def setting(key: str | None) -> str | None:
        if not key:
            return None
        spec = template.settings.get(key)
        return settings.get(key) or (spec.default if spec else None)

    for text in (col.constant, setting(col.override), setting(col.setting), col.default):
        if text:
            return text
    return None


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


def _check_duration(checks: ColumnChecks, row: int, read: list[object]) -> None:
    """The entry's length, as `importmap map` checks the entries it writes."""
    at = next((i for i, c in enumerate(checks.template.columns) if c.type == "duration"), None)
    seconds = None if at is None else read[at]
    if not isinstance(seconds, Decimal):
        return
    name = checks.template.columns[at or 0].name
    problem = long_duration(row, name, seconds, "correct or split the entry")
    if problem is None and seconds == 0:
        problem = zero_duration(row, name, "0")
    if problem is not None:
        checks.report.add(problem)


def _check_span(checks: ColumnChecks, row: int, values: list[str], typed: list[object]) -> None:
    """An entry written with its start, end and duration (Kimai's From, To, Duration) ends at
    its start plus its duration, as `importmap map` writes it; a duration edited alone leaves
    the end of the old one. An error giving the end to write."""
    columns = checks.template.columns
    at = {c.derive if c.derive in ("start", "end") else c.type: i
          for i, c in reversed(list(enumerate(columns)))}
    if not {"start", "end", "duration"} <= at.keys():
        return
    start, end, seconds = typed[at["start"]], typed[at["end"]], typed[at["duration"]]
    if not isinstance(seconds, Decimal):
        return
    expected: object
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        expected = start + dt.timedelta(seconds=float(seconds))
    elif isinstance(start, dt.time) and isinstance(end, dt.time):
        moment = dt.datetime.combine(dt.date(2000, 1, 1), start)
        expected = (moment + dt.timedelta(seconds=float(seconds))).time()
    else:
        return
    if expected == end:
        return
    end_col = columns[at["end"]]
    try:
        text = checks.text(end_col, expected)
    except ConversionError:
        return  # an end the column cannot hold (seconds where it has none): not ours to say
    checks.report.add(Problem(
        row, end_col.name, "error", "hours-mismatch",
        f"{values[at['end']]} is not {columns[at['start']].name} {values[at['start']]} plus"
        f" {columns[at['duration']].name} {values[at['duration']]}; write {text}, or correct"
        " the start or the duration", values[at["end"]]))


def _check_amount(checks: ColumnChecks, row: int, values: list[str], typed: list[object]) -> None:
    """The amount column (Kimai's Rate, Tabs3's Amount, LEDES's LINE_ITEM_TOTAL) where the row
    has hours and an hourly rate: `importmap map` writes hours x rate there, because the
    importer does not compute it (Kimai switches its own calculation off during an import, and
    the entry's total stays 0). An empty amount, or one that is not hours x rate (the hours
    or the rate edited after Apply template), is an error giving the value; never a value
    filled in unasked."""
    columns = checks.template.columns

    def given(kind: str) -> Decimal | None:
        return next((v for c, v in zip(columns, typed, strict=True)
                     if (c.type == "duration" if kind == "duration" else kind in c.source)
                     and isinstance(v, Decimal)), None)

    seconds, rate, fixed = given("duration"), given("rate"), given("fixed_rate")
    for index, col in enumerate(columns):
        if col.derive not in ("amount", "fee"):
            continue
        if fixed is not None and col.derive == "amount":
            # as `importmap map` does: a fixed rate is the entry's amount, whatever the hours
            amount: Decimal | Fraction = fixed
            why = "the fixed rate"
        elif seconds is not None and rate is not None:
            amount = hours_times_rate(seconds, rate)
            why = f"{hours_words(seconds)} h x {text_of(rate)}"
        else:
            continue
        written = typed[index]
        if values[index] and (not isinstance(written, Decimal | Fraction)
                              or same_amount(written, amount)):
            continue  # written as it should be, or reported as unwritable
        try:
            text = checks.text(col, amount)
        except ConversionError:
            continue  # over the column's limit: reported when the value is written
        if not values[index]:
            checks.report.add(Problem(
                row, col.name, "error", "missing-required",
                f"{col.name} is empty, and {checks.template.target} does not compute it on"
                f" import (the entry's amount would be 0); write {text} ({why}), or Apply"
                " template again"))
        else:
            checks.report.add(Problem(
                row, col.name, "error", "amount-mismatch",
                f"{checks.template.target} writes {col.name} as the entry's amount, and"
                f" {values[index]} is not {why} = {text}; write {text}, or correct the"
                " hours or the rate", values[index]))


def _filled(raw: object) -> bool:
    return raw is not None and not (isinstance(raw, str) and not raw.strip())


def _one(checks: ColumnChecks, col: Column, raw: object, row: int,
         filled_in: bool = False) -> tuple[object, object, str]:
    """The cell as read, the value written (None when it cannot be) and its text; a cell
    `filled_in` from a setting or the template is read as given text is."""
    if not _filled(raw):
        if col.required:
            checks.report.add(Problem(row, col.name, "error", "missing-required",
                                      f"{checks.template.target} needs {col.name}; fill this"
                                      " cell"))
        return None, None, ""
    value: object = None
    try:
        value = read(col, raw) if filled_in else read_written(col, raw)
        text = checks.text(col, value)
    except ConversionError as exc:
        checks.report.add(Problem(row, col.name, "error", exc.code, exc.message, _show(raw)))
        return value, None, ""
    return value, value, checks.checked(row, col, value, text)


def _show(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)
