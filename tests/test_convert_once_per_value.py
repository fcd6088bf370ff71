"""Each distinct value is converted once per column and remembered, and invoices' totals are
written into their held rows after one pass; neither changes anything.

Generated files (values repeated down the columns, with bad dates, blank required cells, long
and formula-like texts, rates that round, names with spaces, several invoices) are mapped twice
by the command line: as it runs, and as it ran before (every value converted afresh, and the
invoices' totals summed by a first pass of their own); both runs must write the same bytes, the
same report and the same messages.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from addin.cli.main import main
from addin.core import convert_rows, pipeline
from addin.core.convert_rows import RowConverter
from addin.core.invoices import number_invoices
from addin.core.problems import Report
from addin.core.rowkinds import RowKinds
from addin.files.source import open_source

HEADER = ["Date", "Duration (hours)", "Client", "Matter", "Description", "Timekeeper", "Email",
          "Rate", "Activity Code", "Matter ID"]
SETTINGS = {"email": "a@example.com", "project": "P", "activity": "A", "client": "C",
            "task": "T", "client_id": "C1", "law_firm_id": "F1", "invoice_number": "INV-0001",
            "invoice_date": "2026-12-01"}
TEMPLATES = {"kimai-timesheet": ("activity", "email", "project"),
             "harvest": ("project", "task", "increment", "rounding"),
             "ledes-1998b": ("client_id", "law_firm_id", "invoice_number", "invoice_date",
                             "increment"),
             "clio": ("activity", "increment"),
             "toggl": ("email", "project", "day_start")}

dates = st.sampled_from(["02/11/2026", "13/11/2026", "03/11/2026", "31/02/2026", "soon", "",
                         "2026-11-04", "04/11/26"])
hours = st.sampled_from(["0.5", "1.25", "1:30", "0.1", "0", "abc", "", "30", "0.333", "7.0",
                         "7.00"])
names = st.sampled_from(["Acme", "Jones LLP", " Acme ", "", "Zoe\u0308", "Zo\u00eb"])
matters = st.sampled_from(["M1", "M-2", "", "=M3"])
texts = st.one_of(st.sampled_from(["Draft", "Call, client", '"Quoted"', "", "=SUM(A1)",
                                   "+1 call", "x" * 300, "Caf\u00e9 \u2013 review"]),
                  st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)),
                          max_size=20))
people = st.sampled_from(["Ann", "Bob", " Ann", "", "ann"])
emails = st.sampled_from(["ann@example.com", "", "not-an-email"])
rates = st.sampled_from(["350", "425.555", "", "x", "0", "350.00", "1,250.00", "199.99"])
codes = st.sampled_from(["A106", "L110", "", "Z9"])
matter_ids = st.sampled_from(["M-1", "M-2", "", "M 3"])
rows = st.lists(st.tuples(dates, hours, names, matters, texts, people, emails, rates, codes,
                          matter_ids), min_size=1, max_size=25)


def _source(entries: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(entries)
    return buffer.getvalue()


def _map(folder: Path, template: str, settings_given: list[str]) -> tuple[object, ...]:
    out, report = folder / "out.csv", folder / "report.csv"
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        code = main(["map", str(folder / "in.csv"), "-t", template, "-o", str(out), "--force",
                     "--overwrite", "--report", str(report), *settings_given])
    written = out.read_bytes() if out.exists() else None
    problems = report.read_bytes() if report.exists() else None
    for path in (out, report):
        path.unlink(missing_ok=True)
    return code, written, problems, stdout.getvalue(), stderr.getvalue()


def _two_passes(path: Path):
    """A converter as the pipeline made one before: every value converted afresh, and the
    invoices' totals known in advance from a first pass over the file."""
    def converter(plan, decisions, report, file_problems=(), totals=None):
        first = RowConverter(plan, decisions, Report(), file_problems, {})
        kinds = RowKinds(plan, decisions)
        for row, cells in open_source(path, None).data_rows():
            if kinds.check(row, cells) is None:
                first.convert(row, cells)
        numbering = number_invoices(plan, first.book.invoices)
        if numbering is not None:  # a problem of the file, after the file's others
            report.add(numbering)
        return RowConverter(plan, decisions, report, file_problems, first.book.invoices)
    return converter


@settings(max_examples=60)
@given(rows, st.sampled_from(sorted(TEMPLATES)), st.sampled_from(["", "6min"]),
       st.sampled_from(["INV-0001", "INV"]))
def test_one_pass_and_remembered_values_write_what_two_fresh_passes_wrote(
        entries, template, increment, number):
    given_settings = dict(SETTINGS, increment=increment, rounding="nearest", day_start="22:00",
                          invoice_number=number)
    args = [a for key in TEMPLATES[template] if given_settings.get(key)
            for a in ("--set", f"{key}={given_settings[key]}")]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "in.csv").write_text(_source(entries), encoding="utf-8", newline="")
        remembered = _map(folder, template, args)
        with patch.object(convert_rows, "MEMOISE", False), patch.object(
                pipeline, "RowConverter", _two_passes(folder / "in.csv")):
            fresh = _map(folder, template, args)
    assert remembered == fresh


def test_decimals_equal_in_value_but_written_apart_are_remembered_apart():
    # Decimal('7.0') == Decimal('7.00'): a column that writes a number as read must not take
    # one's text for the other's.
    assert convert_rows.memo_key(Decimal("7.0")) != convert_rows.memo_key(Decimal("7.00"))


def test_aware_times_are_not_remembered():
    utc = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    assert convert_rows.memo_key(utc) is None
