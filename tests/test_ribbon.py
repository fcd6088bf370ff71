"""The Excel shell (addin.excel.ribbon) on the Excel double: choosing a target and Apply template.

The other entry points are tested in test_ribbon_convert.py (in-place conversions and undo),
test_ribbon_csv.py (Check required, Clear highlights, Save as CSV) and test_ribbon_scale.py
(a 10,000-row sheet costs the same Excel calls as a 100-row one). All build their books with
the helpers of ribbonbooks.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import xlwings as xw
from excel_double import ConditionalFormatRule, ExcelDouble
from ribbonbooks import (
    AMBER,
    OUTPUT,
    PROBLEMS,
    SOURCE,
    caseclock_book,
    cell,
    cells,
    problem_lines,
    required_rule,
    sample_with,
)

from addin.excel import ribbon
from addin.files.registry import list_templates

pytest_plugins = ["excel_double"]  # the `excel` fixture

FLAGS = "_importmapper_flags_ee16635d"  # the flags sheet of "Kimai timesheet"


def visible_sheets(excel: ExcelDouble, book: xw.Book) -> list[str]:
    return [ws.title for ws in excel.workbook(book).worksheets if ws.sheet_state == "visible"]


# --- choosing the target ----------------------------------------------------------------------


def test_select_template_stores_the_id_in_the_workbook_name(excel: ExcelDouble) -> None:
    book = caseclock_book(excel, template=None)

    ribbon.select_template("kimai-timesheet")

    assert book.names["ImportMapper_Template"].refers_to == '="kimai-timesheet"'
    assert excel.alerts == []


def test_select_template_with_an_unknown_id_alerts_in_plain_words(
        excel: ExcelDouble, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPORTMAP_TEMPLATES", raising=False)  # the built-in templates only
    book = caseclock_book(excel, template="kimai-project")

    ribbon.select_template("kimai-timesheets")

    [alert] = excel.alerts
    assert alert.prompt == (  # no talk of the command line or .toml files
        "There is no target called 'kimai-timesheets'. Choose one in the Target list of the"
        f" Import Mapper tab (known: {', '.join(e.template.id for e in list_templates())}).")
    assert book.names["ImportMapper_Template"].refers_to == '="kimai-project"'


# --- Apply template -----------------------------------------------------------------------------


def test_apply_template_without_a_target_alerts_and_creates_no_sheet(excel: ExcelDouble) -> None:
    book = caseclock_book(excel, template=None)
    before = visible_sheets(excel, book)

    ribbon.apply_template()

    [alert] = excel.alerts
    assert alert.prompt.startswith("Choose a target in the Import Mapper tab first")
    assert [s.name for s in book.sheets] == before


def test_apply_template_adds_its_sheets_right_after_the_source(excel: ExcelDouble) -> None:
    book = caseclock_book(excel)

    ribbon.apply_template()

    assert visible_sheets(excel, book) == [SOURCE, OUTPUT, PROBLEMS, "Import Mapper settings",
                                           "Lookup people"]
    assert book.sheets.active.name == OUTPUT
    assert excel.alerts[-1].prompt == f"34 rows mapped to {OUTPUT}. No errors; 1 warning listed."


def test_apply_template_never_touches_the_source_sheet(excel: ExcelDouble) -> None:
    book = caseclock_book(excel, sample_with(D3="007", B4="soon", C5=""))
    book.sheets[SOURCE]["E2"].value = "'=Call back re fees"  # text that looks like a formula
    before = cells(excel, book, SOURCE)

    ribbon.apply_template()

    assert cells(excel, book, SOURCE) == before
    assert excel.conditional_formats(book.sheets[SOURCE]) == []


def test_apply_template_writes_text_columns_as_text(excel: ExcelDouble) -> None:
    book = caseclock_book(excel, sample_with(D3="007"))
    book.sheets[SOURCE]["E2"].value = "'=Call back re fees"

    ribbon.apply_template()

    assert {cell(excel, book, OUTPUT, f"{c}2").number_format for c in "EFGHIJ"} == {"@"}
    narrative, matter = cell(excel, book, OUTPUT, "J2"), cell(excel, book, OUTPUT, "H3")
    assert (narrative.value, narrative.data_type) == ("=Call back re fees", "s")
    assert (matter.value, matter.data_type) == ("007", "s")


def test_apply_template_writes_dates_as_real_dates_shown_as_iso(excel: ExcelDouble) -> None:
    book = caseclock_book(excel)

    ribbon.apply_template()

    date = cell(excel, book, OUTPUT, "A2")
    assert (date.value, date.number_format) == (dt.datetime(2026, 11, 2), "yyyy-mm-dd")


def test_apply_template_writes_duration_as_a_number_of_seconds(excel: ExcelDouble) -> None:
    book = caseclock_book(excel)

    ribbon.apply_template()

    durations = [cell(excel, book, OUTPUT, f"D{row}") for row in (2, 5, 6)]  # 0.1, 0,25, 1:30
    assert [(d.value, d.data_type, d.number_format) for d in durations] == [
        (360, "n", "0"), (900, "n", "0"), (5400, "n", "0")]


def test_apply_template_marks_required_blanks_with_a_rule_per_column(excel: ExcelDouble) -> None:
    book = caseclock_book(excel)

    ribbon.apply_template()

    rules = excel.conditional_formats(book.sheets[OUTPUT])
    assert sorted(rules, key=lambda r: r.applies_to) == [required_rule(c, 35)
                                                         for c in "ABCDEFGHIM"]  # M: Billable


def test_apply_template_summarises_on_the_problems_sheet(excel: ExcelDouble) -> None:
    book = caseclock_book(excel)

    ribbon.apply_template()

    lines = list(excel.workbook(book)[PROBLEMS].iter_rows(values_only=True, max_col=2))
    assert lines[:7] == [
        (f"{OUTPUT}: Kimai 2 (Importer plugin: Timesheet)", None),
        ("Rows", 34), ("Hours", 31.5), ("Errors", 0), ("Warnings", 1),
        ("Source rows", 34), ("Source hours", 31.5)]
    assert [(line[2], line[4]) for line in problem_lines(excel, book)] == [
        ("Duration (hours)", "ambiguous-number")]


def test_problems_sheet_links_each_problem_to_its_cell(excel: ExcelDouble) -> None:
    book = caseclock_book(excel, sample_with(C5="", B8="soon"))

    ribbon.apply_template()

    links = {(line[1], line[2], line[4]): line[0] for line in problem_lines(excel, book)}
    assert links[(5, "Customer", "missing-required")] == \
        '=HYPERLINK("#\'Kimai timesheet\'!G5","G5")'
    assert links[(8, "Duration (hours)", "bad-duration")] == \
        '=HYPERLINK("#\'Kimai timesheet\'!D8","D8")'
    assert links[(None, "Duration (hours)", "ambiguous-number")] is None  # no cell to go to
    summary = dict(excel.workbook(book)[PROBLEMS].iter_rows(min_row=2, max_row=5, max_col=2,
                                                            values_only=True))
    assert (summary["Errors"], summary["Warnings"]) == (2, 1)


def test_conversion_problems_are_flagged_through_the_hidden_flags_sheet(
        excel: ExcelDouble) -> None:
    book = caseclock_book(excel, sample_with(C5="", B8="soon"))

    ribbon.apply_template()

    flags = excel.workbook(book)[FLAGS]
    assert flags.sheet_state == "hidden"
    ones = {c.coordinate for line in flags.iter_rows() for c in line if c.value == 1}
    assert ones == {"D8"}  # the unreadable duration; a required blank is the red rule's job
    assert flags.max_row == 35 and flags.max_column == 15
    assert ConditionalFormatRule(applies_to="A2:O35", type="custom",
                                 formula=f"='{FLAGS}'!A2=1", fill_color=AMBER,
                                 stop_if_true=False) in excel.conditional_formats(
                                     book.sheets[OUTPUT])


def test_applying_again_replaces_the_add_ins_own_sheets(excel: ExcelDouble) -> None:
    book = caseclock_book(excel)
    ribbon.apply_template()
    first = visible_sheets(excel, book)
    excel.select(book.sheets[SOURCE], "A1")

    ribbon.apply_template()

    assert visible_sheets(excel, book) == first
    assert [s.name for s in book.sheets].count(FLAGS) == 1


def test_a_users_sheet_named_like_the_output_is_kept(excel: ExcelDouble) -> None:
    book = caseclock_book(excel)
    mine = book.sheets.add(OUTPUT, after=book.sheets[-1])
    mine["A1"].value = "my own notes"
    excel.select(book.sheets[SOURCE], "A1")

    ribbon.apply_template()

    assert visible_sheets(excel, book) == [
        SOURCE, f"{OUTPUT} (2)", f"{OUTPUT} (2) problems", "Import Mapper settings",
        "Lookup people", OUTPUT]
    assert cell(excel, book, OUTPUT, "A1").value == "my own notes"
    assert cell(excel, book, f"{OUTPUT} (2)", "A1").value == "Date"


def test_a_users_sheet_named_like_the_output_in_other_case_is_kept(excel: ExcelDouble) -> None:
    book = caseclock_book(excel)
    book.sheets.add("KIMAI TIMESHEET", after=book.sheets[-1])  # Excel ignores case in names
    excel.select(book.sheets[SOURCE], "A1")

    ribbon.apply_template()

    assert visible_sheets(excel, book)[:3] == [SOURCE, f"{OUTPUT} (2)", f"{OUTPUT} (2) problems"]
    assert "KIMAI TIMESHEET" in visible_sheets(excel, book)


def test_applying_again_beside_a_users_sheet_replaces_the_numbered_output(
        excel: ExcelDouble) -> None:
    book = caseclock_book(excel)
    book.sheets.add(OUTPUT, after=book.sheets[-1])["A1"].value = "my own notes"
    excel.select(book.sheets[SOURCE], "A1")
    ribbon.apply_template()
    first = visible_sheets(excel, book)
    excel.select(book.sheets[SOURCE], "A1")

    ribbon.apply_template()

    assert visible_sheets(excel, book) == first  # no "(3)"
    assert cell(excel, book, OUTPUT, "A1").value == "my own notes"


# --- Excel's state around the work --------------------------------------------------------------


def app_state(excel: ExcelDouble) -> tuple[bool, str, bool]:
    app = excel.app
    return app.screen_updating, app.calculation, app.enable_events


def test_work_runs_with_screen_updating_calculation_and_events_off_then_restored(
        excel: ExcelDouble, monkeypatch: pytest.MonkeyPatch) -> None:
    caseclock_book(excel)
    excel.app.calculation = "semiautomatic"  # whatever the user had is what comes back
    during: list[tuple[bool, str, bool]] = []
    real_map_planned = ribbon.map_planned

    def map_planned(*args: Any, **kwargs: Any) -> Any:
        during.append(app_state(excel))
        return real_map_planned(*args, **kwargs)

    monkeypatch.setattr(ribbon, "map_planned", map_planned)

    ribbon.apply_template()

    assert during == [(False, "manual", False)]
    assert app_state(excel) == (True, "semiautomatic", True)


def test_an_unexpected_exception_propagates_and_excel_is_restored(
        excel: ExcelDouble, monkeypatch: pytest.MonkeyPatch) -> None:
    book = caseclock_book(excel)
    sheets = visible_sheets(excel, book)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ribbon, "map_planned", broken)

    with pytest.raises(RuntimeError, match="a bug"):  # xlwings shows the traceback
        ribbon.apply_template()

    assert app_state(excel) == (True, "automatic", True)
    assert excel.status_bar_history[-1] is False
    assert excel.alerts == []
    assert visible_sheets(excel, book) == sheets


def test_apply_template_shows_progress_and_hands_the_status_bar_back(excel: ExcelDouble) -> None:
    caseclock_book(excel)

    ribbon.apply_template()

    assert excel.status_bar_history == [
        "Import Mapper: reading CaseClock...",
        "Import Mapper: mapping 34 rows to Kimai timesheet...",
        "Import Mapper: writing 34 rows...",
        False,
    ]


def test_the_status_bar_is_handed_back_after_an_expected_problem(excel: ExcelDouble) -> None:
    caseclock_book(excel, template=None)

    ribbon.apply_template()

    assert excel.status_bar_history == [False]
    assert app_state(excel) == (True, "automatic", True)


# --- expected problems are alerts in plain words ----------------------------------------------


def test_apply_template_on_an_empty_sheet_alerts(excel: ExcelDouble) -> None:
    book = caseclock_book(excel, [])

    ribbon.apply_template()

    [alert] = excel.alerts
    assert (alert.prompt, alert.mode) == (
        "sheet CaseClock: no header row found; the sheet or file is empty", "critical")
    assert OUTPUT not in [s.name for s in book.sheets]


def test_apply_template_on_a_sheet_without_a_header_alerts_and_adds_nothing(
        excel: ExcelDouble) -> None:
    book = caseclock_book(excel, [["Shopping list", None], ["milk", "2 l"], ["bread", None]])
    before = [s.name for s in book.sheets]

    ribbon.apply_template()

    [alert] = excel.alerts
    assert alert.prompt.startswith("No header row found on CaseClock: none of its first rows has"
                                   " column titles Import Mapper knows")
    assert [s.name for s in book.sheets] == before


def test_apply_template_on_its_own_output_alerts(excel: ExcelDouble) -> None:
    book = caseclock_book(excel)
    ribbon.apply_template()  # leaves the output sheet active

    ribbon.apply_template()

    assert excel.alerts[-1].prompt.startswith("The active sheet is Import Mapper's own output.")
    assert visible_sheets(excel, book)[:3] == [SOURCE, OUTPUT, PROBLEMS]
