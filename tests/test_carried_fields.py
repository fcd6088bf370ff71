"""Data the target accepts is carried: billable, tags and a fixed rate read from the source reach
every target with a column for them, and one the target has no column for is named once."""

import pytest
from clihelp import run
from mapping import column, map_with

from addin.convert.text import normalize_header
from addin.files.registry import find_template, list_templates

KIMAI_EXPORT = [
    ["Date", "From", "To", "Duration", "Fixed price", "Hourly price", "Name", "User", "E-mail",
     "Customer", "Project", "Activity", "Description", "Billable", "Tags"],
    ["2024-03-11", "09:00", "11:30", "2:30", "0", "450", "Zoë Ångström", "zangstrom",
     "z@x.com", "Acme", "Audit", "Drafting", "Motion", "1", "Discovery, Motions"],
    ["2024-03-12", "09:00", "10:00", "1:00", "300", "0", "Zoë Ångström", "zangstrom",
     "z@x.com", "Acme", "Audit", "Call", "Flat fee call", "0", ""],
]
# What each kind of column must read (normalised header fragment -> canonical field).
CARRIED = {"billable": "billable", "tags": "tags", "fixedrate": "fixed_rate"}


def test_tags_and_a_fixed_rate_reach_kimai_timesheet():
    # Kimai's importer reads Tags (comma-separated) and FixedRate (kevinpapst/ImportBundle
    # Importer/AbstractTimesheetImporter.php; /work reference kimai-import.txt).
    result = map_with("kimai-timesheet", KIMAI_EXPORT)
    assert result.plan.choice.profile.id == "kimai"
    assert column(result, "Tags") == ["Discovery, Motions", ""]
    assert column(result, "FixedRate") == ["", "300"]


@pytest.mark.parametrize("template_id", [t.template.id for t in list_templates()])
def test_every_billable_tags_or_fixed_rate_column_reads_its_field(template_id):
    template = find_template(template_id)
    for col in template.columns:
        key = normalize_header(col.name)
        for fragment, field in CARRIED.items():
            if fragment in key and col.constant is None:
                assert field in col.source, (template_id, col.name)


def test_a_field_the_target_has_no_column_for_is_named_once():
    result = map_with("harvest", [
        ["Date", "Client", "Project", "Task", "Notes", "Hours", "Timekeeper", "Tags"],
        ["2026-11-02", "Acme", "Audit", "Work", "Call", "1", "Ann Lee", "urgent"],
        ["2026-11-03", "Acme", "Audit", "Work", "Call", "1", "Ann Lee", "urgent"],
    ], settings={"task": "Work"})
    dropped = [p for p in result.report if p.code == "dropped-field"]
    assert [(p.row, p.column, p.severity) for p in dropped] == [(None, "Tags", "warning")]
    assert "harvest has no column for it" in dropped[0].message


def test_an_empty_column_the_target_drops_is_not_reported():
    result = map_with("harvest", [
        ["Date", "Client", "Project", "Task", "Notes", "Hours", "Timekeeper", "Tags"],
        ["2026-11-02", "Acme", "Audit", "Work", "Call", "1", "Ann Lee", ""],
    ])
    assert not [p for p in result.report if p.code == "dropped-field"]


AMOUNT = """
[template]
id = "amounts"
name = "Amounts"
target = "test"

[[columns]]
name = "Amount"
derive = "amount"
type = "number"
"""


def test_the_amount_of_a_fixed_rate_entry_is_its_fixed_rate():
    result = map_with(AMOUNT, [
        ["Date", "Hours", "Rate", "Fixed rate"],
        ["2026-11-02", "2", "100", "250"],
        ["2026-11-02", "2", "100", ""],
    ])
    assert column(result, "Amount") == ["250", "200"]


def test_a_zero_fixed_rate_beside_an_hourly_rate_is_no_fixed_rate():
    # Exports write 0 in the fixed-rate column of an hourly entry; read as a fixed rate it
    # would make the entry free.
    result = map_with(AMOUNT, [
        ["Date", "Hours", "Rate", "Fixed rate"],
        ["2026-11-02", "2", "100", "0"],
        ["2026-11-02", "2", "0", "0"],
    ])
    assert column(result, "Amount") == ["200", "0"]


def test_a_fixed_rate_column_of_zeros_is_not_reported_as_dropped():
    # Kimai's export writes 0 as the fixed price of every hourly entry.
    result = map_with("clockify", [
        ["Date", "From", "To", "Duration", "Fixed price", "Hourly price", "User", "E-mail",
         "Customer", "Project"],
        ["2024-03-11", "09:00", "11:30", "2:30", "0", "450", "zangstrom", "z@x.com", "Acme",
         "Audit"],
        ["2024-03-12", "09:00", "10:00", "1:00", "0.00", "450", "zangstrom", "z@x.com", "Acme",
         "Audit"],
    ])
    assert result.plan.choice.profile.id == "kimai"
    assert not [p for p in result.report if p.code == "dropped-field"]


NON_BILLABLE = [["Date", "Hours", "Client", "Matter", "Description", "Timekeeper", "Non-billable"],
                ["2026-11-02", "1", "Acme", "Audit", "Call", "Anna", "true"],
                ["2026-11-03", "2", "Acme", "Audit", "Draft", "Anna", "false"]]


def test_a_non_billable_column_is_billable_read_the_other_way():
    # Clio's activity export says "Non-billable", true for an entry not to be billed.
    result = map_with("kimai-timesheet", NON_BILLABLE,
                      settings={"email": "a@x.com", "activity": "Work", "user": "anna"})
    assert result.report.errors == []
    assert column(result, "Billable") == ["0", "1"]


def test_a_non_billable_column_the_target_cannot_write_is_named():
    result = map_with("harvest", NON_BILLABLE, settings={"task": "Work"})
    assert [(p.column, p.code) for p in result.report if p.code == "dropped-field"] == [
        ("Non-billable", "dropped-field")]


def test_billable_and_non_billable_that_contradict_each_other_are_an_error():
    table = [["Date", "Hours", "Client", "Matter", "Description", "Timekeeper", "Billable",
              "Non-billable"],
             ["2026-11-02", "1", "Acme", "Audit", "Call", "Anna", "yes", "true"],
             ["2026-11-03", "2", "Acme", "Audit", "Draft", "Anna", "yes", "false"]]
    result = map_with("kimai-timesheet", table,
                      settings={"email": "a@x.com", "activity": "Work", "user": "anna"})
    assert [(p.row, p.column, p.code) for p in result.report.errors] == [
        (2, "Non-billable", "bad-boolean")]


def test_a_billable_cell_that_fails_is_left_empty_not_filled_by_the_default(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("Date,Hours,Client,Matter,Description,Timekeeper,Billable\n"
                      "2026-11-02,1,Acme,Audit,Call,Anna,maybe\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run(capsys, "map", source, "-t", "kimai-timesheet", "-o", out, "--force",
                 "--set", "email=a@x.com", "--set", "activity=Work", "--set", "user=anna")
    assert result.code == 1
    header, line = out.read_text(encoding="utf-8").splitlines()
    assert dict(zip(header.split(","), line.split(","), strict=True))["Billable"] == ""
