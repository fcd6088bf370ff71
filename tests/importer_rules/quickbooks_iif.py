"""QuickBooks Desktop, IIF Timer activity import: what it accepts, from Intuit's IIF reference.

Sources: Intuit's IIF reference "Activities timed with the Timer (TIMEACT)" and "Timer header
(TIMERHDR)",
http://support.quickbooks.intuit.com/support/Pages/InProductHelp/Core/QB2K8/ContentPackage/Core/IIF/iif_reference_timeract.html:
tab-delimited text; the file begins with the `!TIMERHDR` line naming VER, REL, COMPANYNAME,
IMPORTEDBEFORE, FROMTIMER, COMPANYCREATETIME and a `TIMERHDR` line giving them (FROMTIMER `Y`
for an activity import; COMPANYCREATETIME a number); then `!TIMEACT` names the columns and each
activity is a `TIMEACT` line: DATE MM/DD/YY, JOB (customer or Customer:Job), EMP, ITEM required,
PITEM, DURATION hours:minutes at most 23:59, PROJ, NOTE one line of at most 1000 characters,
BILLINGSTATUS 0 (not billable) or 1 (billable). QuickBooks Desktop is a Windows program: the
file is Windows-1252 with CR/LF line ends; there is no quoting, so a tab or line break inside a
value breaks the line.
Not verifiable from the file: that the company name, create time and list names match the
company file.
"""

from __future__ import annotations

import re

from . import records

TIMERHDR = ["!TIMERHDR", "VER", "REL", "COMPANYNAME", "IMPORTEDBEFORE", "FROMTIMER",
            "COMPANYCREATETIME"]
COLUMNS = {"DATE", "JOB", "EMP", "ITEM", "PITEM", "DURATION", "PROJ", "NOTE", "BILLINGSTATUS",
           "XFERTOPAYROLL"}
DURATION = re.compile(r"(\d|1\d|2[0-3]):[0-5]\d")


def check(data: bytes) -> list[str]:
    table, broken = records.load(data, "cp1252", "\t", endings_allowed=("\r\n",),
                                 last_needs_one=True, quoting=False)
    lines = table.records
    if len(lines) < 3:
        return broken + ["fewer than 3 lines: no timer header and activity header"]
    if lines[0].fields != TIMERHDR:
        broken.append(f"row 1: {lines[0].fields} is not the !TIMERHDR line")
    header = lines[1].fields
    if len(header) != len(TIMERHDR) or header[0] != "TIMERHDR":
        broken.append("row 2: not a TIMERHDR line of 7 fields")
    else:
        values = dict(zip(TIMERHDR[1:], header[1:], strict=True))
        if not values["VER"].isdigit() or not values["REL"].isdigit():
            broken.append("row 2: VER and REL are not numbers")
        if not values["COMPANYNAME"]:
            broken.append("row 2, COMPANYNAME: empty")
        if values["IMPORTEDBEFORE"] not in ("Y", "N"):
            broken.append("row 2, IMPORTEDBEFORE: not Y or N")
        if values["FROMTIMER"] != "Y":
            broken.append("row 2, FROMTIMER: not Y")
        if not values["COMPANYCREATETIME"].isdigit():
            broken.append("row 2, COMPANYCREATETIME: not a number")
    columns = lines[2].fields
    if not columns or columns[0] != "!TIMEACT":
        return broken + ["row 3: not the !TIMEACT line"]
    names = columns[1:]
    broken += [f"row 3: {n!r} is not a TIMEACT column" for n in names if n not in COLUMNS]
    broken += [f"row 3: no {n} column" for n in ("DATE", "JOB", "EMP", "ITEM", "DURATION")
               if n not in names]
    for line in lines[3:]:
        where = f"row {line.number}"
        if line.fields[0] != "TIMEACT" or len(line.fields) != len(columns):
            broken.append(f"{where}: not a TIMEACT line of {len(columns)} fields")
            continue
        row = dict(zip(names, line.fields[1:], strict=True))
        broken += [f"{where}, {n}: {p}" for n, p in _problems(row).items() if p]
    return broken


def _problems(row: dict[str, str]) -> dict[str, str | None]:
    date, duration = row.get("DATE", ""), row.get("DURATION", "")
    found: dict[str, str | None] = {
        "DATE": None if re.fullmatch(r"\d{2}/\d{2}/\d{2}", date) and
        records.is_date(date, "%m/%d/%y") else f"{date!r} is not MM/DD/YY",
        "DURATION": None if DURATION.fullmatch(duration) else
        f"{duration!r} is not hours:minutes up to 23:59",
        "NOTE": f"{len(row.get('NOTE', ''))} characters, more than 1000"
        if len(row.get("NOTE", "")) > 1000 else None,
        "BILLINGSTATUS": None if row.get("BILLINGSTATUS", "") in ("0", "1") else
        f"{row.get('BILLINGSTATUS')!r} is not 0 or 1",
    }
    for name in ("JOB", "EMP", "ITEM"):
        found[name] = "empty" if not row.get(name) else None
    return found
