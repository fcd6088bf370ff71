"""Opening an .xlsx: its sheets named and told apart without reading them, cells read once per
distinct value, and everything as openpyxl would give it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
from openpyxl.chart import BarChart, Reference

from addin.files.source import open_source
from addin.files.xlsx_source import XlsxSource


def book_of_every_kind(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Archive"
    book.active.sheet_state = "hidden"
    book.create_sheet("Time").append(["Date", "Hours"])
    book["Time"].append(["2026-11-02", 1])
    book.create_sheet("Secret").sheet_state = "veryHidden"
    chart = BarChart()
    chart.add_data(Reference(book["Time"], min_col=2, min_row=1, max_row=2))
    book.create_chartsheet("Hours chart", 1).add_chart(chart)
    book.create_sheet("Notes")
    book.save(path)
    return path


def test_sheets_are_named_and_told_apart_as_openpyxl_tells_them(tmp_path) -> None:
    path = book_of_every_kind(tmp_path / "in.xlsx")
    loaded = openpyxl.load_workbook(path, read_only=True)
    expected = {name: "chart" if not hasattr(loaded[name], "iter_rows") else
                "worksheet" if loaded[name].sheet_state == "visible" else "hidden"
                for name in loaded.sheetnames}
    loaded.close()

    assert XlsxSource(path).sheet_kinds == expected == {
        "Archive": "hidden", "Hours chart": "chart", "Time": "worksheet", "Secret": "hidden",
        "Notes": "worksheet"}
    assert list(XlsxSource(path).sheet_kinds) == ["Archive", "Hours chart", "Time", "Secret",
                                                  "Notes"]


def test_a_sheet_calamine_reads_is_opened_without_loading_the_workbook_in_openpyxl(
        tmp_path) -> None:
    # openpyxl's load reads every shared string: at 100,000 rows, three times calamine's read
    # of the whole sheet, only to learn the sheets' names.
    path = book_of_every_kind(tmp_path / "in.xlsx")
    probe = ("import sys; from pathlib import Path; from addin.files.source import open_source;"
             f" s = open_source(Path({str(path)!r})); rows = list(s.data_rows());"
             " print(s.source.reader, len(rows), 'openpyxl' in sys.modules)")

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)

    assert done.stdout.split() == ["calamine", "1", "False"]


def test_repeated_cells_read_as_each_does_alone(tmp_path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Client", "Hours", "Day"])
    rows = [["MÃ¼ller", 2.5000000000000004, dt.datetime(2026, 11, 2)], ["Acme", 2.0, None],
            ["MÃ¼ller", 0.1, dt.datetime(2026, 11, 2)], ["Acme", 2.5000000000000004, None]] * 3
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "in.xlsx")

    opened = open_source(tmp_path / "in.xlsx")
    cells = [row for _, row in opened.source.rows()][1:]

    assert opened.source.reader == "calamine"  # type: ignore[attr-defined]
    assert [row[1:] for row in cells] == [[2.5, dt.datetime(2026, 11, 2)], [2, None],
                                          [0.1, dt.datetime(2026, 11, 2)], [2.5, None]] * 3
    assert [type(row[0]).__name__ for row in cells] == ["UndecodableCell", "str"] * 6
