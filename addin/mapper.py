"""The mapping engine: source rows in, template rows out, plus a report of every problem.

It streams. `plan_mapping` looks at the header; `scan` reads the rows once to decide, per column,
the day/month order of dates and the decimal separator (a column is read one way, never cell by
cell); `convert` reads them again and yields output rows one at a time. Memory holds the report,
the stacking state (one time per person and day) and the keys of `unique` templates, nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from addin.canonical import FIELDS
from addin.convert.booleans import parse_bool
from addin.convert.dates import DateOrderVote, parse_date, parse_datetime, parse_time
from addin.convert.durations import parse_duration
from addin.convert.exact import exact_decimal
from addin.convert.numbers import DecimalSepVote, parse_number
from addin.convert.text import normalize_header
from addin.problems import ConversionError, Problem, Report
from addin.profiles import ProfileChoice, choose_profile
from addin.render import guard_formula, render
from addin.template import Column, Template

# What each derived value needs from the entry.
DERIVE_NEEDS = {
    "start": ("start", "end", "duration", "date", "timekeeper"),
    "end": ("start", "end", "duration", "date", "timekeeper"),
    "amount": ("duration", "rate", "amount", "start", "end"),
    "hours": ("duration", "start", "end"),
}
NUMBER_LIKE = re.compile(r"^[\s(+-]*[$€£¥]?\s*\d[\d\s.,'\u00a0\u202f]*\s*[)]?\s*[A-Za-z$€£¥]*\s*$")
DAY = Decimal(86400)


@dataclass(frozen=True)
class MapOptions:
    settings: dict[str, str] = field(default_factory=dict)
    lookups: dict[str, dict[str, str]] = field(default_factory=dict)  # table -> casefold name -> id
    profile: str | None = None
    date_order: str | None = None  # "DMY" / "MDY" from --dayfirst / --monthfirst
    # How messages tell the user to supply a value: command-line options, or the workbook's
    # settings and lookup sheets.
    channel: str = "cli"

    def how_to_set(self, key: str) -> str:
        if self.channel == "excel":
            return f"a row '{key}' on the sheet 'Import Mapper settings'"
        return f"--set {key}=VALUE"

    def how_to_lookup(self, table: str) -> str:
        if self.channel == "excel":
            return f"a sheet 'Lookup {table}'"
        return f"--lookup {table}=FILE.csv"


@dataclass(frozen=True)
class MappedRow:
    row: int  # source row as the user sees it (header = 1)
    values: list[str]  # output text per template column
    typed: list[object]  # the value before formatting (date, time, Decimal, bool, str) or None


@dataclass
class Plan:
    template: Template
    header: list[str]
    choice: ProfileChoice
    options: MapOptions
    fields: dict[str, int]  # canonical field -> source column index
    passthrough: dict[str, int]  # template column name -> source column index
    used_fields: set[str]
    header_row: int = 1
    date_orders: dict[str, str | None] = field(default_factory=dict)
    decimal_seps: dict[str, str | None] = field(default_factory=dict)
    file_problems: list[Problem] = field(default_factory=list)

    def source_name(self, field_name: str) -> str:
        index = self.fields.get(field_name)
        return self.header[index] if index is not None else field_name

    def describe(self) -> list[tuple[str, str]]:
        """(output column, where its value comes from in this file), for dry runs."""
        lines = []
        for col in self.template.columns:
            parts = []
            if col.constant is not None:
                parts.append(f"constant {col.constant!r}")
            if col.derive:
                parts.append(f"derived ({col.derive})")
            parts += [f"{self.source_name(s)!r}" for s in col.source if s in self.fields]
            if col.column is not None and col.name in self.passthrough:
                parts.append(f"{col.column!r}")
            if col.lookup and col.lookup.key in self.fields:
                state = "" if col.lookup.table in self.options.lookups else " (table not given)"
                parts.append(f"lookup {col.lookup.table}[{self.source_name(col.lookup.key)!r}]"
                             + state)
            if col.setting and self.setting_value(col.setting) is not None:
                parts.append(f"--set {col.setting}={self.setting_value(col.setting)!r}")
            if col.default is not None:
                parts.append(f"default {col.default!r}")
            lines.append((col.name, " else ".join(parts) if parts else "(nothing: empty)"))
        return lines

    def setting_value(self, key: str) -> str | None:
        """The user's --set value for `key`, else the template's default."""
        if key in self.options.settings:
            return self.options.settings[key]
        spec = self.template.settings.get(key)
        return spec.default if spec else None


def plan_mapping(template: Template, header: Sequence[object], options: MapOptions,
                 header_row: int = 1) -> Plan:
    """Match the header to canonical fields and the template; report file-level problems."""
    names = ["" if h is None else str(h) for h in header]
    choice = choose_profile(names, options.profile)
    passthrough: dict[str, int] = {}
    keys = [normalize_header(n) for n in names]
    for col in template.columns:
        if col.column is not None and normalize_header(col.column) in keys:
            passthrough[col.name] = keys.index(normalize_header(col.column))
    used = _used_fields(template)
    plan = Plan(template, names, choice, options, dict(choice.claimed), passthrough, used,
                header_row)
    claimed = set(choice.claimed.values()) | set(passthrough.values())
    for index, name in enumerate(names):
        if index not in claimed and name.strip():
            plan.file_problems.append(Problem(
                None, name, "warning", "unclaimed-column",
                f"column {name!r} is not used: no field of profile {choice.profile.id} and no "
                f"column of {template.id} reads it. Rename it, or choose another --profile"))
    for col in template.columns:
        if col.required and not _can_fill(plan, col):
            plan.file_problems.append(Problem(
                None, col.name, "error", "missing-column", _missing_column_message(plan, col)))
    return plan


def _used_fields(template: Template) -> set[str]:
    used: set[str] = set()
    for col in template.columns:
        used.update(col.source)
        if col.lookup:
            used.add(col.lookup.key)
        if col.derive:
            used.update(DERIVE_NEEDS[col.derive])
    return used


def _can_fill(plan: Plan, col: Column) -> bool:
    if col.constant is not None or col.default is not None or col.name in plan.passthrough:
        return True
    if col.setting and plan.setting_value(col.setting) is not None:
        return True
    if any(s in plan.fields for s in col.source):
        return True
    if col.lookup and col.lookup.key in plan.fields and col.lookup.table in plan.options.lookups:
        return True
    if col.derive in ("start", "end"):
        return "duration" in plan.fields or {"start", "end"} <= plan.fields.keys()
    if col.derive == "amount":
        return "rate" in plan.fields and ("duration" in plan.fields or "amount" in plan.fields)
    if col.derive == "hours":
        return "duration" in plan.fields
    return False


def _missing_column_message(plan: Plan, col: Column) -> str:
    target = plan.template.target
    wanted = ", ".join(FIELDS[s][1].lower() for s in col.source) or col.derive or "a value"
    fixes = []
    if col.setting:
        fixes.append(f"{plan.options.how_to_set(col.setting)} for the whole file")
    if col.lookup:
        key = col.lookup.key
        names = (f"the {plan.source_name(key)!r} column" if key in plan.fields else
                 FIELDS[key][1].lower())
        fixes.append(f"{plan.options.how_to_lookup(col.lookup.table)} (from {names} to"
                     f" {col.name})")
    fixes.append("add the column to the source")
    return (f"{target} needs {col.name} on every row, and the source has no column for "
            f"{wanted}. Supply it: {'; or '.join(fixes)}")


def scan(plan: Plan, rows: Iterable[Sequence[object]]) -> None:
    """Decide each date column's day/month order and each number column's decimal separator."""
    wanted = plan.fields.keys() & plan.used_fields
    date_votes: dict[str, DateOrderVote] = {
        f: DateOrderVote() for f in ("date", "start", "end") if f in wanted}
    sep_votes: dict[str, DecimalSepVote] = {
        f: DecimalSepVote() for f in ("duration", "rate", "amount") if f in wanted}
    for cells in rows:
        for name, vote in date_votes.items():
            value = _cell(cells, plan.fields[name])
            if value is not None and (name == "date" or _has_date_part(value)):
                vote.add(value)
        for name, sep_vote in sep_votes.items():
            value = _cell(cells, plan.fields[name])
            if isinstance(value, str) and NUMBER_LIKE.match(value):
                sep_vote.add(value)
    explicit = plan.options.date_order
    default = explicit or plan.choice.profile.date_order
    for date_field, vote in date_votes.items():
        plan.date_orders[date_field] = _decide_order(plan, date_field, vote, explicit,
                                                     default)
    for number_field, sep_vote in sep_votes.items():
        plan.decimal_seps[number_field] = sep_vote.decision
        if sep_vote.conflict:
            plan.file_problems.append(Problem(
                None, plan.source_name(number_field), "warning", "ambiguous-number",
                f"{plan.source_name(number_field)!r} mixes decimal points and decimal commas;"
                " each value is read by its own separator and values like 1,234 are reported"))


def _decide_order(plan: Plan, name: str, vote: DateOrderVote, explicit: str | None,
                  default: str | None) -> str | None:
    """One order for the whole column: from the values, else the option or profile, else error."""
    source = plan.source_name(name)
    order, reason = vote.decide(default)
    if vote.day_first and vote.month_first:
        plan.file_problems.append(Problem(None, source, "error", "ambiguous-date", reason))
        return None
    evidence = "DMY" if vote.day_first else "MDY" if vote.month_first else None
    if evidence is not None:
        if explicit and explicit != evidence:
            plan.file_problems.append(Problem(
                None, source, "error", "ambiguous-date",
                f"you asked for {_order_words(explicit)} dates, but {source!r} holds values that"
                f" can only be {_order_words(evidence)}: {reason}. Drop the option or fix the"
                " file"))
            return None
        return evidence
    if not vote.either:
        return order or "DMY"  # no value reads differently in either order
    if order is None:
        plan.file_problems.append(Problem(
            None, source, "error", "ambiguous-date",
            f"{reason}. Say how to read {source!r} with --dayfirst or --monthfirst"))
        return None
    plan.file_problems.append(Problem(None, source, "warning", "date-order", reason))
    return order


def _has_date_part(value: object) -> bool:
    if isinstance(value, dt.datetime | dt.date):
        return True
    return isinstance(value, str) and bool(re.search(r"\d[/.-]\d", value))


def _order_words(order: str) -> str:
    return "day-first" if order == "DMY" else "month-first"


def _cell(cells: Sequence[object], index: int) -> object:
    value = cells[index] if index < len(cells) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


class Converter:
    """Converts rows one at a time; holds the stacking state and the report."""

    def __init__(self, plan: Plan, report: Report) -> None:
        self.plan = plan
        self.report = report
        self.next_start: dict[tuple[str, dt.date | None], Decimal] = {}
        self.seen: set[tuple[str, ...]] = set()
        self.day_start = self._day_start()
        self.stacks = any(c.derive in ("start", "end") for c in plan.template.columns)
        # Columns already reported once for the whole file are not reported again per row.
        self.reported_columns = {p.column for p in plan.file_problems if p.code == "missing-column"}

    def _day_start(self) -> Decimal:
        text = self.plan.setting_value("day_start") or "09:00"
        try:
            t = parse_time(text)
        except ConversionError:
            self.report.add(Problem(None, "day_start", "error", "bad-time",
                                    f"--set day_start={text!r} is not a time; write e.g. 08:30"))
            return Decimal(9 * 3600)
        return Decimal(t.hour * 3600 + t.minute * 60 + t.second)

    def convert(self, row: int, cells: Sequence[object]) -> MappedRow | None:
        entry, failed = self._entry(row, cells)
        # Stacking advances once per row, before the columns that show its start and end.
        start = self._start(entry, failed) if self.stacks else None
        values: list[str] = []
        typed: list[object] = []
        for col in self.plan.template.columns:
            value = self._value(row, col, entry, failed, cells, start)
            text = ""
            if value is not None:
                try:
                    text = render(col, value)
                except ConversionError as exc:
                    self.report.add(Problem(row, col.name, "error", exc.code, exc.message,
                                            _show(value)))
                    value = None
            if value is None and col.required and not (self._depends(col) & failed) and (
                    col.name not in self.reported_columns):
                self.report.add(Problem(row, col.name, "error", "missing-required",
                                        self._required_message(col)))
            shown = text
            text, formula_note = guard_formula(self.plan.template.formula_policy, col, text)
            if formula_note:
                self.report.add(Problem(row, col.name, "warning", "formula-like", formula_note,
                                        shown))
            values.append(text)
            typed.append(value)
        if self.plan.template.unique:
            key = tuple(values[self.plan.template.header.index(n)] for n in
                        self.plan.template.unique)
            if key in self.seen:
                return None
            self.seen.add(key)
        return MappedRow(row, values, typed)

    def _depends(self, col: Column) -> set[str]:
        needs = set(col.source)
        if col.derive:
            needs.update(DERIVE_NEEDS[col.derive])
        if col.lookup:
            needs.add(col.lookup.key)
        return needs

    def _required_message(self, col: Column) -> str:
        feeders = [self.plan.source_name(s) for s in col.source if s in self.plan.fields]
        where = f"the {' / '.join(repr(f) for f in feeders)} cell is empty" if feeders else (
            "nothing in this row fills it")
        fix = "Fill it in the source"
        if col.setting:
            fix += f", or give {self.plan.options.how_to_set(col.setting)}"
        return f"{self.plan.template.target} needs {col.name}; {where}. {fix}"

    # --- the canonical entry -------------------------------------------------------------
    def _entry(self, row: int, cells: Sequence[object]) -> tuple[dict[str, object], set[str]]:
        entry: dict[str, object] = {}
        failed: set[str] = set()
        plan = self.plan
        for name, index in plan.fields.items():
            if name not in plan.used_fields:
                continue
            raw = _cell(cells, index)
            if raw is None:
                continue
            try:
                entry[name] = self._parse(name, raw)
            except ConversionError as exc:
                failed.add(name)
                self.report.add(Problem(row, plan.header[index], "error", exc.code, exc.message,
                                        _show(raw)))
        if "duration" not in entry and "duration" not in failed:
            self._duration_from_times(row, entry, failed)
        return entry, failed

    def _parse(self, name: str, raw: object) -> object:
        kind = FIELDS[name][0]
        plan = self.plan
        if kind == "date":
            return parse_date(raw, plan.date_orders.get(name))
        if kind == "time":
            if _has_date_part(raw):
                return parse_datetime(raw, plan.date_orders.get(name))
            return parse_time(raw)
        if kind == "duration":
            return parse_duration(raw, plan.decimal_seps.get(name, "."),
                                  plan.choice.profile.duration_unit)
        if kind == "number":
            return parse_number(raw, plan.decimal_seps.get(name))
        if kind == "boolean":
            return parse_bool(raw)
        return _text(raw)

    def _duration_from_times(self, row: int, entry: dict[str, object], failed: set[str]) -> None:
        start, end = entry.get("start"), entry.get("end")
        if start is None or end is None:
            return
        seconds = _seconds_of_day(end) - _seconds_of_day(start)
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            seconds = Decimal(int((end - start).total_seconds()))
        if seconds < 0:
            failed.add("duration")
            self.report.add(Problem(row, self.plan.source_name("end"), "error", "bad-duration",
                                    "ends before it starts; fix the start or end time",
                                    _show(entry.get("end"))))
            return
        entry["duration"] = seconds

    # --- one output column -----------------------------------------------------------------
    def _value(self, row: int, col: Column, entry: dict[str, object], failed: set[str],
               cells: Sequence[object], start: Decimal | None) -> object:
        if col.constant is not None:
            return self._from_text(col, col.constant)
        value: object = None
        if col.derive:
            value = self._derive(row, col.derive, entry, start)
        for name in col.source:
            if value is None:
                value = entry.get(name)
        if value is None and col.name in self.plan.passthrough:
            raw = _cell(cells, self.plan.passthrough[col.name])
            value = None if raw is None else self._from_text(col, raw, row)
        if value is None and col.lookup is not None:
            value = self._lookup(row, col, entry)
        if value is None and col.setting:
            setting = self.plan.setting_value(col.setting)
            if setting is not None and setting != "":
                value = self._from_text(col, setting, row)
        if value is None and col.default is not None:
            value = self._from_text(col, col.default, row)
        return value

    def _lookup(self, row: int, col: Column, entry: dict[str, object]) -> object:
        assert col.lookup is not None
        table = self.plan.options.lookups.get(col.lookup.table)
        key = entry.get(col.lookup.key)
        if table is None or key is None:
            return None
        found = table.get(str(key).strip().casefold())
        if found is None:
            self.report.add(Problem(
                row, col.name, "error", "unknown-lookup",
                f"{key!r} is not in the {col.lookup.table} lookup table; add it to the table",
                str(key)))
        return found

    def _from_text(self, col: Column, raw: object, row: int | None = None) -> object:
        """A value given as text (constant, setting, default, pass-through) in the column's type."""
        if col.type == "date":
            return parse_date(raw, self.plan.date_orders.get("date"))
        if col.type == "time":
            return parse_time(raw)
        if col.type == "datetime":
            return parse_datetime(raw, self.plan.date_orders.get("date"))
        if col.type == "duration":
            return parse_duration(raw, ".", self.plan.choice.profile.duration_unit)
        if col.type in ("number", "money"):
            return parse_number(raw, None)
        if col.type == "boolean":
            return parse_bool(raw)
        return _text(raw)

    def _derive(self, row: int, how: str, entry: dict[str, object],
                start: Decimal | None) -> object:
        duration = entry.get("duration")
        if how == "hours":
            return None if duration is None else duration
        if how == "amount":
            rate = entry.get("rate")
            if entry.get("amount") is not None:
                return entry["amount"]
            if isinstance(duration, Decimal) and isinstance(rate, Decimal):
                # Exact: 1200 s at 350/h is 116.66..., which Decimal division would cut off.
                amount = Fraction(duration) * Fraction(rate) / 3600
                decimal = exact_decimal(amount)
                return amount if decimal is None else decimal
            return None
        if start is None:
            return None
        if start >= DAY:
            if how == "start":
                self._overflow(row, entry)
            return None
        if how == "start":
            return _time_of(start)
        if entry.get("end") is not None:
            return _time_of(_seconds_of_day(entry["end"]))
        if not isinstance(duration, Decimal):
            return None
        end = start + duration
        if end > DAY or (end == DAY and entry.get("start") is None):
            self._overflow(row, entry)
            return None
        return _time_of(end % DAY)

    def _overflow(self, row: int, entry: dict[str, object]) -> None:
        self.report.add(Problem(
            row, self.plan.source_name("duration"), "error", "day-overflow",
            "this entry would end after midnight; set an earlier day start with"
            f" {self.plan.options.how_to_set('day_start')}, or give the entry a start time",
            _show(entry.get("duration"))))

    def _start(self, entry: dict[str, object], failed: set[str]) -> Decimal | None:
        """The entry's own start, else stacked: the day's first entry at day_start, then onwards."""
        if entry.get("start") is not None:
            return _seconds_of_day(entry["start"])
        duration = entry.get("duration")
        if not isinstance(duration, Decimal) or failed & {"date", "timekeeper"}:
            return None
        date = entry.get("date")
        key = (str(entry.get("timekeeper") or ""), date if isinstance(date, dt.date) else None)
        start = self.next_start.get(key, self.day_start)
        self.next_start[key] = start + duration
        return start


def _seconds_of_day(value: object) -> Decimal:
    if isinstance(value, dt.datetime):
        value = value.time()
    assert isinstance(value, dt.time)
    return Decimal(value.hour * 3600 + value.minute * 60 + value.second) + Decimal(
        value.microsecond) / Decimal(1_000_000)


def _time_of(seconds: Decimal) -> dt.time:
    whole = int(seconds)
    micro = int((seconds - whole) * 1_000_000)
    return dt.time(whole // 3600, whole % 3600 // 60, whole % 60, micro)


def _text(raw: object) -> str:
    """Source text as written; numbers from spreadsheet cells without a spurious '.0'."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw)


def _show(value: object) -> str:
    return "" if value is None else _text(value)


def convert(plan: Plan, rows: Iterable[tuple[int, Sequence[object]]],
            report: Report) -> Iterator[MappedRow]:
    """Yield output rows in order; every problem goes to `report`."""
    report.extend(plan.file_problems)
    converter = Converter(plan, report)
    for row, cells in rows:
        mapped = converter.convert(row, cells)
        if mapped is not None:
            yield mapped
