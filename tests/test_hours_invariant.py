"""Hours in equal hours out, row by row, after the rounding the user asked for (reported with its
exact total); any other difference is an error naming the row. One entry over 24 hours is an
error, an entry of no time a warning."""

from __future__ import annotations

from pathlib import Path

from clihelp import run
from mapping import column, map_with

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = ROOT / "examples" / "people.csv"
HOURS_TEMPLATE = """
[template]
id = "hours-with-default"
name = "Hours"
target = "Test"
version = "1"

[dialect]
delimiter = ","

[[columns]]
name = "Date"
source = "date"
type = "date"
format = "YYYY-MM-DD"

[[columns]]
name = "Hours"
source = "duration"
type = "duration"
unit = "hours"
{extra}
"""
TABLE = [["Date", "Duration", "Client", "Matter"], ["2026-11-02", "0.25", "Acme", "Audit"],
         ["2026-11-03", "", "Acme", "Audit"]]


def test_hours_written_that_were_not_read_are_an_error_naming_the_row():
    result = map_with(HOURS_TEMPLATE.format(extra='default = "1"'), TABLE)
    assert column(result, "Hours") == ["0.25", "1"]
    [problem] = [p for p in result.report if p.code == "hours-mismatch"]
    assert (problem.row, problem.column, problem.severity) == (3, "Hours", "error")
    assert problem.message.startswith("hours in must equal hours out: no hours read, and Hours"
                                      " is 1 h")


def test_a_mismatch_stops_the_command_line_with_exit_1(capsys, tmp_path):
    template = tmp_path / "t.toml"
    template.write_text(HOURS_TEMPLATE.format(extra='default = "1"'), encoding="utf-8")
    source = tmp_path / "in.csv"
    source.write_text("Date,Duration\n2026-11-02,0.25\n2026-11-03,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run(capsys, "map", source, "-t", template, "-o", out)
    assert result.code == 1
    assert not out.exists()
    assert "row 3, Hours: error: hours in must equal hours out" in result.err


def test_the_templates_own_rounding_is_not_a_mismatch_and_is_totalled():
    table = [["Date", "Duration"], ["2026-11-02", "0.25"], ["2026-11-03", "0.3"]]
    result = map_with(HOURS_TEMPLATE.format(extra='increment = "0.5h"\nrounding = "up"'), table)
    assert column(result, "Hours") == ["0.5", "0.5"]
    assert not result.report.errors
    assert result.account.summary(True).endswith("0.55 hours in, 1 out (+0.45 rounded by the"
                                                 " template)")


def test_rounding_the_user_asked_for_is_in_the_summary_with_its_exact_total(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("Date,Duration,Client,Matter,Timekeeper\n2026-11-02,0.1,A,M,Maria Alvarez\n"
                      "2026-11-02,0.3,A,M,Maria Alvarez\n2026-11-02,1,A,M,Maria Alvarez\n",
                      encoding="utf-8")
    result = run(capsys, "map", source, "-t", "harvest", "-o", tmp_path / "o.csv",
                 "--lookup", f"people={PEOPLE}", "--set", "task=T", "--set", "increment=0.25h")
    assert result.code == 0, result.err
    assert "; 1.4 hours in, 1.75 out (+0.35 rounded to the increment you set);" in result.out
    assert "2 durations rounded up to the increment you set (0.25h), +0.35 h in all" in result.err


def test_a_rounded_duration_replaced_by_its_exact_span_is_in_the_summary():
    table = [["Date", "Start", "End", "Duration", "Client", "Matter"],
             ["2026-11-02", "09:00", "09:20", "0.33", "Acme", "Audit"]]
    result = map_with("kimai-timesheet", table, settings={"email": "a@x.com", "user": "u",
                                                          "activity": "Work"})
    assert column(result, "Duration") == ["1200"]
    assert not result.report.errors
    assert result.account.summary(True).endswith(
        "0.33 hours in, ~0.3333 out (~+0.0033 from exact start and end times)")


def test_one_entry_over_a_day_is_an_error_naming_the_row():
    table = [["Date", "Duration", "Client", "Matter"], ["2026-11-02", "2", "Acme", "Audit"],
             ["2026-11-03", "30", "Acme", "Audit"], ["2026-11-04", "24", "Acme", "Audit"]]
    result = map_with("kimai-timesheet", table, settings={"email": "a@x.com", "user": "u",
                                                          "activity": "Work"})
    [problem] = [p for p in result.report if p.code == "long-duration"]
    assert (problem.row, problem.column, problem.severity) == (3, "Duration", "error")
    assert problem.message == ("30 h in one entry, longer than 24 hours; if 'Duration' holds"
                               " minutes or seconds, give --set duration_unit=min or"
                               " --set duration_unit=s; otherwise correct or split the entry")


def test_a_span_over_a_day_is_an_error_on_its_end():
    table = [["Start", "End", "Client", "Matter"],
             ["2026-11-02 09:00", "2026-11-03 10:00", "Acme", "Audit"]]
    result = map_with("kimai-timesheet", table, settings={"email": "a@x.com", "user": "u",
                                                          "activity": "Work"})
    [problem] = [p for p in result.report if p.code == "long-duration"]
    assert (problem.row, problem.column) == (2, "End")
    assert problem.message.startswith("from its start to its end is 25 h")


def test_an_entry_of_no_time_is_a_warning():
    table = [["Date", "Duration", "Client", "Matter"], ["2026-11-02", "0", "Acme", "Audit"],
             ["2026-11-03", "0:00", "Acme", "Audit"]]
    result = map_with("kimai-timesheet", table, settings={"email": "a@x.com", "user": "u",
                                                          "activity": "Work"})
    problems = [p for p in result.report if p.code == "zero-duration"]
    assert [(p.row, p.severity) for p in problems] == [(2, "warning"), (3, "warning")]
    assert not result.report.errors


def test_a_duration_of_more_digits_than_decimal_precision_is_still_an_error_naming_the_row():
    # A pasted serial or id in the duration column: 37 digits of seconds, past Decimal's 28.
    result = map_with("kimai-timesheet", [
        ["Date", "Duration", "Project", "Timekeeper"],
        ["2026-11-02", "4688098956561159415869390310936150016 s", "Audit", "Ann"]],
        settings={"customer": "Acme", "activity": "Work", "email": "a@b.c"})
    [problem] = [p for p in result.report if p.code == "long-duration"]
    assert (problem.row, problem.value) == (2, "1302249710155877615519275086371152.78")
