"""Check required, Clear highlights and Save as CSV on a mapped sheet, on the Excel double."""

from __future__ import annotations

from pathlib import Path

import xlwings as xw
from excel_double import ExcelDouble
from ribbonbooks import (
    GOLDEN,
    OUTPUT,
    PROBLEMS,
    SOURCE,
    caseclock_book,
    problem_lines,
    required_rule,
)

from addin.excel import ribbon

pytest_plugins = ["excel_double"]  # the `excel` fixture


def mapped_book(excel: ExcelDouble) -> xw.Book:
    """The sample applied to Kimai: the output sheet is active; no alerts or calls kept."""
    book = caseclock_book(excel)
    ribbon.apply_template()
    excel.alerts.clear()
    excel.reset_calls()
    return book


# --- Check required and Clear highlights ------------------------------------------------------


def test_check_required_reports_a_required_cell_the_user_blanked(excel: ExcelDouble) -> None:
    book = mapped_book(excel)
    book.sheets[OUTPUT]["G5"].value = None  # Customer

    ribbon.check_required()

    [alert] = excel.alerts
    assert alert.prompt.startswith(f"34 rows checked against {OUTPUT}. 1 error and 0 warnings")
    [line] = problem_lines(excel, book)
    assert line[:5] == ['=HYPERLINK("#\'Kimai timesheet\'!G5","G5")', 5, "Customer", "error",
                        "missing-required"]
    assert book.sheets.active.name == OUTPUT


def test_check_required_on_a_clean_sheet_finds_no_problems(excel: ExcelDouble) -> None:
    book = mapped_book(excel)

    ribbon.check_required()

    assert [a.prompt for a in excel.alerts] == [
        f"34 rows checked against {OUTPUT}. No problems found."]
    assert problem_lines(excel, book) == []


def test_check_required_draws_the_required_rules_again(excel: ExcelDouble) -> None:
    book = mapped_book(excel)
    ribbon.clear_highlights()

    ribbon.check_required()

    rules = excel.conditional_formats(book.sheets[OUTPUT])
    assert sorted(rules, key=lambda r: r.applies_to) == [required_rule(c, 35)
                                                         for c in "ABCDEFGHIM"]  # M: Billable


def test_check_required_follows_columns_the_user_moved(excel: ExcelDouble) -> None:
    book = mapped_book(excel)
    sheet = book.sheets[OUTPUT]
    block = sheet.used_range.options(ndim=2).value
    sheet.range("A1").value = [line[1:] + line[:1] for line in block]  # Date moved to the end

    ribbon.check_required()

    rules = excel.conditional_formats(sheet)
    assert required_rule("O", 35) in rules and required_rule("A", 35) in rules
    assert required_rule("K", 35) not in rules  # Rate (optional) is now in K


def test_check_required_skips_a_row_the_user_cleared(excel: ExcelDouble) -> None:
    book = mapped_book(excel)
    book.sheets[OUTPUT]["A35:O35"].clear_contents()  # formats stay, so the row stays "used"

    ribbon.check_required()

    assert [a.prompt for a in excel.alerts] == [
        f"33 rows checked against {OUTPUT}. No problems found."]


def test_check_required_on_an_empty_sheet_alerts(excel: ExcelDouble) -> None:
    book = caseclock_book(excel, [])

    ribbon.check_required()

    assert [(a.prompt, a.mode) for a in excel.alerts] == [
        ("The active sheet is empty.", "critical")]
    assert PROBLEMS not in [s.name for s in book.sheets]


def test_clear_highlights_removes_the_rules(excel: ExcelDouble) -> None:
    book = mapped_book(excel)
    assert excel.conditional_formats(book.sheets[OUTPUT]) != []

    ribbon.clear_highlights()

    assert excel.conditional_formats(book.sheets[OUTPUT]) == []


# --- Save as CSV ----------------------------------------------------------------------------


def test_save_csv_writes_the_same_bytes_as_the_command_line(excel: ExcelDouble,
                                                            tmp_path: Path) -> None:
    mapped_book(excel)

    ribbon.save_csv(str(tmp_path / "kimai.csv"))

    assert (tmp_path / "kimai.csv").read_bytes() == GOLDEN.read_bytes()
    assert [a.prompt for a in excel.alerts] == [
        f"Saved 34 rows to {tmp_path / 'kimai.csv'} for Kimai 2 (Importer plugin: Timesheet)."]


def test_check_required_and_save_csv_show_progress_and_hand_the_status_bar_back(
        excel: ExcelDouble, tmp_path: Path) -> None:
    mapped_book(excel)
    excel.status_bar_history.clear()

    ribbon.check_required()
    ribbon.save_csv(str(tmp_path / "kimai.csv"))

    assert excel.status_bar_history == [
        f"Import Mapper: reading {OUTPUT}...", "Import Mapper: checking 34 rows...", False,
        f"Import Mapper: reading {OUTPUT}...", "Import Mapper: checking 34 rows...",
        "Import Mapper: saving 34 rows to kimai.csv...", False]


def test_save_csv_with_errors_asks_and_writes_nothing_on_no(excel: ExcelDouble,
                                                           tmp_path: Path) -> None:
    book = mapped_book(excel)
    book.sheets[OUTPUT]["G5"].value = None
    excel.alert_answers.append("no")

    ribbon.save_csv(str(tmp_path / "kimai.csv"))

    [alert] = excel.alerts
    assert alert.buttons == "yes_no"
    assert alert.prompt.startswith("1 error remains (run Check required")
    assert list(tmp_path.iterdir()) == []


def test_save_csv_with_errors_writes_on_yes(excel: ExcelDouble, tmp_path: Path) -> None:
    book = mapped_book(excel)
    book.sheets[OUTPUT]["G5"].value = None
    excel.alert_answers.append("yes")

    ribbon.save_csv(str(tmp_path / "kimai.csv"))

    golden = GOLDEN.read_bytes().split(b"\r\n")
    golden[4] = golden[4].replace(b",Jones Family Trust,", b",,")  # sheet row 5 = line 5
    assert (tmp_path / "kimai.csv").read_bytes().split(b"\r\n") == golden


def test_save_csv_never_replaces_a_file_without_a_yes(excel: ExcelDouble,
                                                      tmp_path: Path) -> None:
    mapped_book(excel)
    target = tmp_path / "kimai.csv"
    target.write_bytes(b"earlier export\r\n")
    excel.alert_answers.append("no")

    ribbon.save_csv(str(target))

    [alert] = excel.alerts
    assert (alert.prompt, alert.buttons) == (f"kimai.csv already exists in {tmp_path}. Replace it?",
                                             "yes_no")
    assert target.read_bytes() == b"earlier export\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kimai.csv"]  # no temporary file left


def test_save_csv_replaces_a_file_on_yes(excel: ExcelDouble, tmp_path: Path) -> None:
    mapped_book(excel)
    target = tmp_path / "kimai.csv"
    target.write_bytes(b"earlier export\r\n")
    excel.alert_answers.append("yes")

    ribbon.save_csv(str(target))

    assert target.read_bytes() == GOLDEN.read_bytes()


def test_save_csv_leaves_out_a_row_the_user_cleared(excel: ExcelDouble, tmp_path: Path) -> None:
    book = mapped_book(excel)
    book.sheets[OUTPUT]["A35:M35"].clear_contents()

    ribbon.save_csv(str(tmp_path / "kimai.csv"))

    golden = GOLDEN.read_bytes().split(b"\r\n")
    assert (tmp_path / "kimai.csv").read_bytes().split(b"\r\n") == golden[:-2] + [b""]


def test_save_csv_on_a_sheet_not_in_template_shape_alerts(excel: ExcelDouble,
                                                          tmp_path: Path) -> None:
    book = caseclock_book(excel)
    assert book.sheets.active.name == SOURCE

    ribbon.save_csv(str(tmp_path / "kimai.csv"))

    [alert] = excel.alerts
    assert alert.prompt == (
        "this sheet is not in the shape of Kimai timesheet: columns From, To, Duration, User,"
        " Email, Customer, Project, Activity, HourlyRate, Billable, Tags, FixedRate missing. Run"
        " Apply template on the source sheet first")
    assert alert.mode == "critical"
    assert list(tmp_path.iterdir()) == []


def test_save_csv_on_an_empty_sheet_alerts(excel: ExcelDouble, tmp_path: Path) -> None:
    caseclock_book(excel, [])

    ribbon.save_csv(str(tmp_path / "kimai.csv"))

    assert [a.prompt for a in excel.alerts] == ["The active sheet is empty."]
    assert list(tmp_path.iterdir()) == []


def test_checking_another_sheet_keeps_the_first_sheets_flags(excel: ExcelDouble) -> None:
    book = mapped_book(excel)
    other = book.sheets.add("Copy", after=book.sheets[OUTPUT])
    other.range("A1").value = book.sheets[OUTPUT].used_range.options(ndim=2).value
    before = [s.name for s in book.sheets if s.name.startswith("_importmapper_flags_")]

    ribbon.check_required()

    after = [s.name for s in book.sheets if s.name.startswith("_importmapper_flags_")]
    assert len(before) == 1 and len(after) == 2 and before[0] in after


# --- targets whose empty cells would clear existing records ------------------------------------

def customers_book(excel: ExcelDouble) -> xw.Book:
    """Two customers, one without an e-mail, applied to kimai-customer."""
    book = excel.new_book({SOURCE: [["Organization", "E-mail", "Country"],
                                    ["Acme", "legal@acme.example", "DE"], ["Beta", None, "DE"]]})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", '="kimai-customer"')
    excel.select(book.sheets[SOURCE], "A1")
    ribbon.apply_template()
    excel.alerts.clear()
    return book


def test_save_csv_leaves_out_columns_that_would_clear_existing_customers(
        excel: ExcelDouble, tmp_path: Path) -> None:
    customers_book(excel)

    ribbon.save_csv(str(tmp_path / "customers.csv"))

    assert (tmp_path / "customers.csv").read_bytes() == (
        b"Name,Number,Email,Country\r\nAcme,,legal@acme.example,DE\r\nBeta,,,DE\r\n")


def test_check_required_warns_where_an_empty_cell_would_clear_a_customers_field(
        excel: ExcelDouble) -> None:
    book = customers_book(excel)

    ribbon.check_required()

    [alert] = excel.alerts
    assert alert.prompt.endswith("No errors; 1 warning listed.")
    [line] = problem_lines(excel, book, "Kimai customers problems")
    assert line[2:5] == ["Email", "warning", "clears-field"]


SMALL = """
[template]
id = "small"
name = "Small"
target = "Small importer"
max_rows = 2

[[columns]]
name = "Notes"
source = "description"
"""


def test_save_csv_refuses_more_rows_than_the_importer_takes_in_the_shells_words(
        excel: ExcelDouble, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "small.toml").write_text(SMALL, encoding="utf-8")
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path))
    book = excel.new_book({SOURCE: [["Description"], ["a"], ["b"], ["c"]]})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", '="small"')
    excel.select(book.sheets[SOURCE], "A1")
    ribbon.apply_template()
    excel.alerts.clear()

    ribbon.save_csv(str(tmp_path / "out.csv"))

    assert not (tmp_path / "out.csv").exists()
    assert excel.alerts[-1].prompt == (
        "Small importer takes at most 2 rows in one file; this file has 3. Save the rows in"
        " several files of at most 2 rows each")
