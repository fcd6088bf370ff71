"""Spreadsheet cells as Excel shows them, the same through both .xlsx readers."""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from clihelp import run
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.chart import BarChart, Reference
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from addin.convert.clocktime import ClockTime
from addin.core.errors import InputError
from addin.core.problems import Report
from addin.files.source import open_source
from addin.files.xlsx_cells import as_shown

SETTINGS = ["--set", "email=a@x.com", "--set", "user=anna", "--set", "project=P",
            "--set", "activity=Work"]


def with_xml(path: Path, replacements: dict[str, str], member: str = "xl/worksheets/sheet1.xml"
             ) -> Path:
    """Put in the sheet's XML what openpyxl cannot write: noisy doubles, cached formula results."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[member].decode()
    for old, new in replacements.items():
        assert old in xml, old
        xml = xml.replace(old, new)
    parts[member] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def both_readers(path: Path) -> list[list[object]]:
    """The rows through the reader chosen and through openpyxl, which must agree."""
    source = open_source(path).source
    chosen = [cells for _, cells in source.rows()]
    assert chosen == [cells for _, cells in source._openpyxl_rows()]  # type: ignore[attr-defined]
    return chosen


def numbers_book(path: Path, *values: float) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Value"])
    for index, _ in enumerate(values):
        book.active.append([index + 1000])
    book.save(path)
    return with_xml(path, {f"<v>{index + 1000}</v>": f"<v>{value!r}</v>"
                           for index, value in enumerate(values)})


def test_a_double_with_floating_point_noise_is_read_as_the_number_excel_shows(tmp_path):
    path = numbers_book(tmp_path / "in.xlsx", 2.5000000000000004, 0.09999999999999964,
                        385.00000000000006, 0.1, 1 / 3, 1234.5678, 0.0999999999999973)
    rows = both_readers(path)
    assert open_source(path).source.reader == "calamine"
    assert [cells[0] for cells in rows[1:]] == [2.5, 0.1, 385, 0.1, 0.33333333333333, 1234.5678,
                                                0.1]
    assert type(rows[3][0]) is int


def timesheet(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "Time"
    book.active.append(header or ["Date", "Start", "End", "Hours", "Client", "Matter", "Rate"])
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_formula_results_are_written_as_excel_shows_them(capsys, tmp_path):
    path = timesheet(tmp_path / "in.xlsx", [
        ["2026-11-02", None, None, 111, "Acme", "Audit", 222]])
    with_xml(path, {"<v>111</v>": "<f>(C2-B2)*24</f><v>2.5000000000000004</v>",
                    "<v>222</v>": "<f>350*1.1</f><v>385.00000000000006</v>"})
    out = tmp_path / "out.csv"
    result = run(capsys, "map", path, "-t", "kimai-timesheet", "-o", out, *SETTINGS)
    assert result.code == 0, result.err
    header, line = (text.split(",") for text in out.read_text(encoding="utf-8").splitlines())
    written = dict(zip(header, line, strict=True))
    assert (written["Duration"], written["HourlyRate"]) == ("9000", "385")
    assert "2.5 hours in, 2.5 out" in result.out


def test_six_minutes_of_time_arithmetic_is_a_tenth_of_an_hour(capsys, tmp_path):
    path = timesheet(tmp_path / "in.xlsx", [["2026-11-02", None, None, 111, "Acme", "Audit"]])
    with_xml(path, {"<v>111</v>": "<f>(C2-B2)*24</f><v>0.09999999999999964</v>"})
    out = tmp_path / "out.csv"
    result = run(capsys, "map", path, "-t", "kimai-timesheet", "-o", out, *SETTINGS)
    assert result.code == 0, result.err
    assert out.read_text(encoding="utf-8").splitlines()[1].split(",")[3] == "360"


def two_thirty(path: Path, number_format: str) -> Path:
    """A sheet whose duration cell holds the time 2:30 in the given number format."""
    timesheet(path, [["2026-11-02", None, None, dt.time(2, 30), "Acme", "Audit"]])
    book = openpyxl.load_workbook(path)
    book.active["D2"].number_format = number_format
    book.save(path)
    return path


def test_a_time_of_day_shown_with_am_pm_in_a_duration_column_is_bad_duration(capsys, tmp_path):
    path = two_thirty(tmp_path / "in.xlsx", "h:mm AM/PM")
    assert open_source(path).source.reader == "openpyxl"
    assert isinstance(both_readers(path)[1][3], ClockTime)
    result = run(capsys, "map", path, "-t", "kimai-timesheet", "-o", tmp_path / "o.csv",
                 *SETTINGS)
    assert result.code == 1
    assert ("row 2, Hours: error: '2:30 AM' is not a duration: the cell is a time of day (its"
            " format shows AM/PM), not time spent; type the hours (2.5) or format the cells as"
            " [h]:mm\n"
            in result.err)


def test_a_time_shown_as_elapsed_hours_stays_a_duration(capsys, tmp_path):
    path = two_thirty(tmp_path / "in.xlsx", "[h]:mm")
    out = tmp_path / "out.csv"
    result = run(capsys, "map", path, "-t", "kimai-timesheet", "-o", out, *SETTINGS)
    assert result.code == 0, result.err
    assert out.read_text(encoding="utf-8").splitlines()[1].split(",")[3] == "9000"


def test_the_1904_date_system_is_honoured_by_both_readers(tmp_path):
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    book.active.append(["Date", "Hours"])
    book.active.append([dt.datetime(2026, 11, 2), 1])
    book.save(tmp_path / "mac.xlsx")
    assert both_readers(tmp_path / "mac.xlsx")[1] == [dt.datetime(2026, 11, 2), 1]


def entries_book(path: Path, first: str) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.active.title = first
    book.active.append(["Old"])
    return book


def test_a_hidden_first_sheet_is_not_chosen_and_the_choice_is_named(tmp_path):
    book = entries_book(tmp_path / "in.xlsx", "Archive")
    book.active.sheet_state = "hidden"
    book.create_sheet("Time").append(["Date", "Hours"])
    book["Time"].append(["2026-11-02", 1])
    book.save(tmp_path / "in.xlsx")
    source = open_source(tmp_path / "in.xlsx")
    assert source.header == ["Date", "Hours"]
    assert source.source.describe() == ("sheet 'Time', the first visible worksheet (also in the"
                                        " file: 'Archive' (hidden); choose with --sheet)")


def test_a_chart_sheet_first_is_not_chosen(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Time"
    book.active.append(["Date", "Hours"])
    book.active.append(["2026-11-02", 1])
    chart = BarChart()
    chart.add_data(Reference(book.active, min_col=2, min_row=1, max_row=2))
    book.create_chartsheet("Hours chart", 0).add_chart(chart)
    book.save(tmp_path / "in.xlsx")
    source = open_source(tmp_path / "in.xlsx")
    assert source.header == ["Date", "Hours"]
    assert source.source.describe() == ("sheet 'Time', the first visible worksheet (also in the"
                                        " file: 'Hours chart' (a chart); choose with --sheet)")
    with pytest.raises(InputError, match="'Hours chart' is a chart, not a table"):
        open_source(tmp_path / "in.xlsx", "Hours chart")


def test_rows_hidden_by_a_filter_are_named_in_the_note(capsys, tmp_path):
    path = timesheet(tmp_path / "in.xlsx", [["2026-11-02", None, None, 1, "Acme", "Audit"]] * 3)
    book = openpyxl.load_workbook(path)
    book.active.auto_filter.ref = "A1:G4"
    book.active.row_dimensions[3].hidden = True
    book.active.row_dimensions[4].hidden = True
    book.save(path)
    result = run(capsys, "map", path, "-t", "kimai-timesheet", "-o", tmp_path / "o.csv",
                 *SETTINGS)
    assert result.code == 0
    assert result.err.startswith("note: in.xlsx: sheet 'Time'; rows 3, 4 are hidden by a filter"
                                 " and read like the others, header on row 1;")


def test_a_header_merged_across_columns_is_refused_naming_the_merge(tmp_path):
    path = timesheet(tmp_path / "in.xlsx", [["2026-11-02", None, None, 1, "Acme", "Audit"]],
                     header=["Date", "Start", "End", "Hours", "Client and matter", None])
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("E1:F1")
    book.save(path)
    with pytest.raises(InputError, match=r"the header cells E1:F1 \(row 1\) are merged"):
        open_source(path)


def test_an_error_cell_in_a_column_nothing_reads_is_a_warning(capsys, tmp_path):
    path = timesheet(tmp_path / "in.xlsx", [["2026-11-02", None, None, 1, "Acme", "Audit", None,
                                             "x"]],
                     header=["Date", "Start", "End", "Hours", "Client", "Matter", "Rate",
                             "Lookup helper"])
    with_xml(path, {'<c r="H2" t="inlineStr"><is><t>x</t></is></c>':
                    '<c r="H2" t="e"><f>VLOOKUP(A2,Z:Z,2,0)</f><v>#N/A</v></c>'})
    out = tmp_path / "out.csv"
    result = run(capsys, "map", path, "-t", "kimai-timesheet", "-o", out, *SETTINGS)
    assert result.code == 0, result.err
    assert ("row 2, Lookup helper: warning: the cell shows #N/A, a spreadsheet error; fix the"
            " formula in the source, or type the value (nothing reads this column, so nothing"
            " is lost)") in result.err


def test_an_error_cell_in_a_column_that_is_read_stays_an_error(tmp_path):
    path = timesheet(tmp_path / "in.xlsx", [["2026-11-02", None, None, 1, "Acme", "Audit"]])
    with_xml(path, {'<c r="D2" t="n"><v>1</v></c>': '<c r="D2" t="e"><v>#N/A</v></c>'})
    report = Report()
    list(open_source(path).data_rows(report, read={0, 3, 4, 5}))
    assert [(p.row, p.column, p.severity) for p in report] == [(2, "Hours", "error")]


@given(st.decimals(min_value=0, max_value=100_000, places=4, allow_nan=False),
       st.integers(min_value=-2, max_value=2))
def test_a_short_decimal_two_units_of_float_noise_away_reads_back_as_itself(number, ulps):
    stored = float(number)
    for _ in range(abs(ulps)):
        stored = math.nextafter(stored, math.inf if ulps > 0 else -math.inf)
    assert Decimal(repr(as_shown(stored))) == number


def test_text_already_read_in_the_wrong_encoding_is_reported_by_both_readers(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Date", "Client"])
    book.active.append(["2026-11-02", "MÃ¼ller GmbH"])
    book.active.append(["2026-11-03", "São Paulo"])
    book.save(tmp_path / "in.xlsx")
    report = Report()
    source = open_source(tmp_path / "in.xlsx")
    both_readers(tmp_path / "in.xlsx")
    assert [cells[1] for _, cells in source.data_rows(report)] == [None, "São Paulo"]
    assert "'MÃ¼ller GmbH', which is 'Müller GmbH' read in the wrong encoding" in (
        report.problems[0].message)
