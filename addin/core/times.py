"""Start and end placed in time: on the entry's date, past midnight when that is plausible, 24:00
as the end of the day; and the duration taken from them when the row has none, or when its
duration cell is their span rounded."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal

from addin.convert.by_type import date_format
from addin.core.decide import Decisions
from addin.core.plan import Plan
from addin.core.problems import Problem, Report
from addin.core.template import Template
from addin.core.values import (
    DAY,
    ONE_DAY,
    cell,
    clock,
    delta_seconds,
    in_hours,
    resolution,
    seconds_of_day,
    show,
    span_shown,
)

OVERNIGHT_LIMIT = Decimal(12 * 3600)
# An end written 24:00 (ISO 8601's end of the day): midnight, on the day after the start.
END_OF_DAY = re.compile(r"24:00(?::00)?")
DAY_END = dt.time(0, fold=1)  # compared by identity: a parsed 00:00 is never this object


def start_step(template: Template) -> int | None:
    """The seconds a template's written start times are whole multiples of: 1, or 60 when one
    of its start columns writes no seconds (Clockify's h:mm A); None when it writes no start."""
    steps = [1 if date_format(col.format).writes_seconds else 60 for col in template.columns
             if col.format and col.type in ("time", "datetime")
             and (col.derive == "start" or "start" in col.source)]
    return max(steps, default=None)


class TimePlacer:
    def __init__(self, plan: Plan, decisions: Decisions, report: Report) -> None:
        self.plan = plan
        self.decisions = decisions
        self.report = report

    def place(self, row: int, entry: dict[str, object], failed: set[str],
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
                    self._overnight(row, entry, failed, cells, delta_seconds(end - start) + DAY)
            elif isinstance(start, dt.time) and end < start and end is not DAY_END:
                span = DAY - seconds_of_day(start) + seconds_of_day(end)
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
        times = f"ends at {clock(end)}, before its start at {clock(start)}"
        duration = entry.get("duration")
        agrees = isinstance(duration, Decimal) and "duration" in self.plan.fields and abs(
            span - duration) * 2 <= resolution(cell(cells, self.plan.fields["duration"]))
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
                f"{times}: read as ending the next day, {span_shown(span)}", show(end)))
            return
        limit = show(in_hours(OVERNIGHT_LIMIT))
        self._drop_end(row, entry, failed, "end-before-start", f"{times}; past midnight it"
                       f" would last {span_shown(span)}, more than {limit} h. Correct the"
                       " start or the end, or give the day it ends")

    def _drop_end(self, row: int, entry: dict[str, object], failed: set[str], code: str,
                  why: str) -> None:
        """The row's end cannot be used: an error, and nothing derived from it."""
        end = entry.pop("end")
        failed.add("end")
        if "duration" not in entry:
            failed.add("duration")
        self.report.add(Problem(row, self.plan.source_name("end"), "error", code, why, show(end)))

    def exact_span(self, entry: dict[str, object], cells: Sequence[object]) -> Decimal:
        """A duration written rounded (0.33 h, 0:20) next to the start and end it was rounded
        from: the span of start and end is the exact value, so it is used. Returns the seconds
        it adds."""
        start, end, duration = entry.get("start"), entry.get("end"), entry.get("duration")
        if not (isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
                and isinstance(duration, Decimal)):
            return Decimal(0)
        span = delta_seconds(end - start)
        raw = cell(cells, self.plan.fields["duration"])
        if span != duration and span >= 0 and abs(span - duration) * 2 <= resolution(
                raw, self.decisions.bare_unit):
            entry["duration"] = span
            return span - duration
        return Decimal(0)

    def from_times(self, row: int, entry: dict[str, object], failed: set[str]) -> None:
        """The duration from start to end, for a row without a duration cell."""
        start, end = entry.get("start"), entry.get("end")
        if start is None or end is None:
            return
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            seconds = delta_seconds(end - start)
        else:  # times of day alone: an end before the start passed `_overnight`
            seconds = seconds_of_day(end) - seconds_of_day(start)
            seconds += DAY if seconds < 0 or end is DAY_END else 0
        if seconds < 0:
            failed.add("duration")
            self.report.add(Problem(row, self.plan.source_name("end"), "error", "end-before-start",
                                    "ends before it starts; fix the start or end",
                                    show(entry.get("end"))))
            return
        entry["duration"] = seconds

