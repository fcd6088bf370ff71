import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clihelp import run

from addin.files.registry import list_templates

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "caseclock-export.csv"
PEOPLE = ROOT / "examples" / "people.csv"
GOLDEN = Path(__file__).resolve().parent / "golden"
NOTE = ("note: caseclock-export.csv: UTF-8, comma-separated, header on row 1; source profile"
        " caseclock reads 8 of 8 columns (runner-up: generic reads 8 of 8, a tie won by caseclock"
        " as the more specific profile; to read the file with it: --profile generic)\n")
SUPPLIED = ["--lookup", f"people={PEOPLE}", "--set", "project=General matters", "--set",
            "activity=Legal work"]


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "caseclock-export.csv"
    shutil.copy(SAMPLE, path)
    return path


@pytest.mark.parametrize(("template", "extra"), [
    ("kimai-timesheet", SUPPLIED),
    ("kimai-customer", ["--set", "country=US"]),
    ("kimai-project", ["--set", "project=General matters"]),
])
def test_mapping_the_sample_matches_the_golden_file(capsys, sample, tmp_path, template, extra):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", sample, "-t", template, "-o", out, *extra)
    assert result.code == 0, result.err
    assert out.read_bytes() == (GOLDEN / f"{template}.csv").read_bytes()


def test_the_sample_with_kimai_fields_missing_exits_1_lists_them_and_writes_nothing(
        capsys, sample, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", sample, "-t", "kimai-timesheet", "-o", out)
    assert (result.code, out.exists(), list(tmp_path.iterdir())) == (1, False, [sample])
    lines = result.err.splitlines()
    assert lines[0] == NOTE.strip()
    assert lines[1].startswith("Email: error: Kimai 2 (Importer plugin: Timesheet) needs Email on"
                               " every row")
    assert lines[2:] == [
        "Duration (hours): warning: 'Duration (hours)' mixes decimal points and decimal commas;"
        " each value is read by its own separator and values like 1,234 are reported",
        "row 7, Project: error: Kimai 2 (Importer plugin: Timesheet) needs Project; the 'Matter'"
        " cell is empty. Fill it in the source, or give --set project=VALUE",
        "row 14, Project: error: Kimai 2 (Importer plugin: Timesheet) needs Project; the 'Matter'"
        " cell is empty. Fill it in the source, or give --set project=VALUE",
        "row 14, Activity: error: Kimai 2 (Importer plugin: Timesheet) needs Activity; the"
        " 'Activity Code' cell is empty. Fill it in the source, or give --set activity=VALUE",
        "row 30, Project: error: Kimai 2 (Importer plugin: Timesheet) needs Project; the 'Matter'"
        " cell is empty. Fill it in the source, or give --set project=VALUE",
        "34 rows read, 3 with errors; 31.5 hours in; 5 errors, 1 warning; nothing written (fix the"
        " errors, or add --force to write anyway)",
    ]


def test_force_writes_despite_errors_and_still_exits_1(capsys, sample, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", sample, "-t", "kimai-timesheet", "-o", out, "--force")
    rows = out.read_text(encoding="utf-8").splitlines()
    assert result.code == 1 and rows[0] == (
        "Date,From,To,Duration,User,Email,Customer,Project,Activity,Description,HourlyRate,Rate,"
        "Billable,Tags,FixedRate")


def test_success_prints_the_summary_on_stdout(capsys, sample, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", sample, "-t", "kimai-timesheet", "-o", out, *SUPPLIED)
    assert (result.code, result.out) == (
        0, f"34 rows read, 34 written; 31.5 hours in, 31.5 out; 0 errors, 1 warning; wrote {out}\n")


def test_the_report_lists_every_problem_as_csv(capsys, sample, tmp_path):
    report = tmp_path / "problems.csv"
    result = run(capsys, "check", sample, "-t", "kimai-timesheet", "--report", report)
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert result.code == 1 and lines[0] == "row,column,severity,code,message,value"
    assert lines[3].startswith("7,Project,error,missing-required,")
    assert len(lines) == 1 + 6


def test_problems_on_stderr_are_capped_with_a_count_of_the_rest(capsys, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Date,Hours,Client,Matter,Timekeeper,Email\n" +
                    "2026-01-05,0.1,,Matter 1,Ann,a@x.example\n" * 25, encoding="utf-8")
    result = run(capsys, "check", path, "-t", "kimai-timesheet", "--set", "activity=Work")
    lines = result.err.splitlines()
    assert lines[21] == "... and 5 more problems; add --report REPORT.csv to list them all"
    assert result.out == ("25 rows read, 25 mapped, 25 with errors; 2.5 hours in, 2.5 out; 25"
                          " errors, 0 warnings\n")


def test_check_writes_nothing_and_exits_0_when_clean(capsys, sample, tmp_path):
    result = run(capsys, "check", sample, "-t", "kimai-timesheet", *SUPPLIED)
    assert (result.code, result.out, list(tmp_path.iterdir())) == (
        0, "34 rows read, 34 mapped; 31.5 hours in, 31.5 out; 0 errors, 1 warning\n", [sample])


def test_dry_run_shows_the_mapping_and_first_rows_and_writes_nothing(capsys, sample, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", sample, "-t", "kimai-timesheet", "-o", out, "--dry-run",
                 *SUPPLIED)
    lines = result.out.splitlines()
    assert not out.exists() and result.code == 0
    assert lines[:4] == ["kimai-timesheet: Kimai 2 (Importer plugin: Timesheet)",
                         "Output column <- source",
                         "  Date        <- 'Date'",
                         "  From        <- derived (start)"]
    assert f"  Email       <- people table ({PEOPLE})" in lines
    first = lines.index("First 5 rows converted:") + 1
    assert lines[first] == ("  row 2: 2026-11-02,09:00:00,09:06:00,360,malvarez,"
                         "maria.alvarez@example-law.com,Jones Family Trust,Jones v. Harbor Bank,"
                         "A106,Email to client re next steps,350,35.00,1,,")
    assert lines[-1] == ("34 rows read, 34 mapped; 31.5 hours in, 31.5 out; 0 errors,"
                         " 1 warning; dry run, nothing written")


def test_dry_run_names_the_source_each_row_takes_its_value_from(capsys, sample, tmp_path):
    # LEDES builds TIMEKEEPER_NAME from the people table's last and first names before it falls
    # back to the Timekeeper column: the dry run lists them in that order, as the rows show.
    result = run(capsys, "map", sample, "-t", "ledes-1998b", "-o", tmp_path / "out.txt",
                 "--dry-run", "--lookup", f"people={PEOPLE}", "--set", "invoice_number=1",
                 "--set", "invoice_date=2026-11-30", "--set", "law_firm_id=F1",
                 "--set", "client_id=C1")
    lines = result.out.splitlines()
    assert "  TIMEKEEPER_NAME             <- '{last_name}, {first_name}' else 'Timekeeper'" in lines
    first = lines[lines.index("First 5 rows converted:") + 1]
    assert "|Alvarez, Maria|" in first


def test_dry_run_names_the_start_and_end_a_date_and_hours_are_taken_from(capsys, tmp_path):
    source = tmp_path / "times.csv"
    source.write_text("Start,End,Matter\n2024-03-11 09:00,2024-03-11 10:30,Audit\n",
                      encoding="utf-8")
    result = run(capsys, "map", source, "-t", "harvest", "-o", tmp_path / "out.csv", "--dry-run")
    lines = result.out.splitlines()
    assert "  Date       <- the date of 'Start'" in lines
    assert "  Hours      <- 'Start' to 'End'" in lines


def test_an_existing_output_is_not_replaced_without_overwrite(capsys, sample, tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("keep", encoding="utf-8")
    result = run(capsys, "map", sample, "-t", "kimai-timesheet", "-o", out, *SUPPLIED)
    assert (result.code, out.read_text(encoding="utf-8")) == (2, "keep")
    assert result.err == f"importmap: error: {out} exists; choose another name or add --overwrite\n"


def test_the_output_can_never_be_the_input(capsys, sample):
    result = run(capsys, "map", sample, "-t", "kimai-timesheet", "-o", sample, "--overwrite",
                 "--force")
    assert result.code == 2 and "would replace the input" in result.err
    assert sample.read_bytes() == SAMPLE.read_bytes()


def test_an_unknown_template_exits_2_and_lists_the_known_ones(capsys, sample, tmp_path):
    result = run(capsys, "map", sample, "-t", "kimai", "-o", tmp_path / "o.csv")
    known = ", ".join(e.template.id for e in list_templates())
    assert result.code == 2 and result.err == (
        f"importmap: error: no template 'kimai'; known templates: {known} (run 'importmap"
        " templates', or give a path to a .toml file)\n")


def test_a_bad_template_file_exits_2_naming_file_column_and_key(capsys, sample, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[template]\nid="b"\nname="B"\ntarget="T"\n[[columns]]\nname="Hours"\n'
                   'source="duration"\ntype="duration"\nunit="days"\n', encoding="utf-8")
    result = run(capsys, "check", sample, "-t", bad)
    assert result.code == 2 and result.err.startswith(
        f"importmap: error: {bad}, column 'Hours', key 'unit': a duration column needs unit")


def test_a_missing_input_exits_2(capsys, tmp_path):
    result = run(capsys, "check", tmp_path / "nope.csv", "-t", "kimai-timesheet")
    assert (result.code, result.err) == (
        2, f"importmap: error: {tmp_path / 'nope.csv'}: no such file\n")


def test_an_unknown_setting_exits_2_and_lists_the_settings(capsys, sample):
    result = run(capsys, "check", sample, "-t", "kimai-timesheet", "--set", "colour=red")
    assert result.code == 2 and result.err == (
        "importmap: error: --set colour: kimai-timesheet has no setting 'colour'; its settings:"
        " user, email, activity, customer, project, billable, day_start, duration_unit,"
        " timezone, split\n")


def test_a_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as caught:
        run(capsys, "map")
    assert caught.value.code == 2


def test_templates_lists_ids_names_and_targets(capsys):
    header, *rows = run(capsys, "templates").out.splitlines()
    kimai = next(row for row in rows if row.startswith("kimai-customer "))
    assert re.split(r" {2,}", header) == ["ID", "NAME", "TARGET", "FROM"]
    assert re.split(r" {2,}", kimai) == [
        "kimai-customer", "Kimai customers", "Kimai 2 (Importer plugin: Customer)", "built-in"]
    assert [kimai.index(part) for part in ("Kimai customers", "Kimai 2", "built-in")] == [
        header.index(name) for name in ("NAME", "TARGET", "FROM")]


def test_show_lists_required_columns_formats_sources_and_settings(capsys):
    lines = run(capsys, "show", "kimai-timesheet").out.splitlines()
    assert "  Date         required  date YYYY-MM-DD           field date" in lines
    assert ("  Duration     required  duration in seconds, integer  field duration" in lines)
    assert "  day_start: Time the first entry of each person's day starts; later ones follow it"\
        " (default 09:00)" in lines
    assert ("  people (columns timekeeper and the fields): for User (user_name), Email (email),"
            " HourlyRate (rate)") in lines


def test_an_xlsx_input_maps_like_the_csv(capsys, tmp_path):
    import csv

    import openpyxl

    book = openpyxl.Workbook()
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            book.active.append(row)
    source = tmp_path / "sample.xlsx"
    book.save(source)
    out = tmp_path / "out.csv"
    result = run(capsys, "map", source, "-t", "kimai-timesheet", "-o", out, *SUPPLIED)
    assert result.code == 0
    assert out.read_bytes() == (GOLDEN / "kimai-timesheet.csv").read_bytes()


def test_the_installed_console_script_runs(tmp_path):
    exe = shutil.which("importmap", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("no importmap script next to this Python (package not installed)")
    done = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("importmap ")


def test_an_output_that_cannot_be_written_exits_2_with_a_message(capsys, sample, tmp_path):
    out = tmp_path / "out.csv"
    out.mkdir()
    result = run(capsys, "map", sample, "-t", "kimai-timesheet", "-o", out, "--overwrite",
                 *SUPPLIED)
    last = result.err.splitlines()[-1]
    assert result.code == 2 and last.startswith(f"importmap: error: {out}: cannot write")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["caseclock-export.csv", "out.csv"]


def test_errors_are_shown_before_warnings_when_not_all_problems_fit(capsys, tmp_path):
    # A Tempo export has some forty columns; twenty unused ones must not hide the one error.
    unused = [f"Extra {n}" for n in range(25)]
    source = tmp_path / "wide.csv"
    source.write_text(",".join(["Date", "Duration", "Client", "Matter", *unused]) + "\n"
                      + ",".join(["2026-11-02", "1.5", "Acme", "Audit", *[""] * 25]) + "\n"
                      + ",".join(["2026-11-03", "lots", "Acme", "Audit", *[""] * 25]) + "\n")
    result = run(capsys, "check", source, "-t", "kimai-timesheet", "--set", "email=a@x.com",
                 "--set", "user=anna", "--set", "activity=Work")
    assert result.code == 1
    lines = result.err.splitlines()
    assert any(line.startswith("row 3, Duration: error:") for line in lines), result.err
    assert "... and 6 more problems; add --report REPORT.csv to list them all" in lines


def test_a_setting_given_two_values_is_refused_naming_both(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("Date,Project,Duration\n2026-11-02,Audit,2\n", encoding="utf-8")
    result = run(capsys, "check", source, "-t", "kimai-timesheet", "--set", "email=a@b.c",
                 "--set", "email=x@y.z")
    assert (result.code, result.err) == (
        2, "importmap: error: --set email: given twice ('a@b.c', 'x@y.z'); keep one\n")
