"""Seeded CaseClock-style time entries of any size, shaped like examples/caseclock-export.csv.

Rows run in date order; each timekeeper has at most ENTRIES_PER_DAY entries of at most an hour a
day, so Kimai's From/To stacking never runs past midnight and every row maps without an error
once the file reaches the 13th of January (468 rows), which shows its dates are day-first.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

HEADER = ["Date", "Duration (hours)", "Client", "Matter", "Description", "Timekeeper", "Email",
          "Rate", "Activity Code"]
ENTRIES_PER_DAY = 12
FIRST_DAY = dt.date(2026, 1, 1)
CLIENTS = [("Jones Family Trust", "Jones v. Harbor Bank"), ("Smith Holdings LLC",
           "Smith acquisition"), ("Chen Manufacturing", "Chen supply dispute"),
           ("Okafor & Sons", "Okafor lease renewal"), ("Müller GmbH", "Müller, employment claim")]
TASKS = ["Email to client re next steps", "Call with opposing counsel re scheduling",
         "Review contract changes, clauses 9-12; mark up indemnity", "Draft letter to trustee",
         'Prepare "without prejudice" offer', "Research limitation period"]
HOURS = ["0.1", "0.2", "0.25", "0.3", "0.4", "0.5", "0.6", "0.75", "0.8", "1.0"]
RATES = ["275", "350", "425.50"]
CODES = ["A101", "A103", "A104", "A106", "A107"]


def entries(rows: int, seed: int = 2026) -> Iterator[list[str]]:
    """The header, then `rows` entries; the same seed gives the same file."""
    chance = random.Random(seed)
    people = max(3, -(-rows // (366 * ENTRIES_PER_DAY)))
    yield HEADER
    for index in range(rows):
        person = index % people
        day = FIRST_DAY + dt.timedelta(days=index // (people * ENTRIES_PER_DAY))
        client, matter = chance.choice(CLIENTS)
        yield [day.strftime("%d/%m/%Y"), chance.choice(HOURS), client, matter,
               f"{chance.choice(TASKS)} ({index})", f"Timekeeper {person}",
               f"tk{person}@example-law.com", chance.choice(RATES), chance.choice(CODES)]


def write_csv(path: Path, rows: int, seed: int = 2026) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(entries(rows, seed))


def write_xlsx(path: Path, rows: int, seed: int = 2026) -> None:
    """The same entries as an Excel export holds them: date cells, numbers, text."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Time entries")
    for index, text in enumerate(entries(rows, seed)):
        cells: list[object] = list(text)
        if index:
            cells = [dt.datetime.strptime(text[0], "%d/%m/%Y"), float(text[1]), *text[2:7],
                     float(text[7]), text[8]]
        sheet.append(cells)
    book.save(path)


def write_tables(folder: Path, rows: int) -> list[str]:
    """The firm's people and matters tables for the entries; the --lookup options naming them."""
    people = max(3, -(-rows // (366 * ENTRIES_PER_DAY)))
    with (folder / "people.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timekeeper", "email", "user_name", "first_name", "last_name",
                         "timekeeper_id", "timekeeper_class"])
        writer.writerows([f"Timekeeper {n}", f"tk{n}@example-law.com", f"tk{n}", "Timekeeper",
                          str(n), f"{n + 100}", "ASSOC"] for n in range(people))
    with (folder / "matters.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["client", "matter", "client_id", "matter_id"])
        writer.writerows([client, matter, f"{n + 1001}", f"{n + 1001}.001"]
                         for n, (client, matter) in enumerate(CLIENTS))
    return ["--lookup", f"people={folder / 'people.csv'}",
            "--lookup", f"matters={folder / 'matters.csv'}"]
