"""The catalogue of fixes (addin/core/fixes.py): one fix, rendered as a command-line option or as a
row of the Excel settings sheet, and every message the Excel shell can show free of flags."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from addin.core import fixes
from addin.core.convert_rows import MappedRow
from addin.core.errors import ImportMapperError
from addin.core.limits import limit_problems
from addin.core.options import MapOptions
from addin.core.pipeline import TableResult, map_table
from addin.core.problems import Problem
from addin.core.sparse import drop_empty_columns
from addin.core.template_loading import load_template
from addin.files.registry import list_templates
from addin.files.source import open_source

ROOT = Path(__file__).resolve().parent.parent
FLAG = re.compile(r"(?<![\w-])--[a-z]")
# Files of every kind the repository holds: bad inputs, real exports, the sample.
CORPUS = sorted([*ROOT.glob("tests/bad_inputs/*"), *ROOT.glob("tests/fixtures/**/*.csv"),
                 *ROOT.glob("tests/inputs/*.csv"), *ROOT.glob("examples/*.csv")])
# Settings that reach each settings message: unusable values and values that need a number.
SETTINGS_VARIANTS: list[dict[str, str]] = [
    {},
    {"increment": "six", "rounding": "sideways", "day_start": "nine", "invoice_number": "INV",
     "date_format": "xx", "time_format": "yy", "timezone": "Mars/Base", "billable": "maybe",
     "email": "a@x.com", "project": "P", "activity": "A"},
    {"increment": "0.1h", "rounding": "up", "day_start": "23:00", "invoice_number": "",
     "timezone": ""},
]
# Literal tables for the paths the files above do not reach.
AMBIGUOUS = [["Date", "Duration", "Client", "Matter", "Timekeeper", "Stray"],
             ["05/06/2026", "1", "Acme", "Audit", "Anna", "x"],
             ["07/08/2026", "30", "Acme", "Audit", "Anna", "y"]]
CONFLICT = [["Date", "Duration", "Client", "Matter", "Timekeeper"],
            ["13/06/2026", "1.25", "Acme", "Audit", "Anna"],
            ["06/13/2026", "0.1", "Acme", "Audit", "Anna"]]
DAY_FIRST = [["Date", "Duration", "Client", "Matter", "Timekeeper"],
             ["13/06/2026", "1.25", "Acme", "Audit", "Anna"]]
# Entries that reach the codes of the duration, shape and date checks: an end before its start,
# dates years apart, a long and a zero entry, misread text, a total, a billable column.
ODD_ENTRIES = [["Date", "Start", "End", "Duration", "Client", "Matter", "Timekeeper", "Billable"],
               ["2015-06-05", "10:00", "09:00", "1.5", "Acme", "Audit", "Anna", "yes"],
               ["2026-06-05", "", "", "30", "MÃ¼ller", "Audit", "Anna", "no"],
               ["2026-06-06", "", "", "0", "Acme", "Audit", "Anna", "yes"],
               ["Total", "", "", "31.5", "", "", "", ""]]
# Plain numbers that would make every entry longer than a day as hours.
NO_UNIT = [["Date", "Duration", "Client", "Matter", "Timekeeper"],
           ["2026-06-05", "90", "Acme", "Audit", "Anna"],
           ["2026-06-06", "120", "Acme", "Audit", "Anna"]]
TABLES = [AMBIGUOUS, CONFLICT, DAY_FIRST, ODD_ENTRIES, NO_UNIT]
# Codes added with the duration, shape and date checks: the runs above must reach each, so the
# test that no Excel message names a flag covers them.
NEWER_CODES = {"ambiguous-unit", "long-duration", "zero-duration", "totals-row", "bad-encoding",
               "end-before-start", "date-span", "dropped-field"}


def corpus_tables() -> Iterator[tuple[str, list[list[object]]]]:
    for path in CORPUS:
        try:
            source = open_source(path)
        except ImportMapperError:
            continue  # refused whole: Open file shows that message (tested in test_open_file)
        yield path.name, [list(source.header), *[cells for _, cells in source.data_rows()]]


def runs() -> Iterator[tuple[str, list[list[object]], dict[str, str], str | None]]:
    """(name, table, settings, date order): every file with each settings variant, and the
    literal tables with each date order too."""
    for name, table in corpus_tables():
        for settings in SETTINGS_VARIANTS:
            yield name, table, settings, None
    for n, table in enumerate(TABLES):
        for settings in SETTINGS_VARIANTS[:2]:
            for order in (None, "DMY", "MDY"):
                yield f"table {n}", [list(line) for line in table], settings, order


def messages(channel: str) -> Iterator[tuple[str, Problem]]:
    """Every problem of every run, mapped to every template."""
    templates = [e.template for e in list_templates()]
    for name, table, settings, order in runs():
        for template in templates:
            kept = {k: v for k, v in settings.items() if k in template.settings}
            options = MapOptions(settings=kept, channel=channel, date_order=order)
            try:
                result = map_table(template, table, options)
            except TypeError:  # a time where a date is due: a traceback fixed apart
                continue
            for problem in result.report:
                yield f"{name} -> {template.id} {kept} {order}", problem


@pytest.fixture(scope="module")
def excel_messages() -> list[tuple[str, Problem]]:
    return list(messages("excel"))


@pytest.fixture(scope="module")
def cli_messages() -> list[tuple[str, Problem]]:
    return list(messages("cli"))


# --- rendering --------------------------------------------------------------------------------


@pytest.mark.parametrize(("fix", "cli"), [
    (fixes.setting("increment", "0.1h"), "--set increment=0.1h"),
    (fixes.setting("email"), "--set email=VALUE"),
    (fixes.lookup("matters"), "--lookup matters=FILE.csv"),
    (fixes.date_order("DMY"), "--dayfirst"),
    (fixes.date_order("MDY"), "--monthfirst"),
    (fixes.profile("caseclock"), "--profile caseclock"),
    (fixes.sheet("Hours"), "--sheet Hours"),
    (fixes.assign("Catégorie"), '--map "Catégorie=FIELD" (importmap fields lists the fields)'),
    (fixes.assign("Temps", "duration"), '--map "Temps=duration"'),
])
def test_a_fix_renders_as_the_command_line_option(fix: fixes.Fix, cli: str) -> None:
    assert fix.render("cli") == cli


@pytest.mark.parametrize(("fix", "excel"), [
    (fixes.setting("increment", "0.1h"),
     "a row 'increment' with the value 0.1h on the sheet 'Import Mapper settings'"),
    (fixes.setting("email"), "a row 'email' on the sheet 'Import Mapper settings'"),
    (fixes.lookup("matters"), "a sheet 'Lookup matters'"),
    (fixes.date_order("DMY"),
     "a row 'date_order' with the value DMY on the sheet 'Import Mapper settings'"),
    (fixes.profile("caseclock"),
     "a row 'profile' with the value caseclock on the sheet 'Import Mapper settings'"),
    (fixes.sheet(), "a row 'sheet' on the sheet 'Import Mapper settings'"),
    (fixes.assign("Catégorie"), "the sheet 'Mapping' (the Edit mapping button): choose"
                                " 'Catégorie' for the field it holds"),
    (fixes.assign("COLUMN", "duration"), "the sheet 'Mapping' (the Edit mapping button): choose"
                                         " the column for duration"),
])
def test_a_fix_renders_as_a_settings_sheet_row_in_excel(fix: fixes.Fix, excel: str) -> None:
    assert fix.render("excel") == excel


def test_a_choice_of_fixes_reads_as_alternatives() -> None:
    assert fixes.render_choices(fixes.date_orders(), "cli") == "--dayfirst or --monthfirst"


def test_a_choice_of_values_for_one_settings_row_names_the_row_once() -> None:
    assert fixes.render_choices(fixes.date_orders(), "excel") == (
        "a row 'date_order' with the value DMY or MDY on the sheet 'Import Mapper settings'")


def test_every_fix_kind_names_no_flag_in_excel() -> None:
    every = [fixes.setting("k", "v"), fixes.lookup("people"), *fixes.date_orders(),
             fixes.profile(), fixes.sheet(), fixes.assign("Category")]
    assert [f.render("excel") for f in every if FLAG.search(f.render("excel"))] == []


@pytest.mark.parametrize(("text", "order"), [("DMY", "DMY"), ("dmy", "DMY"), ("day-first", "DMY"),
                                             (" DD/MM/YYYY ", "DMY"), ("MDY", "MDY"),
                                             ("month-first", "MDY")])
def test_settings_date_order_accepts_the_usual_spellings(text: str, order: str) -> None:
    assert fixes.parse_date_order(text) == order


def test_settings_date_order_refuses_anything_else_and_says_what_it_takes() -> None:
    with pytest.raises(ValueError, match="write DMY .* or MDY"):
        fixes.parse_date_order("YMD")


# --- messages through the engine ------------------------------------------------------------


def test_no_message_shown_in_excel_names_a_command_line_flag(
        excel_messages: list[tuple[str, Problem]]) -> None:
    flagged = [(where, p.code, p.message) for where, p in excel_messages
               if FLAG.search(p.message)]
    assert flagged == []


def test_the_corpus_reaches_every_message_that_offers_a_fix(
        cli_messages: list[tuple[str, Problem]]) -> None:
    """The same runs on the command line do name flags: the Excel test above can fail."""
    offering = {p.code for _where, p in cli_messages if FLAG.search(p.message)}
    assert {"missing-column", "missing-required", "bad-setting", "bad-time", "ambiguous-date",
            "unclaimed-column", "date-order"} <= offering


def file_problem(result: TableResult, code: str) -> Problem:
    (problem,) = [p for p in result.report if p.code == code and p.row is None]
    return problem


def test_ambiguous_dates_say_which_option_decides_on_the_command_line() -> None:
    result = map_table(_template("kimai-timesheet"), AMBIGUOUS, MapOptions())
    assert "say how to read it with --dayfirst or --monthfirst" in file_problem(
        result, "ambiguous-date").message


def test_ambiguous_dates_name_the_date_order_row_in_excel() -> None:
    result = map_table(_template("kimai-timesheet"), AMBIGUOUS, MapOptions(channel="excel"))
    assert "say how to read it with a row 'date_order' with the value DMY or MDY on the sheet" \
           " 'Import Mapper settings'" in file_problem(result, "ambiguous-date").message


def test_date_order_from_the_option_is_credited_to_the_option_not_the_profile() -> None:
    result = map_table(_template("kimai-timesheet"), AMBIGUOUS, MapOptions(date_order="DMY"))
    assert file_problem(result, "date-order").message.endswith(
        "read as day-first because you chose it (--dayfirst)")


def test_an_option_the_values_contradict_says_which_option_to_remove() -> None:
    result = map_table(_template("kimai-timesheet"), DAY_FIRST, MapOptions(date_order="MDY"))
    problem = file_problem(result, "ambiguous-date")
    assert "Remove --monthfirst, or correct the file" in problem.message


def test_a_bad_increment_gives_the_exact_setting_to_write() -> None:
    result = map_table(_template("clio"), DAY_FIRST,
                       MapOptions(settings={"increment": "six"}))
    (problem,) = [p for p in result.report if p.code == "bad-setting"]
    assert "--set increment=0.1h" in problem.message and problem.value == "six"


def test_a_bad_day_start_gives_the_exact_setting_to_write_in_excel() -> None:
    result = map_table(_template("kimai-timesheet"), DAY_FIRST,
                       MapOptions(settings={"day_start": "nine"}, channel="excel"))
    (problem,) = [p for p in result.report if p.code == "bad-time"]
    assert "a row 'day_start' with the value 08:30 on the sheet" in problem.message


def _template(template_id: str):  # type: ignore[no-untyped-def]
    return next(e.template for e in list_templates() if e.template.id == template_id)


@pytest.mark.parametrize(("channel", "fix"), [
    ("cli", "--set increment=0.01h"),
    ("excel", "a row 'increment' with the value 0.01h on the sheet 'Import Mapper settings'")])
def test_a_duration_the_target_cannot_hold_names_the_increment_that_rounds_it(
        channel: str, fix: str) -> None:
    table = [["Date", "Duration", "Client", "Matter", "Timekeeper"],
             ["2026-06-05", "0:20", "Acme", "Audit", "Anna"]]
    result = map_table(_template("juris"), table, MapOptions(channel=channel))
    (problem,) = [p for p in result.report if p.code == "inexact-duration"]
    assert problem.message.endswith(f"or round every duration with {fix} (the rounding is"
                                    " reported with its total)")


def test_the_runs_reach_every_newer_code_in_excel(
        excel_messages: list[tuple[str, Problem]]) -> None:
    assert NEWER_CODES - {p.code for _where, p in excel_messages} == set()


# Codes the engine's runs above do not give: a file too big for the importer, a column that would
# clear records, hours out that differ from hours in (a template that invents a duration).
HOURS_TEMPLATE = """[template]
id = "invents-hours"
name = "Invents hours"
target = "Test"
version = "1"
[dialect]
delimiter = ","
[[columns]]
name = "Date"
source = "date"
type = "date"
format = "YYYY-MM-DD"
[[columns]]
name = "Hours"
source = "duration"
type = "duration"
unit = "hours"
default = "1"
"""


def test_a_file_too_big_for_the_importer_names_no_flag_in_excel() -> None:
    template = _template("kimai-timesheet")
    problems = limit_problems(template, 5001, 5_000_000, MapOptions(channel="excel").how_to_split)
    assert {p.code for p in problems} == {"too-many"}
    assert [p.message for p in problems if FLAG.search(p.message)] == []
    cli = limit_problems(template, 5001, 5_000_000, MapOptions().how_to_split)
    assert all("--split-every" in p.message for p in cli)  # the check above can fail


def test_a_column_that_would_clear_records_names_no_flag_in_excel() -> None:
    template = _template("kimai-customer")
    email = template.header.index("Email")
    acme, beta = ([name] + [""] * (len(template.header) - 1) for name in ("Acme", "Beta"))
    acme[email] = "a@acme.com"  # Beta's empty Email would clear an existing Beta's
    rows = [MappedRow(2, acme, [None] * len(acme)), MappedRow(3, beta, [None] * len(beta))]
    _, _, notes = drop_empty_columns(template, rows)
    assert {p.code for p in notes} == {"clears-field"}
    assert [p.message for p in notes if FLAG.search(p.message)] == []


def test_hours_out_that_differ_from_hours_in_name_no_flag_in_excel(tmp_path: Path) -> None:
    path = tmp_path / "invents-hours.toml"
    path.write_text(HOURS_TEMPLATE, encoding="utf-8")
    table = [["Date", "Duration"], ["2026-11-02", "0.25"], ["2026-11-03", ""]]
    result = map_table(load_template(path), table, MapOptions(channel="excel"))
    [problem] = [p for p in result.report if p.code == "hours-mismatch"]
    assert not FLAG.search(problem.message)


@pytest.mark.parametrize("template_id", [
    e.template.id for e in list_templates() if "increment" in e.template.settings])
def test_the_increment_a_message_names_makes_every_duration_exact(template_id: str) -> None:
    table = [["Date", "Duration", "Client", "Matter", "Timekeeper"],
             ["2026-06-05", "0:20", "Acme", "Audit", "Anna"],
             ["2026-06-05", "0:07", "Acme", "Audit", "Anna"],
             ["2026-06-05", "0:00:01.5", "Acme", "Audit", "Anna"]]
    first = map_table(_template(template_id), table, MapOptions())
    named = {p.message.rsplit("--set increment=", 1)[1].split()[0]
             for p in first.report if p.code == "inexact-duration"}
    for step in named:
        again = map_table(_template(template_id), table,
                          MapOptions(settings={"increment": step}))
        assert [p.message for p in again.report if p.code == "inexact-duration"] == []


@pytest.mark.parametrize(("channel", "fix"), [
    ("cli", "--dayfirst or --monthfirst"),
    ("excel",
     "a row 'date_order' with the value DMY or MDY on the sheet 'Import Mapper settings'")])
def test_each_row_of_an_undecided_date_column_names_the_option_that_decides_it(
        channel: str, fix: str) -> None:
    table = [["Date", "Duration", "Client", "Matter", "Timekeeper"],
             ["02/11/99", "1", "Acme", "Audit", "Anna"]]
    result = map_table(_template("clio"), table, MapOptions(channel=channel))
    (problem,) = [p for p in result.report if p.code == "ambiguous-date" and p.row == 2]
    assert f"say which with {fix}, or write dates as YYYY-MM-DD" in problem.message


@pytest.mark.parametrize(("given", "channel", "fix"), [
    ("Mars/Base", "cli", "--set timezone=Europe/Berlin"),
    ("", "cli", "--set timezone=VALUE"),
    ("Mars/Base", "excel", "a row 'timezone' with the value Europe/Berlin on the sheet")])
def test_a_missing_or_unknown_time_zone_is_one_error_naming_the_setting(
        given: str, channel: str, fix: str) -> None:
    table = [["Date", "Start", "End", "Client", "Matter", "Timekeeper", "Email"],
             ["2026-06-05", "09:00", "10:00", "Acme", "Audit", "Anna", "a@x.com"],
             ["2026-06-05", "10:00", "11:00", "Acme", "Audit", "Anna", "a@x.com"]]
    result = map_table(_template("solidtime"), table, MapOptions(
        settings={"timezone": given, "billable": "yes"}, channel=channel))
    (problem,) = [p for p in result.report if p.severity == "error"]
    assert problem.row is None and fix in problem.message
