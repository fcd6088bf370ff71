"""The canonical entry of one source row: each field read in its type (with the column
decisions), names cleaned, lookups filled, start and end placed in time, the duration derived,
checked and rounded to the user's increment."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from addin.convert.booleans import parse_bool
from addin.convert.dates import (
    ORDER_UNKNOWN_FIX,
    moment_in_date,
    parse_date,
    parse_datetime,
    parse_time,
)
from addin.convert.durations import parse_duration, round_seconds
from addin.convert.memo import MAXSIZE as MEMO_SIZE
from addin.convert.numbers import parse_number
from addin.core import fixes
from addin.core.canonical import FIELDS, NAME_FIELDS
from addin.core.column_checks import zero_duration
from addin.core.decide import Decisions
from addin.core.entry_checks import Writes, agree_amount, check_length, read_non_billable
from addin.core.file_notes import FileNotes
from addin.core.lookups import LookupTable
from addin.core.plan import Plan
from addin.core.problems import ConversionError, Problem, Report
from addin.core.start_times import StartTimes, with_offset
from addin.core.template import PLACEHOLDER
from addin.core.times import DAY_END, END_OF_DAY, TimePlacer
from addin.core.units import ROUNDING_MODES, UNIT_SETTINGS, UnitlessError, increment_seconds
from addin.core.values import as_text, cell, has_date_part, show


@dataclass(frozen=True)
class DurationTrail:
    """How the engine's duration differs from the row's duration cell, each change one the user
    is told about; the tally checks the written hours against the cell and these."""
    derived: Decimal | None = None  # seconds from start to end, when the row has no duration cell
    exact_span: Decimal = Decimal(0)  # seconds added: a rounded duration replaced by its exact span
    rounded: Decimal = Decimal(0)  # seconds added by rounding to the increment the user set


NO_CHANGE = DurationTrail()


class EntryReader:
    """Reads rows into canonical entries; file-level notes gather in `notes`."""

    def __init__(self, plan: Plan, decisions: Decisions, report: Report,
                 memoise: bool = True) -> None:
        self.plan = plan
        self.decisions = decisions
        self.report = report
        self.times = TimePlacer(plan, decisions, report)
        self.notes = FileNotes(plan)
        self.writes = Writes.of(plan.template)
        self.increment, self.rounding = self._increment()
        self.notes.rounding = self.rounding
        self.filled: dict[str, LookupTable] = {}  # the last row's fields taken from tables
        self.starts = StartTimes(plan, self.notes, report)
        # The fields read from the row's cells, in the plan's order, worked out once per file:
        # (field, cell index, column name, a name to clean, a date to note, text -> value read).
        self.reading: list[tuple[str, int, str, bool, bool, dict[str, object] | None]] = [
            (name, index, plan.header[index], name in NAME_FIELDS, FIELDS[name][0] == "date",
             {} if memoise else None)
            for name, index in plan.fields.items() if name in plan.used_fields]
        # Each lookup table with the fields it holds that the plan uses, worked out once.
        self.tables = [(table, tuple(f for f in table.fields if f in plan.used_fields))
                       for table in plan.options.lookups.values()]
        # Told each row's entry once it is read (the portal's code check notes its codes).
        self.watch: Callable[[int, dict[str, object]], None] | None = None

    def _increment(self) -> tuple[Decimal | None, str]:
        """The billing increment the user asked durations to be rounded to, if any."""
        text = self.plan.setting_value("increment")
        mode = self.plan.setting_value("rounding") or "up"
        options = self.plan.options
        if mode not in ROUNDING_MODES:
            self.report.add(Problem(
                None, "rounding", "error", "bad-setting",
                f"rounding {mode!r} is not a rounding mode; give"
                f" {options.how_to_set_to('rounding', *ROUNDING_MODES)}", mode))
        if not text:
            return None, mode
        try:
            seconds = increment_seconds(text)
        except UnitlessError as exc:
            fix = options.how_to_set_to("increment", *exc.readings)
            self.report.add(Problem(None, "increment", "error", "bad-setting",
                                    f"{exc} Give {fix} ({UNIT_SETTINGS['increment']})", text))
            return None, mode
        except ValueError as exc:
            fix = options.how_to_set_to("increment", "0.1h", "6min")
            self.report.add(Problem(None, "increment", "error", "bad-setting",
                                    f"{exc}; give {fix}", text))
            return None, mode
        return (seconds, mode) if mode in ROUNDING_MODES else (None, mode)

    def read(self, row: int, cells: Sequence[object]
             ) -> tuple[dict[str, object], set[str], DurationTrail]:
        """The row's canonical entry, the fields that failed (reported), and how its duration
        differs from the row's duration cell."""
        entry: dict[str, object] = {}
        plan = self.plan
        split = plan.split
        # A voice line that did not split is reported once, on its own column.
        failed: set[str] = set(split.fields) if split and split.unsplit(cells) else set()
        width = len(cells)
        for name, index, column, is_name, is_date, memo in self.reading:
            raw = cells[index] if index < width else None
            if raw is None:
                continue
            if type(raw) is str and memo is not None:
                value = memo.get(raw)
                if value is None:
                    if not raw.strip():
                        continue  # a blank cell
                    try:
                        value = self._parse(name, raw)
                    except ConversionError as exc:  # told each time, with its message
                        failed.add(name)
                        self.report.add(Problem(row, column, "error", exc.code,
                                                self._with_order_fix(exc), raw))
                        continue
                    if len(memo) >= MEMO_SIZE:
                        memo.clear()
                    memo[raw] = value
            elif (raw := cell(cells, index)) is None:
                continue
            else:
                try:
                    value = self._parse(name, raw)
                except ConversionError as exc:
                    failed.add(name)
                    self.report.add(Problem(row, column, "error", exc.code,
                                            self._with_order_fix(exc), show(raw)))
                    continue
            if is_name and isinstance(value, str):
                value = self.notes.clean_name(row, column, value)
            entry[name] = value
            if is_date and isinstance(value, dt.date):
                self.notes.note_date(name, value, row)
        for name, pattern in plan.composed.items():
            if name in plan.used_fields and name not in entry:
                text = self._compose(pattern, cells)
                if text:
                    entry[name] = unicodedata.normalize("NFC", text)
        own_rate = "rate" in entry
        self.filled = {}  # this row's fields taken from lookup tables
        for table, used in self.tables:
            self._fill_from(row, table, used, entry, failed)
        read_non_billable(plan, self.report, row, entry, failed)
        if entry.get("fixed_rate") == 0 and entry.get("rate"):
            # Exports write 0 in the fixed-rate column of an hourly entry (Kimai's "Fixed
            # price"): a fixed rate of 0 would make the entry free, so the hourly rate stands.
            del entry["fixed_rate"]
        self._start_in_date(entry, failed, cells)
        self.starts.adjust(row, entry, failed, cells)
        self.times.place(row, entry, failed, cells)
        trail = NO_CHANGE
        if "duration" not in entry and "duration" not in failed:
            self.times.from_times(row, entry, failed)
            derived = entry.get("duration")
            if isinstance(derived, Decimal):
                trail = DurationTrail(derived=derived)
        elif "duration" in entry:
            span = self.times.exact_span(entry, cells)
            if span:
                trail = DurationTrail(exact_span=span)
        duration = entry.get("duration")
        if isinstance(duration, Decimal):
            at = plan.fields.get("duration")
            from_cell = at is not None and cell(cells, at) is not None
            check_length(plan, self.decisions, self.report, row, duration, from_cell)
        if self.increment is not None and isinstance(duration, Decimal):
            rounded = round_seconds(duration, self.increment, self.rounding)
            if rounded != duration:
                self.notes.rounded(rounded - duration)
                trail = replace(trail, rounded=rounded - duration)
                entry["duration"] = rounded
        if entry.get("duration") == 0:
            rounded_away = duration != 0
            self.report.add(zero_duration(row, plan.source_name("duration"), show(duration),
                                          rounded_away))
        agree_amount(plan, self.report, self.writes, row, entry, duration, failed, own_rate)
        if self.watch is not None:
            self.watch(row, entry)
        return entry, failed, trail

    def _start_in_date(self, entry: dict[str, object], failed: set[str],
                       cells: Sequence[object]) -> None:
        """A date cell with a time of day ("2026-11-02 13:30") gives the entry's start when the
        row has no start of its own: the time is the source's, not stacked."""
        if "date" not in entry or "start" in entry or "start" in failed:
            return
        if "start" not in self.plan.used_fields and not with_offset(
                cell(cells, self.plan.fields["date"])):
            return  # a date with an offset is read whole: its date is the zone's own
        try:
            moment = moment_in_date(cell(cells, self.plan.fields["date"]),
                                    self.decisions.date_orders.get("date"))
        except ConversionError:  # the date was read; its time part is then never unreadable
            return
        if moment is not None:
            entry["start"] = moment

    def _compose(self, pattern: str, cells: Sequence[object]) -> str:
        """A field built from several columns ("{first_name} {last_name}"); empty parts vanish."""
        def part(match: re.Match[str]) -> str:
            name = match.group(1)
            index = self.plan.parts.get(name, self.plan.fields.get(name))
            raw = None if index is None else cell(cells, index)
            return "" if raw is None else as_text(raw).strip()
        lines = (" ".join(line.split()) for line in PLACEHOLDER.sub(part, pattern).split("\n"))
        return "\n".join(line for line in lines if line)

    def _fill_from(self, row: int, table: LookupTable, used: tuple[str, ...],
                   entry: dict[str, object], failed: set[str]) -> None:
        """Fill the entry's empty fields that `table` holds (`used`: those the plan uses), from
        the row of its key."""
        wanted = [f for f in used if f not in entry]
        if not wanted or any(k in failed for k in table.keys) or entry.get(
                table.keys[-1]) is None:
            return
        column = self.plan.source_name(table.keys[-1])
        try:
            found = table.find(entry)
        except LookupError as exc:
            self.report.add(Problem(row, column, "error", "unknown-lookup",
                                    f"{exc}; add the {table.keys[0]} to the row or the table",
                                    table.key_text(entry)))
            failed.update(wanted)
            return
        if found is None:
            self.report.add(Problem(
                row, column, "error", "unknown-lookup",
                f"{table.key_text(entry)!r} is not in the {table.name} table ({table.where});"
                f" add a row for it there", table.key_text(entry)))
            failed.update(wanted)
            return
        for name in wanted:
            if name in found:
                self.filled[name] = table
                try:
                    entry[name] = self._parse(name, found[name], from_table=True)
                except ConversionError as exc:
                    failed.add(name)
                    self.report.add(Problem(row, column, "error", exc.code,
                                            f"{table.name} table ({table.where}), {name}:"
                                            f" {exc.message}", found[name]))

    def _parse(self, name: str, raw: object, from_table: bool = False) -> object:
        kind = FIELDS[name][0]
        decisions = self.decisions
        if kind == "date":
            return parse_date(raw, self.decisions.date_orders.get(name))
        if kind == "time":
            if name == "end" and isinstance(raw, str) and END_OF_DAY.fullmatch(raw.strip()):
                return DAY_END
            if has_date_part(raw):
                return parse_datetime(raw, self.decisions.date_orders.get(name))
            return parse_time(raw)
        if kind == "duration":
            return parse_duration(raw, decisions.decimal_seps.get(name, "."), decisions.bare_unit)
        if kind == "number":
            return parse_number(raw, None if from_table else decisions.decimal_seps.get(name))
        if kind == "boolean":
            return parse_bool(raw)
        return as_text(raw)

    def _with_order_fix(self, exc: ConversionError) -> str:
        """A date that fits both orders: the message names the option (or Excel's settings
        row) that says which."""
        choices = fixes.render_choices(fixes.date_orders(), self.plan.options.channel)
        return exc.message.replace(ORDER_UNKNOWN_FIX, f"say which with {choices}")
