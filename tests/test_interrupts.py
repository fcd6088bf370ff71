"""Ctrl+C at any point of a run: exit 130 with one line, no traceback, no output, no temporary.

KeyboardInterrupt is raised from inside the run at each stage that touches files: reading the
source, converting rows, writing rows, renaming the finished file into place.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from clihelp import run

import addin.cli.map_cmd
import addin.files.csv_source
import addin.files.csv_writer
from addin.files.csv_writer import AtomicWriter

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "caseclock-export.csv"
PEOPLE = ROOT / "examples" / "people.csv"
SUPPLIED = ["--lookup", f"people={PEOPLE}", "--set", "project=General matters", "--set",
            "activity=Legal work"]


def interrupt_on_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, nth: int) -> None:
    """Make owner.name raise KeyboardInterrupt on its nth call, as Ctrl+C would."""
    real = getattr(owner, name)
    calls = {"n": 0}

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == nth:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, interrupted)


@pytest.mark.parametrize(("owner", "name", "nth"), [
    (addin.files.csv_source.csv, "reader", 2),  # opening the source for the second pass
    (addin.cli.map_cmd, "unwritable", 1),  # the first row, before anything is written
    (addin.cli.map_cmd, "unwritable", 20),  # in the middle of the row loop
    (AtomicWriter, "write_preamble", 1),  # the header line
    (AtomicWriter, "write", 10),  # the tenth row
    (AtomicWriter, "commit", 1),  # all rows written, not yet renamed
    (addin.files.csv_writer.os, "replace", 1),  # the rename itself
], ids=["reading", "first-row", "row-loop", "header", "writing", "commit", "rename"])
def test_ctrl_c_leaves_no_output_and_no_temporary_and_prints_one_line(
        capsys, tmp_path, monkeypatch, owner, name, nth):
    source = tmp_path / "in" / "caseclock-export.csv"
    source.parent.mkdir()
    shutil.copy(SAMPLE, source)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    interrupt_on_call(monkeypatch, owner, name, nth)

    result = run(capsys, "map", source, "-t", "kimai-timesheet", "-o", out_dir / "kimai.csv",
                 *SUPPLIED)

    assert (result.code, result.out) == (130, "")
    assert result.err.splitlines()[-1] == "importmap: interrupted; no file was left half-written"
    assert "Traceback" not in result.err
    assert os.listdir(out_dir) == []
    assert source.read_bytes() == SAMPLE.read_bytes()


def test_ctrl_c_while_replacing_keeps_the_earlier_output(capsys, tmp_path, monkeypatch):
    source = tmp_path / "caseclock-export.csv"
    shutil.copy(SAMPLE, source)
    out = tmp_path / "kimai.csv"
    out.write_text("earlier", encoding="utf-8")
    interrupt_on_call(monkeypatch, AtomicWriter, "write", 5)

    result = run(capsys, "map", source, "-t", "kimai-timesheet", "-o", out, "--overwrite",
                 *SUPPLIED)

    assert result.code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["caseclock-export.csv", "kimai.csv"]
    assert out.read_text(encoding="utf-8") == "earlier"
