"""`map` and `check` to a target whose e-billing portal checks UTBMS codes (`bad-utbms`, LEDES)
take the codes from the entries the conversion reads, instead of reading and converting the
file a second time with the review's template; nothing they print, write or exit with changes.

Generated files (good codes, phases, codes of the other kind, codes with text after them,
lower case, blanks, spaces, an expense code column or none, totals rows, a people table that
gives the task code) are run both ways: as the command line runs now, and with the review's
second pass (`code_notes` giving nothing, so `review_problems` reads the file again as it did).
"""

from __future__ import annotations

import csv
import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from addin.cli import map_cmd, review_checks
from addin.cli.main import main

LEDES_SETTINGS = ["--set", "invoice_number=INV1", "--set", "invoice_date=2026-11-30",
                  "--set", "law_firm_id=12-3456789", "--set", "client_id=C1"]
CODES = ["L120", "L100", "A104", "l120", " L120 ", "L120 Analysis", "L120:", "E101", "B110",
         "L170", "", "  ", "P200", "C100", "X9", "A100", "a106"]
codes = st.sampled_from(CODES)
entry = st.tuples(st.sampled_from(["2026-11-02", "2026-11-03", "", "x"]),
                  st.sampled_from(["Ann Lee", "Bob Roy", ""]),
                  st.sampled_from(["1.5", "0.25", "", "abc"]),
                  codes, codes, codes)
totals_row = st.just(("", "Total", "99", "", "", ""))
rows = st.lists(st.one_of(entry, totals_row), min_size=1, max_size=12)


def _source(header: list[str], body: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([r[:len(header)] for r in body])
    return buffer.getvalue()


def _run(folder: Path, command: str, extra: list[str]) -> tuple[object, ...]:
    out, report = folder / "out.txt", folder / "report.csv"
    stdout, stderr = io.StringIO(), io.StringIO()
    target = ["-o", str(out), "--force", "--overwrite"] if command == "map" else ["--overwrite"]
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main([command, str(folder / "in.csv"), "--report", str(report), *target,
                     *extra])
    written = out.read_bytes() if out.exists() else None
    problems = report.read_bytes() if report.exists() else None
    for path in (out, report):
        path.unlink(missing_ok=True)
    return code, written, problems, stdout.getvalue(), stderr.getvalue()


def _both_ways(folder: Path, command: str, extra: list[str]) -> tuple[tuple[object, ...], ...]:
    """(as run now, with the review's second pass); asserts the first took no second pass."""
    with patch.object(review_checks, "plan_source",
                      side_effect=AssertionError("the file was read again")):
        once = _run(folder, command, extra)
    with patch.object(map_cmd, "code_notes", return_value=None):
        twice = _run(folder, command, extra)
    return once, twice


@settings(max_examples=40, deadline=None)
@given(rows, st.sampled_from(["map", "check"]), st.booleans())
def test_the_portals_code_check_in_one_pass_tells_what_the_second_pass_told(
        body, command, table):
    header = ["Date", "Timekeeper", "Duration (hours)", "Task code", "Activity code"]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "in.csv").write_text(_source(header, body), encoding="utf-8", newline="")
        extra = ["-t", "ledes-1998b", *LEDES_SETTINGS]
        if table:  # the task code comes from the people table where the row has none
            (folder / "people.csv").write_text(
                "timekeeper,timekeeper_id,task_code\r\nAnn Lee,7,L210\r\nBob Roy,8,Q1\r\n",
                encoding="utf-8")
            extra += ["--lookup", f"people={folder / 'people.csv'}"]
        once, twice = _both_ways(folder, command, extra)
    assert once == twice


def test_an_expense_code_column_the_target_does_not_read_is_checked_by_the_second_pass(
        tmp_path):
    # LEDES' fee lines leave the expense code empty, so its entries do not read one: the
    # review's own reading still reports an expense column's bad codes.
    header = ["Date", "Timekeeper", "Duration (hours)", "Task code", "Activity code",
              "Expense code"]
    (tmp_path / "in.csv").write_text(_source(header, [
        ("2026-11-02", "Ann Lee", "1", "L120", "A104", "E999")]), encoding="utf-8")
    with patch.object(map_cmd, "code_notes", return_value=None):
        twice = _run(tmp_path, "check", ["-t", "ledes-1998b", *LEDES_SETTINGS])
    now = _run(tmp_path, "check", ["-t", "ledes-1998b", *LEDES_SETTINGS])
    assert now == twice
    assert "'E999' is not an ABA UTBMS expense code" in str(now[4])


def test_a_firm_portal_with_more_codes_than_bad_utbms_is_reviewed_by_the_second_pass(
        tmp_path, monkeypatch):
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "rules.toml").write_text(
        '[portals]\nharvest = ["bad-utbms", "vague-narrative"]\n', encoding="utf-8")
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path))
    header = ["Date", "Timekeeper", "Duration (hours)", "Description", "Task code",
              "Activity code"]
    (tmp_path / "in.csv").write_text(_source(header, [
        ("2026-11-02", "Ann Lee", "1", "Review file", "L170", "A104"),
        ("2026-11-02", "Bob Roy", "2", "Draft motion to dismiss", "L240", "L120")]),
        encoding="utf-8")
    extra = ["-t", "harvest", "--set", "project=P", "--set", "task=T"]
    now = _run(tmp_path, "check", extra)
    with patch.object(map_cmd, "code_notes", return_value=None):
        twice = _run(tmp_path, "check", extra)
    assert now == twice
    err = str(now[4])
    assert "row 2, Task code: error: 'L170'" in err
    assert "row 2, Description: warning: the narrative does not say" in err
    assert "row 3, Activity code: error: 'L120' is a UTBMS task code" in err
