"""Clockify, "Import timesheets" (time entries): what it accepts, from its help pages.

Sources:
- https://clockify.me/help/track-time-and-expenses/import-timesheets (current "Import data into
  Clockify"): required columns Email, Start date, Start time, Duration; optional Project, Client,
  Description, Task, Tags, Billable (Yes/No); English headers; dates in the importing user's date
  format, times in their 12/24-hour format, Duration in the workspace's duration format (full
  hh:mm:ss, compact h:mm or decimal); users must exist (by e-mail); 10 MB per file; text limits
  Description 3,000, Task 1,000, Project 250, Client 100, Tag 100 characters.
- https://clockify.me/help/extra-features/import-timesheets (older page): example header, column
  names case-sensitive; a task belongs to a project.
- https://clockify.me/help/de/troubleshooting/file-import-issues: comma-separated, UTF-8.
Not verifiable from the file: which date, time and duration format the importing user has set
(the reader only demands one recognised format per column, used on every row).
"""

from __future__ import annotations

import re

from . import records

MAX_BYTES = 10 * 1024 * 1024
REQUIRED = ["Email", "Start date", "Start time", "Duration"]
KNOWN = ["Project", "Client", "Description", "Task", "Email", "Tags", "Billable", "Start date",
         "Start time", "Duration"]
LIMITS = {"Description": 3000, "Task": 1000, "Project": 250, "Client": 100}
DATE_FORMATS = {"MM/DD/YYYY": "%m/%d/%Y", "DD/MM/YYYY": "%d/%m/%Y", "DD.MM.YYYY": "%d.%m.%Y",
                "YYYY-MM-DD": "%Y-%m-%d", "DD-MM-YYYY": "%d-%m-%Y", "MM-DD-YYYY": "%m-%d-%Y",
                "YYYY/MM/DD": "%Y/%m/%d"}
TIME_FORMATS = {"12-hour": re.compile(r"(1[0-2]|0?[1-9]):[0-5]\d (AM|PM)"),
                "24-hour": re.compile(r"([01]?\d|2[0-3]):[0-5]\d")}
DURATION_FORMATS = {"full": re.compile(r"\d{2,}:[0-5]\d:[0-5]\d"),
                    "compact": re.compile(r"\d+:[0-5]\d"),
                    "decimal": re.compile(r"\d+(\.\d+)?")}


def check(data: bytes) -> list[str]:
    broken = []
    if len(data) > MAX_BYTES:
        broken.append(f"the file has {len(data)} bytes, more than Clockify's 10 MB")
    rows, problems = records.read_csv(data)
    broken += problems
    if not rows.header:
        return broken
    broken += records.missing_columns(rows.header, REQUIRED)
    broken += [f"header: {name!r} is not a Clockify column name"
               for name in rows.header if name not in KNOWN]
    broken += records.required(rows, REQUIRED)
    broken += records.each_cell(rows, ["Email"], lambda v: None if not v or records.is_email(v)
                                else f"{v!r} is not an e-mail address")
    broken += _one_format(rows, "Start date", {k: (lambda v, f=f: records.is_date(v, f))
                                               for k, f in DATE_FORMATS.items()})
    broken += _one_format(rows, "Start time", {k: (lambda v, p=p: bool(p.fullmatch(v)))
                                               for k, p in TIME_FORMATS.items()})
    broken += _one_format(rows, "Duration", {k: (lambda v, p=p: bool(p.fullmatch(v)))
                                             for k, p in DURATION_FORMATS.items()})
    broken += records.each_cell(rows, ["Billable"], lambda v: None if v in ("", "Yes", "No")
                                else f"{v!r} is not Yes or No")
    broken += records.max_length(rows, LIMITS)
    broken += records.each_cell(rows, ["Tags"], lambda v: None if not v or all(
        0 < len(t.strip()) <= 100 for t in v.split(",")) else "a tag empty or over 100 characters")
    broken += records.needs(rows, "Task", "Project", "a Clockify task belongs to a project")
    return broken


def _one_format(rows: records.Rows, column: str, formats: dict) -> list[str]:
    """Every non-empty cell of the column in one and the same of the formats Clockify offers."""
    if column not in rows.header:
        return []
    values = [(n, r[column]) for n, r in rows.rows if r[column]]
    fitting = [name for name, fits in formats.items() if all(fits(v) for _, v in values)]
    if fitting or not values:
        return []
    return [f"row {n}, {column}: {v!r} is not in a format Clockify offers (one for the whole "
            f"column: {', '.join(formats)})" for n, v in values
            if not any(fits(v) for fits in formats.values())] or [
        f"{column}: the rows mix formats; Clockify reads one"]
