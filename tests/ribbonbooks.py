"""Workbooks for the ribbon tests on the Excel double: time entries as Excel hands them over,
the CaseClock sample as a sheet, and readers of what the ribbon wrote (cells, problem table)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import xlwings as xw
from excel_double import ConditionalFormatRule, ExcelDouble

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "caseclock-export.csv"
PEOPLE = ROOT / "examples" / "people.csv"
GOLDEN = ROOT / "tests" / "golden" / "kimai-timesheet.csv"
SOURCE = "CaseClock"
OUTPUT = "Kimai timesheet"
PROBLEMS = "Kimai timesheet problems"
ENTRIES = "Entries"
HEADER = ["Date", "Duration (hours)", "Client", "Matter", "Description", "Timekeeper", "Rate",
          "Activity Code"]
SETTINGS_ROWS = [["key", "value"], ["project", "General matters"], ["activity", "Legal work"]]
RED = (255, 199, 206)  # the fill of an error highlight
AMBER = (255, 235, 156)  # the fill of a warning highlight


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def caseclock_book(excel: ExcelDouble, rows: list[list[Any]] | None = None, *,
                   template: str | None = "kimai-timesheet") -> xw.Book:
    """The CaseClock sheet (the sample unless `rows`), the settings and the emails lookup sheet,
    the CaseClock sheet active, the target chosen as the ribbon stores it, no calls counted."""
    book = excel.new_book({
        SOURCE: csv_rows(SAMPLE) if rows is None else rows,
        "Import Mapper settings": SETTINGS_ROWS,
        "Lookup people": csv_rows(PEOPLE),
    })
    book.set_mock_caller()
    if template is not None:
        book.names.add("ImportMapper_Template", f'="{template}"')
    excel.select(book.sheets[SOURCE], "A1")
    excel.reset_calls()
    return book


def sample_with(**edits: str) -> list[list[str]]:
    """The sample rows with some cells replaced, e.g. D5="007" (sheet addresses)."""
    rows = csv_rows(SAMPLE)
    for address, value in edits.items():
        column, row = ord(address[0]) - ord("A"), int(address[1:])
        rows[row - 1][column] = value
    return rows


def entry(date: Any, hours: Any, description: Any = "Call with client") -> list[Any]:
    """One time entry with the sample's client, matter, timekeeper, rate and code."""
    return [date, hours, "Jones Family Trust", "Jones v. Harbor Bank", description,
            "Maria Alvarez", 350, "A106"]


def entries_book(excel: ExcelDouble, rows: list[list[Any]],
                 template: str = "kimai-timesheet") -> xw.Book:
    """A sheet of time entries (under HEADER), the settings and people sheets, the target
    chosen as the ribbon stores it; the entries sheet active with A1 selected, no calls kept."""
    book = excel.new_book({ENTRIES: [HEADER, *rows], "Import Mapper settings": SETTINGS_ROWS,
                           "Lookup people": csv_rows(PEOPLE)})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", f'="{template}"')
    excel.select(book.sheets[ENTRIES], "A1")
    excel.reset_calls()
    return book


def sheet_values(excel: ExcelDouble, book: xw.Book, sheet: str) -> list[list[Any]]:
    """The sheet's values as stored, read without Excel calls."""
    return [list(line) for line in excel.workbook(book)[sheet].iter_rows(values_only=True)]


def cells(excel: ExcelDouble, book: xw.Book, sheet: str) -> list[list[tuple[Any, str, str]]]:
    """(value, data type, number format) of every cell of a sheet, read without Excel calls."""
    worksheet = excel.workbook(book)[sheet]
    return [[(c.value, c.data_type, c.number_format) for c in line]
            for line in worksheet.iter_rows()]


def cell(excel: ExcelDouble, book: xw.Book, sheet: str, address: str) -> Any:
    return excel.workbook(book)[sheet][address]


def problem_lines(excel: ExcelDouble, book: xw.Book, sheet: str = PROBLEMS) -> list[list[Any]]:
    """The rows of the problem table (under its Cell/Row/Column/... title row)."""
    lines = sheet_values(excel, book, sheet)
    start = next(i for i, line in enumerate(lines) if line[0] == "Cell") + 1
    return lines[start:]


def required_rule(letter: str, last_row: int) -> ConditionalFormatRule:
    """The highlight Apply template draws on a required output column."""
    return ConditionalFormatRule(applies_to=f"{letter}2:{letter}{last_row}", type="custom",
                                 formula=f'=LEN(TRIM(${letter}2))+N("Import Mapper: required")=0',
                                 fill_color=RED,
                                 stop_if_true=False)
