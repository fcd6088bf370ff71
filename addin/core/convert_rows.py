"""One source row to one output row: the canonical entry, then each template column's value
taken from its sources (`column_sources`), written as the column says and checked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from addin.convert.booleans import parse_bool
from addin.convert.dates import parse_date, parse_datetime, parse_time
from addin.convert.durations import parse_duration
from addin.convert.exact import exact_decimal
from addin.convert.numbers import parse_number
from addin.core.column_checks import SOURCE_FIX, ColumnChecks
from addin.core.column_sources import Feed, feeds
from addin.core.decide import Decisions
from addin.core.entries import DurationTrail, EntryReader
from addin.core.invoices import InvoiceBook, Totals, number_invoices
from addin.core.plan import DERIVE_NEEDS, TOTALS_DERIVES, Plan
from addin.core.problems import ConversionError, Problem, Report
from addin.core.stacking import Stacker, Start
from addin.core.template import PLACEHOLDER, Column
from addin.core.timezones import to_utc
from addin.core.unique_rows import UniqueRows
from addin.core.values import as_text, cell, show

TEMPLATE_FIX = "correct the template"
# Remember each column's text per distinct value (switched off only to test that remembering
# changes nothing).
MEMOISE = True
MEMO_SIZE = 4096  # values remembered per column; a column of all-different texts starts over
_NAIVE = (dt.date, dt.datetime, dt.time)


def memo_key(value: object) -> object:
    """What a value's written text may be remembered by: equal keys write equal texts, and
    write them for the same reasons. None: not remembered (an aware time equals the same
    instant in another zone; floats and other types are rare here)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is Fraction or kind is bool or kind is int:
        return kind, value
    if kind is Decimal:
        return kind, str(value)  # Decimal('1.0') == Decimal('1.00'), written apart
    if kind in _NAIVE and getattr(value, "tzinfo", None) is None:
        return kind, value
    return None


@dataclass(frozen=True)
class OutputColumn:
    """A template column with what each row needs of it worked out once for the file."""
    col: Column
    feeds: tuple[Feed, ...]
    source: frozenset[str]  # its source fields: one that failed leaves it empty
    depends: frozenset[str]  # fields whose failure explains its emptiness
    memo: dict[object, str] | None  # value -> text, for values that wrote cleanly
    given: dict[str, object] | None  # text given for the column -> its value
    # Whether a whole-invoice value that is missing falls back on the row's own sources, so a
    # held row must keep them until the invoice is complete.
    falls_back: bool
    field: str | None  # the field it takes first, if it takes one first (most columns)


@dataclass(frozen=True)
class MappedRow:
    row: int  # source row as the user sees it (header = 1)
    values: list[str]  # output text per template column
    typed: list[object]  # the value before formatting (date, time, Decimal, bool, str) or None
    trail: DurationTrail = DurationTrail()


LATER = object()  # a whole-invoice value, known once every row is through


@dataclass(frozen=True, slots=True)
class HeldRow:
    """What a held row's whole-invoice columns are worked out from, once every row is through."""
    row: int
    values: list[str]
    typed: list[object]
    entry: dict[str, object]
    cells: Sequence[object]
    start: Start | None
    invoice: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Later:
    """A whole-invoice column of a held row."""
    held: HeldRow
    index: int  # the column's place in the row
    at: int  # where its problems go among the report's: where the row reports this column
    out: OutputColumn
    failed: frozenset[str]  # the row's failed fields when it came to this column


class RowConverter:
    """Converts rows one at a time, in file order (stacked times run on from row to row)."""

    def __init__(self, plan: Plan, decisions: Decisions, report: Report,
                 file_problems: Sequence[Problem] = (),
                 totals: Mapping[tuple[str, ...], Totals] | None = None) -> None:
        self.plan = plan
        self.decisions = decisions
        self.report = report
        # Whole-invoice values per invoice (LEDES' total, period and number): known in advance,
        # or (None) written into the held rows once every row is through (`fill_invoices`).
        self.totals = totals
        self.later: list[Later] = []
        self.stacker = Stacker(plan, decisions, report)
        self.entries = EntryReader(plan, decisions, report, MEMOISE)
        self.book = InvoiceBook(plan.template.invoice_by)
        self.last_invoice: tuple[str, ...] = ()
        self.stacks = any(c.derive in ("start", "end") for c in plan.template.columns)
        self.checks = ColumnChecks(plan.template, report, plan.options.how_to_set)
        self.unique = UniqueRows(plan.template, report) if plan.template.unique else None
        self.fix_place = SOURCE_FIX  # where the value being written is corrected
        # Columns already reported once for the whole file are not reported again per row.
        self.reported_columns = {p.column for p in file_problems
                                 if p.code in ("missing-column", "bad-setting")}
        self.columns = tuple(
            OutputColumn(c, tuple(feeds(c)), frozenset(c.source), frozenset(_depends(c)),
                         {} if MEMOISE and not c.utc else None, {} if MEMOISE else None,
                         _falls_back(c), _first_field(c))
            for c in plan.template.columns)
        self.any_needs = any(c.needs for c in plan.template.columns)
        self.falls_back = any(out.falls_back for out in self.columns)
        self.amounts: dict[tuple[str, str], object] | None = {} if MEMOISE else None
        self.amount_at = next((i for i, c in enumerate(plan.template.columns)
                               if c.derive in ("amount", "fee")), None) if (
            plan.needs_totals) else None
        self._check_given_texts()

    def _check_given_texts(self) -> None:
        """Values given as text for a whole column (the user's settings, the template's constants
        and defaults) are read once here, so one that does not fit its column is one problem for
        the file rather than one per row."""
        for col in self.plan.template.columns:
            given = [("the template's constant", col.constant),
                     ("the template's default", col.default)]
            for key in (col.setting, col.override):
                if key:
                    given.append((f"the setting {key}", self.plan.setting_value(key)))
            for origin, text in given:
                if not text or col.name in self.reported_columns:
                    continue
                try:
                    self._from_text(col, text)
                except ConversionError as exc:
                    self.reported_columns.add(col.name)
                    self.report.add(Problem(None, col.name, "error", "bad-setting",
                                            f"{origin} is {text!r}: {exc.message}", text))

    def convert(self, row: int, cells: Sequence[object]) -> MappedRow | None:
        """The row's output, or None when a `unique` template already wrote it."""
        entry, failed, trail = self.entries.read(row, cells)
        self.last_invoice = invoice = self.book.add(entry)
        # Stacking advances once per row, before the columns that show its start and end.
        start = self.stacker.start(entry, failed) if self.stacks else None
        values: list[str] = []
        typed: list[object] = []
        has_value: set[str] = set()  # columns with a value, written or found unwritable
        held, failed_then = None, frozenset[str]()
        for out in self.columns:
            field = out.field
            if field is not None and (value := entry.get(field)) is not None:
                unwritable = False  # the commonest source, read here
            else:
                field = None
                value, unwritable = self._valued(row, out, entry, failed, cells, start, invoice)
            if value is LATER:  # a whole-invoice value: written once every row is through
                # Invoices are held whole: only what the fill reads is kept with them.
                held = held or (HeldRow(row, values, typed, entry, cells, start, invoice)
                                if self.falls_back else
                                HeldRow(row, values, typed, {}, (), None, invoice))
                if len(failed_then) != len(failed):  # failures only ever add up
                    failed_then = frozenset(failed)
                self.later.append(Later(held, len(values), len(self.report.problems), out,
                                        failed_then))
                values.append("")
                typed.append(None)
                continue
            memo, key = out.memo, None
            if value is not None and memo is not None:
                key = value if type(value) is str else memo_key(value)  # text: the commonest
                known = None if key is None else memo.get(key)
                if known is not None:  # written before, with nothing to report
                    if known:
                        has_value.add(out.col.name)
                    values.append(known)
                    typed.append(value)
                    continue
            if field is not None:
                self.fix_place = self._field_fix(field)
            text, value, unwritable = self._written(row, out, value, unwritable, failed, key)
            if text or unwritable:
                has_value.add(out.col.name)
            values.append(text)
            typed.append(value)
        if self.any_needs:
            self.checks.needs(row, values, has_value, "Fill it in the source")
        seen = self.unique is not None and self.unique.seen_before(row, values)
        if self.amount_at is not None:
            self._add_amount(invoice, None if seen else values[self.amount_at])
        return None if seen else MappedRow(row, values, typed, trail)

    def _valued(self, row: int, out: OutputColumn, entry: dict[str, object], failed: set[str],
                cells: Sequence[object], start: Start | None, invoice: tuple[str, ...]
                ) -> tuple[object, bool]:
        """The column's value, and whether one exists but cannot be written (reported)."""
        try:
            return self._value(row, out, entry, failed, cells, start, invoice), False
        except ConversionError as exc:  # a passed-through cell or given text that does not fit
            if out.col.name not in self.reported_columns:
                self.report.add(Problem(row, out.col.name, "error", exc.code, exc.message))
            return None, True

    def _written(self, row: int, out: OutputColumn, value: object, unwritable: bool,
                 failed: set[str], key: object) -> tuple[str, object, bool]:
        """The value's text, checked (text, value, unwritable); a value that reported nothing
        is remembered by `key`."""
        col, checks = out.col, self.checks
        problems = self.report.problems
        before = len(problems)
        text = ""
        if value is not None:
            try:
                if col.utc:
                    value = to_utc(value, self.plan.setting_value("timezone") or "")
                text = checks.text(col, value, self.fix_place)
            except ConversionError as exc:
                if exc.code != "bad-setting":  # a setting's error is the file's, told once
                    # A value given by a setting or a table is corrected there.
                    told = exc.message if self.fix_place in (SOURCE_FIX, TEMPLATE_FIX) or (
                        self.fix_place in exc.message) else f"{exc.message}; {self.fix_place}"
                    self.report.add(Problem(row, col.name, "error", exc.code,
                                            told + self._increment_fix(col, exc.code),
                                            show(value)))
                return "", None, True
        elif col.required and not unwritable and not (
                out.depends & failed) and col.name not in self.reported_columns:
            self.report.add(Problem(row, col.name, "error", "missing-required",
                                    self._required_message(col)))
        if text:
            text = checks.checked(row, col, value, text)
        memo = out.memo
        if key is not None and memo is not None and len(problems) == before:
            # Text and checks depend on the value alone; one that raised nothing here raises
            # nothing again (a once-per-value warning only ever goes away).
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = text
        return text, value, unwritable

    def _add_amount(self, invoice: tuple[str, ...], text: str | None) -> None:
        """Sum the written amounts of each invoice (`text` None: a row not written)."""
        totals = self.book.invoices[invoice]
        totals.amount = totals.amount or Decimal(0)
        if text:
            sep = self.columns[self.amount_at or 0].col.decimal_separator
            totals.amount += Decimal(text.replace(sep, "."))

    def fill_invoices(self, numbering_at: int) -> None:
        """Once every row is through: each invoice's number, total and period written into its
        rows, their problems placed where a row's column reports them (the numbering's, a
        problem of the file, at `numbering_at`)."""
        if self.totals is not None:
            return  # known in advance
        self.totals = invoices = self.book.invoices
        problems = self.report.problems
        placed: list[tuple[int, list[Problem]]] = []
        numbering = number_invoices(self.plan, invoices)
        if numbering is not None:
            placed.append((numbering_at, [numbering]))
        for later in self.later:
            before = len(problems)
            row = later.held
            failed = set(later.failed)
            value, unwritable = self._valued(row.row, later.out, row.entry, failed, row.cells,
                                             row.start, row.invoice)
            text, value, _ = self._written(row.row, later.out, value, unwritable, failed, None)
            row.values[later.index], row.typed[later.index] = text, value
            if len(problems) > before:
                placed.append((later.at, problems[before:]))
                del problems[before:]
        if placed:
            merged: list[Problem] = []
            done = 0
            for at, found in placed:  # in the order found, so `at` never goes back
                merged += problems[done:at]
                merged += found
                done = at
            problems[:] = merged + problems[done:]
        self.later.clear()

    def finish(self) -> None:
        """File-level notes once every row is through."""
        self.report.extend(self.entries.notes.problems())

    # --- one output column -----------------------------------------------------------------
    def _value(self, row: int, out: OutputColumn, entry: dict[str, object], failed: set[str],
               cells: Sequence[object], start: Start | None, invoice: tuple[str, ...]) -> object:
        """The first value the column's sources give, in their order of precedence; `fix_place`
        says where the value returned is corrected."""
        for feed in out.feeds:
            kind = feed.kind
            if kind == "field":  # most columns: a field of the entry
                value = entry.get(feed.key)
                if value is not None:
                    self.fix_place = self._field_fix(feed.key)
                    return value
                continue
            if kind == "constant":
                self.fix_place = TEMPLATE_FIX
                return self._given(out, feed.key)
            if kind == "override":
                given = self.plan.options.settings.get(feed.key)
                if given:
                    self.fix_place = self._setting_fix(feed.key)
                    return self._given(out, given)
                continue
            if failed and kind in ("column", "setting", "default") and out.source & failed:
                return None  # the source's value failed (reported): no setting or default stands in
            value = self._fed(row, out, feed, entry, failed, cells, start, invoice)
            if value is not None:
                return value
        return None

    def _fed(self, row: int, out: OutputColumn, feed: Feed, entry: dict[str, object],
             failed: set[str], cells: Sequence[object], start: Start | None,
             invoice: tuple[str, ...]) -> object:
        """What one source other than a field gives for this row (None: nothing), noting where
        it is corrected."""
        self.fix_place = SOURCE_FIX
        if feed.kind == "derive":
            return self._derive(row, feed.key, entry, failed, start, invoice)
        if feed.kind == "compose":
            return _compose_fields(feed.key, entry)
        col = out.col
        if feed.kind == "column":
            if col.name not in self.plan.passthrough:
                return None
            raw = cell(cells, self.plan.passthrough[col.name])
            return None if raw is None else self._given(out, raw)
        if feed.kind == "setting":
            setting = self.plan.setting_value(feed.key)
            if setting is None or setting == "":
                return None
            self.fix_place = self._setting_fix(feed.key)
            return self._given(out, setting)
        self.fix_place = TEMPLATE_FIX
        return self._given(out, feed.key)

    def _given(self, out: OutputColumn, raw: object) -> object:
        """`_from_text`, each distinct text once per column (a failure is raised each time)."""
        given = out.given
        if given is None or type(raw) is not str:
            return self._from_text(out.col, raw)
        value = given.get(raw)
        if value is None:
            value = self._from_text(out.col, raw)
            if len(given) >= MEMO_SIZE:
                given.clear()
            given[raw] = value
        return value

    def _field_fix(self, name: str) -> str:
        """Where a field's value is corrected: the source, or the table it was taken from."""
        table = self.entries.filled.get(name)
        return SOURCE_FIX if table is None else (
            f"correct it in the {table.name} table ({table.where})")

    def _setting_fix(self, key: str) -> str:
        return f"give another: {self.plan.options.how_to_set(key)}"

    def _from_text(self, col: Column, raw: object) -> object:
        """A value given as text (constant, setting, default, pass-through) in the column's type."""
        if col.type == "date":
            return parse_date(raw, self.decisions.date_orders.get("date"))
        if col.type == "time":
            return parse_time(raw)
        if col.type == "datetime":
            return parse_datetime(raw, self.decisions.date_orders.get("date"))
        if col.type == "duration":
            return parse_duration(raw, ".", self.plan.choice.profile.duration_unit)
        if col.type in ("number", "money"):
            return parse_number(raw, None)
        if col.type == "boolean":
            return parse_bool(raw)
        return as_text(raw)

    def _derive(self, row: int, how: str, entry: dict[str, object], failed: set[str],
                start: Start | None, invoice: tuple[str, ...]) -> object:
        if how == "hours":
            return entry.get("duration")
        if how in ("amount", "fee"):
            return _amount(entry, how == "fee", self.amounts)
        if how == "line_number":
            return Decimal(self.book.invoices[invoice].lines)
        if how in TOTALS_DERIVES:
            if self.totals is None:
                return LATER
            totals = self.totals.get(invoice)
            if totals is None:
                return None
            return {"invoice_total": totals.amount, "period_start": totals.first_date,
                    "period_end": totals.last_date, "invoice_number": totals.number}[how]
        return self.stacker.time(row, how, entry, start, failed)

    # --- messages ----------------------------------------------------------------------------
    def _increment_fix(self, col: Column, code: str) -> str:
        """For a duration the column cannot hold exactly: the setting that rounds every
        duration to what it can hold (two decimals of hours: 0.01h), when the template has it."""
        if code != "inexact-duration" or "increment" not in self.plan.template.settings:
            return ""
        steps = {"hours": "h", "minutes": "min", "seconds": "s"}
        if col.unit in steps and col.decimals is not None:
            step = f"{Decimal(1).scaleb(-col.decimals):f}{steps[col.unit]}"
        elif col.unit in steps:
            # Any number of decimals: a step whose multiples all end in that unit (one second
            # is 1/3600 h, whose decimals never end; 0.01h is 36 seconds).
            step = {"hours": "0.01h", "minutes": "6s", "seconds": "1s"}[col.unit]
        else:
            step = "1min" if col.unit in ("h:mm", "hh:mm") else "1s"
        return (f"; or round every duration with {self.plan.options.how_to_set('increment', step)}"
                " (the rounding is reported with its total)")

    def _required_message(self, col: Column) -> str:
        feeders = [self.plan.source_name(s) for s in col.source if s in self.plan.fields]
        where = f"the {' / '.join(repr(f) for f in feeders)} cell is empty" if feeders else (
            "nothing in this row fills it")
        fix = self.checks.fill_hint(col, "Fill it in the source")
        if "date" in col.source and not feeders and self.plan.has_field("start"):
            # The date is derived from the start, which here is a time of day alone.
            where = f"the {self.plan.source_name('start')!r} cell holds a time but no date"
            fix = self.checks.fill_hint(col, "Add a date column to the source, or write the"
                                        " start as date and time")
        return f"{self.plan.template.target} needs {col.name}; {where}. {fix}"


def _first_field(col: Column) -> str | None:
    first = next(iter(feeds(col)), None)
    return first.key if first is not None and first.kind == "field" else None


def _falls_back(col: Column) -> bool:
    kinds = [f.kind for f in feeds(col)]
    return col.derive in TOTALS_DERIVES and kinds.index("derive") < len(kinds) - 1


def _depends(col: Column) -> set[str]:
    needs = set(col.source)
    if col.derive:
        needs.update(DERIVE_NEEDS[col.derive])
    return needs


def _compose_fields(pattern: str, entry: dict[str, object]) -> str | None:
    """A column built from several fields; None unless every field has a value."""
    values = {name: entry.get(name) for name in PLACEHOLDER.findall(pattern)}
    if any(v is None for v in values.values()):
        return None
    return PLACEHOLDER.sub(lambda m: as_text(values[m.group(1)]), pattern)


def _amount(entry: dict[str, object], computed: bool = False,
            memo: dict[tuple[str, str], object] | None = None) -> object:
    """The entry's amount: given, else hours x rate (`memo`: per duration and rate, as written,
    since Decimal('1.0') and Decimal('1.00') are equal but may not give the same Decimal)."""
    if not computed:
        for given in ("amount", "fixed_rate"):
            if entry.get(given) is not None:
                return entry[given]
    duration, rate = entry.get("duration"), entry.get("rate")
    if isinstance(duration, Decimal) and isinstance(rate, Decimal):
        key = (str(duration), str(rate))
        if memo is not None and key in memo:
            return memo[key]
        # Exact: 1200 s at 350/h is 116.66..., which Decimal division would cut off.
        amount = Fraction(duration) * Fraction(rate) / 3600
        decimal = exact_decimal(amount)
        result = amount if decimal is None else decimal
        if memo is not None:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = result
        return result
    return None
