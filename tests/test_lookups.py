"""Lookup tables: how a firm's people, clients and matters tables find a row."""

import pytest
from mapping import lookup_table, map_with

from addin.core.errors import InputError

MATTERS = [["Client", "Matter", "Display number"],
           ["Acme", "Acme v. Beta", "00012-Acme"],
           ["Gamma", "General advice", "00020-Gamma"],
           ["Delta", "General advice", "00031-Delta"],
           ["", "Pro bono clinic", "00099-PB"]]


def test_people_are_found_by_name_ignoring_case_and_extra_spaces():
    people = lookup_table("people", [["name", "e-mail"], ["Ann  Lee", "ann@firm.example"]])
    assert people.find({"timekeeper": " ann lee"}) == {"email": "ann@firm.example"}


def test_a_matter_is_found_by_client_and_matter():
    matters = lookup_table("matters", MATTERS)
    assert matters.find({"client": "Delta", "matter": "General advice"}) == {
        "matter_id": "00031-Delta"}


def test_a_matter_name_used_by_one_client_is_found_without_the_client():
    matters = lookup_table("matters", MATTERS)
    assert matters.find({"matter": "Acme v. Beta"}) == {"matter_id": "00012-Acme"}


def test_a_matter_name_used_by_two_clients_needs_the_client():
    matters = lookup_table("matters", MATTERS)
    with pytest.raises(LookupError, match="2 times"):
        matters.find({"matter": "General advice"})


def test_a_table_row_without_client_serves_entries_without_client():
    matters = lookup_table("matters", MATTERS)
    assert matters.find({"matter": "Pro bono clinic"}) == {"matter_id": "00099-PB"}


def test_a_name_not_in_the_table_finds_nothing():
    matters = lookup_table("matters", MATTERS)
    assert matters.find({"client": "Acme", "matter": "Acme v. Omega"}) is None


def test_a_table_without_its_key_column_is_refused_with_the_header_shown():
    with pytest.raises(InputError, match="needs a column 'timekeeper'.*email, user"):
        lookup_table("people", [["email", "user"], ["a@x.example", "a"]])


def test_a_table_that_fills_nothing_is_refused_naming_what_it_could_fill():
    with pytest.raises(InputError, match="no column to fill; name at least one of email"):
        lookup_table("people", [["timekeeper", "notes"], ["Ann", "x"]])


def test_a_row_without_its_name_is_refused_with_row_and_column():
    with pytest.raises(InputError, match=r"people.csv: row 3, name: empty"):
        lookup_table("people", [["name", "email"], ["Ann", "a@x.example"], ["", "b@x.example"]])


def test_a_table_whose_key_the_source_lacks_is_one_problem_saying_to_add_the_key_column():
    # A people table finds rows by timekeeper: with no Timekeeper column it fills nothing.
    people = lookup_table("people", [["timekeeper", "first_name", "last_name"],
                                     ["Anna Muller", "Anna", "Muller"]])
    result = map_with("harvest", [["Date", "Hours", "Client", "Matter"],
                                  ["2026-11-02", "1.5", "Acme", "Audit"],
                                  ["2026-11-03", "2", "Acme", "Audit"]],
                      lookups={"people": people}, settings={"task": "Work"})
    found = [(p.row, p.column, p.code) for p in result.report.errors]
    assert found == [(None, "First name", "missing-column"), (None, "Last name", "missing-column")]
    assert ("add a column for the timekeeper to the source: the people table (people.csv)"
            " finds its rows by it") in result.report.errors[0].message
