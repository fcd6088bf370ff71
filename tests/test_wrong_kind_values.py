"""A value of the wrong kind for its output column (a time where a date is written, a date where
a time is) is a problem of that row, with a message, never a traceback."""

from mapping import column, map_with, template_from

from addin.convert.datefmt import DateFormat
from addin.core.problems import ConversionError

TIME_ONLY_START = [["Start time", "Duration", "Email"], ["09:00", "1:00", "a@b.c"]]


def codes(result):
    return [(p.row, p.column, p.code) for p in result.report if p.severity == "error"]


def test_a_start_time_without_a_date_is_a_bad_date_of_the_row_in_a_date_column():
    result = map_with("toggl", TIME_ONLY_START)
    assert (2, "Start date", "bad-date") in codes(result)
    assert column(result, "Start time") == ["09:00:00"]


def test_the_message_says_the_source_gives_only_a_time_of_day():
    result = map_with("toggl", TIME_ONLY_START)
    message = next(p.message for p in result.report if p.column == "Start date")
    assert "only a time of day" in message and "09:00" in message


def test_a_date_without_a_time_is_a_bad_time_of_the_row_in_a_time_column():
    template = template_from(
        '[template]\nid = "t"\nname = "t"\ntarget = "T"\n'
        '[[columns]]\nname = "Day"\nsource = "date"\ntype = "time"\nformat = "HH:mm"\n')
    result = map_with(template, [["Date", "Duration"], ["2026-11-02", "1"]])
    assert codes(result) == [(2, "Day", "bad-time")]


def test_text_in_a_duration_column_is_a_bad_duration_of_the_row():
    template = template_from(
        '[template]\nid = "t"\nname = "t"\ntarget = "T"\n'
        '[[columns]]\nname = "Hours"\nsource = "description"\ntype = "duration"\nunit = "hours"\n')
    result = map_with(template, [["Date", "Duration", "Description"], ["2026-11-02", "1", "x"]])
    assert codes(result) == [(2, "Hours", "bad-duration")]


def test_text_in_a_number_or_boolean_column_is_a_problem_of_the_row():
    template = template_from(
        '[template]\nid = "t"\nname = "t"\ntarget = "T"\n'
        '[[columns]]\nname = "Rate"\nsource = "description"\ntype = "money"\n'
        '[[columns]]\nname = "Billable"\nsource = "client"\ntype = "boolean"\n')
    result = map_with(template, [["Date", "Duration", "Description", "Client"],
                                 ["2026-11-02", "1", "x", "Acme"]])
    assert codes(result) == [(2, "Rate", "bad-number"), (2, "Billable", "bad-boolean")]


def test_a_date_pattern_given_a_time_raises_a_conversion_error():
    try:
        DateFormat("YYYY-MM-DD").format(__import__("datetime").time(9, 0))
    except ConversionError as exc:
        assert exc.code == "bad-date"
    else:
        raise AssertionError("no error")
