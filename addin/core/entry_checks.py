"""Checks of one entry against itself: a Non-billable column that contradicts Billable, an entry
longer than a day, an amount that is not hours x rate."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from addin.convert.exact import exact_decimal, show_exact
from addin.core.column_checks import hours_times_rate, long_duration, same_amount
from addin.core.decide import Decisions
from addin.core.plan import Plan
from addin.core.problems import Problem, Report
from addin.core.template import Template
from addin.core.values import DAY, show


@dataclass(frozen=True)
class Writes:
    """What the template writes that an entry's own values must agree with."""
    amount: bool  # an amount computed as hours x rate
    fixed_rate: bool  # a fixed price, whatever the hours

    @classmethod
    def of(cls, template: Template) -> Writes:
        return cls(any(c.derive in ("amount", "fee") for c in template.columns),
                   any("fixed_rate" in c.source for c in template.columns))


def read_non_billable(plan: Plan, report: Report, row: int, entry: dict[str, object],
                      failed: set[str]) -> None:
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
        column = plan.source_name("non_billable")
        report.add(Problem(
            row, column, "error", "bad-boolean",
            f"{column!r} says the entry is {'not ' if non_billable else ''}billable and"
            f" {plan.source_name('billable')!r} says it is"
            f"{'' if billable else ' not'}; correct one of them in the source",
            show(non_billable)))


def check_length(plan: Plan, decisions: Decisions, report: Report, row: int, seconds: Decimal,
                 from_cell: bool) -> None:
    """One entry over a day is almost always a unit error (minutes read as hours) or a timer
    left running: an error, unless the whole column was already refused."""
    if seconds <= DAY or (from_cell and decisions.duration_refused):
        return
    if from_cell:
        fix = (f"if {plan.source_name('duration')!r} holds minutes or seconds, give"
               f" {plan.options.how_to_set_to('duration_unit', 'min', 's')}; otherwise"
               " correct or split the entry") if decisions.bare_unit == "hours" else (
               "correct or split the entry")
        problem = long_duration(row, plan.source_name("duration"), seconds, fix)
        if problem is not None:
            report.add(problem)
        return
    hours = show(exact_decimal(Fraction(seconds) / 3600) or round(seconds / 3600, 2))
    report.add(Problem(row, plan.source_name("end"), "error", "long-duration",
                       f"from its start to its end is {hours} h, longer than 24 hours; correct"
                       " the start or the end", hours))


def agree_amount(plan: Plan, report: Report, writes: Writes, row: int,
                 entry: dict[str, object], exact: object, failed: set[str],
                 own_rate: bool) -> None:
    """A line written with hours, rate and amount keeps amount = written hours x rate (Tabs3's
    Amount, Kimai's Rate, LEDES's LINE_ITEM_TOTAL). The source's amount must be its exact
    hours x rate to the cent; when the hours are rounded to the increment, the amount
    follows them. Any other amount is an error: which of amount and rate is wrong is not
    ours to guess."""
    amount, rate = entry.get("amount"), entry.get("rate")
    if entry.get("fixed_rate") is not None and writes.fixed_rate:
        return  # written as a fixed-price entry: its amount is the price, whatever the hours
    if not (writes.amount and isinstance(amount, Decimal)
            and isinstance(rate, Decimal) and isinstance(exact, Decimal)):
        return
    expected = hours_times_rate(exact, rate)
    if same_amount(amount, expected):
        if entry.get("duration") != exact:
            del entry["amount"]  # computed again from the rounded hours
        return
    failed.add("amount")
    tables = [t.name for t in plan.options.tables_with("rate")]
    where = "the source" if own_rate or not tables else f"the {tables[0]} table"
    report.add(Problem(
        row, plan.source_name("amount"), "error", "amount-mismatch",
        f"{plan.template.target} writes the amount as hours x rate, and"
        f" {show(amount)} is not {show_exact(Fraction(exact) / 3600)} h x {show(rate)}"
        f" (the rate from {where}) = {show_exact(expected, 2)}; correct the amount in the"
        f" source or the rate in {where}", show(amount)))
