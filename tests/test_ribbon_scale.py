"""Done when: a 10,000-row CaseClock sheet costs the same number of Excel calls per action as a
100-row one, and Save as CSV writes what `importmap map` writes for the same data. Kimai takes
at most 5,000 rows a file, so the large sheet is 5,000 rows: the calls do not grow with rows."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from excel_double import ExcelDouble
from ribbonbooks import PEOPLE, SAMPLE, SOURCE, caseclock_book, csv_rows

from addin.cli.main import main as importmap
from addin.excel import ribbon

FLAGGED = "- follow-up call re fees"  # starts like a formula: a warning, flagged on the sheet


def caseclock_rows(count: int) -> list[list[str]]:
    """The header and `count` entries: the sample's rows round and round, each round 30 days
    after the previous one (no two rounds share a day, so a person's day stays under 24 hours),
    dates as day-first text; each round's first narrative draws a formula-like warning."""
    header, *entries = csv_rows(SAMPLE)
    rows = [header]
    for index in range(count):
        round_, entry = divmod(index, len(entries))
        row = list(entries[entry])
        day = dt.datetime.strptime(row[0], "%d/%m/%Y") + dt.timedelta(days=30 * round_)
        row[0] = day.strftime("%d/%m/%Y")
        if entry == 0:
            row[4] = FLAGGED
        rows.append(row)
    return rows


def run_the_buttons(rows: list[list[str]], csv_path: Path) -> dict[str, int]:
    """Excel calls per action: Apply template, Check required, Save as CSV, Hours to minutes on
    the source's hours column, Undo."""
    calls: dict[str, int] = {}
    excel = ExcelDouble()
    with excel.installed():
        book = caseclock_book(excel, rows)
        for name, button in (("apply_template", ribbon.apply_template),
                             ("check_required", ribbon.check_required),
                             ("save_csv", lambda: ribbon.save_csv(str(csv_path)))):
            excel.reset_calls()
            button()
            calls[name] = len(excel.calls)
        excel.select(book.sheets[SOURCE], "B:B")
        for name, button in (("hours_to_minutes", ribbon.hours_to_minutes),
                             ("undo", ribbon.undo)):
            excel.reset_calls()
            button()
            calls[name] = len(excel.calls)
        entries = f"{len(rows) - 1:,} rows"
        expected = (f"{entries} mapped to ", f"{entries} checked against ",
                    f"Saved {entries} to ")
        assert len(excel.alerts) == len(expected)  # no errors, so Save as CSV did not ask
        assert all(a.prompt.startswith(e) for a, e in zip(excel.alerts, expected, strict=True))
        assert book.sheets[SOURCE]["B2:B3"].value == ["0.1", "0.2"]  # undone, text as it was
    return calls


def test_five_thousand_rows_cost_the_calls_of_a_hundred_and_save_what_the_cli_writes(
        tmp_path: Path) -> None:
    small, large = caseclock_rows(100), caseclock_rows(5_000)

    small_calls = run_the_buttons(small, tmp_path / "small.csv")
    large_calls = run_the_buttons(large, tmp_path / "large.csv")

    assert large_calls == small_calls
    with (tmp_path / "caseclock.csv").open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(large)
    assert importmap(["map", str(tmp_path / "caseclock.csv"), "-t", "kimai-timesheet",
                      "-o", str(tmp_path / "cli.csv"), "--lookup", f"people={PEOPLE}",
                      "--set", "project=General matters", "--set", "activity=Legal work"]) == 0
    saved = (tmp_path / "large.csv").read_bytes()
    assert saved == (tmp_path / "cli.csv").read_bytes()
    assert saved.count(FLAGGED.encode()) == 148 and saved.count(b"\r\n2038-") > 0
