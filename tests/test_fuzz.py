"""Fuzzing: random bytes, random cells and broken templates never crash the program.

The command line may only end with exit 0, 1 or 2 and leave no temporary file; the Excel
shell's core path (`map_table`) may only return a result or raise InputError; a template may only
load or raise TemplateError naming the file and the key. The number of examples is bounded by the
hypothesis profile (tests/conftest.py); `HYPOTHESIS_PROFILE=long` runs many more.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import tempfile
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin.cli.main import main
from addin.core.errors import InputError, TemplateError
from addin.core.options import MapOptions
from addin.core.pipeline import map_table
from addin.core.problems import Report
from addin.core.recheck import conform
from addin.core.template_loading import parse_template
from addin.files.registry import find_template

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["Date", "Duration (hours)", "Client", "Matter", "Description", "Timekeeper", "Rate",
          "Activity Code"]
SETTINGS = ["--set", "email=a@example.com", "--set", "project=P", "--set", "activity=A"]
TEMPLATE_FILES = sorted((ROOT / "templates").glob("*.toml"))


def run_quietly(*args: str) -> int:
    # fsync makes a finished file durable; here it only costs time, so it is skipped.
    with redirect_stdout(StringIO()), redirect_stderr(StringIO()), patch("os.fsync"):
        return main(list(args))


def map_bytes(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / f"in{suffix}", Path(folder) / "out" / "kimai.csv"
        source.write_bytes(content)
        out.parent.mkdir()
        code = run_quietly("map", str(source), "-t", "kimai-timesheet", "-o", str(out),
                           *SETTINGS)
        assert code in (0, 1, 2)
        assert os.listdir(out.parent) == (["kimai.csv"] if code == 0 else [])
        assert source.read_bytes() == content


# --- random CSV bytes through `importmap map` --------------------------------------------------


@given(st.binary(max_size=600), st.sampled_from([".csv", ".txt", ".xlsx"]))
def test_random_bytes_end_in_an_exit_code_never_a_traceback(content, suffix):
    map_bytes(content, suffix)


cell_text = st.one_of(
    st.sampled_from(["", "0.1", "1:30", "2026-11-02", "13/11/2026", "=1+1", "-", "#N/A", "1,5",
                     "Jones", "350", "\u00a0", '"', "Maria Alvarez", "90 min", "1e400", "nan"]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12))
csv_like = st.lists(st.lists(cell_text, max_size=10), max_size=8).map(
    lambda rows: "\r\n".join([",".join(HEADER)] + [",".join(r) for r in rows]))


@given(csv_like, st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_random_csv_text_ends_in_an_exit_code_never_a_traceback(text, encoding):
    map_bytes(text.encode(encoding, errors="replace"), ".csv")


# --- random cell values through the Excel shell's core path -------------------------------------

cell_value = st.one_of(
    st.none(), cell_text, st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 31)))
sheet = st.lists(st.lists(cell_value, min_size=0, max_size=10), min_size=1, max_size=8)


@given(sheet)
def test_random_cells_are_mapped_or_refused_and_every_row_is_accounted_for(rows):
    table = [HEADER, *rows]
    try:
        result = map_table(find_template("kimai-timesheet"), table, MapOptions(channel="excel"))
    except InputError:
        return
    filled = [r for r in rows if any(c is not None and str(c).strip() for c in r)]
    totals = result.account.totals  # rows recognised as totals are reported, not mapped
    assert (result.account.read, result.account.mapped + totals, len(result.rows) + totals) == (
        len(filled), len(filled), len(filled))


# Headers any tracker may have, so every way of giving the times (start and end only, a date
# holding the time, times without dates, dates without times) meets every template.
ODD_HEADERS = ["Date", "Start", "End", "Start date", "Start time", "End date", "End time",
               "Duration", "From", "To", "Client", "Matter", "Timekeeper", "Rate", "Billable",
               "Email", "Amount", "Tags", "Description", "Activity", "User"]
odd_cell = st.one_of(
    cell_value, st.times(), st.dates(min_value=dt.date(1900, 1, 1)),
    st.sampled_from(["09:00", "23:30", "00:00", "24:00", "2026-11-02 09:00",
                     "2026-11-02T09:00:00.000+01:00", "2026-11-02T17:00:00Z", "05.04.2026",
                     "31/12/99", "1/1/00", "12:00 PM", "9999-12-31 23:59", "0001-01-01"]))
SETTING_VALUES = {"email": "a@example.com", "user": "ann", "project": "P", "activity": "A",
                  "customer": "C", "client": "C", "task": "T", "timezone": "Europe/Berlin",
                  "invoice_number": "INV-1", "invoice_date": "2026-11-30", "law_firm_id": "F1",
                  "tcode": "1", "company_name": "X", "company_create_time": "1700000000",
                  "item": "I", "billable": "yes", "increment": "0.1h"}
TEMPLATES = {path.stem: find_template(path.stem) for path in TEMPLATE_FILES}


@given(st.sampled_from(sorted(TEMPLATES)), st.lists(st.sampled_from(ODD_HEADERS), min_size=1,
                                                max_size=6, unique=True),
       st.lists(st.lists(odd_cell, max_size=6), max_size=4), st.booleans())
def test_every_template_maps_odd_columns_and_cells_or_reports_them(template_id, header, rows,
                                                                   with_settings):
    template = TEMPLATES[template_id]
    settings = {k: v for k, v in SETTING_VALUES.items()
                if with_settings and k in template.settings}
    try:
        map_table(template, [header, *rows], MapOptions(settings=settings, channel="excel"))
    except InputError:
        pass


# --- templates as untrusted files ----------------------------------------------------------------

toml_scalar = st.one_of(st.text(max_size=8), st.integers(), st.floats(allow_nan=False),
                        st.booleans(), st.dates())
toml_value = st.recursive(toml_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)
KEYS = ["template", "dialect", "settings", "columns", "id", "name", "target", "type", "source",
        "format", "unit", "decimals", "formula_policy", "unique", "lookup", "map", "values",
        "delimiter", "encoding", "quoting", "line_ending", "preamble", "increment", "rounding",
        "derive", "setting", "constant", "default", "required", "max_length", "true", "false"]
key = st.one_of(st.sampled_from(KEYS), st.text(max_size=6))


def assert_template_error(data: dict[str, Any]) -> None:
    try:
        parse_template(data, "fuzz.toml")
    except TemplateError as exc:
        assert exc.path == "fuzz.toml" and exc.key is not None, str(exc)
        assert str(exc).startswith("fuzz.toml")


@given(st.dictionaries(key, toml_value, max_size=5))
def test_a_random_template_table_loads_or_names_file_and_key(data):
    assert_template_error(data)


@st.composite
def mutated_template(draw: st.DrawFn) -> dict[str, Any]:
    """A built-in template with a few keys set to random values or removed."""
    path = draw(st.sampled_from(TEMPLATE_FILES))
    data = copy.deepcopy(tomllib.loads(path.read_text(encoding="utf-8")))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        where: Any = data
        section = draw(st.sampled_from(["template", "dialect", "settings", "columns", None]))
        if section == "columns" and isinstance(data.get("columns"), list) and data["columns"]:
            where = draw(st.sampled_from(data["columns"]))
        elif section is not None and isinstance(data.get(section), dict):
            where = data[section]
        if not isinstance(where, dict):
            continue
        name = draw(st.one_of(st.sampled_from(sorted(where) or ["x"]), key))
        if draw(st.booleans()):
            where[name] = draw(toml_value)
        else:
            where.pop(name, None)
    return data


@given(mutated_template())
def test_a_mutated_builtin_template_loads_or_names_file_and_key(data):
    assert_template_error(data)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_a_template_file_of_random_bytes_is_a_template_error(tmp_path, content):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(TemplateError) as caught:
        run_template(path)
    assert str(caught.value).startswith(str(path))


def run_template(path: Path) -> None:
    """Load a template file; one that happens to be valid is not what this test is about."""
    from addin.core.template_loading import load_template

    load_template(path)
    raise TemplateError(str(path), "loaded")


# --- random edits of a mapped sheet through Check required and Save as CSV's re-check ----------


@given(st.sampled_from(sorted(TEMPLATES)),
       st.lists(st.lists(odd_cell, max_size=30), min_size=1, max_size=4), st.booleans())
def test_every_template_rechecks_random_cells_of_its_shape_or_reports_them(template_id, rows,
                                                                           with_settings):
    template = TEMPLATES[template_id]
    settings = {k: v for k, v in SETTING_VALUES.items()
                if with_settings and k in template.settings}
    report = Report()
    body = list(enumerate(rows, start=2))

    written = list(conform(template, template.header, body, report, settings=settings))

    assert len(written) <= len(rows)
    assert all(len(r.values) == len(template.columns) for r in written)


def test_a_duration_too_long_for_any_date_beside_its_times_is_reported_not_raised():
    template = TEMPLATES["kimai-timesheet"]
    row = ["2026-11-02", dt.time(9), dt.time(10), 10**20, "Anna", "anna@example.com", "Acme",
           "Audit", "Review", "Call", "200", "300.00", "1", "", ""]
    report = Report()

    list(conform(template, template.header, [(2, row)], report))

    assert ("Duration", "long-duration") in [(p.column, p.code) for p in report]
