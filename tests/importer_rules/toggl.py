"""Toggl Track, CSV import of time entries: what it accepts, from its help pages.

Sources:
- https://support.toggl.com/en/articles/3928821-toggl-track-csv-import-guide and
  https://support.toggl.com/articles/2216070-editing-and-uploading-a-csv-file: allowed headers
  (English, any order) User, Email, Client, Project, Task, Description, Billable, Start date,
  Start time, Duration, Tags; a time entry needs Email, Start date, Start time and Duration;
  User needs Email, Task needs Project; UTF-8, comma-separated; formats as in the Detailed
  report export, the model the docs give: Start date YYYY-MM-DD, Start time HH:MM:SS (24-hour),
  Duration hh:mm:ss ("Improved" duration format); Billable Yes/No.
- kevinpapst/ImportBundle `Importer/TogglTimesheetImporter.php` and solidtime-io/solidtime
  `app/Service/Import/Importers/TogglTimeEntriesImporter.php` read the same export shape.
Not verifiable from the file: that the e-mails belong to workspace members (unknown ones become
active, billed members).
"""

from __future__ import annotations

import re

from . import records

ALLOWED = ["User", "Email", "Client", "Project", "Task", "Description", "Billable",
           "Start date", "Start time", "Duration", "Tags"]
REQUIRED = ["Email", "Start date", "Start time", "Duration"]
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d")
DURATION = re.compile(r"\d{2,}:[0-5]\d:[0-5]\d")


def check(data: bytes) -> list[str]:
    rows, broken = records.read_csv(data)
    if not rows.header:
        return broken
    broken += [f"header: {name!r} is not a Toggl import column"
               for name in rows.header if name not in ALLOWED]
    broken += records.missing_columns(rows.header, REQUIRED)
    if "User" in rows.header and "Email" not in rows.header:
        broken.append("header: User needs an Email column")
    if "Task" in rows.header and "Project" not in rows.header:
        broken.append("header: Task needs a Project column")
    broken += records.required(rows, REQUIRED)
    broken += records.each_cell(rows, ["Email"], lambda v: None if not v or records.is_email(v)
                                else f"{v!r} is not an e-mail address")
    broken += records.each_cell(rows, ["Start date"], lambda v: None if not v or
                                records.is_date(v, "%Y-%m-%d") else f"{v!r} is not YYYY-MM-DD")
    broken += records.each_cell(rows, ["Start time"], lambda v: None if not v or
                                TIME.fullmatch(v) else f"{v!r} is not HH:MM:SS")
    broken += records.each_cell(rows, ["Duration"], lambda v: None if not v or
                                DURATION.fullmatch(v) else f"{v!r} is not hh:mm:ss")
    broken += records.each_cell(rows, ["Billable"], lambda v: None if v in ("", "Yes", "No")
                                else f"{v!r} is not Yes or No")
    broken += records.needs(rows, "Task", "Project", "Toggl: a task needs a project")
    return broken
