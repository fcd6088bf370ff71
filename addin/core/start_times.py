"""A row's start and end as the target should write them: date-times given with a UTC offset
(Jira's 2024-03-13T02:00:00.000+0000) in the time zone the user gives, and a start more precise
than the target writes it cut to what it holds, each said once per file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from addin.core.file_notes import FileNotes
from addin.core.plan import Plan
from addin.core.problems import Problem, Report
from addin.core.times import start_step
from addin.core.timezones import zone
from addin.core.values import cell, delta_seconds, show, span_shown

# A time of day, then its offset: "09:00Z", "T02:00:00.000+0000" (not the year of "11-02-2026").
_OFFSET = re.compile(r"\d:\d\d(?::\d\d(?:[.,]\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d)\s*$",
                     re.IGNORECASE)


def with_offset(raw: object) -> bool:
    """Whether a cell's text ends in a UTC offset ("...T02:00:00.000+0000", "...Z")."""
    return isinstance(raw, str) and _OFFSET.search(raw) is not None


class StartTimes:
    def __init__(self, plan: Plan, notes: FileNotes, report: Report) -> None:
        self.plan = plan
        self.notes = notes
        self.report = report
        # A start more precise than the target writes it (18:17:41.346 for Kimai's HH:mm:ss,
        # 14:02:41 for Clockify's h:mm A) is cut to what it holds when the duration has its own
        # column: no hours change, and an end is then the start plus the duration.
        self.step = start_step(plan.template) if (
            "duration" in plan.fields and "end" not in plan.fields) else None
        notes.start_step = self.step or 1
        self.zone = _zone(plan.setting_value("timezone"))
        # A target writing UTC (solidtime) converts an offset itself and needs no word of it.
        self.tell_offset = not any(c.utc for c in plan.template.columns)

    def adjust(self, row: int, entry: dict[str, object], failed: set[str],
               cells: Sequence[object]) -> None:
        start, end = entry.get("start"), entry.get("end")
        for name in ("start", "end"):
            value = entry.get(name)
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                if self.zone is not None:
                    local = value.astimezone(self.zone).replace(tzinfo=None)
                    entry[name] = local
                    if name == "start" and "start" not in self.plan.fields:
                        entry["date"] = local.date()  # the date cell held the start
                elif self.tell_offset:
                    self.notes.offset_seen(row, *self._cell_of(name, value, cells))
        if self.zone is not None and isinstance(start, dt.datetime) and isinstance(
                end, dt.datetime) and _clocks_changed(start, end, entry):
            # By the clock the entry would last another time than it did: never billed so.
            entry.pop("end")
            failed.add("end")
            if "duration" not in entry:
                failed.add("duration")
            self.report.add(Problem(
                row, self._cell_of("end", end, cells)[0], "error", "bad-time",
                f"the entry runs across a change of the clocks in {self.zone.key}: it lasted"
                f" {span_shown(delta_seconds(end - start))} ({start} to {end}), the clock there"
                " says otherwise; write its start and end in local time, or give its duration",
                show(end)))
        start = entry.get("start")
        if self.step and isinstance(start, dt.time | dt.datetime):
            cut = start.replace(microsecond=0) if self.step == 1 else start.replace(
                second=0, microsecond=0)
            if cut != start:
                entry["start"] = cut
                self.notes.start_cut(row, *self._cell_of("start", start, cells))

    def _cell_of(self, name: str, value: object, cells: Sequence[object]) -> tuple[str, str]:
        """The column a start or end came from and its cell as written: its own column, or a
        date column holding the date with its time."""
        field = name if name in self.plan.fields or name != "start" else "date"
        at = self.plan.fields.get(field)
        return self.plan.source_name(field), show(value if at is None else cell(cells, at))


def _clocks_changed(start: dt.datetime, end: dt.datetime, entry: dict[str, object]) -> bool:
    """Whether an aware start and end, now local clock times, span another time than before."""
    local_start, local_end = entry.get("start"), entry.get("end")
    return (start.tzinfo is not None and end.tzinfo is not None
            and isinstance(local_start, dt.datetime) and isinstance(local_end, dt.datetime)
            and local_end - local_start != end - start)


def _zone(name: str | None) -> ZoneInfo | None:
    """The user's time zone; None when not given or not a zone (the plan reports that)."""
    if not name:
        return None
    try:
        return zone(name)
    except ValueError:
        return None
