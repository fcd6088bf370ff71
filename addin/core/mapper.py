"""The mapping engine: source rows in, template rows out, plus a report of every problem.

It streams. `plan_mapping` looks at the header; `scan` reads the rows once to decide, per column,
the day/month order of dates and the decimal separator (a column is read one way, never cell by
cell); `convert` reads them again and yields output rows one at a time. Memory holds the report,
the stacking state (one time per person and day) and the keys of `unique` templates, nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from functools import partial

from addin.convert.booleans import parse_bool
from addin.convert.dates import (
    ORDER_UNKNOWN_FIX,
    DateOrderVote,
    is_com_time,
    moment_in_date,
    parse_date,
    parse_datetime,
    parse_time,
)
from addin.convert.durations import parse_duration, round_seconds
from addin.convert.exact import exact_decimal, show_exact
from addin.convert.numbers import DecimalSepVote, parse_number
from addin.convert.render import date_format
from addin.convert.text import normalize_header
from addin.core import fixes
from addin.core.canonical import FIELDS, LOOKUP_ALIASES, LOOKUP_TABLES, NAME_FIELDS
from addin.core.column_checks import SOURCE_FIX, ColumnChecks
from addin.core.duration_unit import UnitVote, header_unit
from addin.core.duration_unit import decide as decide_unit
from addin.core.lookups import LookupTable, name_key
from addin.core.problems import ConversionError, Problem, Report
from addin.core.profiles import ProfileChoice, choose_profile
from addin.core.rowkinds import RowKinds
from addin.core.template import PLACEHOLDER, Column, Dialect, Template
from addin.core.timezones import to_utc, zone
from addin.core.units import (
    ROUNDING_MODES,
    UNIT_SECONDS,
    UNIT_SETTINGS,
    UnitlessError,
    increment_seconds,
    unit_named,
)

# What each derived value needs from the entry.
TIMES = ("start", "end", "end_date", "duration", "date")
DERIVE_NEEDS = {
    "start": (*TIMES, "timekeeper", "user_name"),
    "end": (*TIMES, "timekeeper", "user_name"),
    "amount": ("duration", "rate", "amount", "fixed_rate", "start", "end", "end_date", "date"),
    "fee": ("duration", "rate", "start", "end", "end_date", "date"),
    "hours": ("duration", "start", "end", "end_date", "date"),
    "line_number": (),
    "invoice_number": (),
    "invoice_total": ("duration", "rate", "amount", "fixed_rate", "start", "end", "end_date",
                      "date"),
    "period_start": ("date",),
    "period_end": ("date",),
}
TOTALS_DERIVES = ("invoice_total", "period_start", "period_end", "invoice_number")
NUMBER_LIKE = re.compile(r"^[\s(+-]*[$€£¥]?\s*\d[\d\s.,'\u00a0\u202f]*\s*[)]?\s*[A-Za-z$€£¥]*\s*$")
DAY = Decimal(86400)
# Where a value that does not fit its column is corrected, by where it came from.
TEMPLATE_FIX = "correct the template"
# Fields a target may accept that change what is billed: read but not written, each is named.
CARRIED = ("billable", "non_billable", "tags", "fixed_rate")
ZERO = re.compile(r"^\s*[0.,]+\s*$")
_NUMERIC_ONLY = re.compile(r"^[\d.,]+$")
# An end before its start is read as the next day when the entry then lasts at most this long
# (a late evening's work), or as long as the row's own duration says; otherwise it is an error.
OVERNIGHT_LIMIT = Decimal(12 * 3600)
# Dates of one column further apart than this are worth a second look (a mistyped year).
DATE_SPAN_YEARS = 10
FORMAT_EXAMPLES = {"date": "DD/MM/YYYY", "time": "HH:mm", "datetime": "YYYY-MM-DD HH:mm"}


@dataclass(frozen=True)
class MapOptions:
    settings: dict[str, str] = field(default_factory=dict)
    lookups: dict[str, LookupTable] = field(default_factory=dict)  # people, clients, matters
    profile: str | None = None
    date_order: str | None = None  # "DMY" / "MDY" from --dayfirst / --monthfirst
    # How messages tell the user to supply a value: command-line options, or the workbook's
    # settings and lookup sheets (addin/core/fixes.py renders both).
    channel: str = "cli"

    def how_to(self, fix: fixes.Fix) -> str:
        """The fix in the words of this run's shell: an option, or a settings-sheet row."""
        return fix.render(self.channel)

    def how_to_set(self, key: str, value: str = "VALUE") -> str:
        return self.how_to(fixes.setting(key, value))

    def how_to_set_to(self, key: str, *values: str) -> str:
        """The setting with the value (or one of the values) to give it, in the shell's words."""
        return fixes.render_choices([fixes.setting(key, v) for v in values], self.channel)

    def how_to_lookup(self, table: str) -> str:
        return self.how_to(fixes.lookup(table))

    def how_to_split(self, rows: int) -> str:
        most = f"at most {rows:,} row{'s' if rows != 1 else ''} each"
        if self.channel == "excel":
            return f"Save the rows in several files of {most}"
        return f"Add --split-every {rows} to write numbered files of {most}"

    def how_to_take_column(self, reader: tuple[str, str] | None) -> str:
        """What to do about a column nothing reads (`reader`: a profile that would read it)."""
        if reader:
            return f"To read it, choose {self.how_to(fixes.profile(reader[0]))}"
        return f"Rename it, or choose another profile with {self.how_to(fixes.profile())}"

    def tables_with(self, field_name: str) -> list[LookupTable]:
        return [t for t in self.lookups.values() if field_name in t.fields]


@dataclass(frozen=True)
class DurationTrail:
    """How the engine's duration differs from the row's duration cell, each change one the user
    is told about; the accounting checks the written hours against the cell and these."""
    derived: Decimal | None = None  # seconds from start to end, when the row has no duration cell
    exact_span: Decimal = Decimal(0)  # seconds added: a rounded duration replaced by its exact span
    rounded: Decimal = Decimal(0)  # seconds added by rounding to the increment the user set


@dataclass(frozen=True)
class MappedRow:
    row: int  # source row as the user sees it (header = 1)
    values: list[str]  # output text per template column
    typed: list[object]  # the value before formatting (date, time, Decimal, bool, str) or None
    trail: DurationTrail = DurationTrail()


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
    parts: dict[str, int] = field(default_factory=dict)  # profile part -> source column index
    composed: dict[str, str] = field(default_factory=dict)  # field -> pattern, when no column
    # CARRIED fields the source has and the template writes nowhere: field -> column index
    dropped: dict[str, int] = field(default_factory=dict)
    # The unit of the duration column's bare numbers, decided from the whole column (scan);
    # None before that: the profile's documented unit.
    duration_unit: str | None = None
    duration_refused: bool = False  # no unit could be decided: an error for the file
    notes: list[str] = field(default_factory=list)  # decisions the user is told about
    # Per invoice (key: the values of the template's invoice_by fields), when a column needs
    # whole-invoice values: total, period, number.
    totals: dict[tuple[str, ...], Totals] | None = None
    # A CSV source's separator, by which a row with more cells than the header is told a split
    # row; None for a spreadsheet.
    delimiter: str | None = None

    @property
    def bare_unit(self) -> str:
        """The unit of a duration written as a bare number (8, 1.5) in this file."""
        return self.duration_unit or self.choice.profile.duration_unit

    @property
    def needs_totals(self) -> bool:
        return any(c.derive in TOTALS_DERIVES for c in self.template.columns)

    def has_field(self, name: str) -> bool:
        """Whether rows can have this field: a column, a composition or a given lookup table."""
        return (name in self.fields or name in self.composed
                or any(self.keyed(t) for t in self.options.tables_with(name)))

    def keyed(self, table: LookupTable) -> bool:
        """Whether rows have the field `table` finds its rows by (a people table: the
        timekeeper), from a column or from another table keyed by one."""
        def direct(key: str) -> bool:
            return key in self.fields or key in self.composed
        key = table.keys[-1]
        return direct(key) or any(key in t.fields and direct(t.keys[-1])
                                  for t in self.options.lookups.values() if t is not table)

    def available(self, name: str) -> bool:
        """Whether rows can have this field, counting what each row derives from others: the
        date from a start that holds one ("2026-11-02 09:00"), the duration from start and end.
        A row whose start turns out to hold no date is reported on its own."""
        if self.has_field(name):
            return True
        if name == "date":
            return self.has_field("start")
        if name == "billable":
            return self.has_field("non_billable")
        return name == "duration" and self.has_field("start") and self.has_field("end")

    def source_name(self, field_name: str) -> str:
        index = self.fields.get(field_name)
        return self.header[index] if index is not None else field_name

    def read_columns(self) -> set[int]:
        """The source columns a field, a part or a passed-through column reads."""
        return set(self.fields.values()) | set(self.passthrough.values()) | set(
            self.parts.values())

    def describe(self) -> list[tuple[str, str]]:
        """(output column, where its value comes from in this file), for dry runs."""
        lines = []
        for col in self.template.columns:
            parts = []
            if col.constant is not None:
                parts.append(f"constant {col.constant!r}")
            if col.derive:
                parts.append(f"derived ({col.derive})")
            for name in col.source:
                if name in self.fields:
                    parts.append(f"{self.source_name(name)!r}")
                elif name in self.composed:
                    parts.append(f"{self.composed[name]!r}")
                parts += [f"{t.name} table ({t.where})" for t in self.options.tables_with(name)
                          if name not in self.fields]
            if col.column is not None and col.name in self.passthrough:
                parts.append(f"{col.column!r}")
            if col.override and col.override in self.options.settings:
                parts.insert(0, f"--set {col.override}={self.options.settings[col.override]!r}")
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
    problems: list[Problem] = []
    template = _with_chosen_formats(template, options, problems)
    passthrough: dict[str, int] = {}
    keys = [normalize_header(n) for n in names]
    for col in template.columns:
        if col.column is not None and normalize_header(col.column) in keys:
            passthrough[col.name] = keys.index(normalize_header(col.column))
    used = _used_fields(template, options)
    plan = Plan(template, names, choice, options, dict(choice.claimed), passthrough, used,
                header_row, file_problems=problems)
    profile = choice.profile
    plan.parts = profile.claim_parts(names, set(choice.claimed.values()))
    readable = set(plan.fields) | set(plan.parts)
    for name, pattern in profile.compose.items():
        refs = PLACEHOLDER.findall(pattern)
        if name not in plan.fields and any(r in readable for r in refs):
            plan.composed[name] = pattern
    claimed = plan.read_columns()
    for index, name in enumerate(names):
        if index in claimed or not name.strip() or index in choice.ignored:
            continue
        other = choice.swallowed.get(index)
        why = (f"profile {profile.id} leaves it out, though profile {other[0]} reads it as"
               f" {other[1]}" if other else f"no field of profile {profile.id} and no column of"
               f" {template.id} reads it")
        plan.file_problems.append(Problem(
            None, name, "warning", "unclaimed-column",
            f"column {name!r} is not used: {why}. {options.how_to_take_column(other)}"))
    plan.dropped = {f: plan.fields[f] for f in CARRIED if f in plan.fields and f not in used}
    for col in template.columns:
        if col.required and not _can_fill(plan, col):
            plan.file_problems.append(Problem(
                None, col.name, "error", "missing-column", _missing_column_message(plan, col)))
    _check_settings(plan)
    return plan


def _with_chosen_formats(template: Template, options: MapOptions,
                         problems: list[Problem]) -> Template:
    """The template with formats the user chose (a Clockify profile's date format, say)."""
    columns = []
    for col in template.columns:
        key = col.format_setting
        chosen = options.settings.get(key) if key else None
        if key and chosen:
            try:
                chosen_format = date_format(chosen)
                if (chosen_format.has_date, chosen_format.has_time) != (
                        col.type != "time", col.type != "date"):
                    raise ValueError(f"{col.name} is a {col.type} column; write a {col.type}"
                                     f" format such as {FORMAT_EXAMPLES[col.type]}")
                col = replace(col, format=chosen)
            except ValueError as exc:
                problems.append(Problem(None, key, "error", "bad-setting",
                                        f"{key} {chosen!r}: {exc}; give another with"
                                        f" {options.how_to_set(key)}", chosen))
        columns.append(col)
    return replace(template, columns=tuple(columns))


def _check_settings(plan: Plan) -> None:
    """Settings the file as a whole needs: those named in the preamble, the time zone for UTC."""
    wanted = {ref for line in plan.template.dialect.preamble for ref in PLACEHOLDER.findall(line)}
    if any(c.utc for c in plan.template.columns):
        wanted.add("timezone")
    for key in sorted(wanted):
        value = plan.setting_value(key)
        if not value:
            spec = plan.template.settings.get(key)
            plan.file_problems.append(Problem(
                None, key, "error", "bad-setting",
                f"{plan.template.target} needs {key}"
                f"{f' ({spec.description})' if spec and spec.description else ''}; give "
                f"{plan.options.how_to_set(key)}"))
        elif key == "timezone":
            try:
                zone(value)
            except ValueError as exc:
                plan.file_problems.append(Problem(
                    None, key, "error", "bad-setting",
                    f"{exc}; give {plan.options.how_to_set(key, 'Europe/Berlin')}", value))
        elif why := _unfit_for_preamble(value, plan.template.dialect):
            plan.file_problems.append(Problem(
                None, key, "error", "bad-setting",
                f"{key} {value!r} {why}, and the file's first lines hold it as it is; give"
                f" another value with {plan.options.how_to_set(key)}", value))


def _unfit_for_preamble(value: str, dialect: Dialect) -> str | None:
    """Why a setting cannot stand in a preamble line (never quoted), or None."""
    if "\r" in value or "\n" in value:
        return "holds a line break"
    if dialect.delimiter in value:
        return f"holds the delimiter {dialect.delimiter!r}"
    try:
        value.encode(dialect.encoding)
    except UnicodeEncodeError as exc:
        return f"holds {value[exc.start:exc.end]!r}, which {dialect.encoding} cannot hold"
    return None


def preamble_lines(template: Template, settings: dict[str, str]) -> list[str]:
    """The template's fixed lines before the header, with the user's settings filled in.

    A value that cannot be written there is already a bad-setting error; it is left out, so a
    forced file is still well-formed."""
    def value(match: re.Match[str]) -> str:
        spec = template.settings.get(match.group(1))
        text = settings.get(match.group(1)) or (spec.default if spec and spec.default else "")
        return "" if _unfit_for_preamble(text, template.dialect) else text
    return [PLACEHOLDER.sub(value, line) for line in template.dialect.preamble]


def _used_fields(template: Template, options: MapOptions) -> set[str]:
    used: set[str] = set()
    for col in template.columns:
        used.update(col.source)
        used.update(PLACEHOLDER.findall(col.compose or ""))
        if col.derive:
            used.update(DERIVE_NEEDS[col.derive])
    if "billable" in used:
        used.add("non_billable")  # read as billable the other way
    for table in options.lookups.values():
        if used & set(table.fields):
            used.update(LOOKUP_TABLES[table.name])
    return used


def _can_fill(plan: Plan, col: Column) -> bool:
    if col.constant is not None or col.default is not None or col.name in plan.passthrough:
        return True
    for key in (col.setting, col.override):
        if key and plan.setting_value(key) is not None:
            return True
    if any(plan.available(s) for s in col.source):
        return True
    if col.compose and all(plan.available(f) for f in PLACEHOLDER.findall(col.compose)):
        return True
    if col.derive in ("start", "end"):
        return plan.available("duration") or (plan.available("start") and plan.available("end"))
    if col.derive in ("amount", "fee", "invoice_total"):
        return (plan.available("rate") and (plan.available("duration") or plan.available("amount"))
                or (col.derive != "fee" and plan.has_field("fixed_rate")))
    if col.derive == "hours":
        return plan.available("duration") or (plan.available("start") and plan.available("end"))
    if col.derive in ("period_start", "period_end"):
        return plan.available("date") or plan.available("start")
    return col.derive == "line_number" or (
        col.derive == "invoice_number" and plan.setting_value("invoice_number") is not None)


def _missing_column_message(plan: Plan, col: Column) -> str:
    target = plan.template.target
    wanted = ", ".join(FIELDS[s][1].lower() for s in col.source) or col.derive or "a value"
    if col.description:
        wanted += f" ({col.description})"
    fixes = []
    for key in (col.override, col.setting, "invoice_number" if col.derive == "invoice_number"
                else None):
        if key:
            fixes.append(f"{plan.options.how_to_set(key)} for the whole file")
    for table, keys in LOOKUP_TABLES.items():
        filled = [s for s in col.source if s in LOOKUP_ALIASES[table] and s not in keys]
        if filled and all(plan.has_field(k) for k in keys[-1:]):
            fixes.append(f"{plan.options.how_to_lookup(table)} (a table with columns "
                         f"{', '.join(keys)}, {filled[0]})")
    for given in plan.options.lookups.values():
        if any(s in given.fields for s in col.source) and not plan.keyed(given):
            fixes.append(f"add a column for the {given.keys[-1]} to the source: the {given.name}"
                         f" table ({given.where}) finds its rows by it")
    fixes.append("add the column to the source")
    return (f"{target} needs {col.name} on every row, and the source has no column for "
            f"{wanted}. Supply it: {'; or '.join(fixes)}")


def scan(plan: Plan, rows: Iterable[Sequence[object]]) -> None:
    """Decide each date column's day/month order and each number column's decimal separator."""
    wanted = plan.fields.keys() & plan.used_fields
    date_votes: dict[str, DateOrderVote] = {
        f: DateOrderVote() for f in ("date", "start", "end", "end_date") if f in wanted}
    sep_votes: dict[str, DecimalSepVote] = {
        f: DecimalSepVote() for f in ("duration", "rate", "amount") if f in wanted}
    kinds = RowKinds(plan, plan.delimiter)
    unwritten = dict(plan.dropped)
    unit_vote = UnitVote() if "duration" in wanted else None
    start_at, end_at = plan.fields.get("start"), plan.fields.get("end")
    for cells in rows:
        if kinds.check(None, cells) is not None:
            continue  # a total or a split row decides nothing about a column
        for name, index in list(unwritten.items()):
            value = _cell(cells, index)
            # A fixed rate of 0 is what exports write for an hourly entry: nothing is lost.
            if value is not None and not (name == "fixed_rate" and ZERO.match(str(value))):
                del unwritten[name]
                _report_dropped(plan, name)
        for name, vote in date_votes.items():
            value = _cell(cells, plan.fields[name])
            if value is not None and (name in ("date", "end_date") or _has_date_part(value)):
                vote.add(value)
        for name, sep_vote in sep_votes.items():
            value = _cell(cells, plan.fields[name])
            if isinstance(value, str) and NUMBER_LIKE.match(value):
                sep_vote.add(value)
        if unit_vote is not None:
            value = _cell(cells, plan.fields["duration"])
            if value is not None:
                unit_vote.add(value, None if start_at is None else _cell(cells, start_at),
                              None if end_at is None else _cell(cells, end_at))
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
    if unit_vote is not None:
        _decide_unit(plan, unit_vote)


def _decide_unit(plan: Plan, vote: UnitVote) -> None:
    """One unit for the duration column's bare numbers, from the evidence; stated when it is not
    plain hours, refused when it cannot be told."""
    column, options = plan.source_name("duration"), plan.options
    how = options.how_to_set_to("duration_unit", "h", "min", "s")
    how_to_set = partial(options.how_to_set_to, "duration_unit")
    given = options.settings.get("duration_unit") or None
    if given is not None:
        try:
            given = unit_named(given)
        except ValueError as exc:
            plan.file_problems.append(Problem(None, "duration_unit", "error", "bad-setting",
                                              f"{exc}; give {how}", given))
            given = None
    spans = [(span, number) for start, end, number in vote.spans
             if (span := _span(plan, start, end)) is not None]
    profile = plan.choice.profile
    decision = decide_unit(vote, spans, column, default=profile.duration_unit,
                           whole_unit=profile.whole_number_unit, header=header_unit(column),
                           given=given, how_to_set=how_to_set, profile=profile.id)
    plan.duration_unit, plan.duration_refused = decision.unit, decision.refused
    if decision.note:
        plan.notes.append(decision.note)
    if decision.error:
        plan.file_problems.append(Problem(None, column, "error", "ambiguous-unit",
                                          decision.error))


def _span(plan: Plan, start: object, end: object) -> Decimal | None:
    """Seconds from a row's start cell to its end cell (past midnight when the end is earlier
    in the day); None when either cannot be read."""
    try:
        begin, finish = (parse_datetime(v, plan.date_orders.get(f)) if _has_date_part(v)
                         else parse_time(v) for v, f in ((start, "start"), (end, "end")))
    except ConversionError:
        return None
    if isinstance(begin, dt.datetime) and isinstance(finish, dt.datetime):
        return _seconds(finish - begin)
    return (_seconds_of_day(finish) - _seconds_of_day(begin)) % DAY


def _report_dropped(plan: Plan, name: str) -> None:
    """A field the source fills and the target has no column for: one warning for the file."""
    column = plan.source_name(name)
    plan.file_problems.append(Problem(
        None, column, "warning", "dropped-field",
        f"the source's {column!r} column ({FIELDS[name][1].lower()}) is not written:"
        f" {plan.template.id} has no column for it"))


def _decide_order(plan: Plan, name: str, vote: DateOrderVote, explicit: str | None,
                  default: str | None) -> str | None:
    """One order for the whole column: from the values, else the option or profile, else error."""
    source = plan.source_name(name)
    order, reason = vote.decide(default, *fixes.date_order_words(explicit, plan.options.channel))
    if vote.day_first and vote.month_first:
        plan.file_problems.append(Problem(None, source, "error", "ambiguous-date", reason))
        return None
    evidence = "DMY" if vote.day_first else "MDY" if vote.month_first else None
    if evidence is not None:
        if explicit and explicit != evidence:
            plan.file_problems.append(Problem(
                None, source, "error", "ambiguous-date",
                f"you asked for {_order_words(explicit)} dates, but {source!r} holds values that"
                f" can only be {_order_words(evidence)}: {reason}. Remove"
                f" {plan.options.how_to(fixes.date_order(explicit))}, or correct the file"))
            return None
        return evidence
    if not vote.either:
        return order or "DMY"  # no value reads differently in either order
    if vote.dotted_only:
        return explicit or "DMY"  # 05.04.2026 is day-first by convention, not by guess
    if order is None:
        plan.file_problems.append(Problem(None, source, "error", "ambiguous-date", reason))
        return None
    plan.file_problems.append(Problem(None, source, "warning", "date-order", reason))
    return order


def _has_date_part(value: object) -> bool:
    if is_com_time(value):  # a time cell from Excel (1899-12-30 09:00): a time of day
        return False
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


@dataclass
class Totals:
    """Whole-invoice values some targets repeat on every line (LEDES' total and period)."""
    number: str | None = None
    amount: Decimal | None = None
    first_date: dt.date | None = None
    last_date: dt.date | None = None


def invoice_number(first: str, index: int) -> str | None:
    """The index-th invoice number counting up from `first` ("2026-0042" -> "2026-0043");
    None when it ends in no digits and so cannot be counted."""
    if index == 0:
        return first
    digits = re.search(r"(\d+)$", first)
    if digits is None:
        return None
    number = str(int(digits.group(1)) + index).zfill(len(digits.group(1)))
    return first[:digits.start()] + number


class Converter:
    """Converts rows one at a time; holds the stacking state and the report."""

    def __init__(self, plan: Plan, report: Report) -> None:
        self.plan = plan
        self.report = report
        self.next_start: dict[tuple[str, dt.date | None], Decimal] = {}
        # unique key -> (first row, its written values); variants already reported
        self.seen: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
        self.variants: set[tuple[str, ...]] = set()
        # column -> names trimmed or normalised there (reported once per column)
        self.cleaned: dict[str, CleanedNames] = {}
        self.day_start = self._day_start()
        self.increment, self.rounding = self._increment()
        self.writes_amount = any(c.derive in ("amount", "fee") for c in plan.template.columns)
        self.writes_fixed_rate = any("fixed_rate" in c.source for c in plan.template.columns)
        self.rounded = 0
        self.rounded_by = Decimal(0)
        self.lines: dict[tuple[str, ...], int] = {}
        self.failed: set[str] = set()
        self.invoices: dict[tuple[str, ...], Totals] = {}
        # Per date field, the earliest and latest date read, with their rows.
        self.date_range: dict[str, tuple[tuple[dt.date, int], tuple[dt.date, int]]] = {}
        self.last_invoice: tuple[str, ...] = ()
        self.stacks = any(c.derive in ("start", "end") for c in plan.template.columns)
        self.checks = ColumnChecks(plan.template, report, plan.options.how_to_set)
        # Columns already reported once for the whole file are not reported again per row.
        self.trail = DurationTrail()  # of the row being converted
        self.filled: dict[str, LookupTable] = {}
        self.fix_place = SOURCE_FIX  # where the value being written is corrected
        self.reported_columns = {p.column for p in plan.file_problems
                                 if p.code in ("missing-column", "bad-setting")}
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

    def _day_start(self) -> Decimal:
        text = self.plan.setting_value("day_start") or "09:00"
        try:
            t = parse_time(text)
        except ConversionError:
            self.report.add(Problem(None, "day_start", "error", "bad-time",
                                    f"the day start {text!r} is not a time; give one such as"
                                    f" {self.plan.options.how_to_set('day_start', '08:30')}",
                                    text))
            return Decimal(9 * 3600)
        return Decimal(t.hour * 3600 + t.minute * 60 + t.second)

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

    def convert(self, row: int, cells: Sequence[object]) -> MappedRow | None:
        entry, failed = self._entry(row, cells)
        self.failed = failed  # an overflow found while deriving marks the duration failed too
        invoice = tuple(_show(entry.get(f)) for f in self.plan.template.invoice_by)
        self.lines[invoice] = self.lines.get(invoice, 0) + 1
        totals = self.invoices.setdefault(invoice, Totals())
        date = entry.get("date")
        if isinstance(date, dt.date):
            totals.first_date = min(totals.first_date or date, date)
            totals.last_date = max(totals.last_date or date, date)
        entry[INVOICE] = self.last_invoice = invoice
        # Stacking advances once per row, before the columns that show its start and end.
        start = self._start(entry, failed) if self.stacks else None
        values: list[str] = []
        typed: list[object] = []
        has_value: set[str] = set()  # columns with a value, written or found unwritable
        for col in self.plan.template.columns:
            text = ""
            unwritable = False  # the value exists but cannot be written: reported once, here
            try:
                value = self._value(row, col, entry, failed, cells, start)
            except ConversionError as exc:  # a passed-through cell or given text that does not fit
                if col.name not in self.reported_columns:
                    self.report.add(Problem(row, col.name, "error", exc.code, exc.message))
                value, unwritable = None, True
            if value is not None:
                try:
                    if col.utc:
                        value = to_utc(value, self.plan.setting_value("timezone") or "")
                    text = self.checks.text(col, value, self.fix_place)
                except ConversionError as exc:
                    if exc.code != "bad-setting":  # a setting's error is the file's, told once
                        # A value given by a setting or a table is corrected there.
                        told = exc.message if self.fix_place in (SOURCE_FIX, TEMPLATE_FIX) or (
                            self.fix_place in exc.message) else f"{exc.message}; {self.fix_place}"
                        self.report.add(Problem(row, col.name, "error", exc.code,
                                                told + self._increment_fix(col, exc.code),
                                                _show(value)))
                    value, unwritable = None, True
            if value is None and col.required and not unwritable and not (
                    self._depends(col) & failed) and col.name not in self.reported_columns:
                self.report.add(Problem(row, col.name, "error", "missing-required",
                                        self._required_message(col)))
            if text:
                text = self.checks.checked(row, col, value, text)
            if text or unwritable:
                has_value.add(col.name)
            values.append(text)
            typed.append(value)
        self.checks.needs(row, values, has_value, "Fill it in the source")
        if self.plan.template.unique and self._seen_before(row, values):
            return None
        return MappedRow(row, values, typed, self.trail)

    def _seen_before(self, row: int, values: list[str]) -> bool:
        """Whether a `unique` template already wrote this row: names equal but for case, spaces
        and composition are one, and each other spelling of a written one is reported once."""
        header = self.plan.template.header
        written = tuple(values[header.index(n)] for n in self.plan.template.unique)
        key = tuple(name_key(v) for v in written)
        if key not in self.seen:
            self.seen[key] = (row, written)
            return False
        first_row, first = self.seen[key]
        if written != first and written not in self.variants:
            self.variants.add(written)
            name, text, kept = next((n, w, f) for n, w, f in zip(
                self.plan.template.unique, written, first, strict=True) if w != f)
            self.report.add(Problem(
                row, name, "warning", "changed-text",
                f"{text!r} is written once, as {kept!r} (row {first_row}): names that differ"
                " only in case or spaces are one", text))
        return True

    def _with_order_fix(self, exc: ConversionError) -> str:
        """A date that fits both orders: the message names the option (or Excel's settings
        row) that says which."""
        choices = fixes.render_choices(fixes.date_orders(), self.plan.options.channel)
        return exc.message.replace(ORDER_UNKNOWN_FIX, f"say which with {choices}")

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

    def _fill_hint(self, col: Column, fix: str = "Fill it in the source") -> str:
        return self.checks.fill_hint(col, fix)

    def _depends(self, col: Column) -> set[str]:
        needs = set(col.source)
        if col.derive:
            needs.update(DERIVE_NEEDS[col.derive])
        return needs

    def _required_message(self, col: Column) -> str:
        feeders = [self.plan.source_name(s) for s in col.source if s in self.plan.fields]
        where = f"the {' / '.join(repr(f) for f in feeders)} cell is empty" if feeders else (
            "nothing in this row fills it")
        fix = self._fill_hint(col)
        if "date" in col.source and not feeders and self.plan.has_field("start"):
            # The date is derived from the start, which here is a time of day alone.
            where = f"the {self.plan.source_name('start')!r} cell holds a time but no date"
            fix = self._fill_hint(col, "Add a date column to the source, or write the start as"
                                  " date and time")
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
                value = self._parse(name, raw)
                if name in NAME_FIELDS and isinstance(value, str):
                    value = self._clean_name(row, plan.header[index], value)
                entry[name] = value
                if isinstance(value, dt.date) and FIELDS[name][0] == "date":
                    self._note_date(name, value, row)
            except ConversionError as exc:
                failed.add(name)
                self.report.add(Problem(row, plan.header[index], "error", exc.code,
                                        self._with_order_fix(exc), _show(raw)))
        for name, pattern in plan.composed.items():
            if name in plan.used_fields and name not in entry:
                text = self._compose(pattern, cells)
                if text:
                    entry[name] = unicodedata.normalize("NFC", text)
        own_rate = "rate" in entry
        self.filled = {}  # this row's fields taken from lookup tables
        for table in plan.options.lookups.values():
            self._fill_from(row, table, entry, failed)
        self._read_non_billable(row, entry, failed)
        if entry.get("fixed_rate") == 0 and entry.get("rate"):
            # Exports write 0 in the fixed-rate column of an hourly entry (Kimai's "Fixed
            # price"): a fixed rate of 0 would make the entry free, so the hourly rate stands.
            del entry["fixed_rate"]
        self._start_in_date(entry, failed, cells)
        self._place_in_time(row, entry, failed, cells)
        self.trail = DurationTrail()
        if "duration" not in entry and "duration" not in failed:
            self._duration_from_times(row, entry, failed)
            derived = entry.get("duration")
            if isinstance(derived, Decimal):
                self.trail = DurationTrail(derived=derived)
        elif "duration" in entry:
            self._prefer_exact_span(entry, cells)
        duration = entry.get("duration")
        if isinstance(duration, Decimal):
            self._check_length(row, duration, from_cell="duration" in plan.fields
                               and _cell(cells, plan.fields["duration"]) is not None)
        if self.increment is not None and isinstance(duration, Decimal):
            rounded = round_seconds(duration, self.increment, self.rounding)
            if rounded != duration:
                self.rounded += 1
                self.rounded_by += rounded - duration
                self.trail = replace(self.trail, rounded=rounded - duration)
                entry["duration"] = rounded
        if entry.get("duration") == 0:
            rounded_away = duration != 0
            self.report.add(Problem(
                row, plan.source_name("duration"), "warning", "zero-duration",
                "rounded down to no time at all by the increment you set" if rounded_away else
                "an entry of no time at all; it is written as 0. Delete the row if it is not"
                " meant to be billed", _show(duration)))
        self._agree_amount(row, entry, duration, failed, own_rate)
        return entry, failed

    def _read_non_billable(self, row: int, entry: dict[str, object], failed: set[str]) -> None:
        """Clio's "Non-billable" is billable the other way; beside a Billable column that says
        the same of the entry, which one is right is not ours to guess."""
        non_billable = entry.pop("non_billable", None)
        if not isinstance(non_billable, bool):
            return
        billable = entry.get("billable")
        if billable is None:
            entry["billable"] = not non_billable
        elif billable == non_billable:
            del entry["billable"]
            failed.add("billable")
            column = self.plan.source_name("non_billable")
            self.report.add(Problem(
                row, column, "error", "bad-boolean",
                f"{column!r} says the entry is {'not ' if non_billable else ''}billable and"
                f" {self.plan.source_name('billable')!r} says it is"
                f"{'' if billable else ' not'}; correct one of them in the source",
                _show(non_billable)))

    def _clean_name(self, row: int, column: str, text: str) -> str:
        """A name without surrounding spaces, in composed Unicode (NFC); changes are counted per
        column and reported once, since a whole column often carries trailing spaces."""
        composed = unicodedata.normalize("NFC", text)
        clean = composed.strip()
        if clean != text:
            self.cleaned.setdefault(column, CleanedNames()).add(
                row, trimmed=clean != composed, composed=composed != text)
        return clean

    def _check_length(self, row: int, seconds: Decimal, from_cell: bool) -> None:
        """One entry over a day is almost always a unit error (minutes read as hours) or a timer
        left running: an error, unless the whole column was already refused."""
        if seconds <= DAY or (from_cell and self.plan.duration_refused):
            return
        hours = _show(exact_decimal(Fraction(seconds) / 3600) or round(seconds / 3600, 2))
        if from_cell:
            unit = self.plan.bare_unit
            fix = (f"if {self.plan.source_name('duration')!r} holds minutes or seconds, give"
                   f" {self.plan.options.how_to_set_to('duration_unit', 'min', 's')}; otherwise"
                   " correct or split the entry") if unit == "hours" else (
                   "correct or split the entry")
            message = f"{hours} h in one entry, longer than 24 hours; {fix}"
        else:
            message = (f"from its start to its end is {hours} h, longer than 24 hours; correct"
                       " the start or the end")
        self.report.add(Problem(row, self.plan.source_name("duration" if from_cell else "end"),
                                "error", "long-duration", message, hours))

    def _start_in_date(self, entry: dict[str, object], failed: set[str],
                       cells: Sequence[object]) -> None:
        """A date cell with a time of day ("2026-11-02 13:30") gives the entry's start when the
        row has no start of its own: the time is the source's, not stacked."""
        if "date" not in entry or "start" in entry or "start" in failed or (
                "start" not in self.plan.used_fields):
            return
        try:
            moment = moment_in_date(_cell(cells, self.plan.fields["date"]),
                                    self.plan.date_orders.get("date"))
        except ConversionError:  # the date was read; its time part is then never unreadable
            return
        if moment is not None:
            entry["start"] = moment

    def _agree_amount(self, row: int, entry: dict[str, object], exact: object,
                      failed: set[str], own_rate: bool) -> None:
        """A line written with hours, rate and amount keeps amount = written hours x rate (Tabs3's
        Amount, Kimai's Rate, LEDES's LINE_ITEM_TOTAL). The source's amount must be its exact
        hours x rate to the cent; when the hours are rounded to the increment, the amount
        follows them. Any other amount is an error: which of amount and rate is wrong is not
        ours to guess."""
        amount, rate = entry.get("amount"), entry.get("rate")
        if entry.get("fixed_rate") is not None and self.writes_fixed_rate:
            return  # written as a fixed-price entry: its amount is the price, whatever the hours
        if not (self.writes_amount and isinstance(amount, Decimal)
                and isinstance(rate, Decimal) and isinstance(exact, Decimal)):
            return
        expected = Fraction(exact) * Fraction(rate) / 3600
        if abs(Fraction(amount) - expected) <= Fraction(1, 200):
            if entry.get("duration") != exact:
                del entry["amount"]  # computed again from the rounded hours
            return
        failed.add("amount")
        tables = [t.name for t in self.plan.options.tables_with("rate")]
        where = "the source" if own_rate or not tables else f"the {tables[0]} table"
        self.report.add(Problem(
            row, self.plan.source_name("amount"), "error", "amount-mismatch",
            f"{self.plan.template.target} writes the amount as hours x rate, and"
            f" {_show(amount)} is not {show_exact(Fraction(exact) / 3600)} h x {_show(rate)}"
            f" (the rate from {where}) = {show_exact(expected, 2)}; correct the amount in the"
            f" source or the rate in {where}", _show(amount)))

    def _compose(self, pattern: str, cells: Sequence[object]) -> str:
        """A field built from several columns ("{first_name} {last_name}"); empty parts vanish."""
        def part(match: re.Match[str]) -> str:
            name = match.group(1)
            index = self.plan.parts.get(name, self.plan.fields.get(name))
            raw = None if index is None else _cell(cells, index)
            return "" if raw is None else _text(raw).strip()
        lines = (" ".join(line.split()) for line in PLACEHOLDER.sub(part, pattern).split("\n"))
        return "\n".join(line for line in lines if line)

    def _fill_from(self, row: int, table: LookupTable, entry: dict[str, object],
                   failed: set[str]) -> None:
        """Fill the entry's empty fields that `table` holds, from the row of its key."""
        wanted = [f for f in table.fields if f in self.plan.used_fields and f not in entry]
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
        plan = self.plan
        if kind == "date":
            return parse_date(raw, plan.date_orders.get(name))
        if kind == "time":
            if name == "end" and isinstance(raw, str) and _END_OF_DAY.fullmatch(raw.strip()):
                return DAY_END
            if _has_date_part(raw):
                return parse_datetime(raw, plan.date_orders.get(name))
            return parse_time(raw)
        if kind == "duration":
            return parse_duration(raw, plan.decimal_seps.get(name, "."), plan.bare_unit)
        if kind == "number":
            return parse_number(raw, None if from_table else plan.decimal_seps.get(name))
        if kind == "boolean":
            return parse_bool(raw)
        return _text(raw)

    def _place_in_time(self, row: int, entry: dict[str, object], failed: set[str],
                       cells: Sequence[object]) -> None:
        """Start and end as date-times when the day is known. An end before its start on the
        same day is the next day when that is a plausible entry (see `_overnight`)."""
        date, start, end = entry.get("date"), entry.get("start"), entry.get("end")
        if isinstance(start, dt.datetime):
            if date is None and "date" not in failed:
                entry["date"] = date = start.date()
        elif isinstance(start, dt.time) and isinstance(date, dt.date):
            entry["start"] = start = dt.datetime.combine(date, start)
        if isinstance(end, dt.time):
            end_date = entry.get("end_date")
            base = end_date if isinstance(end_date, dt.date) else (
                start.date() if isinstance(start, dt.datetime) else None)
            if base is not None:
                # A plain end time is in the start's zone: "09:00+01:00" to "10:30".
                zone = start.tzinfo if isinstance(start, dt.datetime) else None
                if end is DAY_END:  # 24:00 ends the day; it is not after it
                    try:
                        entry["end"] = dt.datetime.combine(base, dt.time(), tzinfo=zone) + ONE_DAY
                    except OverflowError:
                        self._drop_end(row, entry, failed, "bad-time", "24:00 on 31 Dec 9999 is"
                                       " past the last date there is; correct the date")
                    return
                entry["end"] = end = dt.datetime.combine(base, end, tzinfo=zone)
                if end_date is None and isinstance(start, dt.datetime) and end < start:
                    self._overnight(row, entry, failed, cells, _seconds(end - start) + DAY)
            elif isinstance(start, dt.time) and end < start and end is not DAY_END:
                span = DAY - _seconds_of_day(start) + _seconds_of_day(end)
                self._overnight(row, entry, failed, cells, span)
        elif isinstance(start, dt.datetime) and isinstance(end, dt.datetime) and (
                start.tzinfo is None) != (end.tzinfo is None):
            self._drop_end(row, entry, failed, "bad-time", "has a time zone and the start has"
                           " none, or the other way round; write both with their zone, or neither")

    def _overnight(self, row: int, entry: dict[str, object], failed: set[str],
                   cells: Sequence[object], span: Decimal) -> None:
        """An end before its start is the next day when the row's duration says so; else the next
        day with a warning when the entry then lasts at most OVERNIGHT_LIMIT; else an error."""
        start, end = entry["start"], entry["end"]
        assert isinstance(start, dt.time | dt.datetime) and isinstance(end, dt.time | dt.datetime)
        times = f"ends at {_clock(end)}, before its start at {_clock(start)}"
        duration = entry.get("duration")
        agrees = isinstance(duration, Decimal) and "duration" in self.plan.fields and abs(
            span - duration) * 2 <= _resolution(_cell(cells, self.plan.fields["duration"]))
        if span <= OVERNIGHT_LIMIT or agrees:
            if isinstance(end, dt.datetime):
                try:
                    entry["end"] = end + ONE_DAY
                except OverflowError:
                    self._drop_end(row, entry, failed, "bad-time", f"{times}, and the next day"
                                   " is past 31 Dec 9999; correct the date")
                    return
            if agrees:  # the row's own duration says it ran past midnight: nothing to check
                return
            self.report.add(Problem(
                row, self.plan.source_name("end"), "warning", "end-before-start",
                f"{times}: read as ending the next day, {_span_shown(span)}", _show(end)))
            return
        limit = _show(_hours(OVERNIGHT_LIMIT))
        self._drop_end(row, entry, failed, "end-before-start", f"{times}; past midnight it"
                       f" would last {_span_shown(span)}, more than {limit} h. Correct the"
                       " start or the end, or give the day it ends")

    def _drop_end(self, row: int, entry: dict[str, object], failed: set[str], code: str,
                  why: str) -> None:
        """The row's end cannot be used: an error, and nothing derived from it."""
        end = entry.pop("end")
        failed.add("end")
        if "duration" not in entry:
            failed.add("duration")
        self.report.add(Problem(row, self.plan.source_name("end"), "error", code, why, _show(end)))

    def _prefer_exact_span(self, entry: dict[str, object], cells: Sequence[object]) -> None:
        """A duration written rounded (0.33 h, 0:20) next to the start and end it was rounded
        from: the span of start and end is the exact value, so it is used."""
        start, end, duration = entry.get("start"), entry.get("end"), entry.get("duration")
        if not (isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
                and isinstance(duration, Decimal)):
            return
        span = _seconds(end - start)
        raw = _cell(cells, self.plan.fields["duration"])
        if span != duration and span >= 0 and abs(span - duration) * 2 <= _resolution(
                raw, self.plan.bare_unit):
            entry["duration"] = span
            self.trail = replace(self.trail, exact_span=span - duration)

    def _duration_from_times(self, row: int, entry: dict[str, object], failed: set[str]) -> None:
        start, end = entry.get("start"), entry.get("end")
        if start is None or end is None:
            return
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            seconds = _seconds(end - start)
        else:  # times of day alone: an end before the start passed `_overnight`
            seconds = _seconds_of_day(end) - _seconds_of_day(start)
            seconds += DAY if seconds < 0 or end is DAY_END else 0
        if seconds < 0:
            failed.add("duration")
            self.report.add(Problem(row, self.plan.source_name("end"), "error", "end-before-start",
                                    "ends before it starts; fix the start or end",
                                    _show(entry.get("end"))))
            return
        entry["duration"] = seconds

    # --- one output column -----------------------------------------------------------------
    def _value(self, row: int, col: Column, entry: dict[str, object], failed: set[str],
               cells: Sequence[object], start: tuple[object, bool] | None) -> object:
        self.fix_place = TEMPLATE_FIX
        if col.constant is not None:
            return self._from_text(col, col.constant)
        if col.override and self.plan.options.settings.get(col.override):
            self.fix_place = self._setting_fix(col.override)
            return self._from_text(col, self.plan.options.settings[col.override])
        self.fix_place = SOURCE_FIX
        value: object = None
        if col.derive:
            value = self._derive(row, col.derive, entry, start)
        if value is None and col.compose:
            value = _compose_fields(col.compose, entry)
        for name in col.source:
            if value is None:
                value = entry.get(name)
                if value is not None and name in self.filled:
                    table = self.filled[name]
                    self.fix_place = f"correct it in the {table.name} table ({table.where})"
        if value is None and failed.intersection(col.source):
            return None  # the source's value failed (reported): no setting or default stands in
        if value is None and col.name in self.plan.passthrough:
            raw = _cell(cells, self.plan.passthrough[col.name])
            value = None if raw is None else self._from_text(col, raw, row)
        if value is None and col.setting:
            setting = self.plan.setting_value(col.setting)
            if setting is not None and setting != "":
                self.fix_place = self._setting_fix(col.setting)
                value = self._from_text(col, setting, row)
        if value is None and col.default is not None:
            self.fix_place = TEMPLATE_FIX
            value = self._from_text(col, col.default, row)
        return value

    def _setting_fix(self, key: str) -> str:
        return f"give another: {self.plan.options.how_to_set(key)}"

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
                start: tuple[object, bool] | None) -> object:
        duration = entry.get("duration")
        if how == "hours":
            return duration
        if how in ("amount", "fee"):
            return _amount(entry, computed=how == "fee")
        invoice = entry[INVOICE]
        assert isinstance(invoice, tuple)
        if how == "line_number":
            return Decimal(self.lines[invoice])
        if how in TOTALS_DERIVES:
            totals = (self.plan.totals or {}).get(invoice)
            if totals is None:
                return None
            return {"invoice_total": totals.amount, "period_start": totals.first_date,
                    "period_end": totals.last_date, "invoice_number": totals.number}[how]
        if start is None:
            return None
        begin, stacked = start
        if stacked and begin is _MIDNIGHT_MARK:
            if how == "start":
                self._overflow(row, entry)
            return None
        if how == "start":
            return begin
        end = entry.get("end")
        if end is not None or "end" in self.failed:
            return end
        if not isinstance(duration, Decimal):
            return None
        if isinstance(begin, dt.datetime):
            if stacked and _seconds_of_day(begin) + duration > DAY:  # ending at 24:00 is fine
                self._overflow(row, entry)
                return None
            try:
                return begin + _timedelta(duration)
            except OverflowError:  # an end beyond the year 9999: the duration is not real
                self.failed.add("duration")
                self.report.add(Problem(row, self.plan.source_name("duration"), "error",
                                        "bad-duration", "is far too long to be an entry's"
                                        " duration; correct it in the source",
                                        _show(duration)))
                return None
        seconds = _seconds_of_day(begin) + duration
        if stacked and seconds > DAY:
            self._overflow(row, entry)
            return None
        return _time_of(seconds % DAY)

    def _overflow(self, row: int, entry: dict[str, object]) -> None:
        self.failed.add("duration")
        duration = entry.get("duration")
        if self.plan.duration_refused or (isinstance(duration, Decimal) and duration > DAY):
            return  # the unit or the entry's length is the error; an earlier start cannot help
        self.report.add(Problem(
            row, self.plan.source_name("duration"), "error", "day-overflow",
            "this entry would end after midnight; set an earlier day start with"
            f" {self.plan.options.how_to_set('day_start')}, or give the entry a start time",
            _show(entry.get("duration"))))

    def _start(self, entry: dict[str, object], failed: set[str]) -> tuple[object, bool] | None:
        """The entry's own start, else stacked: the day's first entry at day_start, then onwards.

        Returns (start, stacked); a stacked start past midnight is _MIDNIGHT_MARK."""
        if entry.get("start") is not None:
            return entry["start"], False
        duration = entry.get("duration")
        if not isinstance(duration, Decimal) or failed & {"date", "timekeeper"}:
            return None
        date = entry.get("date")
        day = date if isinstance(date, dt.date) else None
        key = (person_key(entry), day)
        seconds = self.next_start.get(key, self.day_start)
        self.next_start[key] = seconds + duration
        if seconds >= DAY:
            return _MIDNIGHT_MARK, True
        if day is not None:
            return dt.datetime.combine(day, dt.time()) + _timedelta(seconds), True
        return _time_of(seconds), True

    def _note_date(self, name: str, date: dt.date, row: int) -> None:
        held = self.date_range.get(name)
        if held is None:
            self.date_range[name] = ((date, row), (date, row))
        elif date < held[0][0]:
            self.date_range[name] = ((date, row), held[1])
        elif date > held[1][0]:
            self.date_range[name] = (held[0], (date, row))

    def finish(self) -> None:
        """File-level notes once every row is through."""
        for column, cleaned in self.cleaned.items():
            self.report.add(Problem(None, column, "warning", "changed-text",
                                    cleaned.message(column)))
        for name, ((first, first_row), (last, last_row)) in self.date_range.items():
            if last.year - first.year >= DATE_SPAN_YEARS:
                self.report.add(Problem(
                    None, self.plan.source_name(name), "warning", "date-span",
                    f"the dates run from {first.isoformat()} (row {first_row}) to"
                    f" {last.isoformat()} (row {last_row}), {last.year - first.year} years apart;"
                    " check for a mistyped year (two-digit years are read as 1930-2029)"))
        if self.rounded:
            hours = show_exact(Fraction(self.rounded_by) / 3600)
            self.report.add(Problem(
                None, self.plan.source_name("duration"), "warning", "rounded",
                f"{self.rounded} duration{'s' if self.rounded != 1 else ''} rounded"
                f" {self.rounding} to the increment you set ({self.plan.setting_value('increment')}"
                f"), {'+' if self.rounded_by >= 0 else ''}{hours} h in all"))


@dataclass
class CleanedNames:
    """Names of one column written trimmed or composed: a count and the first rows, so a column
    of trailing spaces costs neither a warning per row nor memory per row."""
    count: int = 0
    rows: list[int] = field(default_factory=list)
    trimmed: bool = False
    composed: bool = False

    def add(self, row: int, trimmed: bool, composed: bool) -> None:
        self.count += 1
        if len(self.rows) < 3:
            self.rows.append(row)
        self.trimmed |= trimmed
        self.composed |= composed

    def message(self, column: str) -> str:
        how = " and ".join(w for w, done in (("without surrounding spaces", self.trimmed),
                                              ("in composed Unicode (NFC)", self.composed)) if done)
        many = self.count != 1
        rows = ", ".join(map(str, self.rows)) + (", ..." if self.count > len(self.rows) else "")
        return (f"{self.count} value{'s' if many else ''} of {column!r} written {how}"
                f" (row{'s' if many else ''} {rows}), so each name is written and matched one way")


def person_key(entry: dict[str, object]) -> str:
    """Who did the work, as entries of one person are grouped (stacked times): the user name
    (a login names one person), else the timekeeper, compared as lookups compare names."""
    person = entry.get("user_name") or entry.get("timekeeper")
    return "" if person is None else name_key(person)


ONE_DAY = dt.timedelta(days=1)
# An end written 24:00 (ISO 8601's end of the day): midnight, on the day after the start.
_END_OF_DAY = re.compile(r"24:00(?::00)?")
DAY_END = dt.time(0, fold=1)  # compared by identity: a parsed 00:00 is never this object
INVOICE = "invoice key"  # where the entry keeps its invoice; not a canonical field
_MIDNIGHT_MARK = dt.time(23, 59, 59, 999999)  # a stacked start that is already past midnight


def _compose_fields(pattern: str, entry: dict[str, object]) -> str | None:
    """A column built from several fields; None unless every field has a value."""
    values = {name: entry.get(name) for name in PLACEHOLDER.findall(pattern)}
    if any(v is None for v in values.values()):
        return None
    return PLACEHOLDER.sub(lambda m: _text(values[m.group(1)]), pattern)


def _amount(entry: dict[str, object], computed: bool = False) -> object:
    if not computed:
        for given in ("amount", "fixed_rate"):
            if entry.get(given) is not None:
                return entry[given]
    duration, rate = entry.get("duration"), entry.get("rate")
    if isinstance(duration, Decimal) and isinstance(rate, Decimal):
        # Exact: 1200 s at 350/h is 116.66..., which Decimal division would cut off.
        amount = Fraction(duration) * Fraction(rate) / 3600
        decimal = exact_decimal(amount)
        return amount if decimal is None else decimal
    return None


def _resolution(raw: object, unit: str = "hours") -> Decimal:
    """Seconds between neighbouring values as a duration is written: 0.33 h -> 36, 0:20 -> 60;
    a bare number's decimals are of the column's unit (0.5 min -> 6)."""
    if not isinstance(raw, str):
        return Decimal(0)
    text = raw.strip()
    if ":" in text:
        return Decimal(60 if text.count(":") == 1 else 1)
    decimals = re.search(r"[.,](\d+)\s*$", text)
    if decimals is None or not text[0].isdigit():
        return Decimal(0)
    size = UNIT_SECONDS.get(unit, 3600) if _NUMERIC_ONLY.match(text) else 3600
    return Decimal(size) / (10 ** len(decimals.group(1)))


def _seconds(delta: dt.timedelta) -> Decimal:
    return Decimal(delta.days * 86400 + delta.seconds) + Decimal(delta.microseconds) / 1_000_000


def _timedelta(seconds: Decimal) -> dt.timedelta:
    return dt.timedelta(microseconds=int(seconds * 1_000_000))


def _hours(seconds: Decimal) -> Decimal:
    return seconds / 3600


def _span_shown(seconds: Decimal) -> str:
    """Hours as people read them: '4.5 h'; '2.33 h (2:20)' when the decimals never end."""
    exact = exact_decimal(Fraction(seconds) / 3600)
    if exact is not None:
        return f"{_show(exact)} h"
    whole = int(seconds)
    return f"{round(seconds / 3600, 2)} h ({whole // 3600}:{whole % 3600 // 60:02d})"


def _clock(value: dt.time | dt.datetime) -> str:
    return value.strftime("%H:%M" if not value.second and not value.microsecond else "%H:%M:%S")


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


def compute_totals(plan: Plan, rows: Iterable[tuple[int, Sequence[object]]]) -> None:
    """A first pass for targets that repeat whole-file values on every line (LEDES): the sum
    of the written amounts and the first and last date. Problems are reported by `convert`."""
    converter = Converter(plan, Report())
    amount_at = next((i for i, c in enumerate(plan.template.columns)
                      if c.derive in ("amount", "fee")), None)
    kinds = RowKinds(plan, plan.delimiter)
    for row, cells in rows:
        if kinds.check(row, cells) is not None:
            continue
        mapped = converter.convert(row, cells)
        invoice = converter.invoices[converter.last_invoice]
        if amount_at is not None:
            invoice.amount = invoice.amount or Decimal(0)
            if mapped is not None and mapped.values[amount_at]:
                sep = plan.template.columns[amount_at].decimal_separator
                invoice.amount += Decimal(mapped.values[amount_at].replace(sep, "."))
    first = plan.setting_value("invoice_number")
    for index, totals in enumerate(converter.invoices.values()):
        totals.number = invoice_number(first, index) if first else None
    if first and len(converter.invoices) > 1 and invoice_number(first, 1) is None:
        plan.file_problems.append(Problem(
            None, "invoice_number", "error", "bad-setting",
            f"the entries make {len(converter.invoices)} invoices (one per "
            f"{' and '.join(plan.template.invoice_by)}), numbered on from the invoice number"
            f" {first!r}, which does not end in digits to count on from; give one such as"
            f" {plan.options.how_to_set('invoice_number', first + '-001')}", first))
    plan.totals = converter.invoices


def convert(plan: Plan, rows: Iterable[tuple[int, Sequence[object]]],
            report: Report) -> Iterator[MappedRow]:
    """Yield output rows in order; every problem goes to `report`."""
    report.extend(plan.file_problems)
    converter = Converter(plan, report)
    # Several invoices in one file are written one after the other; invoices are small, so
    # holding their rows is cheap, and every other template streams.
    invoices: dict[object, list[MappedRow]] | None = {} if plan.template.invoice_by else None
    for row, cells in rows:
        mapped = converter.convert(row, cells)
        if mapped is None:
            continue
        if invoices is None:
            yield mapped
        else:
            invoices.setdefault(converter.last_invoice, []).append(mapped)
    for invoice_rows in (invoices or {}).values():
        yield from invoice_rows
    converter.finish()
