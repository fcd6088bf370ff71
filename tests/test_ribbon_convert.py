"""The ribbon's in-place conversions on the Excel double: hours to minutes/seconds, reformat
dates, and Undo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import xlwings as xw
from excel_double import ExcelDouble
from ribbonbooks import cell, cells

from addin.excel import ribbon

pytest_plugins = ["excel_double"]  # the `excel` fixture

SHEET = "Times"


def times_book(excel: ExcelDouble, rows: list[list[Any]], selected: str,
               number_format: str | None = None, formatted: str | None = None) -> xw.Book:
    """A sheet of `rows` with `selected` selected; `formatted` cells get `number_format` first."""
    book = excel.book_from_rows(rows, sheet_name=SHEET)
    book.set_mock_caller()
    if number_format is not None:
        worksheet = excel.workbook(book)[SHEET]
        for line in worksheet[formatted or selected]:
            for each in line:
                each.number_format = number_format
    excel.select(book.sheets[SHEET], selected)
    excel.reset_calls()
    return book


HOURS = [["Matter", "Hours"], ["Smith", 0.1], ["Jones", "0,25"], ["Chen", "1:30"],
         ["Müller", "soon"]]


def column_b(excel: ExcelDouble, book: xw.Book) -> list[Any]:
    return [cell(excel, book, SHEET, f"B{row}").value for row in range(1, 6)]


def test_hours_to_minutes_converts_the_selected_column_exactly(excel: ExcelDouble) -> None:
    book = times_book(excel, HOURS, "B:B")

    ribbon.hours_to_minutes()

    assert column_b(excel, book)[1:4] == [6, 15, 90]
    assert [cell(excel, book, SHEET, f"B{row}").data_type for row in (2, 3, 4)] == ["n"] * 3
    assert [cell(excel, book, SHEET, f"A{row}").value for row in (2, 3)] == ["Smith", "Jones"]


def test_hours_to_seconds_converts_the_selected_column_exactly(excel: ExcelDouble) -> None:
    book = times_book(excel, HOURS, "B:B")

    ribbon.hours_to_seconds()

    assert column_b(excel, book)[1:4] == [360, 900, 5400]


def test_hours_to_minutes_leaves_the_header_cell_as_it_was(excel: ExcelDouble) -> None:
    book = times_book(excel, HOURS, "B:B")

    ribbon.hours_to_minutes()

    header = cell(excel, book, SHEET, "B1")
    assert (header.value, header.data_type) == ("Hours", "s")


def test_hours_to_minutes_leaves_unreadable_cells_and_lists_them(excel: ExcelDouble) -> None:
    book = times_book(excel, HOURS, "B:B")

    ribbon.hours_to_minutes()

    assert column_b(excel, book)[4] == "soon"
    [alert] = excel.alerts
    assert alert.prompt.startswith("3 cells converted from hours to minutes. Undo restores the"
                                   " previous values. 1 cell left unchanged:\nB5: 'soon'"
                                   " is not a duration")


def test_an_unreadable_cell_that_looks_like_a_date_stays_text(excel: ExcelDouble) -> None:
    book = times_book(excel, [["Hours"], [1.5], ["2026-01-05"]], "A:A")

    ribbon.hours_to_minutes()

    kept = cell(excel, book, SHEET, "A3")
    assert (kept.value, kept.data_type) == ("2026-01-05", "s")
    assert cell(excel, book, SHEET, "A2").value == 90


def test_a_selection_with_nothing_to_convert_alerts_and_changes_nothing(
        excel: ExcelDouble) -> None:
    book = times_book(excel, [["Hours"], ["soon"], ["later"]], "A:A")
    before = cells(excel, book, SHEET)

    ribbon.hours_to_minutes()

    assert excel.alerts[0].prompt.startswith("Nothing was converted. 2 cells left unchanged")
    assert cells(excel, book, SHEET) == before
    ribbon.undo()
    assert excel.alerts[1].prompt == "There is nothing to undo."


def test_undo_restores_a_text_column_exactly(excel: ExcelDouble) -> None:
    texts = [["Hours"], ["0.1"], ["0,25"], ["1:30"], ["1.5"], ["007"], ["soon"]]
    book = times_book(excel, texts, "A:A", number_format="@", formatted="A1:A7")
    before = cells(excel, book, SHEET)
    ribbon.hours_to_minutes()
    assert cells(excel, book, SHEET) != before

    ribbon.undo()

    assert cells(excel, book, SHEET) == before


def test_undo_restores_numbers_and_their_number_format(excel: ExcelDouble) -> None:
    book = times_book(excel, [["Hours"], [0.1], [1.25], [2]], "A2:A4", number_format="0.00")
    before = cells(excel, book, SHEET)
    ribbon.hours_to_seconds()
    assert cell(excel, book, SHEET, "A3").value == 4500

    ribbon.undo()

    assert cells(excel, book, SHEET) == before


def test_a_second_undo_says_there_is_nothing_to_undo(excel: ExcelDouble) -> None:
    book = times_book(excel, HOURS, "B:B")
    ribbon.hours_to_minutes()
    ribbon.undo()
    restored = cells(excel, book, SHEET)

    ribbon.undo()

    assert excel.alerts[-1].prompt == "There is nothing to undo."
    assert cells(excel, book, SHEET) == restored


def test_undo_with_nothing_done_says_so(excel: ExcelDouble) -> None:
    times_book(excel, HOURS, "B:B")

    ribbon.undo()

    assert [a.prompt for a in excel.alerts] == ["There is nothing to undo."]


DAY_FIRST = [["Date"], ["02/11/2026"], ["13/11/2026"], ["20/11/2026"]]


def test_reformat_dates_makes_day_first_texts_real_dates_shown_dotted(excel: ExcelDouble) -> None:
    book = times_book(excel, DAY_FIRST, "A:A")

    ribbon.reformat_dates("DD.MM.YYYY")

    dates = [cell(excel, book, SHEET, f"A{row}") for row in (2, 3, 4)]
    assert [(d.value, d.number_format) for d in dates] == [
        (dt.datetime(2026, 11, 2), "dd.mm.yyyy"), (dt.datetime(2026, 11, 13), "dd.mm.yyyy"),
        (dt.datetime(2026, 11, 20), "dd.mm.yyyy")]
    assert cell(excel, book, SHEET, "A1").value == "Date"


def test_undo_after_reformat_dates_restores_the_texts(excel: ExcelDouble) -> None:
    book = times_book(excel, DAY_FIRST, "A:A")
    before = cells(excel, book, SHEET)
    ribbon.reformat_dates("DD.MM.YYYY")

    ribbon.undo()

    assert cells(excel, book, SHEET) == before


def test_undo_after_reformat_dates_keeps_iso_texts_text(excel: ExcelDouble) -> None:
    book = times_book(excel, [["Date"], ["2026-11-02"], ["2026-11-13"]], "A:A")
    before = cells(excel, book, SHEET)
    ribbon.reformat_dates("DD.MM.YYYY")
    assert cell(excel, book, SHEET, "A2").value == dt.datetime(2026, 11, 2)

    ribbon.undo()

    assert cells(excel, book, SHEET) == before


def test_a_clean_conversion_leaves_its_result_in_the_status_bar(excel: ExcelDouble) -> None:
    times_book(excel, HOURS[:4], "B:B")

    ribbon.hours_to_minutes()

    assert excel.alerts == []
    assert excel.status_bar_history[-1] == (
        "Import Mapper: 3 cells converted from hours to minutes. Undo restores the previous"
        " values.")


def test_undo_after_the_changed_sheet_was_deleted_alerts(excel: ExcelDouble) -> None:
    book = times_book(excel, HOURS[:4], "B:B")
    ribbon.hours_to_minutes()
    book.sheets.add("Other")
    book.sheets[SHEET].delete()

    ribbon.undo()

    assert excel.alerts[-1].prompt.startswith(f"The sheet '{SHEET}' that the last conversion")
