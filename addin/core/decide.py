"""Column decisions, from all of a column's values before any is converted: each date column's
day/month order, each number column's decimal separator, the unit of bare duration numbers
(a column is read one way, never cell by cell). Returned frozen, apart from the plan."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from addin.convert.dates import DateOrderVote, parse_datetime, parse_time
from addin.convert.numbers import DecimalSepVote
from addin.core import fixes
from addin.core.canonical import FIELDS
from addin.core.duration_unit import UnitVote, header_unit
from addin.core.duration_unit import decide as decide_unit
from addin.core.plan import Plan
from addin.core.problems import ConversionError, Problem
from addin.core.rowkinds import RowKinds
from addin.core.units import unit_named
from addin.core.values import DAY, cell, delta_seconds, has_date_part, seconds_of_day

NUMBER_LIKE = re.compile(r"^[\s(+-]*[$€£¥]?\s*\d[\d\s.,'\u00a0\u202f]*\s*[)]?\s*[A-Za-z$€£¥]*\s*$")
ZERO = re.compile(r"^\s*[0.,]+\s*$")


@dataclass(frozen=True)
class Decisions:
    date_orders: Mapping[str, str | None] = field(default_factory=dict)  # "DMY"/"MDY"
    decimal_seps: Mapping[str, str | None] = field(default_factory=dict)
    # The unit of the duration column's bare numbers (8, 1.5), from the whole column.
    bare_unit: str = "hours"
    duration_refused: bool = False  # no unit could be decided: an error for the file
    notes: tuple[str, ...] = ()  # decisions the user is told about
    problems: tuple[Problem, ...] = ()  # about whole columns


def undecided(plan: Plan) -> Decisions:
    """What is known before any row is read: the profile's documented unit."""
    return Decisions(bare_unit=plan.choice.profile.duration_unit)


def decide(plan: Plan, rows: Iterable[Sequence[object]]) -> Decisions:
    """Read every row once (cells only) and decide each column's reading."""
    wanted = plan.fields.keys() & plan.used_fields
    date_votes: dict[str, DateOrderVote] = {
        f: DateOrderVote() for f in ("date", "start", "end", "end_date") if f in wanted}
    sep_votes: dict[str, DecimalSepVote] = {
        f: DecimalSepVote() for f in ("duration", "rate", "amount") if f in wanted}
    kinds = RowKinds(plan)
    unwritten = dict(plan.dropped)
    unit_vote = UnitVote() if "duration" in wanted else None
    start_at, end_at = plan.fields.get("start"), plan.fields.get("end")
    problems: list[Problem] = []
    for cells in rows:
        if kinds.check(None, cells) is not None:
            continue  # a total or a split row decides nothing about a column
        for name, index in list(unwritten.items()):
            value = cell(cells, index)
            # A fixed rate of 0 is what exports write for an hourly entry: nothing is lost.
            if value is not None and not (name == "fixed_rate" and ZERO.match(str(value))):
                del unwritten[name]
                problems.append(_dropped(plan, name))
        for name, vote in date_votes.items():
            value = cell(cells, plan.fields[name])
            if value is not None and (name in ("date", "end_date") or has_date_part(value)):
                vote.add(value)
        for name, sep_vote in sep_votes.items():
            value = cell(cells, plan.fields[name])
            if isinstance(value, str) and NUMBER_LIKE.match(value):
                sep_vote.add(value)
        if unit_vote is not None:
            value = cell(cells, plan.fields["duration"])
            if value is not None:
                unit_vote.add(value, None if start_at is None else cell(cells, start_at),
                              None if end_at is None else cell(cells, end_at))
    explicit = plan.options.date_order
    default = explicit or plan.choice.profile.date_order
    orders = {name: _decide_order(plan, name, vote, explicit, default, problems)
              for name, vote in date_votes.items()}
    seps: dict[str, str | None] = {}
    for number_field, sep_vote in sep_votes.items():
        seps[number_field] = sep_vote.decision
        if sep_vote.conflict:
            problems.append(Problem(
                None, plan.source_name(number_field), "warning", "ambiguous-number",
                f"{plan.source_name(number_field)!r} mixes decimal points and decimal commas;"
                " each value is read by its own separator and values like 1,234 are reported"))
    decisions = Decisions(orders, seps, plan.choice.profile.duration_unit)
    if unit_vote is not None:
        decisions = _decide_unit(plan, decisions, unit_vote, problems)
    return Decisions(decisions.date_orders, decisions.decimal_seps, decisions.bare_unit,
                     decisions.duration_refused, decisions.notes, tuple(problems))


def _decide_unit(plan: Plan, decisions: Decisions, vote: UnitVote,
                 problems: list[Problem]) -> Decisions:
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
            problems.append(Problem(None, "duration_unit", "error", "bad-setting",
                                    f"{exc}; give {how}", given))
            given = None
    spans = [(span, number) for start, end, number in vote.spans
             if (span := _span(decisions, start, end)) is not None]
    profile = plan.choice.profile
    decision = decide_unit(vote, spans, column, default=profile.duration_unit,
                           whole_unit=profile.whole_number_unit, header=header_unit(column),
                           given=given, how_to_set=how_to_set, profile=profile.id)
    if decision.error:
        problems.append(Problem(None, column, "error", "ambiguous-unit", decision.error))
    return Decisions(decisions.date_orders, decisions.decimal_seps,
                     decision.unit or profile.duration_unit, decision.refused,
                     (decision.note,) if decision.note else ())


def _span(decisions: Decisions, start: object, end: object) -> Decimal | None:
    """Seconds from a row's start cell to its end cell (past midnight when the end is earlier
    in the day); None when either cannot be read."""
    try:
        begin, finish = (parse_datetime(v, decisions.date_orders.get(f)) if has_date_part(v)
                         else parse_time(v) for v, f in ((start, "start"), (end, "end")))
    except ConversionError:
        return None
    if isinstance(begin, dt.datetime) and isinstance(finish, dt.datetime):
        return delta_seconds(finish - begin)
    return (seconds_of_day(finish) - seconds_of_day(begin)) % DAY


def _dropped(plan: Plan, name: str) -> Problem:
    """A field the source fills and the target has no column for: one warning for the file."""
    column = plan.source_name(name)
    return Problem(None, column, "warning", "dropped-field",
                   f"the source's {column!r} column ({FIELDS[name][1].lower()}) is not written:"
                   f" {plan.template.id} has no column for it")


def _decide_order(plan: Plan, name: str, vote: DateOrderVote, explicit: str | None,
                  default: str | None, problems: list[Problem]) -> str | None:
    """One order for the whole column: from the values, else the option or profile, else error."""
    source = plan.source_name(name)
    order, reason = vote.decide(default, *fixes.date_order_words(explicit, plan.options.channel))
    if vote.day_first and vote.month_first:
        problems.append(Problem(None, source, "error", "ambiguous-date", reason))
        return None
    evidence = "DMY" if vote.day_first else "MDY" if vote.month_first else None
    if evidence is not None:
        if explicit and explicit != evidence:
            problems.append(Problem(
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
        problems.append(Problem(None, source, "error", "ambiguous-date", reason))
        return None
    problems.append(Problem(None, source, "warning", "date-order", reason))
    return order


def _order_words(order: str) -> str:
    return "day-first" if order == "DMY" else "month-first"
