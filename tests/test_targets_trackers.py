"""Targets for time trackers: Clockify, Toggl Track, Harvest and solidtime."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from clihelp import run
from mapping import column, lookup_table, map_with

from addin.core.problems import ConversionError
from addin.core.timezones import to_utc

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
LOOKUPS = ["--lookup", f"people={ROOT / 'examples' / 'people.csv'}",
           "--lookup", f"matters={ROOT / 'examples' / 'matters.csv'}"]
PROJECT = ["--set", "project=General matters"]

HEADER = ["Date", "Hours", "Client", "Project", "Description", "User", "Email", "Billable"]


def entry(date="2026-11-02", hours="0.5", client="Acme", project="M1", text="Work",
          person="Ann Lee", email="ann@example.com", billable="yes"):
    return [date, hours, client, project, text, person, email, billable]


def codes(result):
    return [(p.column, p.code) for p in result.report]


@pytest.mark.parametrize(("template", "extra"), [
    ("clockify", PROJECT),
    ("toggl", PROJECT),
    ("harvest", [*PROJECT, "--set", "task=Legal work"]),
    ("solidtime", [*PROJECT, "--set", "timezone=America/New_York", "--set", "billable=yes"]),
])
def test_mapping_the_sample_matches_the_golden_file(capsys, tmp_path, template, extra):
    sample = tmp_path / "caseclock-export.csv"
    shutil.copy(ROOT / "examples" / "caseclock-export.csv", sample)
    out = tmp_path / "out.csv"
    result = run(capsys, "map", sample, "-t", template, "-o", out, *LOOKUPS, *extra)
    assert result.code == 0, result.err
    assert out.read_bytes() == (GOLDEN / f"{template}.csv").read_bytes()


# --- Clockify ------------------------------------------------------------------------------

def test_clockify_writes_the_users_date_and_twelve_hour_time_by_default():
    result = map_with("clockify", [HEADER, entry(date="2026-11-02")],
                      settings={"day_start": "13:30"})
    assert (column(result, "Start date"), column(result, "Start time")) == (
        ["11/02/2026"], ["1:30 PM"])


def test_clockify_follows_the_date_and_time_formats_the_user_sets():
    result = map_with("clockify", [HEADER, entry(date="2026-11-02")], settings={
        "day_start": "13:30", "date_format": "DD.MM.YYYY", "time_format": "HH:mm"})
    assert (column(result, "Start date"), column(result, "Start time")) == (
        ["02.11.2026"], ["13:30"])


def test_clockify_refuses_a_date_format_it_cannot_read():
    result = map_with("clockify", [HEADER, entry()], settings={"date_format": "dd/mm/yyyy"})
    assert ("date_format", "bad-setting") in codes(result)


@pytest.mark.parametrize(("key", "value"), [("date_format", "HH:mm"),
                                            ("time_format", "DD/MM/YYYY")])
def test_clockify_a_format_of_the_wrong_kind_is_a_bad_setting_not_a_crash(key, value):
    result = map_with("clockify", [HEADER, entry()], settings={key: value})
    assert codes(result) == [(key, "bad-setting")]


def test_clockify_duration_is_the_full_format_hh_mm_ss():
    result = map_with("clockify", [HEADER, entry(hours="0.1"), entry(hours="1:15")])
    assert column(result, "Duration") == ["00:06:00", "01:15:00"]


def test_clockify_billable_is_yes_or_no():
    result = map_with("clockify", [HEADER, entry(billable="true"), entry(billable="0")])
    assert column(result, "Billable") == ["Yes", "No"]


@pytest.mark.parametrize(("name", "limit", "cell"), [
    ("Client", 100, 2), ("Project", 250, 3), ("Description", 3000, 4)])
def test_clockify_text_longer_than_its_limit_is_an_error(name, limit, cell):
    row = entry()
    row[cell] = "x" * (limit + 1)
    result = map_with("clockify", [HEADER, row])
    assert codes(result) == [(name, "too-long")]


def test_clockify_text_at_its_limit_is_written():
    result = map_with("clockify", [HEADER, entry(client="x" * 100)])
    assert (codes(result), column(result, "Client")) == ([], ["x" * 100])


def test_clockify_a_tag_longer_than_100_characters_is_an_error():
    result = map_with("clockify", [[*HEADER, "Tags"], [*entry(), "court, " + "t" * 101]])
    assert codes(result) == [("Tags", "bad-format")]


# --- Toggl Track ---------------------------------------------------------------------------

def test_toggl_writes_the_detailed_reports_columns_in_its_order():
    result = map_with("toggl", [HEADER, entry()])
    assert result.plan.template.header == [
        "User", "Email", "Client", "Project", "Task", "Description", "Billable", "Start date",
        "Start time", "Duration", "Tags"]


def test_toggl_dates_times_and_durations_are_iso_24_hour_and_hh_mm_ss():
    result = map_with("toggl", [HEADER, entry(date="02/11/2026", hours="2.25")],
                      settings={"day_start": "13:30"}, date_order="DMY")
    assert [column(result, n) for n in ("Start date", "Start time", "Duration")] == [
        ["2026-11-02"], ["13:30:00"], ["02:15:00"]]


def test_toggl_user_is_the_persons_name_and_email_is_required():
    result = map_with("toggl", [HEADER, entry(email="")])
    assert column(result, "User") == ["Ann Lee"]
    assert codes(result) == [("Email", "missing-required")]


# --- Harvest -------------------------------------------------------------------------------

PEOPLE = [["timekeeper", "first_name", "last_name"], ["Ann Lee", "Ann", "Lee"]]


def harvest(table, **options):
    lookups = {"people": lookup_table("people", PEOPLE)}
    return map_with("harvest", table, lookups=lookups, settings={"task": "Legal work"},
                    **options)


def test_harvest_has_exactly_its_eight_columns_in_order():
    result = harvest([HEADER, entry()])
    assert result.plan.template.header == [
        "Date", "Client", "Project", "Task", "Notes", "Hours", "First name", "Last name"]


def test_harvest_hours_are_decimal_with_two_places():
    result = harvest([HEADER, entry(hours="0.1"), entry(hours="1:15"), entry(hours="3")])
    assert column(result, "Hours") == ["0.10", "1.25", "3.00"]


def test_harvest_a_duration_that_does_not_fit_two_decimals_is_an_error():
    result = harvest([HEADER, entry(hours="0:20")])
    assert codes(result) == [("Billable", "dropped-field"), ("Hours", "inexact-duration")]


def test_harvest_rounds_to_an_increment_only_when_the_user_sets_one():
    lookups = {"people": lookup_table("people", PEOPLE)}
    result = map_with("harvest", [HEADER, entry(hours="0:20")], lookups=lookups,
                      settings={"task": "Legal work", "increment": "0.1h"})
    assert column(result, "Hours") == ["0.40"]
    assert codes(result) == [("Billable", "dropped-field"), ("Hours", "rounded")]


def test_harvest_names_come_from_the_people_table():
    result = harvest([HEADER, entry(person="ann lee")])
    assert (column(result, "First name"), column(result, "Last name")) == (["Ann"], ["Lee"])


def test_harvest_never_splits_a_full_name():
    result = map_with("harvest", [HEADER, entry()], settings={"task": "Legal work"})
    assert {("First name", "missing-column"), ("Last name", "missing-column")} <= set(
        codes(result))


def test_harvest_needs_a_task_on_every_row():
    lookups = {"people": lookup_table("people", PEOPLE)}
    result = map_with("harvest", [HEADER, entry()], lookups=lookups)
    assert ("Task", "missing-column") in codes(result)


# --- solidtime -----------------------------------------------------------------------------

BERLIN = {"timezone": "Europe/Berlin", "day_start": "09:00"}


def test_solidtime_has_its_ten_lower_case_columns():
    result = map_with("solidtime", [HEADER, entry()], settings=BERLIN)
    assert result.plan.template.header == [
        "description", "billable", "client", "project", "tags", "start", "end", "task",
        "user_name", "user_email"]


def test_solidtime_start_and_end_are_utc_with_a_z():
    result = map_with("solidtime", [HEADER, entry(date="2026-07-01", hours="1.5")],
                      settings=BERLIN)
    assert (column(result, "start"), column(result, "end")) == (
        ["2026-07-01T07:00:00Z"], ["2026-07-01T08:30:00Z"])


def test_solidtime_needs_the_time_zone_of_the_source():
    result = map_with("solidtime", [HEADER, entry()])
    assert ("timezone", "bad-setting") in codes(result)


def test_solidtime_a_time_the_clocks_skip_is_an_error():
    result = map_with("solidtime", [HEADER, entry(date="2026-03-29")],
                      settings={"timezone": "Europe/Berlin", "day_start": "02:30"})
    assert ("start", "bad-time") in codes(result)


def test_solidtime_billable_is_exactly_true_or_false():
    result = map_with("solidtime", [HEADER, entry(billable="Yes"), entry(billable="no")],
                      settings=BERLIN)
    assert column(result, "billable") == ["true", "false"]


def test_solidtime_billable_is_required_on_every_row():
    result = map_with("solidtime", [HEADER, entry(billable="")], settings=BERLIN)
    assert codes(result) == [("billable", "missing-required")]



def test_a_time_at_the_edge_of_the_calendar_is_a_problem_not_a_crash():
    with pytest.raises(ConversionError, match="cannot be given in UTC"):
        to_utc(dt.datetime(1, 1, 1, 0, 30), "Asia/Tokyo")
