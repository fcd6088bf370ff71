"""The benchmark command runs end to end on small inputs (its figures are printed, not tested).

500 rows: the seeded data reaches day 13 of a month, which shows its dates are day-first.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from addin.bench import targets
from addin.bench.__main__ import main, map_args, mapped_at, wanted_templates
from addin.bench.click import runtime_closure
from addin.bench.interleave import Step, interleaved
from addin.bench.measure import Run
from addin.bench.sample import HEADER, write_csv, write_tables
from addin.files.registry import builtin_dir, find_template


def test_the_sample_is_seeded_caseclock_data(tmp_path: Path) -> None:
    write_csv(tmp_path / "a.csv", 30, seed=1)
    write_csv(tmp_path / "b.csv", 30, seed=1)

    rows = list(csv.reader((tmp_path / "a.csv").open(encoding="utf-8", newline="")))

    assert rows[0] == HEADER and len(rows) == 31
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_the_bench_maps_installed_templates_and_skips_the_others(capsys) -> None:
    main(["500", "--repeat", "1", "--xlsx-rows", "20", "--excel-rows", "",
          "--templates", "kimai-timesheet,no-such-template"])

    out = capsys.readouterr().out
    assert "CSV input, 500 rows" in out and ".xlsx input, 20 rows" in out
    mapped = next(line for line in out.splitlines() if "map -t kimai-timesheet" in line)
    assert "failed" not in mapped
    assert "map -t no-such-template" in out and "not installed: skipped" in out
    assert "import addin.excel.ribbon on top" in out and "heavy modules loaded: -" in out
    assert re.search(r"<= 100 ms (met|missed)", out)
    assert "pandas script" in out and "polars script" in out  # run, or skipped with a note
    assert re.search(r"targets: \d+ met, \d+ missed", out)


def test_all_templates_are_every_built_in_template() -> None:
    assert sorted(wanted_templates("all")) == sorted(p.stem for p in builtin_dir().glob("*.toml"))
    assert wanted_templates("harvest, toggl") == ["harvest", "toggl"]


def test_sizes_over_100k_map_only_the_templates_with_a_target_there() -> None:
    wanted = ["harvest", "kimai-timesheet"]

    assert mapped_at(100_000, wanted) == wanted
    assert mapped_at(1_000_000, wanted) == ["kimai-timesheet"]
    assert mapped_at(1_000_000, wanted, every_size=True) == wanted


def test_a_template_with_a_file_limit_is_mapped_into_numbered_files(tmp_path: Path) -> None:
    # kimai-timesheet takes 5,000 rows a file; Clockify 10,000,000 bytes (and no row limit).
    for template_id, rows in (("kimai-timesheet", 5000), ("clockify", 40_000)):
        args = map_args(tmp_path / "in.csv", tmp_path / "out.csv", find_template(template_id), [])
        assert args[args.index("--split-every") + 1] == str(rows)


def test_the_bench_leaves_a_setting_that_only_overrides_a_derived_value_to_the_data(
        tmp_path: Path) -> None:
    # LEDES' billing period is the entries' first and last dates unless given: the example
    # period (November) would put a year of entries outside it, and the map would fail.
    args = map_args(tmp_path / "in.csv", tmp_path / "out.csv", find_template("ledes-1998b"), [])
    given = {args[i + 1].partition("=")[0] for i, a in enumerate(args) if a == "--set"}
    assert given == {"invoice_number", "invoice_date", "law_firm_id", "client_id",
                     "invoice_description", "increment"}


def test_each_step_is_measured_against_the_floor_runs_either_side() -> None:
    cpu = iter([1.0, 5.0, 3.0, 30.0, 2.0,  # round 1: floor, a, floor, b, floor
                1.0, 3.0, 1.0, 40.0, 1.0])  # round 2
    calls: list[str] = []

    def fake(*args: str) -> Run:
        calls.append(args[0])
        return Run(0.0, next(cpu), 1.0, 0, "")

    floor, measured = interleaved(("floor",), [Step("a", ("a",)), Step("b", ("b",))], 2, fake)

    assert calls == ["floor", "a", "floor", "b", "floor"] * 2
    assert floor.cpu == 1.0
    assert [(m.step.label, m.ratio) for m in measured] == [("a", 2.5), ("b", 12.0)]


def test_a_step_run_once_is_left_out_of_later_rounds() -> None:
    calls: list[str] = []

    def fake(*args: str) -> Run:
        calls.append(args[0])
        return Run(0.0, 1.0, 1.0, 0, "")

    interleaved(("floor",), [Step("slow", ("slow",), once=True), Step("a", ("a",))], 2, fake)

    assert calls.count("slow") == 1 and calls.count("a") == 2


def test_targets_are_the_issues_at_the_sizes_it_sets_them() -> None:
    assert targets.csv_ratio("kimai-timesheet", 1_000_000) == targets.Target(1.0, "x")
    assert targets.csv_ratio("kimai-timesheet", 100_000) is None
    assert targets.csv_memory("kimai-timesheet", 1_000_000) == targets.Target(150.0, " MB")
    assert targets.csv_ratio("ledes-1998b", 100_000) == targets.Target(3.0, "x")
    assert targets.csv_ratio("harvest", 100_000) == targets.Target(1.5, "x")
    assert targets.csv_ratio("harvest", 500) is None
    assert targets.Target(1.5, "x").verdict(1.5) == "met"
    assert targets.Target(1.5, "x").verdict(6.0) == "missed, 4.0x over"


def test_the_click_path_environment_is_what_the_project_requires() -> None:
    closure = runtime_closure()

    assert {"import-mapper", "xlwings", "openpyxl", "python-calamine"} <= closure
    assert not {"pytest", "hypothesis", "polars", "pandas", "numpy"} & closure


def test_the_dataframe_script_maps_kimai_columns_as_importmap_does(tmp_path: Path) -> None:
    pytest.importorskip("polars")
    write_csv(tmp_path / "in.csv", 500)
    lookups = write_tables(tmp_path, 500)
    subprocess.run([sys.executable, "-m", "addin.bench.dataframe", "polars",
                    str(tmp_path / "in.csv"), str(tmp_path / "people.csv"),
                    str(tmp_path / "script.csv")], check=True)
    subprocess.run([sys.executable, "-m", "addin", "map", str(tmp_path / "in.csv"), "-t",
                    "kimai-timesheet", "-o", str(tmp_path / "ours.csv"), *lookups],
                   check=True, capture_output=True)

    def table(name: str) -> list[list[str]]:
        return list(csv.reader((tmp_path / name).open(encoding="utf-8", newline="")))

    script, ours = table("script.csv"), table("ours.csv")
    width = len(script[0])
    assert [row[:width] for row in ours] == script
