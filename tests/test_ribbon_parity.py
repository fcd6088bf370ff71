"""Check required and Save as CSV apply the checks `importmap map` applies to the same values
(the importers' rules: names, lengths, patterns, allowed values, a task only with a project,
line breaks a format cannot hold, misread text), and the ribbon tells of a broken user
template as the command line does."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings as xw
from excel_double import ExcelDouble
from openpyxl.chart import BarChart, Reference
from ribbonbooks import ENTRIES, entries_book, entry, sheet_values

from addin.core.options import MapOptions
from addin.core.pipeline import map_table
from addin.excel import ribbon
from addin.files.registry import find_template

pytest_plugins = ["excel_double"]  # the `excel` fixture

SOURCE = [["Date", "Duration", "Client", "Matter", "Description", "Timekeeper", "Rate",
           "Activity Code", "Task"],
          ["2026-11-02", "1.5", "Acme", "Audit", "Call with client", "Anna", "200", "A106",
           "Review"]]
SETTINGS = {"email": "anna@example.com", "activity": "Legal work", "timezone": "UTC",
            "billable": "yes", "tcode": "1", "invoice_number": "INV1",
            "invoice_date": "2026-11-30", "law_firm_id": "F1"}
OUT = "Output"


def shaped_book(excel: ExcelDouble, template_id: str, edits: dict[str, Any],
                more: dict[str, str] | None = None) -> xw.Book:
    """A sheet in the template's shape as Apply template wrote it, one cell per `edits` changed
    by the user; the settings sheet holds what the mapping used (and the settings `more`)."""
    template = find_template(template_id)
    settings = {k: v for k, v in SETTINGS.items() if k in template.settings} | (more or {})
    result = map_table(template, SOURCE, MapOptions(settings=settings, channel="excel"))
    assert result.rows, [p.message for p in result.report.errors]
    header = list(template.header)
    line: list[Any] = list(result.rows[0].values)
    for name, value in edits.items():
        line[header.index(name)] = value
    book = excel.new_book({OUT: [header, line],
                           "Import Mapper settings": [["key", "value"], *settings.items()]})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", f'="{template_id}"')
    excel.select(book.sheets[OUT], "A1")
    excel.reset_calls()
    return book


def problem_lines(excel: ExcelDouble, book: xw.Book) -> list[list[Any]]:
    """The lines of the problems sheet's table: cell, row, column, severity, code, message."""
    lines = sheet_values(excel, book, f"{OUT} problems")
    start = next(i for i, line in enumerate(lines) if line[0] == "Cell") + 1
    return lines[start:]


def problem_codes(excel: ExcelDouble, book: xw.Book) -> list[tuple[Any, ...]]:
    """(column, severity, code) of each line of the problems sheet."""
    return [(line[2], line[3], line[4]) for line in problem_lines(excel, book)]


def code_and_message(excel: ExcelDouble, book: xw.Book, column: str) -> list[tuple[Any, Any]]:
    """(code, message) of each problem of `column` on the problems sheet."""
    return [(line[4], line[5]) for line in problem_lines(excel, book) if line[2] == column]


@pytest.mark.parametrize(("template_id", "edits", "expected"), [
    # Kimai's entity rules (kimai/kimai src/Entity/Project.php: no < > " =, 2 or more)
    ("kimai-timesheet", {"Project": "A<B"}, ("Project", "error", "bad-format")),
    ("kimai-timesheet", {"Customer": "A"}, ("Customer", "error", "bad-format")),
    ("kimai-timesheet", {"User": "anna/b"}, ("User", "error", "bad-format")),
    # solidtime: tasks.project_id is NOT NULL, so a task needs its project
    ("solidtime", {"project": None}, ("project", "error", "missing-required")),
    # juris: Rate is ##0.00
    ("juris", {"Rate": 1200}, ("Rate", "error", "out-of-range")),
    # LEDES: an invoice number of letters and digits only (some validators; a warning)
    ("ledes-1998b", {"INVOICE_NUMBER": "INV-1"}, ("INVOICE_NUMBER", "warning", "bad-format")),
    # one entry over a day: almost always a unit error (minutes typed as hours)
    ("kimai-timesheet", {"Duration": "108000"}, ("Duration", "error", "long-duration")),
    ("harvest", {"Hours": "30"}, ("Hours", "error", "long-duration")),
    # an entry of no time at all
    ("kimai-timesheet", {"Duration": "0"}, ("Duration", "warning", "zero-duration")),
    ("toggl", {"Duration": "00:00:00"}, ("Duration", "warning", "zero-duration")),
    # a name with surrounding spaces is written trimmed, as map writes it
    ("kimai-timesheet", {"User": "Anna "}, ("User", "warning", "changed-text")),
])
def test_check_required_applies_the_importers_rules_as_map_does(
        excel: ExcelDouble, template_id: str, edits: dict[str, Any],
        expected: tuple[str, str, str]) -> None:
    book = shaped_book(excel, template_id, edits)

    ribbon.check_required()

    assert expected in problem_codes(excel, book)


def test_check_required_refuses_a_classification_outside_the_ledes_list(
        excel: ExcelDouble) -> None:
    book = shaped_book(excel, "ledes-1998b", {"TIMEKEEPER_CLASSIFICATION": "XX"})

    ribbon.check_required()

    assert [c for c in problem_codes(excel, book) if c[0] == "TIMEKEEPER_CLASSIFICATION"] == [
        ("TIMEKEEPER_CLASSIFICATION", "error", "bad-enum")]


def test_save_as_csv_writes_a_line_break_tabs3_cannot_hold_as_a_space(
        excel: ExcelDouble, tmp_path: Path) -> None:
    template = find_template("tabs3")
    description = next(c.name for c in template.columns if c.name.lower().startswith("desc"))
    shaped_book(excel, "tabs3", {description: "Call\nwith client"})
    target = tmp_path / "TABS3.ASC"

    ribbon.save_csv(str(target))

    written = target.read_bytes()
    assert b"Call with client" in written and b"Call\n" not in written


def test_check_required_reports_text_misread_in_another_encoding(excel: ExcelDouble) -> None:
    book = shaped_book(excel, "kimai-timesheet", {"Description": "Call with MÃ¼ller"})

    ribbon.check_required()

    assert ("Description", "error", "bad-encoding") in problem_codes(excel, book)


def test_apply_template_reports_text_misread_in_another_encoding(excel: ExcelDouble) -> None:
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5, "Call with MÃ¼ller")])

    ribbon.apply_template()

    lines = sheet_values(excel, book, "Kimai timesheet problems")
    start = next(i for i, line in enumerate(lines) if line[0] == "Cell") + 1
    assert [(line[2], line[4], line[6]) for line in lines[start:]] == [
        ("Description", "bad-encoding", "Call with MÃ¼ller")]
    assert sheet_values(excel, book, "Kimai timesheet")[1][9] in (None, "")


# --- a broken user template -----------------------------------------------------------------


@pytest.fixture
def broken_user_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "mine.toml").write_text('id = "mine"\nname = "Mine"\n[[columns]]\n', "utf-8")
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(folder))
    return folder / "mine.toml"


def test_apply_template_tells_of_a_broken_user_template_and_maps_anyway(
        excel: ExcelDouble, broken_user_template: Path) -> None:
    book = entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5)])

    ribbon.apply_template()

    assert "Kimai timesheet" in [s.name for s in book.sheets]
    assert "mine.toml" in excel.alerts[-1].prompt
    assert "skipped the user template" in excel.alerts[-1].prompt


def test_help_tells_of_a_broken_user_template(excel: ExcelDouble,
                                              broken_user_template: Path) -> None:
    entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5)])

    ribbon.show_help()

    assert "mine.toml" in excel.alerts[-1].prompt


def test_apply_template_of_a_good_book_says_nothing_of_user_templates(
        excel: ExcelDouble, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMPORTMAP_TEMPLATES", raising=False)
    entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5)])

    ribbon.apply_template()

    assert "user template" not in excel.alerts[-1].prompt
    assert ENTRIES


# --- a file too big for the importer ----------------------------------------------------------

SMALL = """[template]
id = "small"
name = "Small"
target = "Small importer"
max_rows = 2

[[columns]]
name = "Date"
source = "date"
type = "date"
format = "YYYY-MM-DD"

[[columns]]
name = "Notes"
source = "description"
"""


def small_book(excel: ExcelDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> xw.Book:
    """Three rows in the shape of a user template whose importer takes two."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "small.toml").write_text(SMALL, encoding="utf-8")
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(folder))
    rows = [[f"2026-11-0{d}", f"Work {d}"] for d in (1, 2, 3)]
    book = excel.new_book({OUT: [["Date", "Notes"], *rows]})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", '="small"')
    excel.select(book.sheets[OUT], "A1")
    return book


def test_check_required_reports_too_many_rows_in_excel_words(
        excel: ExcelDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = small_book(excel, tmp_path, monkeypatch)

    ribbon.check_required()

    lines = sheet_values(excel, book, f"{OUT} problems")
    [message] = [line[5] for line in lines if len(line) > 5 and line[4] == "too-many"]
    assert message == ("Small importer takes at most 2 rows in one file; this file has 3. Save"
                       " the rows in several files of at most 2 rows each")


def test_save_as_csv_refuses_too_many_rows_and_writes_nothing(
        excel: ExcelDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small_book(excel, tmp_path, monkeypatch)
    excel.alert_answers = ["yes"]  # save anyway, despite the errors

    ribbon.save_csv(str(tmp_path / "small.csv"))

    assert not (tmp_path / "small.csv").exists()
    assert "at most 2 rows in one file" in excel.alerts[-1].prompt


def test_apply_template_reports_too_many_rows_as_map_does(
        excel: ExcelDouble, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = small_book(excel, tmp_path, monkeypatch)
    book.sheets[OUT].name = ENTRIES

    ribbon.apply_template()

    lines = sheet_values(excel, book, "Small problems")
    assert [line[4] for line in lines if len(line) > 5 and line[4] == "too-many"] == ["too-many"]
    assert "1 error" in excel.alerts[-1].prompt


def test_a_task_without_its_project_names_the_settings_row_that_fills_it(
        excel: ExcelDouble) -> None:
    book = shaped_book(excel, "solidtime", {"project": None})

    ribbon.check_required()

    lines = sheet_values(excel, book, f"{OUT} problems")
    [message] = [line[5] for line in lines if len(line) > 5 and line[4] == "missing-required"]
    assert message.endswith("Fill it in, or give a row 'project' on the sheet 'Import Mapper"
                            " settings'")


def test_an_emptied_cell_is_filled_from_its_settings_row_as_map_fills_an_empty_source_cell(
        excel: ExcelDouble, tmp_path: Path) -> None:
    book = shaped_book(excel, "kimai-timesheet", {"Activity": None})

    ribbon.check_required()
    ribbon.save_csv(str(tmp_path / "kimai.csv"))

    assert problem_codes(excel, book) == []
    assert b",Legal work," in (tmp_path / "kimai.csv").read_bytes()


# --- Open file: a workbook's sheet named in Excel's words -------------------------------------

FLAG = re.compile(r"(?<![\w-])--[a-z]")


def chart_book(path: Path, hidden: bool = False) -> None:
    """A workbook of a worksheet 'Data' (hidden if asked) and a chart sheet 'Chart'."""
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = "Data"
    data.append(["Date", "Hours"])
    data.append(["2026-11-02", 1])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    workbook.create_chartsheet("Chart").add_chart(chart)
    if hidden:
        data.sheet_state = "hidden"
        workbook.active = 1
    workbook.save(path)


def test_open_file_on_a_chart_sheet_names_the_settings_row_not_a_flag(
        excel: ExcelDouble, tmp_path: Path) -> None:
    chart_book(tmp_path / "h.xlsx")
    book = excel.new_book({"Import Mapper settings": [["key", "value"], ["sheet", "Chart"]]})
    book.set_mock_caller()

    ribbon.open_file(str(tmp_path / "h.xlsx"))

    [alert] = excel.alerts
    assert "is a chart" in alert.prompt and not FLAG.search(alert.prompt)
    assert "a row 'sheet'" in alert.prompt


def test_open_file_on_a_workbook_without_a_visible_worksheet_names_the_settings_row(
        excel: ExcelDouble, tmp_path: Path) -> None:
    chart_book(tmp_path / "h.xlsx", hidden=True)
    book = excel.new_book({"Sheet1": [[None]]})
    book.set_mock_caller()

    ribbon.open_file(str(tmp_path / "h.xlsx"))

    [alert] = excel.alerts
    assert "no visible worksheet" in alert.prompt and not FLAG.search(alert.prompt)


# --- an amount the importer does not compute ---------------------------------------------------


@pytest.mark.parametrize(("template_id", "amount", "expected"), [
    ("kimai-timesheet", "Rate", "300.00"),  # 1.5 h x 200
    ("tabs3", None, "300.00"),
])
def test_check_required_refuses_an_empty_amount_the_importer_would_not_compute(
        excel: ExcelDouble, template_id: str, amount: str | None, expected: str) -> None:
    template = find_template(template_id)
    name = amount or next(c.name for c in template.columns if c.derive == "amount")
    book = shaped_book(excel, template_id, {name: None})

    ribbon.check_required()

    lines = sheet_values(excel, book, f"{OUT} problems")
    [message] = [line[5] for line in lines if len(line) > 5 and line[2] == name]
    assert f"write {expected}" in message


def test_an_empty_kimai_rate_beside_a_fixed_rate_asks_for_the_fixed_rate(
        excel: ExcelDouble) -> None:
    book = shaped_book(excel, "kimai-timesheet", {"Rate": None, "FixedRate": 120})

    ribbon.check_required()

    lines = sheet_values(excel, book, f"{OUT} problems")
    [message] = [line[5] for line in lines if len(line) > 5 and line[2] == "Rate"]
    assert "write 120.00 (the fixed rate)" in message


# --- every check `importmap map` makes on a written value, made again on the edited sheet --------


def test_check_required_refuses_a_clockify_tag_over_100_characters(excel: ExcelDouble) -> None:
    book = shaped_book(excel, "clockify", {"Tags": "x" * 150})

    ribbon.check_required()

    assert problem_codes(excel, book) == [("Tags", "error", "bad-format")]


def test_save_as_csv_of_a_clockify_tag_over_100_characters_leaves_it_out_as_map_does(
        excel: ExcelDouble, tmp_path: Path) -> None:
    shaped_book(excel, "clockify", {"Tags": "x" * 150})
    excel.alert_answers = ["yes"]  # save anyway, as `importmap map --force` writes anyway

    ribbon.save_csv(str(tmp_path / "clockify.csv"))

    assert "1 error remains" in excel.alerts[0].prompt
    assert b"x" * 101 not in (tmp_path / "clockify.csv").read_bytes()


@pytest.mark.parametrize(("template_id", "edits", "amount", "expected"), [
    ("kimai-timesheet", {"Duration": "7200"}, "Rate", "400.00"),  # 2 h x 200
    ("tabs3", {"Hours Worked": "2.00"}, "Amount", "400.00"),
    ("kimai-timesheet", {"HourlyRate": "250"}, "Rate", "375.00"),  # 1.5 h x 250
    ("ledes-1998b", {"LINE_ITEM_NUMBER_OF_UNITS": "2"}, "LINE_ITEM_TOTAL", "400.00"),
])
def test_check_required_refuses_an_amount_that_is_not_the_hours_times_the_rate(
        excel: ExcelDouble, template_id: str, edits: dict[str, Any], amount: str,
        expected: str) -> None:
    book = shaped_book(excel, template_id, edits)

    ribbon.check_required()

    [(code, message)] = code_and_message(excel, book, amount)
    assert code == "amount-mismatch"
    assert f"write {expected}" in message


def test_check_required_accepts_an_amount_that_is_the_hours_times_the_rate(
        excel: ExcelDouble) -> None:
    book = shaped_book(excel, "kimai-timesheet", {"Duration": "7200", "Rate": "400.00",
                                                  "To": "11:00:00"})

    ribbon.check_required()

    assert problem_codes(excel, book) == []


def test_save_as_csv_writes_a_name_trimmed_as_map_writes_it(
        excel: ExcelDouble, tmp_path: Path) -> None:
    shaped_book(excel, "kimai-timesheet", {"User": " Anna "})

    ribbon.save_csv(str(tmp_path / "kimai.csv"))

    assert b",Anna," in (tmp_path / "kimai.csv").read_bytes()


def test_check_required_refuses_an_invoice_total_that_is_not_the_sum_of_its_lines(
        excel: ExcelDouble) -> None:
    book = shaped_book(excel, "ledes-1998b", {"LINE_ITEM_NUMBER_OF_UNITS": "2",
                                              "LINE_ITEM_TOTAL": "400.00"})

    ribbon.check_required()

    [(code, message)] = code_and_message(excel, book, "INVOICE_TOTAL")
    assert code == "amount-mismatch"
    assert "write 400.00" in message


def test_check_required_refuses_a_line_dated_outside_its_billing_period(
        excel: ExcelDouble) -> None:
    book = shaped_book(excel, "ledes-1998b", {"LINE_ITEM_DATE": "20261105"})

    ribbon.check_required()

    assert ("LINE_ITEM_DATE", "error", "out-of-range") in problem_codes(excel, book)


def test_check_required_refuses_an_end_that_is_not_the_start_plus_the_duration(
        excel: ExcelDouble) -> None:
    book = shaped_book(excel, "kimai-timesheet", {"Duration": "7200", "Rate": "400.00"})

    ribbon.check_required()

    [(code, message)] = code_and_message(excel, book, "To")
    assert code == "hours-mismatch"
    assert "write 11:00:00" in message


def test_check_required_reads_a_date_typed_in_digits_as_a_date(excel: ExcelDouble) -> None:
    book = shaped_book(excel, "ledes-1998b", {"LINE_ITEM_DATE": 20261102})

    ribbon.check_required()

    assert [c for c in problem_codes(excel, book) if c[0] == "LINE_ITEM_DATE"] == []


def test_a_duration_typed_off_the_increment_is_rounded_and_told_as_map_does(
        excel: ExcelDouble, tmp_path: Path) -> None:
    book = shaped_book(excel, "tabs3", {"Hours Worked": "0.25", "Amount": "50.00"},
                       {"increment": "0.1h"})

    ribbon.check_required()
    ribbon.save_csv(str(tmp_path / "TABS3.ASC"))

    assert code_and_message(excel, book, "Amount") == []
    assert code_and_message(excel, book, "Hours Worked") == [(
        "rounded", "1 duration rounded up to the increment you set (0.1h), +0.05 h in all")]
    assert b'"0.30","200.00","60.00"' in (tmp_path / "TABS3.ASC").read_bytes()


def test_check_required_warns_of_dates_years_apart_as_map_does(excel: ExcelDouble) -> None:
    book = shaped_book(excel, "kimai-timesheet", {"Date": "2062-11-02"})
    sheet = book.sheets[OUT]
    sheet.range("A3").value = [sheet.range("A2:O2").value]  # a second entry, of 2026
    sheet.range("A3").value = "2026-11-02"

    ribbon.check_required()

    assert (None, "Date", "warning", "date-span") in [
        (line[1], line[2], line[3], line[4]) for line in problem_lines(excel, book)]


def test_save_as_csv_writes_a_customer_named_twice_once_as_map_does(
        excel: ExcelDouble, tmp_path: Path) -> None:
    book = shaped_book(excel, "kimai-customer", {}, {"country": "US"})
    sheet = book.sheets[OUT]
    line = sheet_values(excel, book, OUT)[1]
    sheet.range("A3").value = [line]
    sheet.range("A3").value = f"{line[0].upper()} "  # the same name, spelled otherwise

    ribbon.check_required()
    ribbon.save_csv(str(tmp_path / "customers.csv"))

    assert problem_codes(excel, book) == [("Name", "warning", "changed-text")] * 2
    assert len((tmp_path / "customers.csv").read_bytes().splitlines()) == 2


def test_an_emptied_cell_filled_from_a_settings_row_that_does_not_fit_is_told_once(
        excel: ExcelDouble) -> None:
    book = shaped_book(excel, "clockify", {"Billable": None}, {"billable": "maybe"})
    book.sheets[OUT].range("A3").value = [sheet_values(excel, book, OUT)[1]]
    book.sheets[OUT].range("G3").value = None  # Billable emptied on both rows

    ribbon.check_required()

    assert [(line[1], line[2], line[3], line[4]) for line in problem_lines(excel, book)] == [
        (None, "Billable", "error", "bad-setting")]
    assert "the setting billable is 'maybe'" in code_and_message(excel, book, "Billable")[0][1]


def test_help_names_every_button_of_the_ribbon(excel: ExcelDouble) -> None:
    from xml.etree import ElementTree

    from addin.excel.build_sources import vba_source
    entries_book(excel, [entry(dt.datetime(2026, 11, 2), 0.5)])
    ribbon.show_help()
    ui = ElementTree.fromstring(vba_source("customUI.xml"))
    # Buttons of a group (the date formats are items of the Reformat dates menu).
    labels = [b.get("label") for group in ui.iter() if group.tag.endswith("}group")
              for b in group if b.tag.endswith("}button")]
    assert [label for label in labels if label != "Help"
            and label not in excel.alerts[-1].prompt] == []
