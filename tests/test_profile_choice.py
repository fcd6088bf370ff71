"""Which source profile reads a file is decided on evidence: columns read as fields count more
than columns a profile merely ignores, an ignore list never hides a column another profile
reads, and a close call names the runner-up."""

from hypothesis import given
from hypothesis import strategies as st
from mapping import map_with, template_from

from addin.convert.text import normalize_header
from addin.core.options import MapOptions
from addin.core.plan import plan_mapping
from addin.core.profile_choice import choose_profile, read_header
from addin.core.profiles import Profile, list_profiles


def _profile(pid: str, priority: int = 0, ignore: tuple[str, ...] = (),
             evidence: tuple[str, ...] = (), **aliases: tuple[str, ...]) -> Profile:
    return Profile(id=pid, name=pid, aliases=dict(aliases), priority=priority, ignore=ignore,
                   evidence=evidence)


SPECIFIC = _profile("specific", priority=5, ignore=("type",), date=("date",),
                    duration=("duration",))
BROAD = _profile("broad", date=("date",), duration=("duration",), activity=("type",))


def test_an_ignored_column_another_profile_reads_does_not_count():
    choice = choose_profile(["Date", "Duration", "Type"], profiles=(SPECIFIC, BROAD))
    assert choice.profile.id == "broad"


def test_a_column_the_chosen_profile_ignores_but_another_reads_is_reported():
    choice = choose_profile(["Date", "Duration", "Type"], "specific", profiles=(SPECIFIC, BROAD))
    assert choice.swallowed == {2: ("broad", "activity")}
    assert 2 not in choice.ignored


def test_an_ignored_column_nobody_reads_still_counts_as_evidence():
    specific = _profile("specific", ignore=("exported",), date=("date",))
    broad = _profile("broad", priority=5, date=("date",))
    assert choose_profile(["Date", "Exported"], profiles=(specific, broad)).profile.id == (
        "specific")


def test_a_tie_goes_to_the_profile_that_reads_more_fields():
    specific = _profile("specific", priority=5, ignore=("exported",), date=("date",))
    broad = _profile("broad", date=("date",), description=("note",))
    choice = choose_profile(["Date", "Exported", "Note"], profiles=(specific, broad))
    # specific reads 1 field and ignores 1 column, broad reads 2 fields: 2 each.
    assert choice.profile.id == "broad"


def test_a_profile_without_its_evidence_columns_loses_a_tie():
    kimaiish = _profile("kimaiish", priority=5, evidence=("start", "end"), date=("date",),
                        duration=("duration",), start=("from",), end=("to",))
    broad = _profile("broad", date=("date",), duration=("duration",), start=("from",),
                     end=("to",))
    lacking = choose_profile(["Date", "Duration"], profiles=(kimaiish, broad))
    assert lacking.profile.id == "broad"
    assert "kimaiish wins only when the file has its start (From) and end (To)" in (
        lacking.explanation)
    assert choose_profile(["Date", "From", "To", "Duration"],
                          profiles=(kimaiish, broad)).profile.id == "kimaiish"


def test_a_close_choice_names_the_runner_up_and_how_to_take_it():
    choice = choose_profile(["Date", "Duration"], profiles=(SPECIFIC, BROAD))
    assert choice.profile.id == "specific"
    assert "runner-up: broad reads 2 of 2" in choice.explanation
    assert "--profile broad" in choice.explanation


def test_a_clear_choice_lists_the_others():
    choice = choose_profile(["Date", "Duration", "Type", "Exported"],
                            profiles=(_profile("a", date=("date",), duration=("duration",),
                                               activity=("type",), entry_id=("exported",)),
                                      _profile("b", date=("date",))))
    assert choice.explanation == ("source profile a reads 4 of 4 columns (others: b 1; choose"
                                  " with --profile)")


def test_generic_columns_alone_are_not_read_as_a_kimai_export():
    # Kimai reads whole numbers as seconds; four columns any tracker has are no proof of Kimai.
    header = ["Date", "Customer", "Project", "Duration"]
    assert choose_profile(header).profile.id == "generic"


def test_kimai_own_timesheet_files_are_still_read_as_kimai():
    header = ["Date", "From", "To", "Duration", "User", "Email", "Customer", "Project",
              "Activity", "Description", "HourlyRate"]
    assert choose_profile(header).profile.id == "kimai"


def test_user_feeds_the_user_name_and_name_the_timekeeper():
    claimed = choose_profile(["Date", "Hours", "Name", "User"], "generic").claimed
    assert claimed["user_name"] == 3
    assert claimed["timekeeper"] == 2


def test_name_is_not_a_timekeeper_when_another_column_is():
    for person in ("Owner", "Employee", "Timekeeper"):
        choice = choose_profile(["Date", "Hours", "Name", person], "generic")
        assert choice.claimed["timekeeper"] == 3, person


def test_a_lone_user_column_is_also_the_timekeeper():
    claimed = choose_profile(["Date", "Hours", "Username"], "generic").claimed
    assert claimed["user_name"] == 2
    assert claimed["timekeeper"] == 2


def test_the_user_column_is_written_as_kimai_user_and_name_looked_up_as_the_person():
    result = map_with("kimai-timesheet", [
        ["Date", "Hours", "Name", "User", "Email", "Customer", "Project", "Activity"],
        ["2026-11-02", "1", "Anna Berg", "aberg", "a@x.com", "Acme", "Audit", "Work"],
    ], profile="generic")
    row = dict(zip(result.plan.template.header, result.rows[0].values, strict=True))
    assert row["User"] == "aberg"
    assert not [p for p in result.report if p.code == "unclaimed-column"]


def test_whole_hours_under_common_column_names_are_hours_not_kimai_seconds():
    result = map_with("kimai-timesheet", [
        ["Date", "Customer", "Project", "Duration"],
        ["2026-11-02", "Acme", "Audit", "8"],
    ], settings={"email": "a@x.com", "user": "anna", "activity": "Work"})
    assert result.plan.choice.profile.id == "generic"
    assert result.rows[0].values[result.plan.template.header.index("Duration")] == "28800"


def test_a_toggl_column_generic_would_read_is_named_in_a_warning():
    result = map_with("toggl", [
        ["User", "Email", "Client", "Project", "Description", "Billable", "Start date",
         "Start time", "End date", "End time", "Duration", "Tags", "Amount (USD)", "Client ID"],
        ["Ann", "a@x.com", "Acme", "Audit", "Work", "Yes", "2026-11-02", "09:00:00",
         "2026-11-02", "10:00:00", "01:00:00", "", "100.00", "4711"],
    ])
    assert result.plan.choice.profile.id == "toggl"
    warned = [p for p in result.report if p.column == "Client ID"]
    assert [p.code for p in warned] == ["unclaimed-column"]
    assert "generic reads it as client_id" in warned[0].message


def test_first_and_last_name_make_the_timekeeper_before_a_bare_name_does():
    result = map_with(NAMES_DUMP, [
        ["Date", "Hours", "First name", "Last name", "Name"],
        ["2026-11-02", "1", "Ann", "Lee", "Acme"],
    ], profile="generic")
    assert result.rows[0].values == ["Ann Lee"]
    assert [p.column for p in result.report if p.code == "unclaimed-column"] == ["Name"]


NAMES_DUMP = """
[template]
id = "people"
name = "People"
target = "test"

[[columns]]
name = "timekeeper"
source = "timekeeper"
"""


def _spellings() -> list[str]:
    found = set()
    for profile in list_profiles():
        for spellings in [*profile.aliases.values(), *profile.fallback.values(), profile.ignore]:
            found.update(s.rstrip("*") for s in spellings)
    return sorted(found)


@given(st.lists(st.sampled_from(_spellings()), unique_by=normalize_header, min_size=1,
                max_size=12))
def test_no_column_another_profile_reads_is_left_out_silently(header):
    plan = plan_mapping(template_from(NAMES_DUMP), header, MapOptions())
    chosen = plan.choice
    warned = {p.column for p in plan.problems if p.code == "unclaimed-column"}
    readings = {r.profile.id: r for r in read_header(list_profiles(), header)}
    has = set(chosen.claimed) | set(chosen.profile.compose)
    for index, name in enumerate(header):
        if index in set(chosen.claimed.values()) | set(plan.parts.values()):
            continue
        readers = {f for r in readings.values() if r.profile is not chosen.profile
                   for f, i in r.claimed.items() if i == index and f not in has}
        if index in chosen.ignored:
            assert not readers, (name, readers)
        else:
            assert name in warned


@given(st.lists(st.sampled_from(["Date", "Customer", "Project", "Duration", "Activity",
                                 "Description", "Hours", "User", "Email", "Billable", "Tags"]),
                unique=True, min_size=1))
def test_common_columns_without_from_and_to_are_never_read_as_kimai(header):
    assert choose_profile(header).profile.id != "kimai"


def test_a_toggl_export_with_its_record_numbers_is_read_as_toggl():
    header = ["User", "Email", "Client", "Project", "Task", "Description", "Billable",
              "Start date", "Start time", "End date", "End time", "Duration", "Tags",
              "Amount (USD)", "Project ID", "Client ID", "Task ID", "User ID", "Time entry ID",
              "Tag IDs"]
    choice = choose_profile(header)
    assert choice.profile.id == "toggl"
    assert choice.claimed["entry_id"] == header.index("Time entry ID")
    # A tracker's own record numbers are never taken for the firm's numbers.
    assert "timekeeper_id" not in choice.claimed and "task_code" not in choice.claimed
    assert choice.swallowed == {header.index("Client ID"): ("generic", "client_id")}
