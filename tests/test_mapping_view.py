"""The Mapping sheet's core: each field's column and how sure, and the user's choices turned
into the column assignments --map takes (addin/core/mapping_view.py)."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from addin.core.canonical import FIELDS
from addin.core.mapping_view import (
    assignments,
    field_rows,
    header_key,
    needed_fields,
    only_a_column_gives,
)
from addin.core.options import MapOptions
from addin.core.plan import plan_mapping
from addin.files.registry import find_template

KIMAI = find_template("kimai-timesheet")
HEADER = ["Date", "Project", "Duration", "Notes"]


def baseline(header: list[str]):  # noqa: ANN201 - a Plan
    return plan_mapping(KIMAI, header, MapOptions())


def test_a_field_given_another_column_is_that_column_s_assignment() -> None:
    chosen = {"date": "Date", "matter": "Project", "duration": "Notes", "description": ""}
    # As --map "Notes=duration": the column Duration is then read by nothing, and reported so.
    assert assignments(HEADER, baseline(HEADER), chosen) == [("Notes", "duration")]


def test_choices_the_profile_already_makes_assign_nothing() -> None:
    chosen = {"date": "date", "matter": "PROJECT", "duration": "Duration",
              "description": "Notes", "client": ""}
    assert assignments(HEADER, baseline(HEADER), chosen) == []


def test_a_field_set_to_nothing_leaves_the_profile_s_column_out() -> None:
    assert assignments(HEADER, baseline(HEADER), {"description": ""}) == [("Notes", "")]


def test_a_column_moved_to_another_field_is_not_also_left_out() -> None:
    chosen = {"description": "", "activity": "Notes"}
    assert assignments(HEADER, baseline(HEADER), chosen) == [("Notes", "activity")]


def test_kimai_needs_date_duration_customer_project_activity_and_the_user() -> None:
    needed = needed_fields(KIMAI)
    assert needed["date"] == ["Date"]
    assert needed["duration"] == ["From", "To", "Duration"]
    assert needed["client"] == ["Customer"] and needed["matter"] == ["Project"]
    assert "description" not in needed


def test_every_field_has_a_row_the_needed_ones_first() -> None:
    plan = baseline(HEADER)
    rows = field_rows(KIMAI, HEADER, plan, plan)
    assert sorted(r.field for r in rows) == sorted(FIELDS)
    firsts = [bool(r.needed_by) for r in rows]
    assert firsts == sorted(firsts, reverse=True)
    by_field = {r.field: r for r in rows}
    assert (by_field["matter"].current, by_field["matter"].sureness) == ("Project", "sure")
    assert (by_field["client"].current, by_field["client"].why) == ("", "no column found")


def test_a_header_is_filed_by_its_titles_as_profiles_match_them() -> None:
    assert header_key(["Date", " project ", "", "Heures passées"]) == header_key(
        ["DATE", "Project", "Heures passées"])
    assert header_key(["Date"]) != header_key(["Date", "Notes"])


def test_only_columns_no_setting_or_lookup_gives_call_for_a_column() -> None:
    # Kimai's Email and Activity have settings rows; its duration only a column gives.
    plan = baseline(["Date", "Project", "Heures passées", "Notes"])
    assert only_a_column_gives(plan) == ["From", "To", "Duration"]
    assert only_a_column_gives(baseline(HEADER)) == []


WIDE = ["Date", "Project", "Duration", "Notes", "Client", "Extra", "Heures passées"]


@given(st.dictionaries(st.sampled_from(list(FIELDS)), st.sampled_from(["", *WIDE]), max_size=8))
def test_choices_turned_into_assignments_are_what_the_engine_then_reads(
        chosen: dict[str, str]) -> None:
    columns = [c for c in chosen.values() if c]
    assume(len(columns) == len(set(columns)))  # the Mapping sheet refuses a column twice
    base = baseline(WIDE)
    plan = plan_mapping(KIMAI, WIDE, MapOptions(assign=tuple(assignments(WIDE, base, chosen))))
    for name, column in chosen.items():
        assert plan.fields.get(name) == (WIDE.index(column) if column else None), name
