"""Start and end times for entries that have none: each person's day stacked from the day start
(the day's first entry at 09:00, the next where it ends, ...), in file order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from addin.convert.dates import parse_time
from addin.core.decide import Decisions
from addin.core.lookups import name_key
from addin.core.plan import Plan
from addin.core.problems import ConversionError, Problem, Report
from addin.core.values import DAY, seconds_of_day, show, time_of, to_timedelta

MIDNIGHT_MARK = dt.time(23, 59, 59, 999999)  # a stacked start that is already past midnight
Start = tuple[object, bool]  # (the entry's start, whether it was stacked)


def person_key(entry: dict[str, object]) -> str:
    """Who did the work, as entries of one person are grouped (stacked times): the user name
    (a login names one person), else the timekeeper, compared as lookups compare names."""
    person = entry.get("user_name") or entry.get("timekeeper")
    return "" if person is None else name_key(person)


class Stacker:
    def __init__(self, plan: Plan, decisions: Decisions, report: Report) -> None:
        self.plan = plan
        self.decisions = decisions
        self.report = report
        self.next_start: dict[tuple[str, dt.date | None], Decimal] = {}
        self.day_start = self._day_start()

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

    def start(self, entry: dict[str, object], failed: set[str]) -> Start | None:
        """The entry's own start, else stacked: the day's first entry at day_start, then onwards.

        Returns (start, stacked); a stacked start past midnight is MIDNIGHT_MARK."""
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
            return MIDNIGHT_MARK, True
        if day is not None:
            return dt.datetime.combine(day, dt.time()) + to_timedelta(seconds), True
        return time_of(seconds), True

    def time(self, row: int, how: str, entry: dict[str, object], start: Start | None,
             failed: set[str]) -> object:
        """The entry's start (`how` "start") or end; None, with the problem reported, when a
        stacked entry would run past midnight."""
        if start is None:
            return None
        begin, stacked = start
        if stacked and begin is MIDNIGHT_MARK:
            if how == "start":
                self._overflow(row, entry, failed)
            return None
        if how == "start":
            return begin
        end = entry.get("end")
        if end is not None or "end" in failed:
            return end
        duration = entry.get("duration")
        if not isinstance(duration, Decimal):
            return None
        if isinstance(begin, dt.datetime):
            if stacked and seconds_of_day(begin) + duration > DAY:  # ending at 24:00 is fine
                self._overflow(row, entry, failed)
                return None
            try:
                return begin + to_timedelta(duration)
            except OverflowError:  # an end beyond the year 9999: the duration is not real
                failed.add("duration")
                self.report.add(Problem(row, self.plan.source_name("duration"), "error",
                                        "bad-duration", "is far too long to be an entry's"
                                        " duration; correct it in the source",
                                        show(duration)))
                return None
        seconds = seconds_of_day(begin) + duration
        if stacked and seconds > DAY:
            self._overflow(row, entry, failed)
            return None
        return time_of(seconds % DAY)

    def _overflow(self, row: int, entry: dict[str, object], failed: set[str]) -> None:
        failed.add("duration")
        duration = entry.get("duration")
        if self.decisions.duration_refused or (isinstance(duration, Decimal) and duration > DAY):
            return  # the unit or the entry's length is the error; an earlier start cannot help
        self.report.add(Problem(
            row, self.plan.source_name("duration"), "error", "day-overflow",
            "this entry would end after midnight; set an earlier day start with"
            f" {self.plan.options.how_to_set('day_start')}, or give the entry a start time",
            show(entry.get("duration"))))
