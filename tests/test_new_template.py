"""`importmap new-template` drafts a target template from a system's published import template
(tests/fixtures/import_templates, sources in its README), and `importmap check-template` says
what the draft leaves to do; the drafts map the CaseClock example export."""

from __future__ import annotations

from pathlib import Path

import pytest
from clihelp import run

from addin.core.template_loading import load_template

SAMPLES = Path(__file__).parent / "fixtures" / "import_templates"
EXPORT = Path(__file__).parent.parent / "examples" / "caseclock-export.csv"


def _draft(capsys: pytest.CaptureFixture[str], tmp_path: Path, vendor: str) -> Path:
    target = tmp_path / f"{vendor}.toml"
    result = run(capsys, "new-template", SAMPLES / f"{vendor}.csv", "-o", target)
    assert result.code == 0, result.err
    return target


def _mapped(capsys: pytest.CaptureFixture[str], tmp_path: Path, target: Path,
            *sets: str) -> list[str]:
    out = tmp_path / "out.csv"
    args = [a for s in sets for a in ("--set", s)]
    result = run(capsys, "map", EXPORT, "-t", target, "-o", out, *args)
    assert result.code == 0, result.err
    return out.read_bytes().decode("utf-8").split("\r\n")


def test_new_template_prints_what_each_column_reads(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    target = tmp_path / "birdview.toml"
    result = run(capsys, "new-template", SAMPLES / "birdview.csv", "-o", target)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "birdview.csv: 4 columns, 3 example rows\n"
        "  Entry Date   <- date (date, M/D/YYYY)\n"
        "  Duration     <- duration (duration, hours)\n"
        "  Description  <- description\n"
        "  Billable     <- billable (boolean, true/false)\n"
        f"wrote {target}; nothing is left to settle\n")


def test_the_draft_loads_with_formats_from_the_examples(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    template = load_template(_draft(capsys, tmp_path, "birdview"))
    date, duration, narrative, billable = template.columns
    assert (date.source, date.type, date.format) == (("date",), "date", "M/D/YYYY")
    assert (duration.type, duration.unit, duration.decimals) == ("duration", "hours", None)
    assert narrative.source == ("description",)
    assert (billable.type, billable.true_text, billable.false_text) == ("boolean", "true",
                                                                        "false")
    assert (template.dialect.delimiter, template.dialect.line_ending) == (",", "\r\n")


def test_every_guess_is_a_comment(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = _draft(capsys, tmp_path, "birdview").read_text(encoding="utf-8")
    assert "# guess: format: from the examples '5/19/2010', '5/20/2010', '5/20/2010'" in text
    assert "# guess: unit: numbers of a day's size or less" in text


def test_birdview_draft_maps_the_export(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    lines = _mapped(capsys, tmp_path, _draft(capsys, tmp_path, "birdview"))
    assert lines[:6] == [
        "Entry Date,Duration,Description,Billable",
        "11/2/2026,0.1,Email to client re next steps,",
        "11/2/2026,0.2,Call with opposing counsel re scheduling,",
        '11/2/2026,1.5,"Review contract changes, clauses 9-12; mark up indemnity",',
        "11/2/2026,0.25,Draft letter to trustee,",
        "11/3/2026,1.5,Prepare witness outline for Herr Müller,",
    ]


def test_celoxis_draft_maps_the_export_with_its_settings(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    target = _draft(capsys, tmp_path, "celoxis")
    lines = _mapped(capsys, tmp_path, target, "state=Approved", "time_code=REG")
    assert lines[0] == ("Task/App,User,Hours,Comments,Date,State,Time Code,Billable,Costable,"
                        "Approver,Invoiced By")
    assert lines[1].split(",")[1:7] == ["Maria Alvarez", "0.1", "Email to client re next steps",
                                        "2026-11-02", "Approved", "REG"]
    assert lines[5].split(",")[1:5] == ["José Núñez", "1.5",
                                        "Prepare witness outline for Herr Müller", "2026-11-03"]


def test_timeslips_draft_maps_the_export(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    target = _draft(capsys, tmp_path, "timeslips")
    lines = _mapped(capsys, tmp_path, target, "timekeeper_nickname_1=MA",
                    "client_nickname_1=JONES", "activity_nickname_1=WORK")
    assert lines[:3] == [
        "Timekeeper Nickname 1,Client Nickname 1,Activity Nickname 1,Description,"
        "Transaction Date,Time Spent",
        "MA,JONES,WORK,Email to client re next steps,2026-11-02,0.1",
        "MA,JONES,WORK,Call with opposing counsel re scheduling,2026-11-02,0.2",
    ]


def test_check_template_lists_what_is_left(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    target = _draft(capsys, tmp_path, "timeslips")
    result = run(capsys, "check-template", target)
    fill = ("no field of ours is known to fill it: give --set {}=VALUE at each run, or set"
            " source to a field (the canonical fields are listed in templates/README.md)")
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        f"{target}: loads; 5 left to do:\n"
        f"  column 'Timekeeper Nickname 1': {fill.format('timekeeper_nickname_1')}\n"
        f"  column 'Client Nickname 1': {fill.format('client_nickname_1')}\n"
        f"  column 'Activity Nickname 1': {fill.format('activity_nickname_1')}\n"
        "  column 'Transaction Date': format: no example date; YYYY-MM-DD assumed, check what"
        " the importer reads\n"
        "  column 'Time Spent': unit: no example value; nothing says the unit; hours assumed,"
        " check the importer\n")


def test_check_template_passes_a_settled_draft(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    target = _draft(capsys, tmp_path, "birdview")
    result = run(capsys, "check-template", target)
    assert (result.code, result.out) == (
        0, f"{target}: loads; every column is filled and nothing is marked TODO\n")


def test_check_template_names_settings_without_defaults(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text('[template]\nid = "mine"\nname = "Mine"\ntarget = "Mine"\n'
                      '[settings.office]\ndescription = "Office for rows without one"\n'
                      '[[columns]]\nname = "Office"\nsource = "client"\nsetting = "office"\n'
                      '[[columns]]\nname = "Code"\nsetting = "code"\n'
                      '[settings.code]\ndescription = "A code"\n', encoding="utf-8")
    result = run(capsys, "check-template", target)
    assert (result.code, result.out) == (1, (
        f"{target}: loads; 1 left to do:\n"
        "  column 'Code': nothing fills it; give --set code=VALUE at each run\n"
        "Settings without a default (give them with --set KEY=VALUE when a file needs them):\n"
        "  office: Office for rows without one\n"))


def test_check_template_of_a_broken_template_exits_2(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    target = tmp_path / "broken.toml"
    target.write_text("nope = 1\n", encoding="utf-8")
    result = run(capsys, "check-template", target)
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"importmap: error: {target}, key 'nope': is not a known key; known"
                          " keys are columns, dialect, settings, template\n")


def test_new_template_never_replaces_a_file_unasked(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("# mine\n", encoding="utf-8")
    result = run(capsys, "new-template", SAMPLES / "birdview.csv", "-o", target)
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"importmap: error: {target}: exists already; choose another name, or"
                          " give --force to replace it\n")
    assert target.read_text(encoding="utf-8") == "# mine\n"


def test_a_column_marked_required_is_required(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_text("Date *;Hours (required);Notes\n2024-03-05;1,50;Call\n", encoding="utf-8")
    target = tmp_path / "t.toml"
    assert run(capsys, "new-template", sample, "-o", target).code == 0
    template = load_template(target)
    assert [c.required for c in template.columns] == [True, True, False]
    hours = template.columns[1]
    assert (hours.unit, hours.decimals, hours.decimal_separator) == ("hours", 2, ",")
    assert (template.dialect.delimiter, template.dialect.line_ending) == (";", "\n")


def test_a_byte_order_mark_is_kept(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_bytes("\ufeffDatum,Stunden,Beschreibung\r\n05.03.2024,2,Anruf\r\n"
                       .encode("utf-8"))
    target = tmp_path / "t.toml"
    assert run(capsys, "new-template", sample, "-o", target).code == 0
    template = load_template(target)
    assert (template.dialect.bom, template.dialect.encoding) == (True, "utf-8")
    assert template.columns[0].format == "DD.MM.YYYY"


def test_a_utf16_sample_s_line_ending_is_read_in_its_encoding(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = tmp_path / "sample.txt"
    sample.write_bytes("Datum\tStunden\r\n05.03.2024\t2\r\n".encode("utf-16"))
    target = tmp_path / "t.toml"
    assert run(capsys, "new-template", sample, "-o", target).code == 0
    assert load_template(target).dialect.line_ending == "\r\n"


def test_one_example_row_is_said_in_the_singular(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_text("Date,Hours\n2026-11-02,1.5\n", encoding="utf-8")
    result = run(capsys, "new-template", sample, "-o", tmp_path / "t.toml")
    assert result.out.startswith("sample.csv: 2 columns, 1 example row\n")
    assert "(2 columns, 1 example row)" in (tmp_path / "t.toml").read_text(encoding="utf-8")


def test_a_start_column_whose_examples_are_empty_stays_a_time(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_text("Date,Start Time,Hours\n2026-11-02,,1\n", encoding="utf-8")
    target = tmp_path / "t.toml"
    assert run(capsys, "new-template", sample, "-o", target).code == 0
    start = load_template(target).columns[1]
    assert (start.type, start.format) == ("time", "HH:mm")


def test_a_second_column_of_a_field_says_which_column_fills_it_already(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_text("Datum;Dauer;Minuten\n02.11.2026;1:30;90\n", encoding="utf-8")
    target = tmp_path / "t.toml"
    assert run(capsys, "new-template", sample, "-o", target).code == 0
    left = run(capsys, "check-template", target).out
    assert ("column 'Minuten': 'Minuten' reads as duration, which 'Dauer' fills already: set"
            ' source = "duration" (with its unit) if it writes the same value again; else give'
            " --set minuten=VALUE at each run") in left


def test_empty_columns_without_a_name_after_the_last_are_left_out_and_said(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # A template saved from a spreadsheet often ends each line with separators of empty cells.
    sample = tmp_path / "sample.csv"
    sample.write_text("Date,Hours,,\n2026-11-02,1.5,,\n", encoding="utf-8")
    target = tmp_path / "t.toml"
    result = run(capsys, "new-template", sample, "-o", target)
    assert result.code == 0, result.err
    assert [c.name for c in load_template(target).columns] == ["Date", "Hours"]
    assert result.err == ("note: sample.csv: columns 3 to 4 after the last title have no name"
                          " and no value, so they are left out\n")


def test_an_unnamed_column_after_the_last_with_a_value_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_text("Date,Hours,\n2026-11-02,1.5,x\n", encoding="utf-8")
    result = run(capsys, "new-template", sample, "-o", tmp_path / "t.toml")
    assert result.code == 2
    assert "column 3 of the header (row 1) has no name" in result.err


def test_an_empty_sample_asks_for_the_importer_s_column_titles(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_bytes(b"\xef\xbb\xbf")
    result = run(capsys, "new-template", sample, "-o", tmp_path / "t.toml")
    assert (result.code, result.err) == (2, (
        f"importmap: error: {sample}: the file is empty; it needs the importer's row of column"
        " titles (and any example rows below it)\n"))


def test_a_header_cell_without_a_name_is_refused(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_text("Date,,Hours\n2024-01-02,,1\n", encoding="utf-8")
    target = tmp_path / "t.toml"
    result = run(capsys, "new-template", sample, "-o", target)
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"importmap: error: {sample}: column 2 of the header (row 1) has no"
                          " name; a target's columns need one, so name it (or delete the"
                          " column) and try again\n")
    assert not target.exists()


def test_a_workbook_sample_leaves_its_dialect_and_date_cells_as_todos(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    sample = tmp_path / "sample.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Hours", "Notes"])
    sheet.append([dt.datetime(2024, 3, 5), 1.5, "Call"])
    book.save(sample)
    target = tmp_path / "t.toml"
    assert run(capsys, "new-template", sample, "-o", target).code == 0
    result = run(capsys, "check-template", target)
    assert (result.code, result.out) == (1, (
        f"{target}: loads; 2 left to do:\n"
        "  [dialect]: sample.xlsx is a workbook, which shows no CSV dialect: comma, UTF-8 and"
        " CRLF assumed; check what the importer reads\n"
        "  column 'Date': format: no example date; YYYY-MM-DD assumed, check what the importer"
        " reads\n"))


def test_sage_draft_reads_codes_and_derives_the_amount(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    target = _draft(capsys, tmp_path, "sage100-contractor")
    template = load_template(target)
    employee = template.columns[1]
    amount = template.columns[12]
    assert (employee.name, employee.source) == ("Employee", ("timekeeper_id",))
    assert (amount.name, amount.derive, amount.source) == ("Amount", "amount", ())
    assert template.columns[11].decimals == 2  # Rate: '15.85'
    lines = _mapped(capsys, tmp_path, target)
    assert lines[:3] == [
        "Date,Employee,Job,Extra,Cost Code,Certified?,Union,Union Local,Union Class,Pay ID,"
        "Units,Rate,Amount,WC Code",
        "11/2/2026,,,,,,,,,,0.1,350.00,35.00,",
        "11/2/2026,,,,,,,,,,0.2,350.00,70.00,",
    ]


def test_a_draft_never_takes_a_built_in_templates_id(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    target = tmp_path / "harvest.toml"
    assert run(capsys, "new-template", SAMPLES / "birdview.csv", "-o", target).code == 0
    assert load_template(target).id == "harvest-draft"
    assert "# note: id: 'harvest' is another template's id" in target.read_text(encoding="utf-8")


def test_check_template_takes_a_template_id(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(capsys, "check-template", "toggl")
    assert result.code == 0
    assert result.out.splitlines()[0].endswith(
        "toggl.toml: loads; every column is filled and nothing is marked TODO")


def test_an_unwritable_output_is_a_message(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "t.toml"
    result = run(capsys, "new-template", SAMPLES / "birdview.csv", "-o", target)
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"importmap: error: {target}: cannot write the template (No such file"
                          " or directory)\n")


def test_a_non_billable_column_writes_billable_the_other_way(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sample = tmp_path / "sample.csv"
    sample.write_text("Date,Hours,Non-billable\n2024-03-05,1.5,Yes\n2024-03-06,2.0,No\n",
                      encoding="utf-8")
    target = tmp_path / "t.toml"
    assert run(capsys, "new-template", sample, "-o", target).code == 0
    flag = load_template(target).columns[2]
    assert (flag.source, flag.true_text, flag.false_text) == (("billable",), "No", "Yes")
