"""Legal billing targets: Clio activities, Juris, Insol6 Timekeeping, Tabs3 (TABS3.ASC) and
QuickBooks Desktop IIF."""

import shutil
from pathlib import Path

import pytest
from clihelp import run
from mapping import map_with, values

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "caseclock-export.csv"
# The sample with its three blank matters and one blank activity code filled in.
COMPLETE = Path(__file__).resolve().parent / "inputs" / "caseclock-complete.csv"
GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE_TABLES = ["--lookup", f"people={ROOT / 'examples' / 'people.csv'}",
                  "--lookup", f"matters={ROOT / 'examples' / 'matters.csv'}"]
# Tabs3 knows timekeepers and clients by number only, so the sample needs numbered tables.
TABS3_TABLES = ["--lookup", f"people={FIXTURES / 'tabs3-people.csv'}",
                "--lookup", f"matters={FIXTURES / 'tabs3-matters.csv'}"]
IIF_SETTINGS = ["--set", "company_name=Alvarez & Partners LLP",
                "--set", "company_create_time=1234567890", "--set", "item=Legal Services"]
# The sample's rows 7, 14 and 30 name no matter, so no matter number is found for them.
NO_MATTER = [7, 14, 30]


def errors(stderr: str) -> list[tuple[int, str, str]]:
    """(row, column, code-like words) of each row-level error line the CLI printed."""
    found = []
    for line in stderr.splitlines():
        where, sep, rest = line.partition(": error: ")
        if sep and where.startswith("row "):
            row, _, column = where[4:].partition(", ")
            found.append((int(row), column, rest))
    return found


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "caseclock-export.csv"
    shutil.copy(SAMPLE, path)
    return path


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "entries.csv"
    path.write_text(text, encoding="utf-8")
    return path


# --- golden files: the whole sample, byte for byte ---------------------------------------------

GOLDEN_RUNS = [
    ("clio", EXAMPLE_TABLES),
    ("juris", EXAMPLE_TABLES),
    ("insol6", EXAMPLE_TABLES),
    ("tabs3", [*TABS3_TABLES, "--set", "tcode=1"]),
    ("quickbooks-iif", [*EXAMPLE_TABLES, *IIF_SETTINGS]),
]


@pytest.mark.parametrize(("template", "extra"), GOLDEN_RUNS)
def test_the_complete_sample_maps_to_the_golden_file(capsys, tmp_path, template, extra):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", COMPLETE, "-t", template, "-o", out, *extra)
    assert result.code == 0, result.err
    assert out.read_bytes() == (GOLDEN / f"{template}.csv").read_bytes()


@pytest.mark.parametrize(("template", "columns"), [
    ("clio", ["matter"]), ("juris", ["Client", "Matter"]), ("tabs3", ["Client Number"]),
    ("insol6", ["JobShortName"])])
def test_entries_without_a_matter_get_no_matter_number_and_are_errors(
        capsys, sample, tmp_path, template, columns):
    extra = dict(GOLDEN_RUNS)[template]
    result = run(capsys, "map", sample, "-t", template, "-o", tmp_path / "o.csv", *extra)
    assert result.code == 1 and not (tmp_path / "o.csv").exists()
    found = [(row, column) for row, column, _ in errors(result.err)]
    assert [(r, c) for r, c in found if c in columns] == [
        (row, column) for row in NO_MATTER for column in columns]


# --- Clio ---------------------------------------------------------------------------------------

CLIO_HEADER = ["Date", "Matter number", "Hours", "Rate", "Description", "Billable"]


def clio_row(billable: str) -> list[str]:
    return ["2026-11-02", "1001-003", "0.5", "350", "Call", billable]


def test_clio_marks_a_non_billable_entry_yes_and_leaves_billable_ones_empty():
    result = map_with("clio", [CLIO_HEADER, clio_row("no"), clio_row("yes")])
    assert [row[-1] for row in values(result)] == ["yes", ""]


def test_clio_leaves_non_billable_empty_when_the_source_does_not_say():
    result = map_with("clio", [CLIO_HEADER[:-1], clio_row("")[:-1]])
    assert values(result)[0][-1] == ""
    assert not result.report.errors


def test_clio_writes_an_empty_type_so_the_row_imports_as_a_time_entry():
    result = map_with("clio", [CLIO_HEADER, clio_row("yes")])
    assert result.plan.template.header == [
        "matter", "date", "activity_description", "note", "price", "quantity", "type",
        "activity_user", "non_billable"]
    assert values(result) == [["1001-003", "11/02/2026", "", "Call", "350", "0.5", "", "", ""]]


def test_clio_quantity_of_twenty_minutes_needs_an_increment():
    table = [CLIO_HEADER[:-1], ["2026-11-02", "1001-003", "0:20", "350", "Call"]]
    assert [p.code for p in map_with("clio", table).report.errors] == [
        "inexact-duration"]
    rounded = map_with("clio", table, settings={"increment": "0.1h"})
    assert values(rounded)[0][5] == "0.4"


# --- Juris --------------------------------------------------------------------------------------

JURIS_HEADER = ["Date", "Timekeeper ID", "Client ID", "Matter ID", "Hours", "Description"]


def test_juris_reports_a_timekeeper_id_longer_than_four_characters_as_too_long():
    table = [JURIS_HEADER, ["2026-11-02", "MALV1", "1001", "1001-003", "1", "Call"]]
    problems = map_with("juris", table).report.errors
    assert [(p.column, p.code) for p in problems] == [("Timekeeper", "too-long")]


def test_juris_writes_hours_with_two_decimals_and_billable_as_y_or_n():
    header = [*JURIS_HEADER, "Billable"]
    table = [header, ["2026-11-02", "MA", "1001", "1001-003", "1.5", "Call", "no"]]
    row = values(map_with("juris", table))[0]
    assert (row[6], row[7]) == ("N", "1.50")


# --- Insol6 Timekeeping ------------------------------------------------------------------------

INSOL6_HEADER = ["Date", "Matter ID", "Timekeeper ID", "Hours", "Rate", "Description"]


def insol6_row(hours: str = "1.5", rate: str = "320") -> list[str]:
    return ["2026-11-02", "MAR-001", "MO", hours, rate, "Review proofs of debt"]


def test_insol6_writes_the_template_header_a_day_first_date_and_a_time_entry():
    result = map_with("insol6", [INSOL6_HEADER, insol6_row()], settings={"category": "Assets"})
    assert result.plan.template.header == [
        "JobShortName", "Job type", "Date", "TimeofDay", "Category 1", "Category 2",
        "Category 3", "Notes", "Units", "Total", "UserInitials", "UserPosition",
        "TimeEntryType", "TE Ref", "Bill Ref", "Invoice Date", "Bill Note", "Billed $",
        "Woff Won"]
    assert values(result) == [["MAR-001", "", "02/11/2026", "", "Assets", "", "",
                               "Review proofs of debt", "1.5", "480.00", "MO", "", "Time",
                               "", "", "", "", "", ""]]


def test_insol6_needs_a_category_for_rows_without_an_activity():
    result = map_with("insol6", [INSOL6_HEADER, insol6_row()])
    assert [(p.column, p.code) for p in result.report.errors] == [
        ("Category 1", "missing-column")]


def test_insol6_total_needs_a_rate_or_an_amount():
    table = [INSOL6_HEADER[:4] + ["Description"], insol6_row()[:4] + ["Call"]]
    result = map_with("insol6", table, settings={"category": "Assets"})
    assert "Total" in [p.column for p in result.report.errors]


def test_insol6_units_of_twenty_minutes_need_an_increment():
    table = [INSOL6_HEADER, insol6_row(hours="0:20")]
    result = map_with("insol6", table, settings={"category": "Assets"})
    assert [p.code for p in result.report.errors] == ["inexact-duration"]
    rounded = map_with("insol6", table, settings={"category": "Assets", "increment": "0.1h"})
    assert values(rounded)[0][8:10] == ["0.4", "128.00"]


# --- Tabs3 --------------------------------------------------------------------------------------

TABS3_INPUT = ('Date,Timekeeper ID,Matter ID,Hours,Rate,Description\r\n'
               '2026-11-02,101,1001.003,1.25,350,"Call re ""urgent"" filing, today"\r\n')


def test_tabs3_writes_no_header_row_and_quotes_the_description_with_single_quotes_inside(
        capsys, tmp_path):
    out = tmp_path / "TABS3.ASC"
    result = run(capsys, "map", write_csv(tmp_path, TABS3_INPUT), "-t", "tabs3", "-o", out,
                 "--set", "tcode=1")
    assert result.code == 0, result.err
    assert out.read_bytes() == (
        b'"101","1001.003","1","Call re \'urgent\' filing, today","11/02/26","1.25","350.00",'
        b'"437.50"\r\n')


def test_tabs3_quotes_a_description_of_digits_alone(capsys, tmp_path):
    source = write_csv(tmp_path, TABS3_INPUT.replace("Call re \"\"urgent\"\" filing, today", "0"))
    out = tmp_path / "TABS3.ASC"
    result = run(capsys, "map", source, "-t", "tabs3", "-o", out, "--set", "tcode=1")
    assert result.code == 0, result.err
    assert b',"0",' in out.read_bytes()


def test_tabs3_refuses_timekeeper_initials_where_it_needs_a_number():
    table = [["Date", "Timekeeper ID", "Matter ID", "Hours"], ["2026-11-02", "MA", "1001", "1"]]
    problems = map_with("tabs3", table, settings={"tcode": "1"}).report.errors
    assert [(p.column, p.code) for p in problems] == [("Timekeeper", "bad-format")]


@pytest.mark.parametrize("client", ["1001-003", "12", "1234567890123"])
def test_tabs3_refuses_a_client_number_it_cannot_read(client):
    table = [["Date", "Timekeeper ID", "Matter ID", "Hours"], ["2026-11-02", "1", client, "1"]]
    problems = map_with("tabs3", table, settings={"tcode": "1"}).report.errors
    assert [(p.column, p.code) for p in problems] == [("Client Number", "bad-format")]


@pytest.mark.parametrize(("tcode", "accepted"), [
    ("1", True), ("999", True), ("20009", True), ("30999", True), ("0", False),
    ("1000", False), ("40001", False), ("$5", False)])
def test_tabs3_transaction_code_is_a_fee_code_optionally_with_a_bill_code(tcode, accepted):
    table = [["Date", "Timekeeper ID", "Matter ID", "Hours"], ["2026-11-02", "1", "1001", "1"]]
    problems = map_with("tabs3", table, settings={"tcode": tcode}).report.errors
    assert [p.code for p in problems] == ([] if accepted else ["bad-format"])


# --- QuickBooks Desktop IIF ---------------------------------------------------------------------

IIF_INPUT = ("Date,Client,Timekeeper,Hours,Description,Billable\r\n"
             '2026-11-02,Smith Holdings LLC,Maria Alvarez,1.25,"Call\nthen email",no\r\n'
             "2026-11-03,Smith Holdings LLC,Maria Alvarez,0.5,Review,\r\n")


def test_iif_starts_with_the_timer_header_and_every_row_with_timeact(capsys, tmp_path):
    out = tmp_path / "timer.iif"
    result = run(capsys, "map", write_csv(tmp_path, IIF_INPUT), "-t", "quickbooks-iif", "-o",
                 out, *IIF_SETTINGS)
    assert result.code == 0, result.err
    assert out.read_bytes().decode("cp1252").split("\r\n") == [
        "!TIMERHDR\tVER\tREL\tCOMPANYNAME\tIMPORTEDBEFORE\tFROMTIMER\tCOMPANYCREATETIME",
        "TIMERHDR\t8\t0\tAlvarez & Partners LLP\tN\tY\t1234567890",
        "!TIMEACT\tDATE\tJOB\tEMP\tITEM\tPITEM\tDURATION\tPROJ\tNOTE\tBILLINGSTATUS",
        "TIMEACT\t11/02/26\tSmith Holdings LLC\tMaria Alvarez\tLegal Services\t\t1:15\t\t"
        "Call/nthen email\t0",
        "TIMEACT\t11/03/26\tSmith Holdings LLC\tMaria Alvarez\tLegal Services\t\t0:30\t\t"
        "Review\t1",
        "",
    ]


def test_iif_needs_the_company_name_and_create_time_and_writes_nothing_without_them(
        capsys, tmp_path):
    out = tmp_path / "timer.iif"
    result = run(capsys, "map", write_csv(tmp_path, IIF_INPUT), "-t", "quickbooks-iif", "-o",
                 out, "--set", "item=Legal Services")
    assert (result.code, out.exists()) == (1, False)
    assert [line.split(":")[0] for line in result.err.splitlines() if ": error: " in line] == [
        "company_create_time", "company_name"]


@pytest.mark.parametrize(("name", "why"), [
    ("Alvarez\tPartners", "holds the delimiter '\\t'"),
    ("東京 LLP", "holds '東京', which windows-1252 cannot hold"),
])
def test_a_company_name_the_timer_header_cannot_hold_is_an_error_not_a_broken_file(
        capsys, tmp_path, name, why):
    out = tmp_path / "timer.iif"
    result = run(capsys, "map", write_csv(tmp_path, IIF_INPUT), "-t", "quickbooks-iif", "-o",
                 out, "--set", f"company_name={name}", "--set", "company_create_time=1",
                 "--set", "item=Legal Services", "--force")
    assert result.code == 1
    assert f"company_name: error: company_name {name!r} {why}" in result.err
    assert out.read_bytes().split(b"\r\n")[1] == b"TIMERHDR\t8\t0\t\tN\tY\t1"


@pytest.mark.parametrize(("template", "hours", "column"), [
    ("quickbooks-iif", "24", "DURATION"), ("tabs3", "320.5", "Hours Worked"),
    ("juris", "1000", "HoursWork")])
def test_a_duration_over_the_targets_maximum_is_out_of_range(template, hours, column):
    header = ["Date", "Client", "Matter", "Timekeeper", "Hours", "Description"]
    row = ["2026-11-02", "Acme", "Acme v. Beta", "Ann Lee", hours, "Trial"]
    result = map_with(template, [header, row], settings={"tcode": "1", "item": "Legal"})
    assert (2, column, "out-of-range") in result.report.flatten()


def test_a_duration_at_the_maximum_is_written():
    header = ["Date", "Client", "Timekeeper", "Hours", "Description"]
    result = map_with("quickbooks-iif", [header, ["2026-11-02", "Acme", "Ann", "23:59", "Trial"]],
                      settings={"item": "Legal"})
    assert "out-of-range" not in [p.code for p in result.report]
