"""Tabs3, device interface file TABS3.ASC (variable-length layout): what CONVASCV accepts, from
its specification.

Sources:
- http://support.tabs3.com/main/CVFileLO.htm (variable-length ASCII file layout): no header;
  comma-delimited fields in this order: Timekeeper (up to 3 digits), Client Number (up to 12
  digits, an optional decimal point between client and matter), Transaction Code (1-999,
  optionally prefixed by bill code 10/20/30; a `$` prefix marks a cost), Description (enclosed in
  quotes, at most 5000 characters, single quotes inside), Date (mm/dd/yy), Hours Worked (decimal,
  at most 320.00), Hourly Rate (at most 9999.99), Amount (at most 9,999,999.99); each record
  ends with CR/LF; at most 9,999 records per file.
- http://support.tabs3.com/main/CFFileLO.htm (the fixed-length sibling, same fields).
- CONVASCV is a DOS program reading plain ASCII; CR/LF is its record terminator, so a line break
  inside a description splits the record (issue 12 item 4).
Not verifiable from the file: that timekeeper, client and transaction codes exist in Tabs3.
"""

from __future__ import annotations

import re
from decimal import Decimal

from . import records

FIELDS = ["Timekeeper", "Client Number", "Transaction Code", "Description", "Date",
          "Hours Worked", "Hourly Rate", "Amount"]
MAX_RECORDS = 9999
NUMBER = re.compile(r"\d+(\.\d{1,2})?")
LIMITS = {"Hours Worked": Decimal("320"), "Hourly Rate": Decimal("9999.99"),
          "Amount": Decimal("9999999.99")}
TCODE = re.compile(r"\$?([1-9]\d{0,2}|[123]0\d{3})")


def check(data: bytes) -> list[str]:
    table, broken = records.load(data, "ascii", endings_allowed=("\r\n",), last_needs_one=True)
    if len(table.records) > MAX_RECORDS:
        broken.append(f"{len(table.records)} records, more than Tabs3's {MAX_RECORDS}")
    for record in table.records:
        where = f"row {record.number}"
        if record.raw_breaks:
            broken.append(f"{where}: a line break inside a field splits the record")
        if len(record.fields) != len(FIELDS):
            broken.append(f"{where}: {len(record.fields)} fields, not {len(FIELDS)}")
            continue
        row = dict(zip(FIELDS, record.fields, strict=True))
        broken += [f"{where}, {name}: {problem}" for name, problem in _problems(row) if problem]
        if not record.quoted[3]:
            broken.append(f"{where}, Description: not enclosed in quotes")
    return broken


def _problems(row: dict[str, str]) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    found.append(("Timekeeper", None if re.fullmatch(r"\d{1,3}", row["Timekeeper"])
                  else f"{row['Timekeeper']!r} is not 1 to 3 digits"))
    client = row["Client Number"]
    found.append(("Client Number", None if re.fullmatch(r"\d+(\.\d+)?", client) and
                  3 <= sum(c.isdigit() for c in client) <= 12
                  else f"{client!r} is not 3 to 12 digits with an optional point"))
    code = row["Transaction Code"]
    found.append(("Transaction Code", None if TCODE.fullmatch(code) and
                  int(code.lstrip("$")) <= 30999 else f"{code!r} is not a transaction code"))
    found.append(("Description", f"{len(row['Description'])} characters, more than 5000"
                  if len(row["Description"]) > 5000 else
                  "a double quote inside" if '"' in row["Description"] else None))
    date = row["Date"]
    found.append(("Date", None if re.fullmatch(r"\d{2}/\d{2}/\d{2}", date) and
                  records.is_date(date, "%m/%d/%y") else f"{date!r} is not mm/dd/yy"))
    for name, limit in LIMITS.items():
        value = row[name]
        if name == "Hours Worked" and not value:
            found.append((name, "empty"))
        elif value and not NUMBER.fullmatch(value):
            found.append((name, f"{value!r} is not a decimal number"))
        elif value and Decimal(value) > limit:
            found.append((name, f"{value} is more than {limit}"))
    hours, rate, amount = (records.decimal(row[n]) for n in ("Hours Worked", "Hourly Rate",
                                                              "Amount"))
    if None not in (hours, rate, amount) and \
            abs(hours * rate - amount) > Decimal("0.005"):  # type: ignore[operator]
        found.append(("Amount", f"{row['Amount']} is not hours x rate"))
    return found
