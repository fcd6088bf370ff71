"""The billing-rule review: the entries of a file, read as `map` reads them, checked against the
rules an e-billing portal, a client's outside-counsel guidelines or a fee-award court applies
before any importer sees them (block billing, vague narratives, UTBMS codes, the billing
increment, long days, entries exported twice).

Each problem names the row as the spreadsheet shows it, the source column, a stable code and
what to do; fixes that are settings are worded for the shell the user is in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from addin.core import pipeline
from addin.core.convert_rows import MappedRow
from addin.core.lookups import name_key
from addin.core.pipeline import Prepared
from addin.core.plan import Plan
from addin.core.problems import Problem, Report
from addin.core.review_rules import CODE_FIELDS, ReviewRules
from addin.core.tally import Account, hours_text

REVIEW_CODES = ("block-billing", "vague-narrative", "bad-utbms", "increment", "long-day",
                "duplicate-entry")
DAY = Decimal(3600)


@dataclass(frozen=True)
class ReviewEntry:
    """One row's entry as the rules see it; None where the row has no (readable) value."""
    row: int
    timekeeper: str | None = None
    date: dt.date | None = None
    client: str | None = None
    matter: str | None = None
    seconds_in: Decimal | None = None  # the duration as the source gives it
    seconds_out: Decimal | None = None  # as the target file will say: after the increment
    rounded: Decimal = Decimal(0)  # seconds the increment added (negative: took away)
    description: str | None = None
    codes: dict[str, str] = field(default_factory=dict)  # task/activity/expense code field -> value
    rate: Decimal | None = None
    derived: bool = False  # the duration comes from start and end, not a duration cell


def entry_of(plan: Plan, mapped: MappedRow) -> ReviewEntry:
    """The entry of a row mapped with the review's template (one column per canonical field)."""
    values: dict[str, object] = {}
    for column, value in zip(plan.template.columns, mapped.typed, strict=True):
        if column.source and value is not None:
            values[column.source[0]] = value
    seconds = values.get("duration")
    trail = mapped.trail
    seconds_in = (seconds - trail.rounded - trail.exact_span
                  if isinstance(seconds, Decimal) else None)
    date = values.get("date")
    rate = values.get("rate")
    return ReviewEntry(
        mapped.row, _text(values.get("timekeeper")),
        date if isinstance(date, dt.date) else None,
        _text(values.get("client")), _text(values.get("matter")),
        seconds_in, seconds if isinstance(seconds, Decimal) else None, trail.rounded,
        _text(values.get("description")),
        {f: str(values[f]) for f in CODE_FIELDS if _text(values.get(f))},
        rate if isinstance(rate, Decimal) else None, trail.derived is not None)


def _text(value: object) -> str | None:
    text = None if value is None else str(value).strip()
    return text or None


def hours(seconds: Decimal) -> str:
    return hours_text(Fraction(seconds) / 3600)


class Review:
    """The rules over a file's entries, worded for the run's shell."""

    def __init__(self, plan: Plan, rules: ReviewRules) -> None:
        self.plan = plan
        self.rules = rules

    def problems(self, entries: Sequence[ReviewEntry]) -> list[Problem]:
        found: list[Problem] = []
        for entry in entries:
            found += self.codes(entry)
            found += self.narrative(entry)
            found += self.increment(entry)
        found += self.long_days(entries)
        found += self.duplicates(entries)
        return sorted(found, key=lambda p: p.row or 0)

    def column(self, name: str) -> str:
        return self.plan.source_name(name)

    def codes(self, entry: ReviewEntry) -> Iterable[Problem]:
        for name, value in entry.codes.items():
            why = self.rules.code_problem(name, value)
            if why:
                yield Problem(entry.row, self.column(name), "error", "bad-utbms",
                              f"{why}. Correct it in the source", value)

    def narrative(self, entry: ReviewEntry) -> Iterable[Problem]:
        if not self.plan.has_field("description"):
            return
        text = entry.description
        column = self.column("description")
        if text is None:
            yield Problem(entry.row, column, "warning", "vague-narrative",
                          "the entry has no narrative, so the invoice does not say what was"
                          " done; describe the task and what it was about")
            return
        why = self.rules.vague(text)
        if why:
            yield Problem(entry.row, column, "warning", "vague-narrative",
                          f"the narrative does not say what was done or to what: {why}. Name"
                          " the task and its subject (\"Review bank's answer and affirmative"
                          " defenses\"); clients and courts cut vague entries", text)
            return
        tasks = self.rules.tasks(text)
        if tasks:
            listed = "; ".join(f"{i}) {t}" for i, t in enumerate(tasks, 1))
            yield Problem(entry.row, column, "warning", "block-billing",
                          f"{len(tasks)} tasks under one time: {listed}. Enter each task with"
                          " its own time, or give each its time in the narrative (\"(0.3)\");"
                          " clients and courts cut block-billed time", text)

    def increment(self, entry: ReviewEntry) -> Iterable[Problem]:
        if not entry.rounded or entry.seconds_in is None or entry.seconds_out is None:
            return
        step = self.plan.setting_value("increment") or ""
        mode = self.plan.setting_value("rounding") or "up"
        others = [m for m in ("up", "down", "nearest") if m != mode]
        yield Problem(
            entry.row, self.column("duration"), "warning", "increment",
            f"{hours(entry.seconds_in)} h is not a multiple of the billing increment {step};"
            f" it is billed as {hours(entry.seconds_out)} h (rounded {mode}). Enter the time in"
            f" whole increments, or round otherwise with"
            f" {self.plan.options.how_to_set_to('rounding', *others)}", hours(entry.seconds_in))

    def long_days(self, entries: Sequence[ReviewEntry]) -> Iterable[Problem]:
        days: dict[tuple[str, dt.date], list[ReviewEntry]] = {}
        for entry in entries:
            if entry.timekeeper and entry.date and entry.seconds_in is not None:
                days.setdefault((name_key(entry.timekeeper), entry.date), []).append(entry)
        rules = self.rules
        for (_, date), day in days.items():
            total = sum((e.seconds_in or Decimal(0) for e in day), Decimal(0))
            if total <= rules.long_day * DAY:
                continue
            error = total > rules.max_day * DAY
            rows = ", ".join(str(e.row) for e in day)
            limit = (f"more than the {hours(rules.max_day * DAY)} hours a day holds" if error
                     else f"more than the firm's {hours(rules.long_day * DAY)} hours"
                     " (long_day_hours in the review rules)")
            yield Problem(
                day[0].row, self.column("duration"), "error" if error else "warning",
                "long-day",
                f"{day[0].timekeeper} has {hours(total)} hours on {date.isoformat()} (row"
                f"{'s' if len(day) > 1 else ''} {rows}), {limit}; check each row's date and"
                " duration (a mistyped date, minutes entered as hours, a timer left running)",
                hours(total))

    def duplicates(self, entries: Sequence[ReviewEntry]) -> Iterable[Problem]:
        first: dict[tuple[object, ...], ReviewEntry] = {}
        for entry in entries:
            if not entry.timekeeper or entry.date is None or entry.seconds_in is None:
                continue
            key = (name_key(entry.timekeeper), entry.date, name_key(entry.matter or ""),
                   entry.seconds_in, name_key(entry.description or ""))
            earlier = first.setdefault(key, entry)
            if earlier is entry:
                continue
            yield Problem(
                entry.row, self.column("description"), "warning", "duplicate-entry",
                f"the same entry as row {earlier.row}: {entry.timekeeper},"
                f" {entry.date.isoformat()}, {entry.matter or 'no matter'},"
                f" {hours(entry.seconds_in)} h, {entry.description or 'no narrative'!r}; delete"
                f" one of rows {earlier.row} and {entry.row} if the entry was exported twice",
                entry.description or "")


def read_entries(prepared: Prepared, rows: Iterable[tuple[int, Sequence[object]]],
                 report: Report) -> tuple[Account, list[ReviewEntry]]:
    """Every row's entry through the one pipeline `map` runs (rows and hours tallied), with the
    problems of reading it in `report`."""
    account, mapped = pipeline.run(prepared, rows, report)
    entries = [entry_of(prepared.plan, m) for m in mapped]
    drop_write_notes(report)
    return account, entries


def drop_write_notes(report: Report) -> None:
    """The review writes no file, so 'the target has no column for it' is no news."""
    report.problems[:] = [p for p in report if p.code != "dropped-field"]
