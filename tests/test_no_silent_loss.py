"""No silent loss: every source row is written or reported, and hours in equal hours out.

Generated files mix good rows with bad durations, blank required cells and odd narratives; the
run is `importmap map --force --report`, so that every row is written and every problem listed.
"""

from __future__ import annotations

import csv
import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from unittest.mock import patch

from clihelp import run
from hypothesis import given
from hypothesis import strategies as st
from mapping import map_with

from addin.cli.main import main
from addin.core.tally import hours_text

HEADER = ["Date", "Duration (hours)", "Client", "Matter", "Description", "Timekeeper", "Rate",
          "Activity Code"]
SETTINGS = ["--set", "email=a@example.com", "--set", "project=P", "--set", "activity=A"]

good_hours = st.decimals(min_value=0, max_value=3, places=2).map(str)
bad_hours = st.sampled_from(["soon", "1..5", "-", "1:75", "#N/A"])
narrative = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)),
                    max_size=30)
rows = st.lists(st.tuples(st.one_of(good_hours, bad_hours, st.just("")),
                          st.sampled_from(["Acme", "Jones", ""]), narrative,
                          st.sampled_from(["Ann", "Bob", ""])), min_size=1, max_size=12)


def source_text(entries: list[tuple[str, str, str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for hours, client, text, person in entries:
        writer.writerow(["2026-11-02", hours, client, "M1", text, person, "350", "A106"])
    return buffer.getvalue()


def readable_seconds(hours: str) -> Decimal | None:
    try:
        return Decimal(hours) * 3600
    except ArithmeticError:
        return None


@given(rows)
def test_every_row_is_written_or_reported_and_hours_in_equal_hours_out(entries):
    with tempfile.TemporaryDirectory() as folder:
        source, out, report = (Path(folder) / n for n in ("in.csv", "out.csv", "report.csv"))
        source.write_text(source_text(entries), encoding="utf-8", newline="")
        code, stdout = _map(source, out, report)
        with out.open(encoding="utf-8", newline="") as handle:
            written = list(csv.reader(handle))[1:]
        with report.open(encoding="utf-8-sig", newline="") as handle:
            problems = list(csv.DictReader(handle))

    assert code in (0, 1)
    # In order, each text as it was (a cell of only spaces is an empty cell).
    misread = {int(p["row"]) for p in problems if p["code"] == "bad-encoding" or (
        p["code"] == "cell-error" and p["column"] == "Description")}  # '#N/A': an error cell
    assert [row[9] for row in written] == [
        "" if not text.strip() or n in misread else text
        for n, (_, _, text, _) in enumerate(entries, start=2)]
    # '#N/A' is what Excel saves for an error cell: a cell-error, unreadable as the others.
    bad_rows = {int(p["row"]) for p in problems if p["code"] == "bad-duration" or (
        p["code"] == "cell-error" and p["column"] == HEADER[1])}
    assert bad_rows == {n for n, (hours, *_) in enumerate(entries, start=2)
                        if hours and readable_seconds(hours) is None}
    seconds_in = sum(readable_seconds(hours) or 0 for hours, *_ in entries)
    seconds_out = sum(Decimal(row[3] or 0) for row in written)
    assert seconds_out == seconds_in
    hours = hours_text(Fraction(seconds_in) / 3600)
    assert stdout.startswith(f"{len(entries)} row{'s' if len(entries) != 1 else ''} read,"
                             f" {len(entries)} written")
    assert f"; {hours} hours in, {hours} out;" in stdout


def _map(source: Path, out: Path, report: Path) -> tuple[int, str]:
    """The command line in-process, its stdout captured without pytest's fixtures (hypothesis
    runs the test many times within one test function)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    # fsync makes a finished file durable; here it only costs time, so it is skipped.
    with redirect_stdout(stdout), redirect_stderr(stderr), patch("os.fsync"):
        code = main(["map", str(source), "-t", "kimai-timesheet", "-o", str(out), "--force",
                     "--report", str(report), *SETTINGS])
    return code, stdout.getvalue()


def test_rows_merged_by_a_unique_template_are_counted_in_the_summary(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(source_text([("0.1", "Acme", "a", "Ann"), ("0.2", "Acme", "b", "Bob"),
                                   ("0.3", "Jones", "c", "Ann")]), encoding="utf-8")
    result = run(capsys, "map", source, "-t", "kimai-customer", "-o", tmp_path / "out.csv",
                 "--set", "country=US")
    assert result.out.startswith("3 rows read, 2 written (1 merged into rows with the same Name);")


def test_the_excel_path_counts_rows_and_hours_on_both_sides():
    table = [HEADER, ["2026-11-02", "0.25", "Acme", "M", "x", "Ann", "350", "A1"],
             ["2026-11-02", "soon", "Acme", "M", "y", "Ann", "350", "A1"]]
    account = map_with("kimai-timesheet", table).account
    assert (account.read, account.mapped, account.hours_in, account.hours_out) == (
        2, 2, Fraction(1, 4), Fraction(1, 4))
