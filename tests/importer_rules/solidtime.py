"""solidtime, generic time entries importer: what it accepts, from its source.

Sources:
- solidtime-io/solidtime `app/Service/Import/Importers/GenericTimeEntriesImporter.php`: League
  Csv reader, header on row 1, delimiter `,`, enclosure `"`, no escape character; all ten
  columns description, billable, client, project, tags, start, end, task, user_name, user_email
  (exact, case-sensitive); billable exactly `true` or `false`; start and end parsed with
  `Y-m-d\\TH:i:s\\Z` in UTC; tags split on `,`; a task is keyed by its project
  (`tasks.project_id` is NOT NULL in the migrations, so a task with no project aborts the
  import); users keyed by e-mail.
- solidtime-io/solidtime `app/Service/Import/Importers/DefaultImporter.php`: validation of what
  the import creates: user name required, at most 255; client, project and tag names at most
  255; task names at most 500.
- solidtime-io/solidtime `database/migrations/2025_10_16_000001_extend_time_entry_description.php`:
  `time_entries.description` is a string of 5,000 (500 before), so a longer one fails the insert.
- https://docs.solidtime.io/user-guide/import.
"""

from __future__ import annotations

from datetime import datetime

from . import records

COLUMNS = ["description", "billable", "client", "project", "tags", "start", "end", "task",
           "user_name", "user_email"]
LIMITS = {"description": 5000, "client": 255, "project": 255, "task": 500, "user_name": 255,
          "user_email": 255}
STAMP = "%Y-%m-%dT%H:%M:%SZ"


def check(data: bytes) -> list[str]:
    rows, broken = records.read_csv(data)
    if not rows.header:
        return broken
    broken += records.missing_columns(rows.header, COLUMNS)
    if broken:
        return broken
    broken += records.required(rows, ["billable", "start", "end", "user_name", "user_email"])
    broken += records.each_cell(rows, ["billable"], lambda v: None if v in ("true", "false")
                                else f"{v!r} is not true or false")
    broken += records.each_cell(rows, ["start", "end"], lambda v: None if not v or
                                records.is_date(v, STAMP) and len(v) == 20
                                else f"{v!r} is not YYYY-MM-DDTHH:MM:SSZ")
    broken += records.each_cell(rows, ["user_email"], lambda v: None if not v or
                                records.is_email(v) else f"{v!r} is not an e-mail address")
    broken += records.max_length(rows, LIMITS)
    broken += records.each_cell(rows, ["tags"], lambda v: None if all(
        len(t.strip()) <= 255 for t in v.split(",")) else "a tag longer than 255 characters")
    broken += records.needs(rows, "task", "project", "solidtime aborts the whole import")
    for number, row in rows.rows:
        if records.is_date(row["start"], STAMP) and records.is_date(row["end"], STAMP) and \
                datetime.strptime(row["end"], STAMP) < datetime.strptime(row["start"], STAMP):
            broken.append(f"row {number}, end: before start")
    return broken
