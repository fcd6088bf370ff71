"""The Review button on the Excel double: the Review sheet (problems linked to the source's
cells), the Reconciliation sheet with its native chart, the source untouched, and a constant
number of Excel calls."""

from __future__ import annotations

import datetime as dt

from excel_double import ChartInfo, ExcelDouble
from ribbonbooks import ENTRIES, entries_book, entry, sheet_values

from addin.excel import ribbon

pytest_plugins = ["excel_double"]  # the `excel` fixture

DAY = dt.datetime(2026, 11, 2)
DATE = DAY.date()  # as the sheets hold the dates written


def rows() -> list[list[object]]:
    block = entry(DAY, 8, "Draft motion for summary judgment; telephone conference with client"
                  " re deposition schedule; revise privilege log")
    late = entry(DAY, 5, "Review bank's answer and affirmative defenses")
    late[7] = "A112"
    other = entry(DAY + dt.timedelta(days=1), 1.5, "Research Delaware law on advancement")
    other[5] = "Priya Raman"
    return [block, late, other]


def test_review_lists_the_problems_linked_to_the_source_cells(excel: ExcelDouble) -> None:
    book = entries_book(excel, rows())
    before = sheet_values(excel, book, ENTRIES)

    ribbon.review()

    names = [s.name for s in book.sheets]
    assert names[:3] == [ENTRIES, "Review", "Reconciliation"]
    assert book.sheets.active.name == "Review"
    assert sheet_values(excel, book, ENTRIES) == before
    lines = sheet_values(excel, book, "Review")
    problems = lines[lines.index(["Cell", "Row", "Column", "Severity", "Code", "Message",
                                  "Value"]) + 1:]
    assert [(p[0], p[1], p[2], p[3], p[4]) for p in problems] == [
        ("=HYPERLINK(\"#'Entries'!E2\",\"E2\")", 2, "Description", "warning", "block-billing"),
        ("=HYPERLINK(\"#'Entries'!B2\",\"B2\")", 2, "Duration (hours)", "warning", "long-day"),
        ("=HYPERLINK(\"#'Entries'!H3\",\"H3\")", 3, "Activity Code", "error", "bad-utbms"),
    ]
    assert excel.alerts[-1].prompt == ("3 entries reviewed: 1 error and 2 warnings on the sheet"
                                       " Review; hours and amounts on Reconciliation.")


def test_the_reconciliation_sheet_holds_the_summary_and_a_native_chart(
        excel: ExcelDouble) -> None:
    book = entries_book(excel, rows())

    ribbon.review()

    values = sheet_values(excel, book, "Reconciliation")
    table = [line[:8] for line in values]
    assert table == [
        ["kind", "timekeeper", "matter", "date", "entries", "hours_in", "hours_out", "amount"],
        ["day", "Maria Alvarez", "Jones v. Harbor Bank", DATE, 2, 13, 13, 4550],
        ["timekeeper", "Maria Alvarez", None, None, 2, 13, 13, 4550],
        ["day", "Priya Raman", "Jones v. Harbor Bank", DATE + dt.timedelta(days=1), 1, 1.5, 1.5,
         525],
        ["timekeeper", "Priya Raman", None, None, 1, 1.5, 1.5, 525],
        ["total", None, None, None, 3, 14.5, 14.5, 5075],
    ]
    assert [line[9:12] for line in values[:3]] == [
        ["Date", "Maria Alvarez", "Priya Raman"], [DATE, 13, 0],
        [DATE + dt.timedelta(days=1), 0, 1.5]]
    assert excel.charts(book.sheets["Reconciliation"]) == [ChartInfo(
        "Hours per timekeeper per day", "column_clustered", "J1:L3", "columns", "A9")]


def test_review_takes_the_same_number_of_excel_calls_for_3_or_300_rows(
        excel: ExcelDouble) -> None:
    counts = []
    for copies in (1, 100):
        book = entries_book(excel, rows() * copies)
        ribbon.review()
        counts.append(excel.count())
        book.close()
    assert counts[0] == counts[1]


def test_review_on_its_own_sheet_alerts_and_changes_nothing(excel: ExcelDouble) -> None:
    book = entries_book(excel, rows())
    ribbon.review()
    before = [s.name for s in book.sheets]

    ribbon.review()  # the Review sheet is active now

    assert [s.name for s in book.sheets] == before
    assert excel.alerts[-1].prompt.startswith("The active sheet is Import Mapper's own output.")


def test_review_speaks_of_settings_rows_not_options(excel: ExcelDouble) -> None:
    book = entries_book(excel, [entry(DAY, 0.25, "Review bank's answer and affirmative"
                                      " defenses")])
    book.sheets["Import Mapper settings"]["A4"].value = [["increment", "0.1h"]]
    excel.reset_calls()

    ribbon.review()

    lines = sheet_values(excel, book, "Review")
    message = next(line[5] for line in lines if line[4] == "increment")
    assert "billed as 0.3 h" in message and "--set" not in message
    assert "a row 'rounding' with the value down or nearest on the sheet 'Import Mapper" \
        " settings'" in message
