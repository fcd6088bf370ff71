"""The unit of a duration column's plain numbers is decided from evidence and stated, never from
a profile's tie-break: Kimai's whole seconds only beside From and To that agree with seconds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from clihelp import run
from mapping import column, map_with

from addin.core.duration_unit import bare_number

KIMAI = ["-t", "kimai-timesheet", "--set", "email=a@x.com", "--set", "user=anna",
         "--set", "activity=Work"]
SETTINGS = {"email": "a@x.com", "user": "anna", "activity": "Work"}


def test_whole_hours_without_from_and_to_are_hours_and_the_choice_is_stated(capsys, tmp_path):
    source = tmp_path / "w.csv"
    source.write_text("Date,Customer,Project,Duration\n2026-11-02,Acme,Audit,8\n"
                      "2026-11-03,Acme,Audit,2\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = run(capsys, "map", source, "-o", out, *KIMAI)
    assert result.code == 0, result.err
    assert [line.split(",")[3] for line in out.read_text().splitlines()[1:]] == ["28800", "7200"]
    assert "10 hours in, 10 out" in result.out
    # The Kimai profile, whose whole numbers are seconds, no longer wins without From and To.
    assert "source profile generic reads 4 of 4 columns" in result.err


def test_whole_numbers_beside_from_and_to_that_agree_with_seconds_are_seconds(capsys, tmp_path):
    source = tmp_path / "k.csv"
    source.write_text("Date,From,To,Duration,User,Customer,Project,Activity\n"
                      "2026-11-02,09:00:00,10:30:00,5400,anna,Acme,Audit,Work\n"
                      "2026-11-02,10:30:00,10:36:00,360,anna,Acme,Audit,Work\n", encoding="utf-8")
    result = run(capsys, "map", source, "-o", tmp_path / "o.csv", *KIMAI)
    assert result.code == 0, result.err
    assert "1.6 hours in, 1.6 out" in result.out
    assert ("note: numbers in 'Duration' read as seconds: the From and To of 2 rows agree with"
            " seconds (360 to 5400)\n") in result.err


def test_whole_numbers_beside_from_and_to_that_agree_with_hours_are_hours():
    table = [["Date", "From", "To", "Duration", "Customer", "Project"],
             ["2026-11-02", "09:00", "17:00", "8", "Acme", "Audit"],
             ["2026-11-03", "09:00", "11:00", "2", "Acme", "Audit"]]
    result = map_with("kimai-timesheet", table, settings=SETTINGS)
    assert column(result, "Duration") == ["28800", "7200"]
    assert result.notes == ()


def test_from_and_to_that_disagree_on_the_unit_are_an_error():
    table = [["Date", "From", "To", "Duration", "Customer", "Project"],
             ["2026-11-02", "09:00", "17:00", "8", "Acme", "Audit"],
             ["2026-11-03", "09:00", "09:06", "360", "Acme", "Audit"]]
    result = map_with("kimai-timesheet", table, settings=SETTINGS)
    [problem] = [p for p in result.report if p.code == "ambiguous-unit"]
    assert (problem.row, problem.column, problem.severity) == (None, "Duration", "error")
    assert "8 beside From-To 8:00 is hours; 360 beside From-To 0:06 is seconds" in problem.message


def test_numbers_that_would_all_be_over_a_day_as_hours_are_refused_with_the_setting_to_give(
        capsys, tmp_path):
    source = tmp_path / "m.csv"
    source.write_text("Date,Client,Matter,Duration\n2026-11-02,Acme,Audit,5400\n"
                      "2026-11-03,Acme,Audit,3600\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = run(capsys, "map", source, "-t", "harvest", "-o", out, "--set", "task=T")
    assert result.code == 1
    assert not out.exists()
    assert ("Duration: error: 'Duration' holds numbers without a unit (3600 to 5400): read as"
            " hours, every entry would be longer than a day. Say which unit they are in with"
            " --set duration_unit=s\n"
            ) in result.err
    assert "long-duration" not in result.err and "longer than 24 hours" not in result.err


def test_the_unit_the_user_gives_is_used_and_stated(capsys, tmp_path):
    source = tmp_path / "m.csv"
    source.write_text("Date,Client,Matter,Duration\n2026-11-02,Acme,Audit,90\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = run(capsys, "map", source, "-o", out, *KIMAI, "--set", "duration_unit=min")
    assert "note: numbers in 'Duration' read as minutes, as you set (duration_unit)\n" in result.err
    assert "1.5 hours in, 1.5 out" in result.out


def test_a_unit_in_the_header_is_the_unit_of_its_numbers():
    table = [["Date", "Client", "Matter", "Duration (minutes)"],
             ["2026-11-02", "Acme", "Audit", "90"]]
    result = map_with("harvest", table, settings={"task": "T"})
    assert column(result, "Hours") == ["1.50"]
    assert result.notes == ("numbers in 'Duration (minutes)' read as minutes, as its header"
                            " says (90)",)


def test_a_given_unit_that_from_and_to_contradict_is_an_error():
    table = [["Date", "From", "To", "Duration", "Customer", "Project"],
             ["2026-11-02", "09:00", "09:06", "360", "Acme", "Audit"]]
    result = map_with("kimai-timesheet", table, settings=SETTINGS | {"duration_unit": "h"})
    [problem] = [p for p in result.report if p.code == "ambiguous-unit"]
    assert problem.message.startswith("you said 'Duration' is in hours, but its From and To show"
                                      " seconds: 360 beside From-To 0:06")


def test_an_unknown_duration_unit_is_a_bad_setting_in_the_shells_words():
    table = [["Date", "Client", "Matter", "Duration"], ["2026-11-02", "Acme", "Audit", "1"]]
    result = map_with("harvest", table, settings={"task": "T", "duration_unit": "fortnights"},
                      channel="excel")
    [problem] = [p for p in result.report if p.column == "duration_unit"]
    assert problem.code == "bad-setting"
    assert ("a row 'duration_unit' with the value h or min or s on the sheet"
            " 'Import Mapper settings'") in problem.message


def test_durations_with_their_own_form_need_no_unit():
    table = [["Date", "Client", "Matter", "Duration"], ["2026-11-02", "Acme", "Audit", "1:30"],
             ["2026-11-03", "Acme", "Audit", "90 min"]]
    result = map_with("harvest", table, settings={"task": "T"})
    assert column(result, "Hours") == ["1.50", "1.50"]
    assert result.notes == ()
    assert not [p for p in result.report if p.column == "Duration"]


def test_numbers_over_a_day_as_hours_but_not_as_minutes_offer_both_smaller_units():
    table = [["Date", "Client", "Matter", "Duration"], ["2026-11-02", "Acme", "Audit", "90"],
             ["2026-11-03", "Acme", "Audit", "480"]]
    result = map_with("harvest", table, settings={"task": "T"})
    [problem] = [p for p in result.report if p.code == "ambiguous-unit"]
    assert problem.message.endswith("--set duration_unit=min or --set duration_unit=s")
    assert not [p for p in result.report if p.code == "long-duration"]


def test_an_infinite_or_not_a_number_cell_is_no_bare_number():
    assert [bare_number(v) for v in (float("inf"), float("nan"), Decimal("Infinity"))] == [
        None, None, None]


@pytest.mark.parametrize(("header", "cell", "written"), [
    ("Mins", "90", "1.50"), ("Duration (mins)", "90", "1.50"), ("Time (min)", "90", "1.50"),
    ("Duration in minutes", "90", "1.50"), ("Time (h)", "1.5", "1.50"), ("Hrs", "1.5", "1.50"),
    ("Duration (hrs)", "1.5", "1.50"), ("Duration (sec)", "5400", "1.50"),
    ("Time spent (s)", "5400", "1.50")])
def test_a_duration_header_with_a_unit_is_read_in_that_unit(header, cell, written):
    rows = [["Date", "Client", "Matter", header], ["2026-11-02", "Acme", "Audit", cell]]
    result = map_with("harvest", rows, settings={"task": "T"})
    assert column(result, "Hours") == [written]


def test_a_refused_unit_is_the_only_duration_error_where_from_and_to_are_stacked():
    rows = [["Date", "Client", "Matter", "Duration"],
            ["2026-11-02", "Acme", "Audit", "5400"], ["2026-11-02", "Acme", "Audit", "3600"]]
    result = map_with("kimai-timesheet", rows, settings=SETTINGS)
    assert [p.code for p in result.report if p.column == "Duration"] == ["ambiguous-unit"]


def test_an_entry_over_a_day_is_not_also_told_to_start_earlier():
    rows = [["Date", "Client", "Matter", "Duration"],
            ["2026-11-02", "Acme", "Audit", "1.5"], ["2026-11-03", "Acme", "Audit", "30"]]
    result = map_with("kimai-timesheet", rows, settings=SETTINGS)
    assert [(p.row, p.code) for p in result.report if p.column == "Duration"] == [
        (3, "long-duration")]
