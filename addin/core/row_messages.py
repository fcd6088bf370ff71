"""What a row's problems say to do: round every duration to a step the column can hold; fill
a required cell (or give its setting)."""

from __future__ import annotations

from decimal import Decimal

from addin.core.column_checks import ColumnChecks
from addin.core.plan import Plan
from addin.core.template import Column


def increment_fix(plan: Plan, col: Column, code: str) -> str:
    """For a duration the column cannot hold exactly: the setting that rounds every
    duration to what it can hold (two decimals of hours: 0.01h), when the template has it."""
    if code != "inexact-duration" or "increment" not in plan.template.settings:
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
    return (f"; or round every duration with {plan.options.how_to_set('increment', step)}"
            " (the rounding is reported with its total)")

def required_message(plan: Plan, checks: ColumnChecks, col: Column) -> str:
    # A part of a voice line is empty because the line is: the user's cell is the line's.
    parts = plan.split.names if plan.split is not None else ()
    feeders = list(dict.fromkeys(
        plan.split.column if plan.split is not None and name in parts else name
        for name in (plan.source_name(s) for s in col.source if s in plan.fields)))
    where = f"the {' / '.join(repr(f) for f in feeders)} cell is empty" if feeders else (
        "nothing in this row fills it")
    fix = checks.fill_hint(col, "Fill it in the source")
    if "date" in col.source and not feeders and plan.has_field("start"):
        # The date is derived from the start, which here is a time of day alone.
        where = f"the {plan.source_name('start')!r} cell holds a time but no date"
        fix = checks.fill_hint(col, "Add a date column to the source, or write the"
                                    " start as date and time")
    return f"{plan.template.target} needs {col.name}; {where}. {fix}"
