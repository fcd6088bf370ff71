"""Kimai 2, Importer plugin, "Timesheet" importer: what it accepts, from its source.

Sources:
- kevinpapst/ImportBundle `Importer/TimesheetImporter.php` (header aliases, required columns
  Date, From, To, User, Email, Customer, Project, Activity; the row builder reads `Date`, `From`
  and `To` with exactly that case) and `Importer/AbstractTimesheetImporter.php` (`validateRow`:
  User, Email, Project, Activity not empty, UTF-8, Duration not negative, rates numeric;
  `importRow`: Begin = Date + From, End = Date + To, PHP `is_numeric` rates).
- kevinpapst/ImportBundle `Importer/ImporterService.php::import` removes Kimai's timesheet
  subscribers while importing (CHANGELOG 2.1.3): nothing computes the entry's `Rate` (total) or
  its billable flag, so a file must carry `Rate` and `Billable` itself; an empty `Billable`
  is false.
- kimai/kimai `src/Timesheet/RateService.php::calculate`: an entry's Rate (total) is its
  FixedRate when it has one, else HourlyRate x duration; a file therefore writes Rate =
  FixedRate, or hours x HourlyRate, or Kimai recomputes a different total on the next edit.
- https://www.kimai.org/documentation/plugin-import.html: Date `Y-m-d`, From/To 24-hour, Duration
  in seconds.
- kimai/kimai `src/Utils/Duration.php`: a Duration with `.`, `,` or `:` is read as hours.
- Shared Kimai rules (limits, names, booleans): `kimai_common.py`.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import kimai_common, records

REQUIRED = ["Date", "From", "To", "User", "Email", "Customer", "Project", "Activity"]
EXACT_CASE = ["Date", "From", "To"]
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?")
SECONDS = re.compile(r"\d+")
# PHP is_numeric: optional sign, digits with an optional '.', optional exponent; no comma.
NUMERIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
RATES = ["rate", "hourlyrate", "hourly_rate", "rate_hourly", "fixedrate", "fixed_rate",
         "rate_fixed", "internalrate", "internal_rate", "rate_internal"]
CENT = Decimal("0.005")


def check(data: bytes) -> list[str]:
    rows, broken = kimai_common.read(data)
    header = rows.header
    if not header:
        return broken
    lower = [h.strip().lower() for h in header]
    for name in REQUIRED:
        if name.lower() not in lower:
            broken.append(f"header: no {name!r} column")
    for name in EXACT_CASE:
        if name.lower() in lower and name not in header:
            broken.append(f"header: {name!r} must be written with exactly that case")
    # The importer no longer derives these (issue 12 item 2).
    if kimai_common.column(header, "rate") is None:
        broken.append("header: no 'Rate' column; Kimai leaves the entry's total at 0")
    billable = kimai_common.column(header, "billable")
    if billable is None:
        broken.append("header: no 'Billable' column; every entry becomes billable")
    broken += records.required(rows, [c for c in header if c.strip().lower() in
                                      ("date", "from", "to", "user", "email", "customer",
                                       "project", "activity")])
    for name in ("customer", "project", "activity"):
        found = kimai_common.column(header, name)
        if found:
            broken += records.each_cell(rows, [found], lambda v: kimai_common.name_problem(v)
                                        if v else None)
    user = kimai_common.column(header, "user")
    if user:
        broken += records.each_cell(rows, [user], lambda v: "contains '/', which Kimai refuses"
                                    " in a user name" if "/" in v else None)
    email = kimai_common.column(header, "email", "e-mail")
    if email:
        broken += records.each_cell(rows, [email], lambda v: None if not v or
                                    records.is_email(v) else f"{v!r} is not an e-mail address")
    if "Date" in header:
        broken += records.each_cell(rows, ["Date"], lambda v: None if not v or
                                    records.is_date(v, "%Y-%m-%d") else f"{v!r} is not Y-m-d")
    broken += records.each_cell(rows, [c for c in ("From", "To") if c in header],
                                lambda v: None if not v or TIME.fullmatch(v)
                                else f"{v!r} is not a 24-hour HH:MM[:SS] time")
    duration = kimai_common.column(header, "duration")
    if duration:
        broken += records.each_cell(rows, [duration], _duration_problem)
    for name in RATES:
        found = kimai_common.column(header, name)
        if found:
            broken += records.each_cell(rows, [found], lambda v: None if not v or
                                        NUMERIC.fullmatch(v) else f"{v!r} is not numeric")
    if billable:
        broken += records.each_cell(rows, [billable], lambda v: "empty, read as false"
                                    if v.strip() == "" else kimai_common.boolean_problem(v))
    tags = kimai_common.column(header, "tags")
    if tags:
        broken += records.each_cell(rows, [tags], lambda v: "a tag longer than 100 characters,"
                                    " which Kimai cuts" if any(len(t) > 100 for t in
                                                              v.split(",")) else None)
    broken += _consistency(rows, duration)
    return broken


def _duration_problem(value: str) -> str | None:
    if value == "" or SECONDS.fullmatch(value):
        return None
    if value.startswith("-"):
        return "negative"
    if re.fullmatch(r"\d+([.,]\d+)?|\d+:[0-5]\d(:[0-5]\d)?", value):
        return None  # read as hours by Kimai's duration parser
    return f"{value!r} is neither seconds nor a Kimai duration"


def _seconds(value: str) -> int | None:
    if not TIME.fullmatch(value):
        return None
    parts = [int(p) for p in value.split(":")] + [0]
    return parts[0] * 3600 + parts[1] * 60 + parts[2]


def _kimai_seconds(value: str) -> int | None:
    """The seconds Kimai reads from a Duration cell: a plain integer is seconds, anything with
    `.`, `,` or `:` goes through Kimai's duration parser as hours (`1.5`, `1,5`, `1:30[:00]`)."""
    if SECONDS.fullmatch(value):
        return int(value)
    if re.fullmatch(r"\d+([.,]\d+)?", value):
        return int(Decimal(value.replace(",", ".")) * 3600)
    if re.fullmatch(r"\d+:[0-5]\d(:[0-5]\d)?", value):
        parts = [int(p) for p in value.split(":")] + [0]
        return parts[0] * 3600 + parts[1] * 60 + parts[2]
    return None


def _consistency(rows: records.Rows, duration: str | None) -> list[str]:
    """The Duration agrees with From/To (Kimai stores both as given), and a Rate is the
    entry's FixedRate when it has one, else hours x HourlyRate (the importer computes neither)."""
    broken = []
    rate = kimai_common.column(rows.header, "rate")
    hourly = kimai_common.column(rows.header, "hourlyrate", "hourly_rate", "rate_hourly")
    fixed_at = kimai_common.column(rows.header, "fixedrate", "fixed_rate", "rate_fixed")
    for number, row in rows.rows:
        written = row.get(duration or "", "")
        seconds = _kimai_seconds(written)
        if seconds is None:
            continue
        start, end = _seconds(row.get("From", "")), _seconds(row.get("To", ""))
        if start is not None and end is not None and seconds < 86400 and \
                (end - start) % 86400 != seconds:
            broken.append(f"row {number}, Duration: {written} is {seconds} s, but From "
                          f"{row['From']} to To {row['To']} is {(end - start) % 86400} s")
        elif start is not None and end is not None and seconds >= 86400:
            broken.append(f"row {number}, Duration: {written} is {seconds} s, more than the day"
                          f" from From {row['From']} to To {row['To']}")
        fixed = records.decimal(row[fixed_at]) if fixed_at and row[fixed_at] else None
        if rate and fixed is not None and row[rate]:
            if records.decimal(row[rate]) != fixed:
                broken.append(f"row {number}, {rate}: {row[rate]} is not the entry's"
                              f" {fixed_at} ({row[fixed_at]})")
        elif rate and hourly and row[rate] and row[hourly]:
            total, per_hour = records.decimal(row[rate]), records.decimal(row[hourly])
            if total is not None and per_hour is not None and \
                    abs(per_hour * seconds / 3600 - total) > CENT:
                broken.append(f"row {number}, {rate}: {row[rate]} is not hours x "
                              f"{hourly} ({row[hourly]})")
    return broken
