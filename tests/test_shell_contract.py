"""The contract between the two shells: for every built-in template, `importmap map` and the
ribbon (Open file, Apply template, Save as CSV) write the same bytes and report the same
problems (row, column, severity, code, and the message but for the words each shell uses to
name a setting or a table); and a cell edited after Apply template is checked and saved as the
command line checks and writes the same edit made in the source.

Fixtures: the bundled CaseClock sample (with its people and matters tables) for every template,
and one export per template from tests/fixtures/exports, chosen so that every source system
meets several targets.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from excel_double import ExcelDouble
from target_runs import EXPORTS, SETTINGS, TABLES, TABS3_TABLES

from addin.cli.main import main
from addin.core.options import MapOptions
from addin.core.pipeline import map_table
from addin.excel import ribbon
from addin.files.lookup import load_lookup
from addin.files.registry import find_template

pytest_plugins = ["excel_double"]  # the `excel` fixture

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "caseclock-export.csv"
SAMPLE_TABLES = {"people": ROOT / "examples" / "people.csv",
                 "matters": ROOT / "examples" / "matters.csv"}
# One export per template, so that each source system meets several targets.
EXPORT_FOR = {
    "kimai-timesheet": "toggl/detailed-2024-bom-eur.csv",
    "kimai-customer": "grandtotal/customers-en.csv",
    "kimai-project": "kimai/export-en.csv",
    "clockify": "harvest/detailed-2024.csv",
    "toggl": "clockify/newer-eu-24h.csv",
    "harvest": "kimai/export-de-semicolon.csv",
    "solidtime": "toggl/detailed-2023.csv",
    "clio": "caseclock/export-standard.csv",
    "ledes-1998b": "kimai/export-decimal.csv",
    "juris": "clockify/classic-us-12h.csv",
    "insol6": "jira-worklogs/export-raw.csv",
    "tabs3": "caseclock/export-labels-semicolon.csv",
    "quickbooks-iif": "harvest/german-locale.csv",
}
TEMPLATES = sorted(SETTINGS)
Row = tuple[Any, str, str, str, str]  # row, column, severity, code, message


def tables_for(source: Path, template_id: str) -> dict[str, Path]:
    if source == SAMPLE:
        return SAMPLE_TABLES
    pairs = TABS3_TABLES if template_id == "tabs3" else TABLES
    return dict(pair.split("=", 1) for pair in pairs[1::2])  # type: ignore[misc]


# --- the command line -------------------------------------------------------------------------


def cli_run(source: Path, template_id: str, out: Path, tables: dict[str, Path] | None = None,
            settings: dict[str, str] | None = None) -> tuple[bytes, list[Row]]:
    """The bytes `importmap map --force` writes and its report's problems, with the tables
    and settings kept for the source and target (or `tables`, `settings`)."""
    report = out.with_suffix(".report.csv")
    args = ["map", str(source), "-t", template_id, "-o", str(out), "--force", "--overwrite",
            "--report", str(report)]
    for name, path in (tables or tables_for(source, template_id)).items():
        args += ["--lookup", f"{name}={path}"]
    for key, value in (settings or SETTINGS[template_id]).items():
        args += ["--set", f"{key}={value}"]
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    assert code in (0, 1)
    with report.open(encoding="utf-8-sig", newline="") as file:
        problems = [(int(r["row"]) if r["row"] else None, r["column"], r["severity"], r["code"],
                     r["message"]) for r in csv.DictReader(file)]
    return (out.read_bytes() if out.exists() else b""), problems


# --- the ribbon -------------------------------------------------------------------------------


@dataclass
class RibbonRun:
    book: xw.Book
    source: str  # the sheet Open file made
    output: str  # the mapped sheet
    problems: list[Row]  # Apply template's


def ribbon_apply(excel: ExcelDouble, source: Path, template_id: str,
                 tables: dict[str, Path] | None = None,
                 settings: dict[str, str] | None = None) -> RibbonRun:
    """Open file, then Apply template, with the settings sheet and the lookup sheets a user
    keeps for the target (or `tables`, `settings`)."""
    rows = (settings or SETTINGS[template_id]).items()
    sheets: dict[str, list[list[Any]]] = {
        "Import Mapper settings": [["key", "value"], *map(list, rows)]}
    for name, path in (tables or tables_for(source, template_id)).items():
        with Path(path).open(encoding="utf-8", newline="") as file:
            sheets[f"Lookup {name}"] = [list(r) for r in csv.reader(file)]
    book = excel.new_book(sheets)
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", f'="{template_id}"')
    ribbon.open_file(str(source))
    opened = book.sheets.active.name
    ribbon.apply_template()
    output = book.sheets.active.name
    return RibbonRun(book, opened, output, problem_lines(excel, book, output))


def problem_lines(excel: ExcelDouble, book: xw.Book, output: str) -> list[Row]:
    lines = [list(r) for r in excel.workbook(book)[f"{output[:22]} problems"].iter_rows(
        values_only=True)]
    start = next(i for i, line in enumerate(lines) if line[0] == "Cell") + 1
    return [(line[1], line[2] or "", line[3], line[4], line[5] or "") for line in lines[start:]]


def ribbon_save(excel: ExcelDouble, run: RibbonRun, out: Path) -> bytes:
    """Save as CSV of the mapped sheet, saved even with errors (as `--force`)."""
    excel.select(run.book.sheets[run.output], "A1")
    excel.alert_answers = []  # each question answered with its first button: save, replace
    ribbon.save_csv(str(out))
    return out.read_bytes() if out.exists() else b""


def ribbon_check(excel: ExcelDouble, run: RibbonRun) -> list[Row]:
    excel.select(run.book.sheets[run.output], "A1")
    ribbon.check_required()
    return problem_lines(excel, run.book, run.output)


# --- where the shells' words differ -----------------------------------------------------------

SHELL_WORDS = [
    # a setting: `--set key=VALUE` in a terminal, a row of the settings sheet in Excel
    (re.compile(r"a row '([a-z_]+)' on the sheet 'Import Mapper settings'(?: with the value"
                r" (\S+?))?(?=[ ,;.)]|$)"), r"SETTING(\1)"),
    (re.compile(r"--set ([a-z_]+)=(?:VALUE|\S+?)(?=[ ,;.)]|$)"), r"SETTING(\1)"),
    # a lookup table: `--lookup people=FILE.csv` or a sheet 'Lookup people'
    (re.compile(r"--lookup ([a-z]+)=FILE\.csv"), r"TABLE(\1)"),
    (re.compile(r"a sheet 'Lookup ([a-z]+)'"), r"TABLE(\1)"),
    # where a table is kept: its sheet in Excel, its file on the command line
    (re.compile(r"the ([a-z]+) table \((?:sheet 'Lookup \1'|[^()]+\.csv)\)"),
     r"the \1 table (KEPT)"),
]


def in_common_words(message: str) -> str:
    for pattern, common in SHELL_WORDS:
        message = pattern.sub(common, message)
    return message


def comparable(problems: list[Row]) -> list[tuple[Any, ...]]:
    return sorted((row or 0, column, severity, code, in_common_words(message))
                  for row, column, severity, code, message in problems)


CASES = [(SAMPLE, t) for t in TEMPLATES] + [(EXPORTS / EXPORT_FOR[t], t) for t in TEMPLATES]


@pytest.mark.parametrize(("source", "template_id"), CASES,
                         ids=[f"{s.parent.name}/{s.name}-{t}" for s, t in CASES])
def test_the_ribbon_writes_and_reports_what_the_command_line_does(
        excel: ExcelDouble, tmp_path: Path, source: Path, template_id: str) -> None:
    written, reported = cli_run(source, template_id, tmp_path / "cli.csv")

    run = ribbon_apply(excel, source, template_id)
    saved = ribbon_save(excel, run, tmp_path / "ribbon.csv")
    checked = ribbon_check(excel, run)

    assert comparable(run.problems) == comparable(reported)
    assert saved == written
    # Check required finds no error in a sheet Apply template wrote that map does not find:
    # each is in a row where map found one, or in a column map refused for the whole file.
    table = [list(r) for r in excel.workbook(run.book)[run.source].iter_rows(values_only=True)]
    rows, _ = engine_view(template_id, table, tables_for(source, template_id))
    assert new_errors(checked, rows, reported) == set()


def new_errors(checked: list[Row], rows: list[int], reported: list[Row]) -> set[tuple[int, str]]:
    """(source row, column) of each error Check required finds (`rows` turns the mapped
    sheet's rows into the source's) that is neither in a row nor in a whole column in which
    the command line `reported` an error."""
    errors = [(row, column) for row, column, severity, _, _ in reported if severity == "error"]
    in_rows = {row for row, _ in errors if row is not None}
    in_columns = {column for row, column in errors if row is None}
    return {(rows[row - 2], column) for row, column, severity, _, _ in checked
            if row is not None and severity == "error"
            and rows[row - 2] not in in_rows and column not in in_columns}


# --- cells edited after Apply template --------------------------------------------------------
#
# An edit is made to one entry of the sample in the source (for the command line) and, for the
# ribbon, to the mapped sheet as a user makes it: the edited text typed into the cells it
# feeds (and a value the command line refuses typed as given); every other cell the command
# line writes differently after the edit (the entry's times and amount, say) typed in as it
# writes it. Then Save as CSV writes the command line's bytes, and Check required adds
# the problems the command line adds (row, column, severity, code: Check required speaks of the
# sheet's cell, the command line of the source's, so their messages differ by design).


@dataclass(frozen=True)
class Edit:
    name: str
    field: str  # the canonical field edited
    header: str  # its column in the sample (added when the sample has none)
    value: str
    # A day's entries stacked from day_start cannot hold 30 hours: the command line refuses
    # the times of that day's later entries too (day-overflow), times the mapped sheet holds
    # as written and Check required does not derive again.
    stacked: bool = True


EDITED_ROW = 3  # the sample's second entry: Maria Alvarez's second of 2 November
EDITS = [
    Edit("duration", "duration", "Duration (hours)", "2.5"),
    Edit("long-duration", "duration", "Duration (hours)", "30", stacked=False),
    Edit("zero-duration", "duration", "Duration (hours)", "0"),
    Edit("off-increment", "duration", "Duration (hours)", "0.25"),
    Edit("date", "date", "Date", "20/11/2026"),
    Edit("rate", "rate", "Rate", "425"),
    Edit("blank-matter", "matter", "Matter", ""),
    Edit("blank-description", "description", "Description", ""),
    Edit("long-tag", "tags", "Tags", "x" * 150),
    Edit("formula-like", "description", "Description", "=HYPERLINK(\"x\")"),
]


def edited_sample(edit: Edit, folder: Path) -> Path:
    with SAMPLE.open(encoding="utf-8", newline="") as file:
        lines = list(csv.reader(file))
    if edit.header not in lines[0]:
        lines = [line + [edit.header if n == 0 else ""] for n, line in enumerate(lines)]
    lines[EDITED_ROW - 1][lines[0].index(edit.header)] = edit.value
    path = folder / "edited.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(lines)
    return path


def written_lines(data: bytes, template_id: str) -> list[list[str]]:
    """The entries' lines of a written file, split into cells (no preamble, no header)."""
    template = find_template(template_id)
    dialect = template.dialect
    text = data.decode(dialect.encoding).removeprefix("\ufeff")
    lines = text.split(dialect.line_ending)[len(dialect.preamble) + dialect.header:]
    lines = [line.removesuffix(dialect.line_suffix) for line in lines if line]
    if dialect.quoting == "none":
        return [line.split(dialect.delimiter) for line in lines]
    return list(csv.reader(lines, delimiter=dialect.delimiter))


def engine_view(template_id: str, table: list[list[Any]], tables: dict[str, Path],
                settings: dict[str, str] | None = None) -> tuple[list[int], dict[str, str]]:
    """The source row of each output line of `table` (as Apply template maps it), and the
    output column each source column feeds (where Check required shows a problem the command
    line finds in the source)."""
    template = find_template(template_id)
    options = MapOptions(settings=settings or SETTINGS[template_id], lookups={
        name: load_lookup(name, Path(path)) for name, path in tables.items()})
    result = map_table(template, table, options)
    feeds: dict[str, str] = {}
    for field_name, index in result.plan.fields.items():
        for col in template.columns:
            if field_name in col.source or (field_name == "duration" and col.type == "duration"):
                feeds.setdefault(result.plan.header[index], col.name)
    return [m.row for m in result.rows], feeds


def sample_table() -> list[list[Any]]:
    with SAMPLE.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def row_problems(problems: list[Row], feeds: dict[str, str],
                 rows: list[int] | None = None) -> set[tuple[Any, ...]]:
    """(source row, output column, severity, code) of each problem of a row; `rows` turns the
    mapped sheet's rows into the source's."""
    return {((rows[row - 2] if rows else row), feeds.get(column, column), severity, code)
            for row, column, severity, code, _ in problems if row is not None}




def edits_of(template_id: str) -> list[Edit]:
    """The edits of a field the template writes."""
    columns = find_template(template_id).columns
    fields = {f for c in columns for f in c.source}
    if any(c.type == "duration" for c in columns):
        fields.add("duration")
    stacked = any(c.derive in ("start", "end") for c in columns)
    return [e for e in EDITS if e.field in fields and (e.stacked or not stacked)]


EDIT_CASES = [(t, e) for t in TEMPLATES for e in edits_of(t)]
Unedited = tuple[bytes, list[Row], list[int], dict[str, str]]


@pytest.fixture(scope="module")
def unedited(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Unedited]:
    """Per template, what the command line writes and reports for the sample, and the
    engine's view of it (see `engine_view`): the same for every edit, so made once."""
    folder = tmp_path_factory.mktemp("unedited")

    @functools.cache
    def run(template_id: str) -> Unedited:
        written, reported = cli_run(SAMPLE, template_id, folder / f"{template_id}.csv")
        return (written, reported, *engine_view(template_id, sample_table(), SAMPLE_TABLES))

    return run


@pytest.mark.parametrize(("template_id", "edit"), EDIT_CASES,
                         ids=[f"{t}-{e.name}" for t, e in EDIT_CASES])
def test_a_cell_edited_after_apply_is_checked_and_saved_as_the_command_line_does(
        excel: ExcelDouble, tmp_path: Path, template_id: str, edit: Edit,
        unedited: Callable[[str], Unedited]) -> None:
    before, reported_before, rows, feeds = unedited(template_id)
    after, reported_after = cli_run(edited_sample(edit, tmp_path), template_id,
                                    tmp_path / "after.csv", SAMPLE_TABLES)
    run = ribbon_apply(excel, SAMPLE, template_id)
    checked_before = ribbon_check(excel, run)

    header = find_template(template_id).header
    refused = {(r, c) for r, c, severity, _ in row_problems(reported_after, feeds)
               if severity == "error"} - {(r, c) for r, c, severity, _ in row_problems(
                   reported_before, feeds) if severity == "error"}
    sheet = run.book.sheets[run.output]
    texts = {c.name for c in find_template(template_id).columns
             if edit.field in c.source and c.type in ("text", "enum")}
    hours = {c.name for c in find_template(template_id).columns
             if edit.field == "duration" and c.type == "duration" and c.unit == "hours"}
    for line, (old, new) in enumerate(zip(written_lines(before, template_id),
                                          written_lines(after, template_id), strict=True)):
        for name, was, now in zip(header, old, new, strict=True):
            if rows[line] != EDITED_ROW:
                pass
            elif name in hours:
                now = edit.value  # hours typed as in the source: rounded as map rounds them
            elif name in texts or (rows[line], name) in refused:
                now = f"'{edit.value}" if edit.value else ""  # typed as text, as users do
            if was != now:
                sheet.range((line + 2, header.index(name) + 1)).value = now
    checked_after = ribbon_check(excel, run)
    saved = ribbon_save(excel, run, tmp_path / "ribbon.csv")

    assert (row_problems(checked_after, feeds, rows) - row_problems(checked_before, feeds, rows)
            == row_problems(reported_after, feeds) - row_problems(reported_before, feeds))
    assert saved == after


# Text a target's encoding cannot hold (Juris and QuickBooks write Windows-1252).
UNENCODABLE = Edit("unencodable", "description", "Description", "Call with Łukasz 😀")


@pytest.mark.parametrize("template_id", TEMPLATES)
def test_apply_template_reports_text_the_target_cannot_encode_as_the_command_line_does(
        excel: ExcelDouble, tmp_path: Path, template_id: str) -> None:
    source = edited_sample(UNENCODABLE, tmp_path)
    written, reported = cli_run(source, template_id, tmp_path / "cli.csv", SAMPLE_TABLES)

    run = ribbon_apply(excel, source, template_id, SAMPLE_TABLES)
    saved = ribbon_save(excel, run, tmp_path / "ribbon.csv")

    assert comparable(run.problems) == comparable(reported)
    assert saved == written


def test_map_refuses_a_line_outside_the_billing_period_the_settings_give_as_check_required_does(
        excel: ExcelDouble, tmp_path: Path) -> None:
    settings = SETTINGS["ledes-1998b"] | {"billing_end": "2026-11-03"}
    written, reported = cli_run(SAMPLE, "ledes-1998b", tmp_path / "cli.csv", SAMPLE_TABLES,
                                settings)

    run = ribbon_apply(excel, SAMPLE, "ledes-1998b", SAMPLE_TABLES, settings)
    checked = ribbon_check(excel, run)

    rows, _ = engine_view("ledes-1998b", sample_table(), SAMPLE_TABLES, settings)
    assert new_errors(checked, rows, reported) == set()
