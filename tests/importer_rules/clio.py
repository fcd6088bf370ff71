"""Clio Manage, activities import template: what it accepts, from its help pages.

Sources:
- https://help.clio.com/hc/en-us/articles/50694140413339 (activities migration template): the
  template's header `matter,date,activity_description,note,price,quantity,type,activity_user,
  non_billable`, not to be changed; matter = a matter's display number (required); date
  MM/DD/YYYY with a 4-digit year; price the rate; quantity decimal hours for time entries; type
  blank for a time entry or `ExpenseEntry`; non_billable `yes` to mark an entry non-billable.
- https://support.clio.com/hc/en-us/articles/115004009433 (older "How do I fill out the
  activities import template"): 2-digit years import as year 0019; save as CSV.
- https://help.clio.com/hc/en-us/articles/9228623050139 (general import rules: CSV, UTF-8).
Not verifiable from the file: that matters and users exist in Clio.
"""

from __future__ import annotations

import re

from . import records

HEADER = ["matter", "date", "activity_description", "note", "price", "quantity", "type",
          "activity_user", "non_billable"]
NUMBER = re.compile(r"\d+(\.\d+)?")


def check(data: bytes) -> list[str]:
    rows, broken = records.read_csv(data)
    if not rows.header:
        return broken
    if rows.header != HEADER:
        broken.append(f"header: {rows.header} is not Clio's template {HEADER}")
        return broken
    broken += records.required(rows, ["matter", "date", "price", "quantity"])
    broken += records.each_cell(rows, ["date"], lambda v: None if not v or (
        re.fullmatch(r"\d{2}/\d{2}/\d{4}", v) and records.is_date(v, "%m/%d/%Y"))
        else f"{v!r} is not MM/DD/YYYY")
    broken += records.each_cell(rows, ["price", "quantity"], lambda v: None if not v or
                                NUMBER.fullmatch(v) else f"{v!r} is not a plain decimal number")
    broken += records.each_cell(rows, ["type"], lambda v: None if v in ("", "ExpenseEntry")
                                else f"{v!r} is neither blank (time entry) nor ExpenseEntry")
    broken += records.each_cell(rows, ["non_billable"], lambda v: None if v in ("", "yes")
                                else f"{v!r} is neither blank nor yes")
    return broken
