"""Jira worklog exports (tests/fixtures/exports/jira-*, tempo) map to Kimai's timesheet with
exact seconds, dates and narratives, and their quirks are read as the files write them: the raw
export's seconds beside Jira's display form, its closing total line, Jira Assistant's
`DD-Mon-YYYY  hh:mm:ss AM` dates, Tempo's rounded hours and its account's customer; a Jira day
(`1d`, whose hours Jira lets each site set) is a row problem, never a guess."""

import csv
import io
from pathlib import Path

import pytest
from clihelp import run
from mapping import column, lookup_table, map_with

from addin.core.start_times import with_offset

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
PEOPLE = EXPORTS / "people.csv"
KIMAI = ("-t", "kimai-timesheet", "--set", "customer=Harbour Law LLP", "--set",
         "activity=Legal work", "--lookup", f"people={PEOPLE}")
RAW_HEADER = ["Author", "Summary", "Work description", "Issue", "Project", "Started",
              "Time spent seconds", "Time spent"]
PEOPLE_ROWS = [["timekeeper", "email"], ["Priya Raman", "priya.raman@harbourlaw.example"]]


def kimai_columns(capsys, tmp_path, source: Path) -> dict[str, list[str]]:
    out = tmp_path / "kimai.csv"
    result = run(capsys, "map", source, "-o", out, *KIMAI)
    assert result.code == 0, result.err
    assert f"source profile {source.parent.name} reads" in result.err
    header, *rows = csv.reader(io.StringIO(out.read_text("utf-8"), newline=""))
    return {name: [row[i] for row in rows] for i, name in enumerate(header)}


def test_a_raw_jira_worklog_export_maps_to_kimai_with_its_exact_seconds(capsys, tmp_path):
    written = kimai_columns(capsys, tmp_path, EXPORTS / "jira-worklogs" / "export-raw.csv")
    assert written["Date"] == ["2024-03-11", "2024-03-11", "2024-03-12", "2024-03-12",
                               "2024-03-13"]
    assert written["From"] == ["09:00:00", "14:02:41", "08:15:00", "16:42:16", "23:30:00"]
    assert written["Duration"] == ["9000", "1200", "3600", "6300", "5400"]
    assert written["Project"][3] == "Estate of H. Lindqvist"
    assert written["Description"] == ['Draft motion to compel, incl. "Exhibit B"', "",
                                      "Click to see comment",
                                      "Inventory of the estate's accounts",
                                      "Review Björk supply agreement; mark-up to client"]


def test_a_jira_assistant_worklog_report_maps_to_kimai_with_its_exact_hours(capsys, tmp_path):
    written = kimai_columns(capsys, tmp_path,
                            EXPORTS / "jira-assistant" / "worklog-report.csv")
    assert written["Date"] == ["2024-03-11", "2024-03-11", "2024-03-12", "2024-03-13"]
    assert written["From"] == ["09:00:00", "14:00:00", "12:00:00", "23:30:00"]
    assert written["To"] == ["11:30:00", "14:15:00", "13:45:00", "01:00:00"]
    assert written["Duration"] == ["9000", "900", "6300", "5400"]
    assert written["Description"][1] == "Call with client re deposition schedule"


def test_the_raw_exports_closing_total_line_is_reported_not_imported(capsys, tmp_path):
    source = tmp_path / "worklogs.csv"
    source.write_text(
        '"Author","Summary","Work description","Issue","Project","Started",'
        '"Time spent seconds","Time spent"\n'
        '"Priya Raman","Estate inventory","Inventory","EST-4","Estate of H. Lindqvist",'
        '"2024-03-12T16:42:16.000+0000","6300","1h 45m"\n'
        '"Priya Raman","Estate inventory","Letters","EST-4","Estate of H. Lindqvist",'
        '"2024-03-13T09:00:00.000+0000","1800","30m"\n'
        '"","","","","","","8100","2h 15m"\n', encoding="utf-8")
    out = tmp_path / "kimai.csv"
    result = run(capsys, "map", source, "-o", out, *KIMAI)
    assert result.code == 0, result.err
    assert "row 4, Time spent seconds: warning: the row (a sum under blank names) was" \
        " recognised as a total" in result.err
    assert "1 total not imported" in result.out
    assert out.read_text("utf-8").count("\n") == 3  # the header and two entries


def test_the_display_form_is_read_when_the_export_has_no_seconds_column():
    # The display form: Jira's "1h 45m" and date-times as "Jan 20, 2023, 6:25 PM".
    header = [h for h in RAW_HEADER if h != "Time spent seconds"]
    rows = [["Priya Raman", "Estate inventory", "Inventory", "EST-4", "Estate of H. Lindqvist",
             "Mar 12, 2024, 4:42 PM", "1h 45m"],
            ["Priya Raman", "Estate inventory", "Letters", "EST-4", "Estate of H. Lindqvist",
             "Mar 13, 2024, 9:00 AM", "1h "]]
    result = map_with("kimai-timesheet", [header, *rows],
                      settings={"customer": "Harbour Law LLP", "activity": "Legal work"},
                      lookups={"people": lookup_table("people", PEOPLE_ROWS)})
    assert result.plan.choice.profile.id == "jira-worklogs"
    assert result.report.errors == []
    assert column(result, "Date") == ["2024-03-12", "2024-03-13"]
    assert column(result, "From") == ["16:42:00", "09:00:00"]
    assert column(result, "Duration") == ["6300", "3600"]


def test_a_jira_day_is_a_row_problem_never_a_guessed_number_of_hours():
    header = [h for h in RAW_HEADER if h != "Time spent seconds"]
    row = ["Priya Raman", "Estate inventory", "Inventory", "EST-4", "Estate of H. Lindqvist",
           "2024-03-12T09:00:00.000+0000", "1d 2h"]
    result = map_with("kimai-timesheet", [header, row],
                      settings={"customer": "Harbour Law LLP", "activity": "Legal work"},
                      lookups={"people": lookup_table("people", PEOPLE_ROWS)})
    assert [(p.row, p.code) for p in result.report.errors] == [(2, "bad-duration")]


def test_a_tempo_export_maps_to_kimai_with_the_accounts_customer(capsys, tmp_path):
    written = kimai_columns(capsys, tmp_path, EXPORTS / "tempo" / "worklogs-export.csv")
    assert written["Customer"] == ["Acme Holdings", "Acme Holdings", "Harbour Law LLP",
                                   "Harbour Law LLP"]  # the third account has no customer
    assert written["Date"] == ["2024-03-11", "2024-03-11", "2024-03-12", "2024-03-13"]
    assert written["Duration"] == ["9000", "1188", "6300", "3600"]  # 0.33 h as written
    assert written["Description"][2] == "Inventory of the estate's accounts, bank by bank"


def test_a_sheet_with_only_common_columns_is_not_taken_for_a_tempo_export():
    header = ["Hours", "Work date", "Full name", "Project Name", "Work Description"]
    row = ["1.75", "2024-3-12 10:00", "Priya Raman", "Estate of H. Lindqvist",
           "Inventory"]
    result = map_with("kimai-timesheet", [header, row],
                      settings={"customer": "Harbour Law LLP", "activity": "Legal work"},
                      lookups={"people": lookup_table("people", PEOPLE_ROWS)})
    assert result.plan.choice.profile.id == "generic"
    assert column(result, "Duration") == ["6300"]


def test_a_common_sheet_is_not_taken_for_a_jira_export_nor_read_in_seconds():
    header = ["Start date", "Time spent", "Comment"]
    row = ["2024-03-12", "1.5", "Inventory"]
    result = map_with("kimai-timesheet", [header, row],
                      settings={"customer": "Harbour Law LLP", "activity": "Legal work",
                                "project": "General matters", "user": "praman",
                                "email": "priya.raman@harbourlaw.example"})
    assert result.plan.choice.profile.id == "generic"
    assert column(result, "Duration") == ["5400"]


@pytest.mark.parametrize("header", [["Author", "Project"], ["Project Name", "Comment"]])
def test_a_tie_on_common_columns_goes_to_the_generic_profile(header):
    result = map_with("kimai-timesheet", [header, ["Priya Raman", "Estate of H. Lindqvist"]],
                      settings={"customer": "Harbour Law LLP", "activity": "Legal work"})
    assert result.plan.choice.profile.id == "generic"


def test_a_timer_logged_worklog_s_milliseconds_are_dropped_from_kimai_s_times_with_a_warning():
    # The public sample's timer-started worklogs start at e.g. 18:17:41.346.
    table = [RAW_HEADER, ["Priya Raman", "Call", "Call with client", "LIT-1", "Acme",
                          "2022-06-08T18:17:41.346+0000", "1200", "20m"]]
    result = map_with("kimai-timesheet", table, settings={
        "customer": "Harbour Law LLP", "activity": "Legal work"},
        lookups={"people": lookup_table("people", PEOPLE_ROWS)})
    assert (column(result, "From"), column(result, "To"), column(result, "Duration")) == (
        ["18:17:41"], ["18:37:41"], ["1200"])
    assert not result.report.errors
    assert [p.code for p in result.report.warnings] == ["utc-offset", "rounded"]


def raw_row(started: str) -> list[list[str]]:
    return [RAW_HEADER, ["Priya Raman", "Call", "Call with client", "LIT-1", "Acme", started,
                         "1200", "20m"]]


def kimai_with(table, **settings):
    return map_with("kimai-timesheet", table, settings={
        "customer": "Harbour Law LLP", "activity": "Legal work", **settings},
        lookups={"people": lookup_table("people", PEOPLE_ROWS)})


def test_times_with_a_utc_offset_are_written_in_the_time_zone_you_give():
    result = kimai_with(raw_row("2024-03-13T02:00:00.000+0000"), timezone="America/New_York")
    assert (column(result, "Date"), column(result, "From"), column(result, "To")) == (
        ["2024-03-12"], ["22:00:00"], ["22:20:00"])
    assert not result.report.problems


def test_times_with_a_utc_offset_and_no_time_zone_are_written_as_given_with_a_warning():
    result = kimai_with(raw_row("2024-03-13T02:00:00.000+0000"))
    assert (column(result, "Date"), column(result, "From")) == (["2024-03-13"], ["02:00:00"])
    assert [(p.column, p.code, p.message) for p in result.report.warnings] == [(
        "Started", "utc-offset", "the times carry a UTC offset (row 2:"
        " 2024-03-13T02:00:00.000+0000) and are written as that clock shows them, dates"
        " included; to write them in your time zone, give --set timezone=VALUE, the zone's name"
        " (e.g. Europe/Berlin)")]


def test_a_time_zone_that_is_no_time_zone_is_an_error_naming_it():
    result = kimai_with(raw_row("2024-03-13T02:00:00.000+0000"), timezone="New York")
    assert [(p.column, p.code) for p in result.report.errors] == [("timezone", "bad-setting")]


def test_a_date_given_with_its_time_and_offset_is_the_zone_s_own_date_for_clio():
    result = map_with("clio", raw_row("2024-03-13T02:00:00.000+0000"),
                      settings={"timezone": "America/New_York", "increment": "0.1h"})
    assert column(result, "date") == ["03/12/2024"]



def test_a_dashed_date_is_not_taken_for_a_time_with_an_offset():
    assert [with_offset(v) for v in ("11-02-2026", "2026-11-02", "2024-03-13T02:00:00.000+0000",
                                     "2024-03-13 09:00Z")] == [False, False, True, True]
