"""Juris (LexisNexis), time entry CSV import: what it accepts, from its specification.

Source: Juris help, "Time Entry CSV File Specification",
https://juris.com/help/juris/Content/Topics/Juris/02-Time-and-Expense/01-Time%20entries/time-entry-CSV-file-specification-ref.htm:
the first record names the columns (any order, case-insensitive): UserID, Date (required;
mm/dd/yy, mm/dd/yyyy or yyyymmdd), Timekeeper (required, at most 4), Client (required, at most
12), Matter (required, at most 12), Task (at most 4), Activity (at most 4), Billable (Y/N),
HoursWork (required, `##0.00`), HoursBill (`##0.00`), Rate (`##0.00`), Amount, Phase, Code1 to
Code3 (at most 6), Note (at most 60), Narrative (required, at most 7500). One record per line:
a line break inside a record (even quoted) splits it (issue 12 item 4). The spec names no
encoding; Juris is a Windows program, so Windows-1252 is what it reads.
Not verifiable from the file: that the codes exist in Juris.
"""

from __future__ import annotations

import re

from . import records

LIMITS = {"timekeeper": 4, "client": 12, "matter": 12, "task": 4, "activity": 4, "code1": 6,
          "code2": 6, "code3": 6, "note": 60, "narrative": 7500}
KNOWN = ["userid", "date", "timekeeper", "client", "matter", "task", "activity", "billable",
         "hourswork", "hoursbill", "rate", "amount", "phase", "code1", "code2", "code3", "note",
         "narrative"]
REQUIRED = ["date", "timekeeper", "client", "matter", "hourswork", "narrative"]
MASK = re.compile(r"\d{1,3}(\.\d{1,2})?")  # ##0.00
AMOUNT = re.compile(r"-?\d+(\.\d{1,2})?")


def check(data: bytes) -> list[str]:
    table, broken = records.load(data, "cp1252")
    broken += [f"row {r.number}: a line break inside a field splits the record"
               for r in table.records if r.raw_breaks]
    rows = records.with_header(records.Table(table.records))
    broken += rows.broken
    if not rows.header:
        return broken
    lower = {name.lower(): name for name in rows.header}
    broken += [f"header: {name!r} is not a Juris column" for name in rows.header
               if name.lower() not in KNOWN]
    broken += [f"header: no {name!r} column" for name in REQUIRED if name not in lower]

    def cols(*names: str) -> list[str]:
        return [lower[n] for n in names if n in lower]

    broken += records.required(rows, cols(*REQUIRED))
    broken += records.max_length(rows, {lower[k]: v for k, v in LIMITS.items() if k in lower})
    broken += records.each_cell(rows, cols("date"), lambda v: None if not v or any(
        re.fullmatch(p, v) and records.is_date(v, f) for p, f in (
            (r"\d{2}/\d{2}/\d{2}", "%m/%d/%y"), (r"\d{2}/\d{2}/\d{4}", "%m/%d/%Y"),
            (r"\d{8}", "%Y%m%d"))) else f"{v!r} is not mm/dd/yy, mm/dd/yyyy or yyyymmdd")
    broken += records.each_cell(rows, cols("billable"), lambda v: None if v in ("", "Y", "N")
                                else f"{v!r} is not Y or N")
    broken += records.each_cell(rows, cols("hourswork", "hoursbill", "rate"), lambda v: None
                                if not v or MASK.fullmatch(v) else f"{v!r} does not fit ##0.00")
    broken += records.each_cell(rows, cols("amount"), lambda v: None if not v or
                                AMOUNT.fullmatch(v) else f"{v!r} is not an amount")
    return broken
