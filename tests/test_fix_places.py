"""A value that does not fit its column is corrected where it came from: the source, a lookup
table or a setting; the message names that place, not always "the source"."""

from mapping import lookup_table, map_with

from addin.core.problems import Problem

HEADER = ["Date", "Duration", "Client", "Matter", "Timekeeper", "Description"]
ROW = ["2026-11-02", "1.5", "Acme", "Audit", "Anna Muller", "Call"]


def _errors(result: object, column: str) -> list[Problem]:
    return [p for p in result.report.problems  # type: ignore[attr-defined]
            if p.severity == "error" and p.column == column]


def test_a_lookup_value_that_does_not_fit_is_corrected_in_the_lookup_table() -> None:
    people = lookup_table("people", [["timekeeper", "timekeeper_id"], ["Anna Muller", "AM"]])
    result = map_with("tabs3", [HEADER, ROW], lookups={"people": people},
                      settings={"tcode": "1", "increment": "0.1h"})
    [problem] = _errors(result, "Timekeeper")
    assert "people table (people.csv)" in problem.message
    assert "in the source" not in problem.message


def test_a_setting_that_does_not_fit_is_corrected_in_the_setting() -> None:
    result = map_with("kimai-timesheet", [HEADER, ROW],
                      settings={"email": "a@x.com", "activity": "W", "project": "P"})
    problems = _errors(result, "Activity")
    assert len(problems) == 1, problems
    assert "--set activity=" in problems[0].message
    assert "in the source" not in problems[0].message


def test_a_source_value_that_does_not_fit_is_corrected_in_the_source() -> None:
    result = map_with("kimai-timesheet", [HEADER + ["Activity"], ROW + ["W"]],
                      settings={"email": "a@x.com", "project": "P"})
    [problem] = _errors(result, "Activity")
    assert problem.message.endswith("correct it in the source")


def test_a_rate_over_the_targets_limit_is_not_told_to_split_the_entry() -> None:
    # Juris takes a rate of at most 999.99; splitting an entry does not lower its rate.
    people = lookup_table("people", [["timekeeper", "timekeeper_id"], ["Anna Muller", "AM"]])
    clients = lookup_table("clients", [["client", "client_id"], ["Acme", "100"]])
    matters = lookup_table("matters", [["client", "matter", "matter_id"],
                                       ["Acme", "Audit", "1001"]])
    result = map_with("juris", [HEADER + ["Rate"], ROW + ["1250"]],
                      lookups={"people": people, "clients": clients, "matters": matters})
    [problem] = _errors(result, "Rate")
    assert problem.message == "Rate takes at most 999.99; correct it in the source"


def test_a_setting_outside_the_targets_list_names_the_setting_to_change() -> None:
    result = map_with("kimai-customer", [["Organization"], ["Acme"]],
                      settings={"country": "Germany"})
    [problem] = result.report.errors
    assert problem.code == "bad-enum"
    assert problem.message.endswith("; give another: --set country=VALUE")
