"""New target and Save target on the Excel double: a billing system's import template opened
in Excel (tests/fixtures/import_templates, as `importmap new-template` reads them) drafted on
the `Target template` sheet, saved to the user templates folder (the test's own home, see
conftest.py), then chosen and applied to the CaseClock sample as the command line maps it."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from excel_double import ExcelDouble
from ribbonbooks import SAMPLE, csv_rows, sheet_values

from addin.excel import ribbon
from addin.files.registry import default_user_dir, find_template

pytest_plugins = ["excel_double"]  # the `excel` fixture

SAMPLES = Path(__file__).parent / "fixtures" / "import_templates"
DRAFT = "Target template"
ENTRIES = "caseclock-export"


def as_excel_opens(rows: list[list[str]]) -> list[list[Any]]:
    """A CSV's cells as Excel turns them on opening (en-US): numbers as floats, true/false as
    booleans, M/D/YYYY dates as datetimes; the rest stays text."""
    def cell(text: str) -> Any:
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        try:
            return float(text)
        except ValueError:
            pass
        try:
            return dt.datetime.strptime(text, "%m/%d/%Y")
        except ValueError:
            return text or None
    return [rows[0], *[[cell(c) for c in line] for line in rows[1:]]]


def sample_book(excel: ExcelDouble, vendor: str, *, settings: list[list[str]] | None = None
                ) -> xw.Book:
    """The vendor's import template opened in Excel (its sheet named after the file, date cells
    shown m/d/yyyy as Excel shows a date it read), the CaseClock export beside it."""
    sheets: dict[str, list[list[Any]]] = {
        vendor: as_excel_opens(csv_rows(SAMPLES / f"{vendor}.csv")), ENTRIES: csv_rows(SAMPLE)}
    if settings:
        sheets["Import Mapper settings"] = [["key", "value"], *settings]
    book = excel.new_book(sheets)
    book.set_mock_caller()
    sheet = book.sheets[vendor]
    for row, line in enumerate(sheet_values(excel, book, vendor), start=1):
        for column, value in enumerate(line, start=1):
            if isinstance(value, dt.datetime):
                sheet.range((row, column)).number_format = "m/d/yyyy"
    excel.select(sheet, "A1")
    excel.reset_calls()
    return book


def draft_rows(excel: ExcelDouble, book: xw.Book) -> dict[str, list[Any]]:
    """The Target template sheet's rows by their first cell (a key, or a column's title)."""
    return {line[0]: line[1:] for line in sheet_values(excel, book, DRAFT) if line[0]}


def apply_to_entries(excel: ExcelDouble, book: xw.Book) -> list[list[Any]]:
    excel.select(book.sheets[ENTRIES], "A1")
    excel.alerts.clear()
    ribbon.apply_template()
    return sheet_values(excel, book, book.sheets.active.name)


def test_new_target_drafts_each_column_from_the_sheet(excel: ExcelDouble) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    rows = draft_rows(excel, book)
    assert rows["column"][:6] == ["source", "derive", "setting", "type", "format", "unit"]
    assert rows["Entry Date"][:5] == ["date", None, None, "date", "M/D/YYYY"]
    assert rows["Duration"][:6] == ["duration", None, None, "duration", None, "hours"]
    assert rows["Description"][0] == "description"
    assert rows["Billable"][3] == "boolean"
    guess = rows["column"].index("guess")
    assert "from the examples '5/19/2010', '5/20/2010'" in rows["Entry Date"][guess]
    assert book.sheets.active.name == DRAFT


def test_the_sheet_shows_the_dialect_as_a_guess_with_a_todo(excel: ExcelDouble) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    rows = draft_rows(excel, book)
    assert rows["id"][0] == "birdview"
    assert [rows[k][0] for k in ("delimiter", "encoding", "bom", "line_ending")] == [
        ",", "utf-8", "no", "crlf"]
    assert "shows no CSV dialect: comma, UTF-8 and CRLF assumed" in rows["delimiter"][2]


def test_a_column_no_field_fills_reads_a_setting_and_says_todo(excel: ExcelDouble) -> None:
    book = sample_book(excel, "celoxis")
    ribbon.new_target()
    rows = draft_rows(excel, book)
    todo = rows["column"].index("TODO")
    assert rows["Time Code"][2] == "time_code"
    assert rows["Time Code"][todo].startswith("no field of ours is known to fill it")


def test_save_target_writes_the_template_to_the_user_folder(excel: ExcelDouble) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    excel.alerts.clear()
    ribbon.save_target()
    path = default_user_dir() / "birdview.toml"
    template = find_template("birdview")
    assert template.path == str(path)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["template"]["id"] == "birdview"
    [alert] = excel.alerts
    assert alert.prompt.startswith(f"Saved the target birdview to {path}. The Target list now"
                                   " holds it (birdview) and it is this workbook's target")
    assert book.names["ImportMapper_Template"].refers_to == '="birdview"'


def test_the_saved_birdview_target_maps_the_export_as_the_command_line(
        excel: ExcelDouble) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    ribbon.save_target()
    out = apply_to_entries(excel, book)
    assert out[0] == ["Entry Date", "Duration", "Description", "Billable"]
    assert out[1][:3] == [dt.datetime(2026, 11, 2), 0.1, "Email to client re next steps"]
    assert out[5][:3] == [dt.datetime(2026, 11, 3), 1.5, "Prepare witness outline for Herr Müller"]
    formats = [c.number_format for c in excel.workbook(book)[book.sheets.active.name]["A"][1:3]]
    assert formats == ["m/d/yyyy", "m/d/yyyy"]


def test_the_saved_celoxis_target_maps_the_export_with_its_settings(excel: ExcelDouble) -> None:
    book = sample_book(excel, "celoxis", settings=[["state", "Approved"], ["time_code", "REG"]])
    ribbon.new_target()
    ribbon.save_target()
    out = apply_to_entries(excel, book)
    assert out[0] == ["Task/App", "User", "Hours", "Comments", "Date", "State", "Time Code",
                      "Billable", "Costable", "Approver", "Invoiced By"]
    assert out[1][1:7] == ["Maria Alvarez", 0.1, "Email to client re next steps",
                           dt.datetime(2026, 11, 2), "Approved", "REG"]


def test_an_edit_on_the_sheet_is_saved(excel: ExcelDouble) -> None:
    book = sample_book(excel, "timeslips")
    ribbon.new_target()
    rows = list(draft_rows(excel, book))
    row = rows.index("Transaction Date") + 2  # the key-title row is row 1, one blank row
    book.sheets[DRAFT].range(f"F{row}").value = "MM/DD/YYYY"
    ribbon.save_target()
    column = find_template("timeslips").columns[4]
    assert (column.name, column.format) == ("Transaction Date", "MM/DD/YYYY")


def test_a_mistake_names_the_cell_and_writes_nothing(excel: ExcelDouble) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    book.sheets[DRAFT]["E13"].value = "a date"  # Entry Date's type
    excel.alerts.clear()
    ribbon.save_target()
    [alert] = excel.alerts
    assert alert.prompt.startswith("On the sheet 'Target template', cell E13: the column"
                                   " 'Entry Date': type must be one of text, date,")
    assert alert.prompt.endswith("Correct it, then click Save target again.")
    assert not (default_user_dir() / "birdview.toml").exists()


def test_decimals_that_are_not_a_number_name_the_cell(excel: ExcelDouble) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    book.sheets[DRAFT]["H14"].value = "two"  # Duration's decimals
    excel.alerts.clear()
    ribbon.save_target()
    [alert] = excel.alerts
    assert alert.prompt == ("On the sheet 'Target template', cell H14: decimals is 'two'; write"
                            " a whole number (2 for 1.50), or leave it empty. Correct it, then"
                            " click Save target again.")


@pytest.mark.parametrize(("answer", "kept"), [("no", True), ("yes", False)])
def test_an_existing_file_is_replaced_only_when_the_user_says_so(excel: ExcelDouble,
                                                                 answer: str, kept: bool) -> None:
    path = default_user_dir() / "birdview.toml"
    path.parent.mkdir(parents=True)
    path.write_text("mine", encoding="utf-8")
    sample_book(excel, "birdview")
    excel.alert_answers[:] = ["ok", answer]  # New target's message, then Replace?
    ribbon.new_target()
    ribbon.save_target()
    assert (path.read_text(encoding="utf-8") == "mine") == kept
    assert excel.alerts[1].prompt == (f"birdview.toml already exists in {path.parent}."
                                      " Replace it?")


def test_new_target_on_an_empty_sheet_says_what_to_open(excel: ExcelDouble) -> None:
    book = excel.new_book({"Sheet1": [[None]]})
    book.set_mock_caller()
    ribbon.new_target()
    [alert] = excel.alerts
    assert alert.prompt.startswith("The sheet Sheet1 is empty. Open your billing system's import"
                                   " template")


def test_a_column_without_a_title_is_named_by_its_cell(excel: ExcelDouble) -> None:
    book = excel.new_book({"Sheet1": [["Date", None, "Hours"], ["5/19/2010", None, 3.0]]})
    book.set_mock_caller()
    ribbon.new_target()
    [alert] = excel.alerts
    assert alert.prompt.startswith("Cell B1 of the sheet Sheet1 (the column titles) is empty")


def test_save_target_without_a_draft_says_to_click_new_target(excel: ExcelDouble) -> None:
    book = excel.new_book({"Sheet1": [["Date"]]})
    book.set_mock_caller()
    ribbon.save_target()
    [alert] = excel.alerts
    assert "click New target" in alert.prompt


def test_a_user_template_chosen_by_its_file_name_keeps_that_name(excel: ExcelDouble) -> None:
    """The Target list names a user template by its file's name; the workbook stores that name,
    so the list selects the same item again, and Apply template finds the template by it."""
    folder = default_user_dir()
    folder.mkdir(parents=True)
    (folder / "Our Billing.toml").write_text(
        '[template]\nid = "our-billing"\nname = "Our billing"\ntarget = "Ours"\n'
        '[[columns]]\nname = "Day"\nsource = "date"\ntype = "date"\nformat = "YYYY-MM-DD"\n'
        '[[columns]]\nname = "Narrative"\nsource = "description"\n', encoding="utf-8")
    book = excel.new_book({ENTRIES: csv_rows(SAMPLE)})
    book.set_mock_caller()
    ribbon.select_template("Our Billing")
    assert book.names["ImportMapper_Template"].refers_to == '="Our Billing"'
    out = apply_to_entries(excel, book)
    assert out[:2] == [["Day", "Narrative"],
                       [dt.datetime(2026, 11, 2), "Email to client re next steps"]]


@pytest.mark.parametrize(("id_text", "says"), [
    ("", "id is required."), ("Birdview Time", "id must be lower-case letters")])
def test_a_wrong_id_names_its_cell(excel: ExcelDouble, id_text: str, says: str) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    book.sheets[DRAFT]["B2"].value = id_text
    excel.alerts.clear()
    ribbon.save_target()
    [alert] = excel.alerts
    assert alert.prompt.startswith(f"On the sheet 'Target template', cell B2: {says}")


@pytest.mark.parametrize(("answer", "saved"), [("no", False), ("yes", True)])
def test_a_built_in_id_is_saved_only_when_the_user_says_so(excel: ExcelDouble, answer: str,
                                                           saved: bool) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    book.sheets[DRAFT]["B2"].value = "clio"
    excel.alerts.clear()
    excel.alert_answers[:] = [answer, "ok"]
    ribbon.save_target()
    assert excel.alerts[0].prompt.startswith("clio is a built-in template's id: saved, yours"
                                             " replaces it in the Target list")
    assert (default_user_dir() / "clio.toml").exists() == saved


def test_a_number_as_a_column_title_is_written_as_excel_shows_it(excel: ExcelDouble) -> None:
    book = excel.new_book({"Sheet1": [["Date", 2026.0], ["2026-01-05", 1.0]]})
    book.set_mock_caller()
    ribbon.new_target()
    assert "2026" in draft_rows(excel, book)


def test_new_target_and_save_target_name_no_command_line_option(excel: ExcelDouble) -> None:
    # Celoxis' Time Code is filled by no field: a setting the user gives at each run.
    book = sample_book(excel, "celoxis")
    ribbon.new_target()
    todo = draft_rows(excel, book)["column"].index("TODO")
    told = draft_rows(excel, book)["Time Code"][todo]
    excel.alerts.clear()
    ribbon.save_target()
    saved = excel.alerts[0].prompt
    for text in (told, saved):
        assert not re.search(r"(?<![\w-])--[a-z]|importmap ", text), text
    assert "give a row 'time_code' on the sheet 'Import Mapper settings'" in told
    assert "row 'time_code' on the sheet 'Import Mapper settings'" in saved


def test_time_cells_are_read_in_the_form_they_show(excel: ExcelDouble) -> None:
    # Excel opens a CSV's 1:30 as a time cell (COM hands over 1899-12-30 01:30) shown h:mm,
    # 9:00 AM as one shown h:mm AM/PM; elapsed hours past a day (25:30) are shown [h]:mm.
    rows = [["Date", "Duration", "Start"],
            [dt.datetime(2026, 11, 2), dt.datetime(1899, 12, 30, 1, 30),
             dt.datetime(1899, 12, 30, 9, 0)],
            [dt.datetime(2026, 11, 13), dt.datetime(1899, 12, 31, 1, 30),
             dt.datetime(1899, 12, 30, 13, 5)]]
    book = excel.new_book({"Tmpl": rows})
    book.set_mock_caller()
    sheet = book.sheets["Tmpl"]
    sheet.range("A2:A3").number_format = "m/d/yyyy"
    sheet.range("B2:B3").number_format = "[h]:mm"
    sheet.range("C2:C3").number_format = "h:mm AM/PM"
    excel.select(sheet, "A1")

    ribbon.new_target()

    drafted = draft_rows(excel, book)
    guess = drafted["column"].index("guess")
    assert drafted["Duration"][:6] == ["duration", None, None, "duration", None, "h:mm"]
    assert "'1:30', '25:30'" in drafted["Duration"][guess]
    assert drafted["Start"][3:5] == ["time", "h:mm A"]
    assert "'9:00 AM', '1:05 PM'" in drafted["Start"][guess]


def test_a_field_type_or_unit_typed_in_capitals_on_the_sheet_is_that_word(
        excel: ExcelDouble) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    rows = list(draft_rows(excel, book))
    row = rows.index("Description") + 2  # the key-title row is row 1, one blank row
    duration = rows.index("Duration") + 2
    book.sheets[DRAFT].range(f"B{row}").value = "Description"
    book.sheets[DRAFT].range(f"E{duration}").value = "Duration"
    book.sheets[DRAFT].range(f"G{duration}").value = "Hours"
    ribbon.save_target()
    columns = {c.name: c for c in find_template("birdview").columns}
    assert columns["Description"].source == ("description",)
    assert (columns["Duration"].type, columns["Duration"].unit) == ("duration", "hours")


def test_two_sources_typed_on_one_line_are_saved_as_two(excel: ExcelDouble) -> None:
    book = sample_book(excel, "birdview")
    ribbon.new_target()
    keys = [v for v in book.sheets[DRAFT].range("A:A").value]
    row = keys.index("sources") + 1
    book.sheets[DRAFT].range(f"B{row}").value = "https://example.com/import, our own notes"
    ribbon.save_target()
    saved = tomllib.loads((default_user_dir() / "birdview.toml").read_text(encoding="utf-8"))
    assert saved["template"]["sources"] == ["https://example.com/import", "our own notes"]
