"""The settings sheet takes the choices the command line makes with options (date order,
profile), and what the ribbon shows names rows of that sheet, never a command-line flag."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import xlwings as xw
from excel_double import ExcelDouble

from addin.excel import ribbon

pytest_plugins = ["excel_double"]  # the `excel` fixture

FLAG = re.compile(r"(?<![\w-])--[a-z]")
SOURCE = "Hours"
# Every date fits both orders; a column nothing reads; no e-mail, no activity.
ROWS = [["Date", "Duration", "Client", "Matter", "Timekeeper", "Stray"],
        ["05/06/2026", "1", "Acme", "Audit", "Anna", "x"],
        ["07/08/2026", "0.5", "Acme", "Audit", "Anna", "y"]]


def book_with(excel: ExcelDouble, settings: list[list[Any]]) -> xw.Book:
    book = excel.new_book({SOURCE: ROWS, "Import Mapper settings": [["key", "value"], *settings]})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", '="kimai-timesheet"')
    excel.select(book.sheets[SOURCE], "A1")
    excel.reset_calls()
    return book


def problem_messages(excel: ExcelDouble, book: xw.Book) -> list[str]:
    lines = list(excel.workbook(book)["Kimai timesheet problems"].iter_rows(values_only=True))
    start = next(i for i, line in enumerate(lines) if line[0] == "Cell") + 1
    return [str(line[5]) for line in lines[start:]]


def test_problems_and_alerts_in_excel_name_no_command_line_flag(excel: ExcelDouble) -> None:
    book = book_with(excel, [])
    ribbon.apply_template()
    shown = problem_messages(excel, book) + [a.prompt for a in excel.alerts]
    assert [m for m in shown if FLAG.search(m)] == []
    assert any("a row 'date_order' with the value DMY or MDY on the sheet 'Import Mapper"
               " settings'" in m for m in shown)


def test_date_order_row_reads_an_ambiguous_column_day_first(excel: ExcelDouble) -> None:
    book = book_with(excel, [["date_order", "DMY"], ["email", "a@x.com"], ["activity", "Law"]])
    ribbon.apply_template()
    dates = [r[0] for r in excel.workbook(book)["Kimai timesheet"].iter_rows(
        min_row=2, values_only=True)]
    assert [d.date().isoformat() for d in dates] == ["2026-06-05", "2026-08-07"]
    credit = ("because you chose it (a row 'date_order' with the value DMY on the sheet"
              " 'Import Mapper settings')")
    assert any(m.endswith(credit) for m in problem_messages(excel, book))


def test_a_date_order_row_that_is_no_order_is_an_alert_naming_the_row(excel: ExcelDouble) -> None:
    book_with(excel, [["date_order", "sideways"]])
    ribbon.apply_template()
    [alert] = excel.alerts
    assert alert.prompt.startswith("On the sheet 'Import Mapper settings': date_order 'sideways'"
                                   " is not a date order; write DMY")


def test_profile_row_chooses_the_source_profile(excel: ExcelDouble) -> None:
    book = book_with(excel, [["profile", "caseclock"]])
    ribbon.apply_template()
    assert any("no field of profile caseclock" in m for m in problem_messages(excel, book))


def test_a_profile_row_naming_no_profile_is_an_alert_listing_them(excel: ExcelDouble) -> None:
    book_with(excel, [["profile", "nope"]])
    ribbon.apply_template()
    [alert] = excel.alerts
    assert "The row 'profile' on the sheet 'Import Mapper settings' names 'nope'" in alert.prompt
    assert "caseclock" in alert.prompt and "generic" in alert.prompt


def dates_book(excel: ExcelDouble, settings: list[list[Any]]) -> xw.Book:
    sheets: dict[str, list[list[Any]]] = {SOURCE: [["Date"], ["05/06/2026"], ["07/08/2026"]]}
    if settings:
        sheets["Import Mapper settings"] = [["key", "value"], *settings]
    book = excel.new_book(sheets)
    book.set_mock_caller()
    excel.select(book.sheets[SOURCE], "A1:A3")
    excel.reset_calls()
    return book


def test_reformat_dates_reads_a_column_that_fits_both_orders_as_the_row_says(
        excel: ExcelDouble) -> None:
    book = dates_book(excel, [["date_order", "MDY"]])
    ribbon.reformat_dates("YYYY-MM-DD")
    dates = [r[0] for r in excel.workbook(book)[SOURCE].iter_rows(min_row=2, values_only=True)]
    assert dates == [dt.datetime(2026, 5, 6), dt.datetime(2026, 7, 8)]


def test_reformat_dates_on_dates_that_fit_both_orders_names_the_date_order_row(
        excel: ExcelDouble) -> None:
    dates_book(excel, [])
    ribbon.reformat_dates("YYYY-MM-DD")
    [alert] = excel.alerts
    assert "say how to read it with a row 'date_order' with the value DMY or MDY" in alert.prompt
    assert "profile" not in alert.prompt and not FLAG.search(alert.prompt)


def test_a_settings_row_given_twice_with_two_values_is_an_alert_naming_both_cells(
        excel: ExcelDouble) -> None:
    book_with(excel, [["email", "a@x.com"], ["activity", "Law"], ["email", "b@x.com"]])
    ribbon.apply_template()
    [alert] = excel.alerts
    assert alert.prompt == ("On the sheet 'Import Mapper settings', A2 and A4 both give"
                            " 'email' ('a@x.com', 'b@x.com'); keep one of the two rows, then"
                            " try again.")
