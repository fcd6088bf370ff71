"""The benchmark command runs end to end on small inputs (its figures are printed, not tested).

500 rows: the seeded data reaches day 13 of a month, which shows its dates are day-first.
"""

from __future__ import annotations

import csv
from pathlib import Path

from addin.bench.__main__ import main
from addin.bench.sample import HEADER, write_csv


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
