"""One source row to one output row: the canonical entry, then each template column's value
taken from its sources (`column_sources`), written as the column says and checked."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from addin.convert.by_type import read
from addin.core.column_checks import SOURCE_FIX, ColumnChecks
from addin.core.column_sources import Feed
from addin.core.decide import Decisions
from addin.core.derived_values import compose_fields, entry_amount
from addin.core.entries import DurationTrail, EntryReader
from addin.core.invoice_fill import LATER, HeldRow, Later
from addin.core.invoices import InvoiceBook, Totals
from addin.core.output_columns import OutputColumn, memo_key, output_columns, remember
from addin.core.plan import TOTALS_DERIVES, Plan
from addin.core.problems import ConversionError, Problem, Report
from addin.core.row_messages import increment_fix, required_message
from addin.core.stacking import Stacker, Start
from addin.core.template import Column
from addin.core.timezones import to_utc
from addin.core.unique_rows import UniqueRows
from addin.core.values import cell, show

TEMPLATE_FIX = "correct the template"
MEMOISE = True  # each column's text once per value; off only to test that this changes nothing


@dataclass(frozen=True)
class MappedRow:
    row: int  # source row as the user sees it (header = 1)
    values: list[str]  # output text per template column
    typed: list[object]  # the value before formatting (date, time, Decimal, bool, str) or None
    trail: DurationTrail = DurationTrail()


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
        self.columns = output_columns(plan.template, MEMOISE)
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
                value, unwritable = self.value_of(row, out, entry, failed, cells, start, invoice)
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
            text, value, unwritable = self.written(row, out, value, unwritable, failed, key)
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

    def value_of(self, row: int, out: OutputColumn, entry: dict[str, object], failed: set[str],
                cells: Sequence[object], start: Start | None, invoice: tuple[str, ...]
                ) -> tuple[object, bool]:
        """The column's value, and whether one exists but cannot be written (reported)."""
        try:
            return self._value(row, out, entry, failed, cells, start, invoice), False
        except ConversionError as exc:  # a passed-through cell or given text that does not fit
            if out.col.name not in self.reported_columns:
                self.report.add(Problem(row, out.col.name, "error", exc.code, exc.message))
            return None, True

    def written(self, row: int, out: OutputColumn, value: object, unwritable: bool,
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
                                            told + increment_fix(self.plan, col, exc.code),
                                            show(value)))
                return "", None, True
        elif col.required and not unwritable and not (
                out.depends & failed) and col.name not in self.reported_columns:
            self.report.add(Problem(row, col.name, "error", "missing-required",
                                    required_message(self.plan, self.checks, col)))
        if text:
            text = checks.checked(row, col, value, text)
        memo = out.memo
        if key is not None and memo is not None and len(problems) == before:
            # Text and checks depend on the value alone; one that raised nothing here raises
            # nothing again (a once-per-value warning only ever goes away).
            remember(memo, key, text)
        return text, value, unwritable

    def _add_amount(self, invoice: tuple[str, ...], text: str | None) -> None:
        """Sum the written amounts of each invoice (`text` None: a row not written)."""
        totals = self.book.invoices[invoice]
        totals.amount = totals.amount or Decimal(0)
        if text:
            sep = self.columns[self.amount_at or 0].col.decimal_separator
            totals.amount += Decimal(text.replace(sep, "."))

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
            return compose_fields(feed.key, entry)
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
            remember(given, raw, value)
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
        return read(col, raw, self.decisions.date_orders.get("date"),
                    self.plan.choice.profile.duration_unit)

    def _derive(self, row: int, how: str, entry: dict[str, object], failed: set[str],
                start: Start | None, invoice: tuple[str, ...]) -> object:
        if how == "hours":
            return entry.get("duration")
        if how in ("amount", "fee"):
            return entry_amount(entry, how == "fee", self.amounts)
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
