"""Open file: a CSV or workbook read by our own readers into a new sheet, so that Excel's
locale never decides what a date means (addin/files/to_sheet.py, ribbon.open_file)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings as xw
from excel_double import ExcelDouble

from addin.core.errors import InputError
from addin.excel import ribbon
from addin.files.to_sheet import read_for_sheet

pytest_plugins = ["excel_double"]  # the `excel` fixture

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "caseclock-export.csv"
FLAG = re.compile(r"(?<![\w-])--[a-z]")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def blank_book(excel: ExcelDouble, sheets: dict[str, list[list[Any]]] | None = None) -> xw.Book:
    book = excel.new_book(sheets or {"Sheet1": [[None]]})
    book.set_mock_caller()
    excel.reset_calls()
    return book


def sheet_values(excel: ExcelDouble, book: xw.Book, name: str) -> list[list[Any]]:
    return [list(r) for r in excel.workbook(book)[name].iter_rows(values_only=True)]


# --- the core: read_for_sheet ---------------------------------------------------------------


def test_a_day_first_column_becomes_real_dates_read_day_first() -> None:
    table = read_for_sheet(SAMPLE)
    dates = {row[0] for row in table.rows[1:]}
    assert dt.datetime(2026, 11, 2) in dates and dt.datetime(2026, 2, 11) not in dates
    assert table.columns[0].kind == "date"
    assert table.notes[0].startswith("'Date' read as dates, day-first")


def test_other_columns_keep_the_files_text() -> None:
    table = read_for_sheet(SAMPLE)
    assert table.rows[4][1] == "0,25" and table.rows[0][0] == "Date"
    assert {c.kind for c in table.columns[1:]} == {"text"}


def test_a_column_of_dates_that_fit_both_orders_stays_text_and_says_why(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "Date,Hours\n05/06/2026,1\n07/08/2026,2\n")
    table = read_for_sheet(path)
    assert [r[0] for r in table.rows] == ["Date", "05/06/2026", "07/08/2026"]
    assert "kept as text" in table.notes[0] and "date_order" in table.notes[0]


def test_the_date_order_chosen_reads_a_column_that_fits_both(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "Date,Hours\n05/06/2026,1\n07/08/2026,2\n")
    table = read_for_sheet(path, date_order="MDY")
    assert [r[0] for r in table.rows[1:]] == [dt.datetime(2026, 5, 6), dt.datetime(2026, 7, 8)]
    assert table.notes[0].endswith("because you chose it (a row 'date_order' with the value MDY"
                                   " on the sheet 'Import Mapper settings')")


def test_a_column_with_one_text_value_stays_text(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "Date,Hours\n13/06/2026,1\nsoon,2\n")
    assert [r[0] for r in read_for_sheet(path).rows] == ["Date", "13/06/2026", "soon"]


def test_a_workbook_keeps_its_typed_cells_and_chosen_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Other"
    hours = book.create_sheet("Hours")
    hours.append(["Date", "Hours", "Matter"])
    hours.append([dt.datetime(2026, 11, 2), 1.5, "007"])
    book.save(tmp_path / "h.xlsx")
    table = read_for_sheet(tmp_path / "h.xlsx", sheet="Hours")
    assert table.rows[1] == [dt.datetime(2026, 11, 2), 1.5, "007"]
    assert table.described == "sheet 'Hours' (also in the file: 'Other')"


def test_a_sheet_choice_does_not_stop_a_csv_from_opening() -> None:
    assert read_for_sheet(SAMPLE, sheet="Hours").rows[0][0] == "Date"


def test_an_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_for_sheet(write(tmp_path, "a.csv", ""))


# --- the ribbon ------------------------------------------------------------------------------


def test_open_file_keeps_02_11_2026_as_2_november_in_a_day_first_file(
        excel: ExcelDouble) -> None:
    book = blank_book(excel)
    ribbon.open_file(str(SAMPLE))
    values = sheet_values(excel, book, "caseclock-export")
    assert values[1][0] == dt.datetime(2026, 11, 2)
    assert values[4][1] == "0,25" and values[3][4].startswith("Review contract changes, clauses")
    assert book.sheets.active.name == "caseclock-export"
    assert "'Date' read as dates, day-first" in excel.alerts[-1].prompt


def test_open_file_writes_text_columns_as_text_cells(excel: ExcelDouble) -> None:
    book = blank_book(excel)
    ribbon.open_file(str(SAMPLE))
    sheet = excel.workbook(book)["caseclock-export"]
    assert sheet["B2"].number_format == "@" and sheet["A2"].number_format == "yyyy-mm-dd"


def test_open_file_then_apply_template_maps_the_sample(excel: ExcelDouble) -> None:
    book = blank_book(excel, {"Sheet1": [[None]], "Import Mapper settings": [
        ["key", "value"], ["email", "a@x.com"], ["project", "P"], ["activity", "A"]]})
    ribbon.open_file(str(SAMPLE))
    book.names.add("ImportMapper_Template", '="kimai-timesheet"')
    ribbon.apply_template()
    first = sheet_values(excel, book, "Kimai timesheet")[1]
    assert first[0] == dt.datetime(2026, 11, 2)


def test_open_file_never_replaces_a_sheet_of_the_same_name(excel: ExcelDouble) -> None:
    book = blank_book(excel, {"caseclock-export": [["mine"]]})
    ribbon.open_file(str(SAMPLE))
    assert sheet_values(excel, book, "caseclock-export") == [["mine"]]
    assert sheet_values(excel, book, "caseclock-export (2)")[0][0] == "Date"


def test_open_file_reads_the_sheet_row_of_the_settings_sheet(excel: ExcelDouble,
                                                              tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["not", "this"])
    workbook.create_sheet("Hours").append(["Date", "Hours"])
    workbook["Hours"].append(["13/06/2026", "1"])
    workbook.save(tmp_path / "h.xlsx")
    book = blank_book(excel, {"Import Mapper settings": [["key", "value"], ["sheet", "Hours"]]})
    ribbon.open_file(str(tmp_path / "h.xlsx"))
    assert sheet_values(excel, book, "h")[1][0] == dt.datetime(2026, 6, 13)


def test_open_file_on_a_missing_sheet_alerts_without_a_flag(excel: ExcelDouble,
                                                            tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "h.xlsx")
    blank_book(excel, {"Import Mapper settings": [["key", "value"], ["sheet", "Nope"]]})
    ribbon.open_file(str(tmp_path / "h.xlsx"))
    [alert] = excel.alerts
    assert "there is no sheet 'Nope'" in alert.prompt and not FLAG.search(alert.prompt)


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "bad_inputs").iterdir()),
                         ids=lambda p: p.name)
def test_open_file_on_a_bad_input_alerts_or_opens_and_names_no_flag(excel: ExcelDouble,
                                                                    path: Path) -> None:
    blank_book(excel)
    ribbon.open_file(str(path))
    assert [a.prompt for a in excel.alerts if FLAG.search(a.prompt)] == []
