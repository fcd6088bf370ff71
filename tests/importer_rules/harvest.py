"""Harvest, "Import timesheets from CSV": what it accepts, from its help page.

Source: https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-data: exactly 8
columns in this order: Date, Client, Project, Task, Notes, Hours, First name, Last name; Date
YYYY-MM-DD or M/D/YYYY; Hours decimal without stray characters; people are never created
(First and Last name must match a person); client, project and task are created when missing;
comma-delimited, fields holding commas double-quoted.
Not verifiable from the file: that the first and last names are Harvest people.
"""

from __future__ import annotations

import re

from . import records

HEADER = ["Date", "Client", "Project", "Task", "Notes", "Hours", "First name", "Last name"]
HOURS = re.compile(r"\d+(\.\d+)?|\.\d+")


def check(data: bytes) -> list[str]:
    rows, broken = records.read_csv(data)
    if not rows.header:
        return broken
    if rows.header != HEADER:
        broken.append(f"header: {rows.header} is not exactly {HEADER}")
        return broken
    broken += records.required(rows, ["Date", "Client", "Project", "Task", "Hours",
                                      "First name", "Last name"])
    broken += records.each_cell(rows, ["Date"], lambda v: None if not v or
                                records.is_date(v, "%Y-%m-%d") or (
                                    re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", v) and
                                    records.is_date(v, "%m/%d/%Y"))
                                else f"{v!r} is not YYYY-MM-DD or M/D/YYYY")
    broken += records.each_cell(rows, ["Hours"], lambda v: None if not v or HOURS.fullmatch(v)
                                else f"{v!r} is not decimal hours")
    return broken
