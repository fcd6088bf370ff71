"""Insol6 Timekeeping (Exalt), time entry import: what it accepts, from its help centre.

Sources:
- https://exalt.zendesk.com/hc/en-us/articles/5097622263695-Importing-time-entries-into-Timekeeping-explanation-of-the-import-columns:
  the import file is a .csv; JobShortName mandatory (an existing job's short name); Date
  mandatory, as 'dd/mm/yyyy'; Category 1 mandatory (a first-level category of the job type);
  Notes the narration; Units mandatory, decimal hours (0.1 = 6 minutes); Total mandatory, in
  dollars; UserInitials must match a user's initials when given; TimeEntryType mandatory, 'Time'
  or 'Disbursement'; Bill Ref mandatory when an entry is billed (the bill columns filled).
- https://exalt.zendesk.com/hc/en-us/articles/5841407435279-Importing-Disbursements: the example
  file's header, in its order (JobShortName ... Woff Won, 19 columns), and a date written
  `1/01/2022` (a one-digit day).
- https://exalt.zendesk.com/hc/en-us/articles/5577366292751-Importing-Bills-into-Timekeeping-:
  Bill Ref groups entries into a bill; Invoice Date, Bill Note, Billed $, Woff Won belong to it.
The pages name no encoding: Insol6 is a web application, so UTF-8 is what is checked.
Not verifiable from the file: that jobs, categories and users' initials exist in Insol6.
"""

from __future__ import annotations

import re

from . import records

HEADER = ["JobShortName", "Job type", "Date", "TimeofDay", "Category 1", "Category 2",
          "Category 3", "Notes", "Units", "Total", "UserInitials", "UserPosition",
          "TimeEntryType", "TE Ref", "Bill Ref", "Invoice Date", "Bill Note", "Billed $",
          "Woff Won"]
REQUIRED = ["JobShortName", "Date", "Category 1", "Units", "Total", "TimeEntryType"]
BILL = ["Invoice Date", "Bill Note", "Billed $", "Woff Won"]
AMOUNT = re.compile(r"-?\d+(\.\d+)?")
HOURS = re.compile(r"\d+(\.\d+)?|\.\d+")


def day_first(value: str) -> str | None:
    if not value or (re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value)
                     and records.is_date(value, "%d/%m/%Y")):
        return None
    return f"{value!r} is not dd/mm/yyyy"


def check(data: bytes) -> list[str]:
    rows, broken = records.read_csv(data)
    if not rows.header:
        return broken
    if rows.header != HEADER:
        broken.append(f"header: {rows.header} is not the import template's {HEADER}")
        return broken
    broken += records.required(rows, REQUIRED)
    broken += records.each_cell(rows, ["Date", "Invoice Date"], day_first)
    broken += records.each_cell(rows, ["Units"], lambda v: None if not v or HOURS.fullmatch(v)
                                else f"{v!r} is not decimal hours")
    broken += records.each_cell(rows, ["Total", "Billed $", "Woff Won"], lambda v: None
                                if not v or AMOUNT.fullmatch(v) else f"{v!r} is not an amount")
    broken += records.each_cell(rows, ["TimeEntryType"], lambda v: None
                                if v in ("", "Time", "Disbursement")
                                else f"{v!r} is neither Time nor Disbursement")
    broken += [f"row {number}, Bill Ref: empty, but the entry is billed ({column})"
               for number, row in rows.rows for column in BILL
               if row[column] and not row["Bill Ref"]]
    return broken
