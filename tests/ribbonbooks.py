"""Workbooks for the ribbon tests on the Excel double: time entries as Excel hands them over."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import xlwings as xw
from excel_double import ExcelDouble

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = ROOT / "examples" / "people.csv"
ENTRIES = "Entries"
HEADER = ["Date", "Duration (hours)", "Client", "Matter", "Description", "Timekeeper", "Rate",
          "Activity Code"]
SETTINGS_ROWS = [["key", "value"], ["project", "General matters"], ["activity", "Legal work"]]


def entry(date: Any, hours: Any, description: Any = "Call with client") -> list[Any]:
    """One time entry with the sample's client, matter, timekeeper, rate and code."""
    return [date, hours, "Jones Family Trust", "Jones v. Harbor Bank", description,
            "Maria Alvarez", 350, "A106"]


def entries_book(excel: ExcelDouble, rows: list[list[Any]],
                 template: str = "kimai-timesheet") -> xw.Book:
    """A sheet of time entries (under HEADER), the settings and people sheets, the target
    chosen as the ribbon stores it; the entries sheet active with A1 selected, no calls kept."""
    with PEOPLE.open(encoding="utf-8", newline="") as file:
        people = list(csv.reader(file))
    book = excel.new_book({ENTRIES: [HEADER, *rows], "Import Mapper settings": SETTINGS_ROWS,
                           "Lookup people": people})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", f'="{template}"')
    excel.select(book.sheets[ENTRIES], "A1")
    excel.reset_calls()
    return book


def sheet_values(excel: ExcelDouble, book: xw.Book, sheet: str) -> list[list[Any]]:
    """The sheet's values as stored, read without Excel calls."""
    return [list(line) for line in excel.workbook(book)[sheet].iter_rows(values_only=True)]
