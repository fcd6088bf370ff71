"""Where an entry sits in time: the date and time the source gives, an end before its start,
an entry ending at midnight, sources with only a start and an end, years across decades."""

from pathlib import Path

import pytest
from clihelp import run
from mapping import column, map_with, template_from

KIMAI = "kimai-timesheet"
PERSON = {"email": "ann@example.com", "user": "ann", "customer": "Acme", "project": "Audit",
          "activity": "Work"}
HOURS = template_from(
    '[template]\nid = "t"\nname = "t"\ntarget = "T"\n'
    '[[columns]]\nname = "Date"\nsource = "date"\ntype = "date"\nformat = "YYYY-MM-DD"\n'
    '[[columns]]\nname = "Hours"\nderive = "hours"\ntype = "duration"\nunit = "hours"\n'
    'required = true\n')
# Clio's shape: the date and the duration cell as they are, no start or end column.
DATE_AND_HOURS = template_from(
    '[template]\nid = "t"\nname = "t"\ntarget = "T"\n'
    '[[columns]]\nname = "Date"\nsource = "date"\ntype = "date"\nformat = "YYYY-MM-DD"\n'
    'required = true\n'
    '[[columns]]\nname = "Hours"\nsource = "duration"\ntype = "duration"\nunit = "hours"\n'
    'required = true\n')


def problems(result, code):
    return [(p.row, p.severity) for p in result.report if p.code == code]


def test_a_date_and_time_in_the_date_column_is_the_entrys_start():
    result = map_with(KIMAI, [["Date", "Duration"], ["2026-11-02 13:30", "1"]], settings=PERSON)
    assert (column(result, "Date"), column(result, "From"), column(result, "To")) == (
        ["2026-11-02"], ["13:30:00"], ["14:30:00"])


def test_a_date_cell_holding_a_time_is_the_entrys_start():
    import datetime as dt
    result = map_with(KIMAI, [["Date", "Duration"], [dt.datetime(2026, 11, 2, 13, 30), 1]],
                      settings=PERSON)
    assert column(result, "From") == ["13:30:00"]


def test_a_date_cell_at_midnight_is_a_plain_date_and_entries_are_stacked():
    import datetime as dt
    table = [["Date", "Duration"], [dt.datetime(2026, 11, 2), 1], [dt.datetime(2026, 11, 2), 1]]
    result = map_with(KIMAI, table, settings=PERSON)
    assert column(result, "From") == ["09:00:00", "10:00:00"]


def test_a_date_text_at_midnight_is_a_plain_date_and_entries_are_stacked():
    table = [["Date", "Duration"], ["2026-11-02 00:00:00", "1"], ["2026-11-02 00:00:00", "1"]]
    result = map_with(KIMAI, table, settings=PERSON)
    assert column(result, "From") == ["09:00:00", "10:00:00"]


def test_an_end_before_its_start_within_a_night_is_the_next_day_with_a_warning():
    result = map_with(HOURS, [["Date", "Start", "End"], ["2026-11-02", "22:00", "01:00"]])
    assert column(result, "Hours") == ["3"]
    assert problems(result, "end-before-start") == [(2, "warning")]


def test_an_end_long_before_its_start_is_an_error_not_a_16_hour_entry():
    result = map_with(HOURS, [["Date", "Start", "End"], ["2026-11-02", "17:00", "09:00"]])
    assert problems(result, "end-before-start") == [(2, "error")]
    assert column(result, "Hours") == [""]


def test_an_overnight_span_of_minutes_is_shown_as_hours_people_read():
    table = [["Date", "Start", "End"], ["2026-11-02", "09:00", "08:59"],
             ["2026-11-02", "22:00", "00:20"]]
    messages = [p.message for p in map_with(HOURS, table).report if p.code == "end-before-start"]
    assert "past midnight it would last 23.98 h (23:59)" in messages[0]
    assert "read as ending the next day, 2.33 h (2:20)" in messages[1]


def test_times_without_a_date_follow_the_same_rule():
    result = map_with(HOURS, [["Start", "End"], ["22:30", "00:30"], ["18:00", "08:00"]])
    assert column(result, "Hours") == ["2", ""]
    assert problems(result, "end-before-start") == [(2, "warning"), (3, "error")]


def test_an_overnight_entry_agreeing_with_its_duration_is_read_without_a_warning():
    table = [["Date", "Start", "End", "Duration"], ["2026-11-02", "18:00", "08:00", "14"],
             ["2026-11-02", "23:45", "00:15", "0:30"]]
    result = map_with(HOURS, table)
    assert column(result, "Hours") == ["14", "0.5"]
    assert problems(result, "end-before-start") == []


def test_an_overnight_entry_disagreeing_with_its_duration_is_still_judged_by_its_span():
    table = [["Date", "Start", "End", "Duration"], ["2026-11-02", "18:00", "08:00", "2"]]
    assert problems(map_with(HOURS, table), "end-before-start") == [(2, "error")]


def test_an_end_date_before_the_start_is_an_error():
    table = [["Start date", "Start time", "End date", "End time"],
             ["2026-11-03", "09:00", "2026-11-02", "10:00"]]
    result = map_with(HOURS, table)
    assert [p.severity for p in result.report if p.severity == "error"] == ["error"]
    assert column(result, "Hours") == [""]


def test_a_stacked_entry_ending_exactly_at_midnight_is_not_after_midnight():
    result = map_with(KIMAI, [["Date", "Duration"], ["2026-11-02", "15"]], settings=PERSON)
    assert problems(result, "day-overflow") == []
    assert (column(result, "From"), column(result, "To")) == (["09:00:00"], ["00:00:00"])


def test_an_end_written_24_00_ends_the_day_without_a_warning():
    table = [["Date", "Start", "End"], ["2026-11-02", "22:00", "24:00"]]
    result = map_with(HOURS, table)
    assert (column(result, "Hours"), list(result.report)) == (["2"], [])


def test_an_end_written_24_00_without_a_date_ends_the_day():
    result = map_with(HOURS, [["Start", "End"], ["00:00", "24:00"], ["23:00", "24:00:00"]])
    assert column(result, "Hours") == ["24", "1"]


def test_an_end_at_24_00_on_the_last_day_of_the_calendar_is_a_row_problem():
    result = map_with(HOURS, [["Date", "Start", "End"], ["9999-12-31", "22:00", "24:00"]])
    assert [(p.row, p.code) for p in result.report] == [(2, "bad-time")]


def test_a_stacked_entry_ending_after_midnight_is_still_reported():
    result = map_with(KIMAI, [["Date", "Duration"], ["2026-11-02", "15.5"]], settings=PERSON)
    assert problems(result, "day-overflow") == [(2, "error")]


def test_an_aware_start_and_a_plain_end_time_share_the_start_zone():
    table = [["Start", "End"], ["2026-11-02T09:00:00.000+01:00", "10:30"]]
    result = map_with(HOURS, table)
    assert (column(result, "Date"), column(result, "Hours")) == (["2026-11-02"], ["1.5"])


def test_iso_start_and_end_with_milliseconds_and_zones_give_the_span():
    table = [["Start", "End"], ["2026-11-02T09:00:00.000+01:00", "2026-11-02T09:30:00.000Z"]]
    assert column(map_with(HOURS, table), "Hours") == ["1.5"]


def test_start_and_end_without_a_duration_map_to_toggl_with_exit_0(tmp_path: Path, capsys):
    source = tmp_path / "s.csv"
    source.write_text("Start,End,Email,Project\n2026-11-02 09:00,2026-11-02 10:30,a@b.c,P\n")
    result = run(capsys, "map", source, "-t", "toggl", "-o", tmp_path / "o.csv")
    assert result.code == 0, result.err
    lines = (tmp_path / "o.csv").read_text().splitlines()
    assert lines[1].endswith("2026-11-02,09:00:00,01:30:00,")


def test_date_from_and_to_without_a_duration_map_to_kimai_with_exit_0(tmp_path, capsys):
    source = tmp_path / "s.csv"
    source.write_text("Date,From,To\n2026-11-02,09:00,10:30\n")
    result = run(capsys, "map", source, "-t", KIMAI, "-o", tmp_path / "o.csv",
                 *[f"--set={k}={v}" for k, v in PERSON.items()])
    assert result.code == 0, result.err
    assert ",09:00:00,10:30:00,5400," in (tmp_path / "o.csv").read_text()


@pytest.mark.parametrize("dates", [["2026-11-02", "1996-11-02"], ["13/11/26", "13/11/96"]])
def test_a_date_column_whose_years_span_decades_is_warned(dates):
    result = map_with(HOURS, [["Date", "Duration"], [dates[0], "1"], [dates[1], "1"]])
    warned = [p for p in result.report if p.code == "date-span"]
    assert [(p.severity, p.column) for p in warned] == [("warning", "Date")]
    assert "1996" in warned[0].message and "2026" in warned[0].message


def test_99_beside_00_is_one_year_apart_and_not_warned():
    result = map_with(HOURS, [["Date", "Duration"], ["31/12/99", "1"], ["01/01/00", "1"]])
    assert column(result, "Date") == ["1999-12-31", "2000-01-01"]
    assert problems(result, "date-span") == []


def test_a_column_of_dotted_dates_is_read_day_first_without_a_warning():
    result = map_with(HOURS, [["Date", "Duration"], ["05.04.2026", "1"], ["06.04.2026", "1"]])
    assert column(result, "Date") == ["2026-04-05", "2026-04-06"]
    assert [p.code for p in result.report] == []


def test_a_start_without_a_date_where_the_date_is_needed_says_so():
    result = map_with(KIMAI, [["From", "To"], ["09:00", "10:00"]], settings=PERSON)
    [problem] = [p for p in result.report if p.severity == "error"]
    assert (problem.row, problem.column, problem.code) == (2, "Date", "missing-required")
    assert "'From' cell holds a time but no date" in problem.message


def test_a_worklog_with_started_and_offsets_maps_each_entry_at_its_own_time():
    # Jira's worklog exports: 'Started' holds the date, the time and the offset.
    table = [["Started", "Time Spent (s)", "Client", "Matter"],
             ["2026-11-03T09:00:00.000+0100", "3600", "Acme", "Audit"],
             ["2026-11-03T10:00:00.000-0500", "5400", "Acme", "Audit"]]
    result = map_with(KIMAI, table, settings=PERSON)
    assert column(result, "Date") == ["2026-11-03", "2026-11-03"]
    assert column(result, "From") == ["09:00:00", "10:00:00"]
    assert column(result, "Duration") == ["3600", "5400"]


def test_a_start_date_and_time_gives_the_date_to_a_target_without_a_start_column():
    result = map_with(DATE_AND_HOURS, [["Started", "Hours"], ["2024-03-11 09:00", "1"]])
    assert (column(result, "Date"), column(result, "Hours")) == (["2024-03-11"], ["1"])
    assert not result.report.errors


def test_start_and_end_give_the_hours_to_a_target_without_time_columns():
    result = map_with(DATE_AND_HOURS, [["Start", "End"], ["2024-03-11 09:00", "2024-03-11 10:30"]])
    assert (column(result, "Date"), column(result, "Hours")) == (["2024-03-11"], ["1.5"])



@pytest.mark.parametrize("start", ["11-Mar-2024 09:00:00 AM", "Mar 11, 2024, 9:00 AM",
                                   "11 March 2024 09:00", "Monday, March 11, 2024 9:00 AM"])
def test_a_start_whose_date_names_its_month_gives_the_date_and_time(start):
    result = map_with(KIMAI, [["Start", "Duration"], [start, "1"]], settings=PERSON)
    assert (column(result, "Date"), column(result, "From"), column(result, "To")) == (
        ["2024-03-11"], ["09:00:00"], ["10:00:00"])


def test_a_start_with_fractions_of_a_second_is_written_to_the_second_with_a_warning():
    # Jira's timer-logged worklogs start at 18:17:41.346; the duration has its own column.
    table = [["Started", "Time spent seconds"], ["2022-06-08T18:17:41.346", "1200"],
             ["2022-06-08T19:00:00.500", "60"]]
    result = map_with(KIMAI, table, settings=PERSON)
    assert (column(result, "From"), column(result, "To"), column(result, "Duration")) == (
        ["18:17:41", "19:00:00"], ["18:37:41", "19:01:00"], ["1200", "60"])
    assert not result.report.errors
    assert [(p.column, p.code, p.message) for p in result.report.warnings] == [(
        "Started", "rounded", "2 start times have fractions of a second (row 2:"
        " 2022-06-08T18:17:41.346); written to the whole second, as Kimai 2 (Importer plugin:"
        " Timesheet) holds times; the durations are the source's, unchanged")]


def test_a_start_and_end_with_fractions_of_a_second_and_no_duration_stay_refused():
    # Their span is the duration: dropping the fractions would change the hours.
    table = [["Start", "End"], ["2022-06-08 18:17:41.346", "2022-06-08 18:37:41.900"]]
    result = map_with(KIMAI, table, settings=PERSON)
    assert {p.code for p in result.report.errors} >= {"bad-time"}


def test_a_start_with_seconds_is_written_to_the_minute_where_the_target_writes_minutes():
    table = [["Started", "Time spent seconds"], ["2024-03-11T14:02:41", "1200"]]
    result = map_with("clockify", table, settings={"email": "ann@example.com"})
    assert (column(result, "Start time"), column(result, "Duration")) == (["2:02 PM"],
                                                                           ["00:20:00"])
    assert [(p.code, p.message) for p in result.report.warnings] == [(
        "rounded", "1 start time has seconds (row 2: 2024-03-11T14:02:41); written to the minute,"
        " as Clockify (Import timesheets) holds times; the durations are the source's, unchanged")]


def test_an_entry_across_a_clock_change_in_your_time_zone_is_refused_not_misbilled():
    # 00:30Z-01:30Z is one hour; in Berlin the clocks jump from 02:00 to 03:00 between them.
    table = [["Date", "Start", "End"], ["2026-03-29", "2026-03-29T00:30:00+00:00",
                                        "2026-03-29T01:30:00+00:00"]]
    result = map_with(KIMAI, table, settings={**PERSON, "timezone": "Europe/Berlin"})
    assert column(result, "Duration") != ["7200"]
    assert [(p.row, p.column, p.code) for p in result.report.errors] == [(2, "End", "bad-time")]


def test_an_entry_with_offsets_on_an_ordinary_day_keeps_its_real_length():
    table = [["Date", "Start", "End"], ["2026-03-30", "2026-03-30T07:30:00+00:00",
                                        "2026-03-30T08:30:00+00:00"]]
    result = map_with(KIMAI, table, settings={**PERSON, "timezone": "Europe/Berlin"})
    assert (column(result, "From"), column(result, "Duration")) == (["09:30:00"], ["3600"])
