"""The ribbon against values as Excel hands them over COM: time cells, error cells, filtered
rows, Ctrl+click selections, and highlights drawn whichever cell is active."""

from __future__ import annotations

import datetime as dt
from typing import Any

import xlwings as xw
from excel_double import ConditionalFormatRule, ExcelDouble
from ribbonbooks import ENTRIES, entries_book, entry, sheet_values

from addin.core.cells import column_letter
from addin.excel import ribbon
from addin.files.registry import find_template

pytest_plugins = ["excel_double"]  # the `excel` fixture

OUTPUT = "Kimai timesheet"
PROBLEMS = "Kimai timesheet problems"
PINK = (255, 0, 255)


def problems(excel: ExcelDouble, book: xw.Book) -> list[tuple[Any, ...]]:
    """(row, column, code, value) of each line of the problem table."""
    lines = sheet_values(excel, book, PROBLEMS)
    start = next(i for i, line in enumerate(lines) if line[0] == "Cell") + 1
    return [(line[1], line[2], line[4], line[6]) for line in lines[start:]]


def column(excel: ExcelDouble, book: xw.Book, sheet: str, name: str) -> list[Any]:
    values = sheet_values(excel, book, sheet)
    index = values[0].index(name)
    return [line[index] for line in values[1:]]


def hours_sheet(excel: ExcelDouble, values: list[Any], selected: str) -> xw.Book:
    """A sheet with an Hours column (A) and who (B), `selected` selected, no calls kept."""
    book = excel.book_from_rows([["Hours", "Who"], *([v, f"p{i}"] for i, v in enumerate(values))],
                                sheet_name=ENTRIES)
    book.set_mock_caller()
    excel.select(book.sheets[ENTRIES], selected)
    excel.reset_calls()
    return book


# --- time cells ---------------------------------------------------------------------------------


def test_apply_template_reads_time_cells_as_durations(excel: ExcelDouble) -> None:
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), dt.time(1, 30)),
                                entry(dt.datetime(2026, 11, 3), dt.timedelta(hours=2.25))])

    ribbon.apply_template()

    assert problems(excel, book) == []
    assert column(excel, book, OUTPUT, "Duration") == [5400, 8100]  # seconds


def test_hours_to_minutes_converts_time_cells(excel: ExcelDouble) -> None:
    book = hours_sheet(excel, [dt.time(1, 30), dt.timedelta(hours=25, minutes=30)], "A:A")

    ribbon.hours_to_minutes()

    assert column(excel, book, ENTRIES, "Hours") == [90, 1530]


def test_apply_template_reads_numbers_as_excel_shows_them(excel: ExcelDouble) -> None:
    # =(End-Start)*24 and =350*1.1 as COM hands them over: doubles with floating-point noise.
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), 2.5000000000000004),
                                entry(dt.datetime(2026, 11, 3), 0.09999999999999964)])
    book.sheets[ENTRIES]["G2"].value = 385.00000000000006

    ribbon.apply_template()

    assert problems(excel, book) == []
    assert column(excel, book, OUTPUT, "Duration") == [9000, 360]
    assert column(excel, book, OUTPUT, "HourlyRate")[0] == 385


def test_hours_to_minutes_reads_numbers_as_excel_shows_them(excel: ExcelDouble) -> None:
    book = hours_sheet(excel, [0.09999999999999964, 2.5000000000000004], "A:A")

    ribbon.hours_to_minutes()

    assert column(excel, book, ENTRIES, "Hours") == [6, 150]


def test_start_and_end_time_cells_fall_on_the_rows_date(excel: ExcelDouble) -> None:
    book = excel.new_book({
        ENTRIES: [["Date", "Start", "End", "Description"],
                  [dt.datetime(2026, 11, 2), dt.time(9), dt.time(10, 30), "Call"]],
        "Import Mapper settings": [["key", "value"], ["timezone", "UTC"], ["billable", "yes"]]})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", '="solidtime"')
    excel.select(book.sheets[ENTRIES], "A1")

    ribbon.apply_template()

    output = "solidtime time entries"
    assert column(excel, book, output, "start") == [dt.datetime(2026, 11, 2, 9)]
    assert column(excel, book, output, "end") == [dt.datetime(2026, 11, 2, 10, 30)]


def test_reformat_dates_leaves_time_cells_alone(excel: ExcelDouble) -> None:
    book = hours_sheet(excel, ["2026-11-02", dt.time(9, 30)], "A2:A3")

    ribbon.reformat_dates("DD.MM.YYYY")

    assert book.sheets[ENTRIES]["A2:A3"].value == [dt.datetime(2026, 11, 2),
                                                  dt.datetime(1899, 12, 30, 9, 30)]  # 9:30 kept
    assert "A3: the cell holds 9:30, a time or a duration" in excel.alerts[-1].prompt


# --- error cells ----------------------------------------------------------------------------------


def test_apply_template_reports_an_error_cell_with_its_text(excel: ExcelDouble) -> None:
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5),
                                entry(dt.datetime(2026, 11, 3), 0.5, "#N/A")])

    ribbon.apply_template()

    assert problems(excel, book) == [(3, "Description", "cell-error", "#N/A")]
    assert "1 error" in excel.alerts[-1].prompt


def test_check_required_reports_an_error_cell_the_user_made(excel: ExcelDouble) -> None:
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5)])
    ribbon.apply_template()
    excel.workbook(book)[OUTPUT]["J2"] = "#REF!"  # Description

    ribbon.check_required()

    assert problems(excel, book) == [(2, "Description", "cell-error", "#REF!")]


def test_a_conversion_leaves_a_selection_with_error_cells_alone(excel: ExcelDouble) -> None:
    book = hours_sheet(excel, [1.5, "#N/A"], "A:A")

    ribbon.hours_to_minutes()

    assert "A3 shows #N/A" in excel.alerts[-1].prompt
    assert column(excel, book, ENTRIES, "Hours") == [1.5, "#N/A"]


def test_an_error_cell_on_the_settings_sheet_is_refused(excel: ExcelDouble) -> None:
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5)])
    excel.workbook(book)["Import Mapper settings"]["B2"] = "#N/A"

    ribbon.apply_template()

    assert "'Import Mapper settings'" in excel.alerts[-1].prompt
    assert "B2 shows #N/A" in excel.alerts[-1].prompt
    assert OUTPUT not in book.sheet_names


# --- highlights -----------------------------------------------------------------------------------


def required_columns(excel: ExcelDouble, sheet: xw.Sheet) -> dict[str, str]:
    """applies_to -> formula of the red rules."""
    return {rule.applies_to: rule.formula for rule in excel.conditional_formats(sheet)
            if rule.fill_color == (255, 199, 206)}


def test_required_rules_are_anchored_with_another_cell_active(excel: ExcelDouble) -> None:
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5)] * 3)
    ribbon.apply_template()
    sheet = book.sheets[OUTPUT]
    excel.select(sheet, "F9")

    ribbon.check_required()

    rules = required_columns(excel, sheet)
    assert rules["A2:A4"] == '=LEN(TRIM($A2))+N("Import Mapper: required")=0'
    assert all(formula.startswith(f"=LEN(TRIM(${where[0]}2))") for where, formula in rules.items())
    assert book.app.selection.address == "$F$9"  # the user's selection is back


def test_flag_rule_reads_the_flags_from_the_first_row(excel: ExcelDouble) -> None:
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), "soon")])
    excel.select(book.sheets[ENTRIES], "C7")

    ribbon.apply_template()

    [amber] = [rule for rule in excel.conditional_formats(book.sheets[OUTPUT])
               if rule.fill_color == (255, 235, 156)]
    last = column_letter(len(find_template("kimai-timesheet").columns))
    assert amber.formula.endswith("'!A2=1") and amber.applies_to == f"A2:{last}2"


USER_RULE = ConditionalFormatRule("K2:K3", "custom", formula="=K2>300", fill_color=PINK,
                                  stop_if_true=False)


def with_a_user_rule(excel: ExcelDouble) -> xw.Sheet:
    """The mapped sheet of two entries, with the user's own rule USER_RULE on the rate column."""
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5)] * 2)
    ribbon.apply_template()
    sheet = book.sheets[OUTPUT]
    excel.select(sheet, "K2")
    sheet["K2:K3"].conditional_formats.add_custom("=K2>300", fill_color=PINK)
    return sheet


def test_clear_highlights_keeps_the_users_own_rules(excel: ExcelDouble) -> None:
    sheet = with_a_user_rule(excel)

    ribbon.clear_highlights()

    assert excel.conditional_formats(sheet) == [USER_RULE]


def test_check_required_keeps_the_users_own_rules(excel: ExcelDouble) -> None:
    sheet = with_a_user_rule(excel)

    ribbon.check_required()

    rules = excel.conditional_formats(sheet)
    required = [col for col in find_template("kimai-timesheet").columns if col.required]
    assert USER_RULE in rules and len(rules) == 1 + len(required)  # and one per required column


# --- hidden rows and several areas ----------------------------------------------------------------


def test_hours_to_minutes_leaves_rows_hidden_by_a_filter_alone(excel: ExcelDouble) -> None:
    book = hours_sheet(excel, [1, 2, 3], "A:A")
    excel.filter(book.sheets[ENTRIES], "A1:B4", 2, ["p0", "p2"])

    ribbon.hours_to_minutes()

    assert column(excel, book, ENTRIES, "Hours") == [1, 2, 3]
    assert "row 3 is hidden" in excel.alerts[-1].prompt


def test_reformat_dates_leaves_rows_hidden_by_a_filter_alone(excel: ExcelDouble) -> None:
    book = hours_sheet(excel, ["02.11.2026", "13.11.2026", "20.11.2026"], "A2:A4")
    excel.filter(book.sheets[ENTRIES], "A1:B4", 2, ["p1"])

    ribbon.reformat_dates("YYYY-MM-DD")

    assert column(excel, book, ENTRIES, "Hours") == ["02.11.2026", "13.11.2026", "20.11.2026"]
    assert "rows 2 and 4 are hidden" in excel.alerts[-1].prompt


def test_many_hidden_rows_are_named_up_to_a_point(excel: ExcelDouble) -> None:
    book = hours_sheet(excel, list(range(60)), "A:A")
    excel.filter(book.sheets[ENTRIES], "A1:B61", 2, [f"p{i}" for i in range(0, 60, 2)])

    ribbon.hours_to_minutes()

    assert "rows 3, 5, 7," in excel.alerts[-1].prompt
    assert "39 and more are hidden" in excel.alerts[-1].prompt
    assert column(excel, book, ENTRIES, "Hours") == list(range(60))


def test_a_selection_of_several_areas_is_refused(excel: ExcelDouble) -> None:
    book = hours_sheet(excel, [1, 2, 3], "A2,A4")

    ribbon.hours_to_minutes()

    assert column(excel, book, ENTRIES, "Hours") == [1, 2, 3]
    assert "several areas" in excel.alerts[-1].prompt
