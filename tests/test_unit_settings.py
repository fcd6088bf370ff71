"""Units the user gives are unambiguous: a billing increment says its unit and is at most 1 h."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from clihelp import run
from mapping import column, map_with

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "caseclock-export.csv"
HARVEST = ["--lookup", f"people={ROOT / 'examples' / 'people.csv'}", "--set", "project=P",
           "--set", "task=T", "--set", "client=C"]
TABLE = [["Date", "Duration", "Client", "Matter", "First name", "Last name"],
         ["2026-11-02", "0.25", "Acme", "Audit", "Ann", "Lee"]]


def test_an_increment_without_a_unit_is_refused_with_both_readings(capsys, tmp_path):
    sample = tmp_path / "caseclock-export.csv"
    shutil.copy(SAMPLE, sample)
    out = tmp_path / "out.csv"
    result = run(capsys, "map", sample, "-t", "harvest", "-o", out, *HARVEST,
                 "--set", "increment=6")
    assert result.code == 1
    assert not out.exists()
    assert ("increment: error: increment '6' has no unit: 6 hours, minutes or seconds? Give"
            " --set increment=6min or --set increment=0.1h") in result.err


@pytest.mark.parametrize(("given", "first", "second"), [
    ("0.1", "0.1h", "6min"), ("15", "15min", "0.25h"), ("360", "360s", "6min"),
    ("7", "7min", None)])
def test_a_bare_increment_is_refused_with_the_forms_it_could_mean(given, first, second):
    result = map_with("harvest", TABLE, settings={"increment": given, "task": "T"})
    [problem] = [p for p in result.report if p.column == "increment"]
    assert (problem.severity, problem.code) == ("error", "bad-setting")
    assert f"--set increment={first}" in problem.message
    if second:
        assert f"--set increment={second}" in problem.message


@pytest.mark.parametrize("given", ["2h", "61min", "1:30", "3601s"])
def test_an_increment_over_an_hour_is_refused(given):
    result = map_with("harvest", TABLE, settings={"increment": given, "task": "T"})
    [problem] = [p for p in result.report if p.column == "increment"]
    assert (problem.severity, problem.code) == ("error", "bad-setting")
    assert "at most 1h" in problem.message


@pytest.mark.parametrize(("given", "hours"), [
    ("6min", "0.30"), ("0.1h", "0.30"), ("0:06", "0.30"), ("360s", "0.30"), ("6 min", "0.30"),
    ("1h", "1.00")])
def test_an_increment_with_its_unit_rounds(given, hours):
    result = map_with("harvest", TABLE, settings={"increment": given, "task": "T"})
    assert not [p for p in result.report if p.column in ("increment", "Hours")]
    assert column(result, "Hours") == [hours]


def test_the_increment_message_speaks_the_excel_shell(capsys):
    result = map_with("harvest", TABLE, settings={"increment": "6", "task": "T"},
                      channel="excel")
    [problem] = [p for p in result.report if p.column == "increment"]
    assert "--set" not in problem.message
    assert "'Import Mapper settings'" in problem.message
    assert "6min" in problem.message


def test_show_says_which_units_each_unit_setting_takes(capsys):
    result = run(capsys, "show", "harvest")
    increment = next(line for line in result.out.splitlines()
                     if line.startswith("  increment:"))
    assert "units: h, min, s or h:mm, at most 1h" in increment
    unit = next(line for line in result.out.splitlines() if line.startswith("  duration_unit:"))
    assert "units: h, min or s" in unit


def test_a_templates_increment_without_a_unit_is_a_template_error(capsys, tmp_path):
    template = tmp_path / "t.toml"
    template.write_text('[template]\nid = "t"\nname = "T"\ntarget = "T"\nversion = "1"\n'
                        '[dialect]\ndelimiter = ","\n[[columns]]\nname = "Hours"\n'
                        'source = "duration"\ntype = "duration"\nunit = "hours"\n'
                        'increment = "6"\nrounding = "up"\n', encoding="utf-8")
    result = run(capsys, "show", template)
    assert result.code == 2
    assert "increment '6' has no unit" in result.err
    assert "Write 6min or 0.1h" in result.err
