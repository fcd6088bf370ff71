"""Names are one name however they are spaced, cased or composed: values are trimmed and
NFC-normalised (one warning per column), and stacking and `unique` rows key on the normalised
person or name."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from mapping import column, lookup_table, map_with

NAMES = """
[template]
id = "names"
name = "Names"
target = "test"

[[columns]]
name = "client"
source = "client"

[[columns]]
name = "timekeeper"
source = "timekeeper"

[[columns]]
name = "description"
source = "description"
"""
DECOMPOSED = unicodedata.normalize("NFD", "Zoë Ångström")
KIMAI = {"email": "a@x.com", "activity": "Work", "project": "General"}


def test_names_are_trimmed_and_nfc_normalised():
    result = map_with(NAMES, [
        ["Date", "Hours", "Client", "Timekeeper", "Description"],
        ["2026-11-02", "1", " Acme\u00a0", DECOMPOSED, "  as written  "],
    ])
    assert result.rows[0].values == ["Acme", "Zoë Ångström", "  as written  "]
    messages = {p.column: p.message for p in result.report if p.code == "changed-text"}
    assert "written without surrounding spaces (row 2)" in messages["Client"]
    assert "written in composed Unicode (NFC) (row 2)" in messages["Timekeeper"]


def test_changed_names_are_one_warning_per_column_with_the_count_and_first_rows():
    rows = [["2026-11-02", "1", f"Acme{' ' * (n % 2 + 1)}", "Ann"] for n in range(40)]
    result = map_with(NAMES, [["Date", "Hours", "Client", "Timekeeper"], *rows])
    warned = [p for p in result.report if p.code == "changed-text"]
    assert [(p.row, p.column, p.severity) for p in warned] == [(None, "Client", "warning")]
    assert "40 values" in warned[0].message
    assert "(rows 2, 3, 4, ...)" in warned[0].message
    assert column(result, "client") == ["Acme"] * 40


def test_unchanged_names_give_no_warning():
    result = map_with(NAMES, [["Date", "Hours", "Client", "Timekeeper"],
                              ["2026-11-02", "1", "Acme", "Zoë Ångström"]])
    assert not [p for p in result.report if p.code == "changed-text"]


def test_stacked_times_key_on_the_normalised_person():
    result = map_with("kimai-timesheet", [
        ["Date", "Hours", "Timekeeper", "Client", "Matter"],
        ["2026-11-02", "1", "Maria Alvarez", "Acme", "Audit"],
        ["2026-11-02", "1", "maria  alvarez ", "Acme", "Audit"],
        ["2026-11-02", "1", "MARIA ALVAREZ", "Acme", "Audit"],
    ], settings=KIMAI)
    assert column(result, "From") == ["09:00:00", "10:00:00", "11:00:00"]
    assert column(result, "To") == ["10:00:00", "11:00:00", "12:00:00"]


def test_stacked_times_key_on_the_user_name_when_there_is_one():
    # Two display names of one login are one Kimai user: their entries must not overlap.
    result = map_with("kimai-timesheet", [
        ["Date", "Hours", "Name", "User", "Customer", "Project"],
        ["2026-11-02", "1", "Maria Alvarez", "malvarez", "Acme", "Audit"],
        ["2026-11-02", "1", "M. Alvarez", "malvarez", "Acme", "Audit"],
    ], settings=KIMAI, profile="generic")
    assert column(result, "From") == ["09:00:00", "10:00:00"]


def test_differently_composed_names_are_one_person():
    result = map_with("kimai-timesheet", [
        ["Date", "Hours", "Timekeeper", "Client", "Matter"],
        ["2026-11-02", "1", "Zoë Ångström", "Acme", "Audit"],
        ["2026-11-02", "1", DECOMPOSED, "Acme", "Audit"],
    ], settings=KIMAI)
    assert column(result, "From") == ["09:00:00", "10:00:00"]


def test_unique_rows_key_on_the_normalised_name():
    result = map_with("kimai-customer", [
        ["Date", "Hours", "Client"],
        ["2026-11-02", "1", "Acme Corp"],
        ["2026-11-02", "1", "acme  corp "],
        ["2026-11-02", "1", "ACME CORP"],
        ["2026-11-02", "1", "Beta"],
    ])
    assert column(result, "Name") == ["Acme Corp", "Beta"]
    folded = [p for p in result.report if p.code == "changed-text" and p.row is not None]
    assert [(p.row, p.column) for p in folded] == [(3, "Name"), (4, "Name")]
    assert "'Acme Corp'" in folded[0].message


def test_a_decomposed_name_finds_its_row_in_a_lookup_table():
    people = lookup_table("people", [["timekeeper", "email"],
                                     ["Zoë Ångström", "zoe@x.com"]])
    result = map_with("kimai-timesheet", [
        ["Date", "Hours", "Timekeeper", "Client", "Matter"],
        ["2026-11-02", "1", DECOMPOSED, "Acme", "Audit"],
    ], settings={"activity": "Work"}, lookups={"people": people})
    assert column(result, "Email") == ["zoe@x.com"]


SPACES = st.sampled_from(["", " ", "  ", "\u00a0", "\t"])
SPELLINGS = st.tuples(SPACES, st.sampled_from(["NFC", "NFD"]),
                      st.sampled_from([str, str.upper, str.lower]), SPACES)


@given(st.lists(SPELLINGS, min_size=1, max_size=6))
def test_any_spelling_of_one_person_stacks_without_overlap(spellings):
    name = "Zoë Ångström"
    rows = [["2026-11-02", "1", f"{before}{unicodedata.normalize(form, case(name))}{after}",
             "Acme", "Audit"] for before, form, case, after in spellings]
    result = map_with("kimai-timesheet", [["Date", "Hours", "Timekeeper", "Client", "Matter"],
                                          *rows], settings=KIMAI)
    starts = column(result, "From")
    assert starts == [f"{9 + n:02d}:00:00" for n in range(len(rows))]


def test_two_names_the_people_table_resolves_to_one_login_are_one_person():
    people = lookup_table("people", [["timekeeper", "user_name", "email"],
                                     ["Maria Alvarez", "malvarez", "m@x.com"],
                                     ["M. Alvarez", "malvarez", "m@x.com"]])
    result = map_with("kimai-timesheet", [
        ["Date", "Hours", "Timekeeper", "Client", "Matter"],
        ["2026-11-02", "1", "Maria Alvarez", "Acme", "Audit"],
        ["2026-11-02", "1", "M. Alvarez", "Acme", "Audit"],
    ], settings={"activity": "Work"}, lookups={"people": people})
    assert column(result, "From") == ["09:00:00", "10:00:00"]


def test_a_resolved_login_stacks_even_for_a_template_that_does_not_write_it():
    people = lookup_table("people", [["timekeeper", "user_name", "email"],
                                     ["Maria Alvarez", "malvarez", "m@x.com"],
                                     ["M. Alvarez", "malvarez", "m@x.com"]])
    result = map_with("toggl", [
        ["Date", "Hours", "Timekeeper", "Client", "Matter"],
        ["2026-11-02", "1", "Maria Alvarez", "Acme", "Audit"],
        ["2026-11-02", "1", "M. Alvarez", "Acme", "Audit"],
    ], lookups={"people": people})
    assert column(result, "Start time") == ["09:00:00", "10:00:00"]


def test_unique_projects_key_on_the_normalised_matter_and_client():
    result = map_with("kimai-project", [
        ["Date", "Hours", "Client", "Matter"],
        ["2026-11-02", "1", "Acme", "Audit"],
        ["2026-11-02", "1", "ACME ", " audit"],
        ["2026-11-02", "1", "Beta", "Audit"],
    ])
    assert list(zip(column(result, "Name"), column(result, "Customer"), strict=True)) == [
        ("Audit", "Acme"), ("Audit", "Beta")]
