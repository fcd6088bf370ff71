"""The canonical time entry: the fields every source profile maps to and every template builds from.

N source profiles and M target templates meet here, so adding a source or a target is one file.
"""

from __future__ import annotations

# field -> (kind, description). The kind tells the engine how to read the raw source value.
FIELDS: dict[str, tuple[str, str]] = {
    "date": ("date", "Day the work was done"),
    "start": ("time", "Start time of day (or date and time)"),
    "end": ("time", "End time of day (or date and time)"),
    "duration": ("duration", "Time worked"),
    "client": ("text", "Client name"),
    "client_id": ("text", "Client number or code"),
    "matter": ("text", "Matter or project name"),
    "matter_id": ("text", "Matter number or code"),
    "activity": ("text", "Activity or task name"),
    "task_code": ("text", "UTBMS task code, e.g. L120"),
    "activity_code": ("text", "UTBMS activity code, e.g. A104"),
    "expense_code": ("text", "UTBMS expense code, e.g. E101"),
    "description": ("text", "Narrative"),
    "timekeeper": ("text", "Person who did the work"),
    "timekeeper_id": ("text", "Timekeeper number or initials"),
    "email": ("text", "Timekeeper's e-mail address"),
    "rate": ("number", "Hourly rate"),
    "amount": ("number", "Amount billed for the entry"),
    "billable": ("boolean", "Whether the entry is billable"),
    "tags": ("text", "Tags, comma-separated"),
    "entry_id": ("text", "The source's own id of the entry"),
}

# Values computed from other fields, usable as a column's `derive`.
DERIVED: dict[str, str] = {
    "start": "Start time: the source's start, else stacked from the day's start time in file order",
    "end": "End time: start + duration",
    "amount": "Hours x rate, exact",
    "hours": "Duration in hours",
}
