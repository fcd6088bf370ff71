"""The billing-rule review on realistic entries: each rule finds its planted cases and stays
quiet on clean entries that look like them."""

import pytest
from reviewing import entry, review_rows

from addin.core.errors import TemplateError
from addin.core.review_rules import merged, parse_rules
from addin.files.review_rules_file import _read, builtin_rules_path, load_rules

BLOCK_BILLED = [
    ("Draft motion for summary judgment; telephone conference with client re deposition"
     " schedule; revise privilege log", 3),
    ("Review opposing counsel's document production. Draft deficiency letter to opposing"
     " counsel", 2),
    ("Attend deposition of plant manager\nTravel to and from Cleveland for same", 2),
    ("Research statute of limitations for fraud claims; email to partner re findings", 2),
    ("Prepare for mediation; outline damages, costs and fee exposure for client", 2),
    ("Conference with client regarding discovery responses, draft interrogatory answers and"
     " review document production", 3),
    ("Review and respond to emails from opposing counsel re deposition scheduling and draft"
     " notice of deposition", 2),
    ("Telephone conference with client re settlement, and email to opposing counsel re same",
     2),
    ("Research case law on duty to defend, draft memo to partner re coverage position", 2),
    ("Call with seller's counsel re closing; coordinate signature pages", 2),
]
ONE_TASK = [
    "Review distributor's comments re territory, indemnity and term",
    "Draft and revise settlement agreement, incorporating client's comments on release and"
    " confidentiality",
    "Telephone conference with opposing counsel re extension; Smith Co. deadline of 11/20",
    "Draft motion to compel (1.2); telephone call with client re same (0.3)",
    "Review and analyze bank's answer and affirmative defenses",
    "Revise lease per J. Smith comments. Section 4.2 (assignment) and 9 (default)",
    "Prepare for and attend deposition of J. Smith",
    "Review, revise and finalize asset purchase agreement and disclosure schedules",
    "Call with client and opposing counsel re mediation dates",
    "Review documents produced by defendant, including emails, letters and board minutes",
    "Draft motion to compel (1.2), call client re same (0.3)",
]
VAGUE = ["Review file", "Attention to matter", "Work on case", "Misc.", "Trial prep",
         "Telephone conference with client", "Research", "Emails", "Follow up re: status",
         "Draft letter", "Attention to file; review documents", "Legal research",
         "Review and analyze documents", "Draft memo", "Case evaluation", "Update client",
         "Voicemail to client", "Call with opposing counsel", "Review and respond to emails",
         "Prepare for meeting", "Conference with co-counsel"]
SPECIFIC = ["Review bank's answer and affirmative defenses",
            "Telephone conference with client re deposition schedule",
            "Research Delaware law on advancement of defense costs",
            "Email to opposing counsel re production deadline", "Draft letter to trustee",
            "Attend status conference before Judge Ortiz", "Review docket",
            "Draft memo to partner re choice of law for indemnity claim",
            "Update client on mediation outcome and next steps",
            "Respond to court's order to show cause re sanctions"]


@pytest.mark.parametrize(("narrative", "count"), BLOCK_BILLED)
def test_several_tasks_under_one_time_are_block_billing_naming_the_tasks(narrative, count):
    found = review_rows([entry(narrative)]).of("block-billing")
    assert [(p.row, p.column, p.severity) for p in found] == [(2, "Description", "warning")]
    assert f"{count} tasks under one time: 1) " in found[0].message
    assert found[0].value == narrative


def test_block_billing_lists_each_task_found():
    found = review_rows([entry(BLOCK_BILLED[0][0])]).of("block-billing")[0]
    assert ("1) Draft motion for summary judgment; 2) telephone conference with client re"
            " deposition schedule; 3) revise privilege log.") in found.message


def test_tasks_joined_by_commas_and_and_are_listed_without_the_joins():
    found = review_rows([entry(BLOCK_BILLED[5][0])]).of("block-billing")[0]
    assert ("1) Conference with client regarding discovery responses; 2) draft interrogatory"
            " answers; 3) review document production.") in found.message


@pytest.mark.parametrize("narrative", ONE_TASK)
def test_one_task_described_with_commas_and_or_itemised_times_is_not_block_billing(narrative):
    assert review_rows([entry(narrative)]).of("block-billing") == []


@pytest.mark.parametrize("narrative", VAGUE)
def test_a_narrative_that_names_no_task_or_subject_is_vague(narrative):
    found = review_rows([entry(narrative)]).of("vague-narrative")
    assert [(p.row, p.column, p.severity) for p in found] == [(2, "Description", "warning")]


@pytest.mark.parametrize("narrative", SPECIFIC)
def test_a_specific_narrative_is_not_vague(narrative):
    assert review_rows([entry(narrative)]).problems == []


def test_an_entry_without_a_narrative_is_vague():
    found = review_rows([entry("")]).of("vague-narrative")
    assert [p.row for p in found] == [2] and "no narrative" in found[0].message


@pytest.mark.parametrize(("task", "activity", "column", "says"), [
    ("L100", "A104", "Task code", "phase 'Case Assessment, Development and Administration'"),
    ("L170", "A104", "Task code", "not an ABA UTBMS task code"),
    ("L290", "A104", "Task code", "not an ABA UTBMS task code"),
    ("X100", "A104", "Task code", "not an ABA UTBMS task code"),
    ("A103", "A104", "Task code", "is a UTBMS activity code (Draft/revise), not a task code"),
    ("L120", "A112", "Activity code", "not an ABA UTBMS activity code"),
    ("L120", "L120", "Activity code", "is a UTBMS task code (Analysis/Strategy)"),
    ("B100", "A104", "Task code", "give one of its tasks (B110-B195)"),
    ("L110 Fact Investigation/Development", "A104", "Task code",
     "holds the task code L110 with more text; write the code alone (L110)"),
])
def test_a_code_outside_the_aba_utbms_sets_is_an_error(task, activity, column, says):
    found = review_rows([entry(task=task, activity=activity)]).of("bad-utbms")
    assert [(p.row, p.column, p.severity) for p in found] == [(2, column, "error")]
    assert says in found[0].message


@pytest.mark.parametrize(("task", "activity"), [
    ("L110", "A101"), ("L530", "A111"), ("L470", "A109"), ("B195", "A106"), ("B420", "A108"),
    ("C400", "A105"), ("P280", "A102"), ("P800", "A110"), (" L120 ", "a104"), ("", "")])
def test_codes_of_the_published_sets_pass(task, activity):
    assert review_rows([entry(task=task, activity=activity)]).of("bad-utbms") == []


def test_expense_codes_are_checked_against_e101_to_e124():
    header = ["Date", "Timekeeper", "Duration", "Description", "Expense code"]
    rows = [["2026-11-02", "Maria Alvarez", "0.1", "Courier to court, filing copies", code]
            for code in ("E101", "E124", "E125", "E100")]
    found = review_rows(rows, header).of("bad-utbms")
    assert [(p.row, p.value) for p in found] == [(4, "E125"), (5, "E100")]


def test_time_off_the_increment_says_what_it_is_billed_as():
    rows = [entry(hours=h) for h in ("0.25", "0.3", "1.05", "2")]
    found = review_rows(rows, increment="0.1h").of("increment")
    assert [(p.row, p.column, p.severity) for p in found] == [
        (2, "Duration (hours)", "warning"), (4, "Duration (hours)", "warning")]
    assert "0.25 h is not a multiple of the billing increment 0.1h; it is billed as 0.3 h" \
        " (rounded up)" in found[0].message
    assert "--set rounding=down or --set rounding=nearest" in found[0].message


def test_the_increment_rule_follows_the_rounding_asked_for_and_speaks_excel():
    found = review_rows([entry(hours="0.25")], channel="excel", increment="6min",
                        rounding="down").of("increment")
    assert "billed as 0.2 h (rounded down)" in found[0].message
    assert "--set" not in found[0].message and "Import Mapper settings" in found[0].message


def test_without_an_increment_no_duration_is_off_it():
    assert review_rows([entry(hours="0.25"), entry(hours="0.33")]).of("increment") == []


def test_a_long_day_is_reported_once_naming_its_rows():
    rows = [entry(hours="6"), entry(hours="4.5", matter="Smith acquisition"),
            entry(hours="2", who="maria  alvarez"), entry(hours="3", date="2026-11-03")]
    found = review_rows(rows).of("long-day")
    assert [(p.row, p.column, p.severity, p.value) for p in found] == [
        (2, "Duration (hours)", "warning", "12.5")]
    assert "Maria Alvarez has 12.5 hours on 2026-11-02 (rows 2, 3, 4)" in found[0].message


def test_a_day_over_24_hours_is_an_error():
    rows = [entry(hours="20"), entry(hours="6", matter="Smith acquisition")]
    found = review_rows(rows).of("long-day")
    assert [(p.row, p.severity) for p in found] == [(2, "error")]


def test_twelve_hours_or_two_people_on_one_day_are_not_long_days():
    rows = [entry(hours="8"), entry(hours="4"), entry(hours="8", who="Priya Raman"),
            entry(hours="8", who="José Núñez")]
    assert review_rows(rows).of("long-day") == []


def test_the_same_entry_twice_is_a_duplicate_naming_both_rows():
    rows = [entry(), entry(hours="0.5", description="Draft letter to trustee"),
            entry(who=" maria ALVAREZ", matter="jones v.  harbor bank",
                  description="review bank's answer and affirmative defenses")]
    found = review_rows(rows).of("duplicate-entry")
    assert [(p.row, p.column, p.severity) for p in found] == [(4, "Description", "warning")]
    assert "the same entry as row 2" in found[0].message and "rows 2 and 4" in found[0].message


@pytest.mark.parametrize("change", [dict(hours="1.1"), dict(date="2026-11-03"),
                                    dict(matter="Smith acquisition"), dict(who="Priya Raman"),
                                    dict(description="Review bank's reply brief")])
def test_entries_that_differ_in_one_thing_are_not_duplicates(change):
    assert review_rows([entry(), entry(**change)]).of("duplicate-entry") == []


def test_a_firm_file_replaces_thresholds_and_lists_key_by_key():
    base = _read(builtin_rules_path())
    rules = parse_rules(merged(base, {"thresholds": {"long_day_hours": "10"},
                                      "vague": {"phrases": ["per our discussion"]}}), "firm")
    assert rules.long_day == 10 and rules.max_day == 24
    assert rules.vague("Per our discussion") and not rules.vague("Misc cleanup of exhibits")


@pytest.mark.parametrize(("change", "key"), [
    ({"thresholds": {"long_day_hours": "twelve"}}, "thresholds.long_day_hours"),
    ({"thresholds": {"long_day_hours": "30"}}, "thresholds.long_day_hours"),
    ({"vague": {"phrase": ["x"]}}, "vague.phrase"),
    ({"utbms": {"litigation": {"codes": {"L1": "x"}}}}, "utbms.litigation.codes"),
    ({"utbms": {"mine": {"field": "matter"}}}, "utbms.mine.field"),
])
def test_a_mistake_in_the_rules_names_the_file_and_key(change, key):
    with pytest.raises(TemplateError, match=f"firm.toml, key '{key}'"):
        parse_rules(merged(_read(builtin_rules_path()), change), "firm.toml")


def test_a_firm_rules_file_in_the_user_templates_folder_is_read(tmp_path, monkeypatch):
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "rules.toml").write_text('[thresholds]\nlong_day_hours = "9"\n',
                                                    encoding="utf-8")
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path))
    assert load_rules().long_day == 9


def test_the_litigation_set_has_the_29_published_tasks():
    sets = {s.name: s for s in load_rules().code_sets}
    assert len(sets["litigation"].codes) == 29  # "In total, 29 tasks comprise" the set (ABA)
    assert len(sets["activities"].codes) == 11 and len(sets["expenses"].codes) == 24


def test_a_user_column_names_the_person_when_no_timekeeper_column_does():
    header = ["Date", "From", "To", "Duration", "User", "Customer", "Project", "Activity",
              "Description", "Billable"]
    rows = [["2026-11-02", "08:00", "15:00", "25200", "malvarez", "Jones Family Trust",
             "Jones v. Harbor Bank", "Legal work", "Draft motion to dismiss", "1"],
            ["2026-11-02", "15:00", "21:00", "21600", "malvarez", "Smith Holdings LLC",
             "Smith acquisition", "Legal work", "Negotiate APA terms with seller's counsel",
             "1"]]
    reviewed = review_rows(rows, header)
    assert [p.message.split(" has ")[0] for p in reviewed.of("long-day")] == ["malvarez"]
    assert [p.code for p in reviewed.report if p.code == "dropped-field"] == []
