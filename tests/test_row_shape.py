"""Rows that are not entries: a CSV row split at an unquoted separator, and totals rows."""

from __future__ import annotations

import openpyxl
import pytest
from clihelp import Result, run

from addin.core.options import MapOptions
from addin.core.pipeline import map_table
from addin.files.registry import find_template

HEADER = "Date,Duration,Client,Matter,Description,Timekeeper,Rate\n"
SETTINGS = ["--set", "email=a@x.com", "--set", "project=Probate", "--set", "activity=Work"]


def mapped(capsys, tmp_path, text: str, name: str = "in.csv") -> tuple[Result, list[str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run(capsys, "map", path, "-t", "kimai-timesheet", "-o", out, *SETTINGS)
    lines = out.read_text(encoding="utf-8").splitlines()[1:] if out.exists() else []
    return result, lines


def problems(result: Result) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("row ")]


def test_an_unquoted_thousands_separator_is_an_error_naming_the_split_value(capsys, tmp_path):
    result, _ = mapped(capsys, tmp_path, HEADER + "2026-11-02,1,Acme,Audit,Call,Anna,350\n"
                       "2026-11-03,2,Acme,Audit,Call,Anna,$1,250.00\n")
    assert result.code == 1
    assert problems(result) == [
        "row 3, Rate: error: the row has 8 cells but the header 7, so its values have shifted"
        " and the row is not read; '$1' and '250.00' look like one value, $1,250.00, cut at its"
        " thousands separator (the file's separator is a comma). Put the value in double quotes"
        " (\"$1,250.00\"), or save the file from Excel, which quotes it"]
    assert result.err.splitlines()[-1].startswith(
        "2 rows read, 1 split row not read, 1 with errors; 1 hours in;")


def test_an_unquoted_decimal_comma_is_an_error_naming_it(capsys, tmp_path):
    result, _ = mapped(capsys, tmp_path, HEADER + "2026-11-02,1,5,Acme,Audit,Call,Anna,350\n")
    assert result.code == 1
    assert "'1' and '5' look like one value, 1,5, cut at its decimal comma" in problems(
        result)[0]


def test_a_quoted_thousands_separator_is_a_normal_row(capsys, tmp_path):
    result, lines = mapped(capsys, tmp_path,
                           HEADER + '2026-11-02,1,Acme,Audit,Call,Anna,"$1,250.00"\n')
    assert result.code == 0 and ",Call,1250," in lines[0]  # HourlyRate after Description


def test_a_totals_line_is_reported_as_a_total_and_not_imported(capsys, tmp_path):
    result, lines = mapped(capsys, tmp_path, HEADER + "2026-11-02,1.5,Acme,Audit,Call,Anna,350\n"
                           "2026-11-03,2,Acme,Audit,Call,Anna,350\nTotal,3.5,,,,,\n")
    assert result.code == 0, result.err
    assert len(lines) == 2
    assert problems(result) == [
        "row 4, Duration: warning: the row ('Total') was recognised as a total and is not"
        " imported; its 3.5 hours equal the sum of the entries above"]
    assert result.out.startswith("3 rows read, 2 written, 1 total not imported; 3.5 hours in,"
                                 " 3.5 out;")


def test_a_total_whose_hours_differ_from_the_entries_says_so(capsys, tmp_path):
    result, lines = mapped(capsys, tmp_path, HEADER + "2026-11-02,1.5,Acme,Audit,Call,Anna,350\n"
                           "Summe:,4,,,,,\n")
    assert result.code == 0 and len(lines) == 1
    assert problems(result) == [
        "row 3, Duration: warning: the row ('Summe:') was recognised as a total and is not"
        " imported; its 4 hours differ from the sum of the entries above (1.5 since the last"
        " total, 1.5 in all): check the source"]


def test_subtotals_and_a_grand_total_in_other_languages_are_all_totals(capsys, tmp_path):
    result, lines = mapped(capsys, tmp_path, HEADER + "2026-11-02,1,Acme,Audit,Call,Anna,350\n"
                           "2026-11-02,2,Acme,Audit,Call,Anna,350\n"
                           ",3,Gesamt Anna,,,,\n"
                           "2026-11-03,0.5,Acme,Audit,Call,Ben,350\n"
                           ",0.5,Totaal Ben (week 45),,,,\n"
                           "Grand total,3.5,,,,,\n")
    assert result.code == 0, result.err
    assert len(lines) == 3
    assert [p.split(":")[0] for p in problems(result)] == [
        "row 4, Duration", "row 6, Duration", "row 7, Duration"]


def test_a_sum_under_blank_names_is_a_total(capsys, tmp_path):
    # Kimai's spreadsheet export puts a SUM under the Duration column, every other cell blank.
    result, lines = mapped(capsys, tmp_path, HEADER + "2026-11-02,1.5,Acme,Audit,Call,Anna,350\n"
                           "2026-11-03,2,Acme,Audit,Call,Anna,350\n,3.5,,,,,\n")
    assert result.code == 0, result.err
    assert len(lines) == 2 and problems(result) == [
        "row 4, Duration: warning: the row (a sum under blank names) was recognised as a total"
        " and is not imported; its 3.5 hours equal the sum of the entries above"]


def test_an_entry_that_mentions_a_total_is_an_entry(capsys, tmp_path):
    result, lines = mapped(capsys, tmp_path, HEADER
                           + "2026-11-02,1.5,Acme,Audit,Total review of the file,Anna,350\n"
                           "Total,2,Acme,Audit,Call,Anna,350\n")
    assert result.code == 1 and problems(result)[0].startswith("row 3, Date: error: 'Total'")
    assert not any("recognised as a total" in p for p in problems(result))
    assert "2 rows read, 2 with errors" not in result.err  # the narrative row is fine


@pytest.mark.parametrize("rows", [
    "2026-11-02,1.5,Acme,Audit,Call,Anna,350\n,1.5,Acme,Audit,Call,Anna,350\n",  # names
    "2026-11-02,1.5,Acme,Audit,Call,Anna,350\n,2.5,Total SA,,,,\n",  # a client called Total
    "2026-11-02,1.5,Acme,Audit,Call,Anna,350\n,2.5,Lyon Total,,,,\n",  # ... or ending in it
    "2026-11-02,,Acme,Audit,Call,Anna,350\n2026-11-03,,Acme,Audit,Call,Anna,350\n,0,,,,,\n",
])
def test_a_blank_dated_row_without_the_evidence_of_a_total_stays_an_entry(capsys, tmp_path,
                                                                          rows):
    result, _ = mapped(capsys, tmp_path, HEADER + rows)
    assert result.code == 1
    assert not any("recognised as a total" in p for p in problems(result))


def test_a_totals_row_does_not_change_a_columns_decimal_separator(capsys, tmp_path):
    text = ("Date;Duration;Client;Matter;Description;Timekeeper\n"
            "2026-11-02;1,5;Acme;Audit;Call;Anna\n2026-11-03;2,25;Acme;Audit;Call;Anna\n"
            "Total;3.75;;;;\n")
    result, lines = mapped(capsys, tmp_path, text)
    assert result.code == 0, result.err
    assert "ambiguous-number" not in result.err and "mixes decimal" not in result.err
    assert [line.split(",")[3] for line in lines] == ["5400", "8100"]


def test_a_totals_row_in_a_workbook_is_a_total(capsys, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER.strip().split(","))
    book.active.append(["2026-11-02", 1.5, "Acme", "Audit", "Call", "Anna", 350])
    book.active.append(["2026-11-03", 2, "Acme", "Audit", "Call", "Anna", 350])
    book.active.append([None, 3.5, None, None, None, None, 1225])
    book.save(tmp_path / "in.xlsx")
    out = tmp_path / "out.csv"
    result = run(capsys, "map", tmp_path / "in.xlsx", "-t", "kimai-timesheet", "-o", out,
                 *SETTINGS)
    assert result.code == 0, result.err
    assert "row 4, Duration: warning: the row (a sum under blank names)" in result.err
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_the_money_value_is_named_rather_than_two_numbers_side_by_side(capsys, tmp_path):
    result, _ = mapped(capsys, tmp_path, "Date,Duration,Rate,Client,Matter,Amount\n"
                       "2026-11-02,1,350,Acme,Audit,€1,250.50\n")
    assert "'€1' and '250.50' look like one value, €1,250.50" in problems(result)[0]
    assert problems(result)[0].startswith("row 2, Amount: error:")


def test_a_totals_row_on_a_sheet_in_excel_is_a_total_too():
    table = [HEADER.strip().split(","), ["2026-11-02", 1.5, "Acme", "Audit", "Call", "Anna", 350],
             ["Gesamt", 1.5, None, None, None, None, None]]
    result = map_table(find_template("kimai-timesheet"), table, MapOptions(
        settings={"email": "a@x.com", "project": "Probate", "activity": "Work"}, channel="excel"))
    assert [(p.row, p.code) for p in result.report] == [(3, "totals-row")]
    assert len(result.rows) == 1 and result.account.totals == 1


@pytest.mark.parametrize("label", ["Sous-total", "Somme", "Total général", "Suma",
                                   "Subtotale", "Somma", "Subtotaal", "Soma"])
def test_a_totals_row_labelled_in_a_hand_kept_sheet_s_language_is_a_total(label):
    table = [HEADER.strip().split(","), ["2026-11-02", 1.5, "Acme", "Audit", "Call", "Anna", 350],
             [label, 1.5, None, None, None, None, None]]
    result = map_table(find_template("kimai-timesheet"), table, MapOptions(
        settings={"email": "a@x.com", "project": "Probate", "activity": "Work"}))
    assert [(p.row, p.code) for p in result.report] == [(3, "totals-row")]


def test_a_sum_of_exact_times_under_rounded_entries_is_a_total(capsys, tmp_path):
    # Three 20-minute entries shown as 0.33 h each; the export's sum line says 1.00.
    result, lines = mapped(capsys, tmp_path, HEADER + "".join(
        f"2026-11-0{day},0.33,Acme,Audit,Call,Anna,350\n" for day in (2, 3, 4)) + ",1.00,,,,,\n")
    assert result.code == 0, result.err
    assert len(lines) == 3 and problems(result) == [
        "row 5, Duration: warning: the row (a sum under blank names) was recognised as a total"
        " and is not imported; its 1 hours differ from the sum of the entries above (0.99 since"
        " the last total, 0.99 in all): check the source"]


def test_a_subtotal_labelled_after_the_name_is_a_total(capsys, tmp_path):
    # Excel's Subtotal command and pivot tables label a group's sum "Acme Total".
    result, lines = mapped(capsys, tmp_path, HEADER + "2026-11-02,1.5,Acme,Audit,Call,Anna,350\n"
                           ",1.5,Acme Total,,,,\n2026-11-03,2,Beta,Tax,Call,Anna,350\n"
                           ",2,Beta Total,,,,\n,3.5,Grand Total,,,,\n")
    assert result.code == 0, result.err
    assert len(lines) == 2
    assert [p.split(":")[0] for p in problems(result)] == [
        "row 3, Duration", "row 5, Duration", "row 6, Duration"]
    assert "3.5 hours in, 3.5 out" in result.out


@pytest.mark.parametrize("label", ["Week 45 subtotal", "Weekly total", "KW 45 Summe",
                                   "Wochensumme", "Month total:"])
def test_a_total_named_after_its_week_or_month_is_a_total(capsys, tmp_path, label):
    # Hand-kept timesheets close each week with a labelled subtotal in the date column.
    result, lines = mapped(capsys, tmp_path, HEADER + "2026-11-02,1.5,Acme,Audit,Call,Anna,350\n"
                           f"{label},1.5,,,,,\n2026-11-09,2,Acme,Audit,Call,Anna,350\n"
                           "Total,3.5,,,,,\n")
    assert result.code == 0, result.err
    assert len(lines) == 2
    assert [p.split(":")[0] for p in problems(result)] == ["row 3, Duration", "row 5, Duration"]
    assert "3 rows read" not in result.out and ", 2 totals not imported; 3.5 hours in" in result.out


def test_a_client_whose_name_begins_like_a_short_total_word_is_not_a_total():
    table = [["Client", "Date", "Duration"], ["Acme", "2026-11-02", 1.5],
             ["Som Energia", None, 1.5]]
    result = map_table(find_template("kimai-timesheet"), table, MapOptions(
        settings={"email": "a@x.com", "project": "Probate", "activity": "Work"}))
    assert "totals-row" not in [p.code for p in result.report]
