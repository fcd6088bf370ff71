"""The bad-input corpus: each broken or unusual input through `importmap map`, with its outcome.

Every case asserts the exit code and the message, that no output file (and no temporary file) is
left when the run fails, and that the input's bytes are unchanged. Text inputs live in
tests/bad_inputs/; binary ones (workbooks, UTF-16, junk) are built here, small.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from clihelp import Result, run

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
HEADER = ["Date", "Duration (hours)", "Client", "Matter", "Description", "Timekeeper", "Rate",
          "Activity Code"]
ENTRY = ["2026-11-02", "0.1", "Jones Family Trust", "Jones v. Harbor Bank", "Email to client",
         "Maria Alvarez", "350", "A106"]
SETTINGS = ["--set", "email=maria@example-law.com", "--set", "project=General matters",
            "--set", "activity=Legal work"]
GOOD_LINE = ("2026-11-02,09:00:00,09:06:00,360,Maria Alvarez,maria@example-law.com,"
             "Jones Family Trust,Jones v. Harbor Bank,A106,Email to client,350,35.00,1,,")


class Case:
    """An input in its own folder, the output in another, and the run's result."""

    def __init__(self, tmp_path: Path, name: str, content: bytes | None = None) -> None:
        folder = tmp_path / "in"
        folder.mkdir()
        self.input = folder / name
        if content is None:
            shutil.copy(CORPUS / name, self.input)
        else:
            self.input.write_bytes(content)
        self.before = self.input.read_bytes()
        self.out_dir = tmp_path / "out"
        self.out_dir.mkdir()
        self.output = self.out_dir / "kimai.csv"

    def map(self, capsys: pytest.CaptureFixture[str], *extra: object) -> Result:
        return run(capsys, "map", self.input, "-t", "kimai-timesheet", "-o", self.output,
                   *SETTINGS, *extra)

    def assert_refused(self, result: Result, code: int) -> None:
        assert result.code == code, result.err
        assert "Traceback" not in result.err
        assert list(self.out_dir.iterdir()) == []  # no output, no temporary file
        assert self.input.read_bytes() == self.before

    def written_lines(self) -> list[str]:
        return self.output.read_text(encoding="utf-8").splitlines()


def book_bytes(tmp_path: Path, build: Callable[[openpyxl.Workbook], None]) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "Time"
    build(book)
    path = tmp_path / "built.xlsx"
    book.save(path)
    data = path.read_bytes()
    path.unlink()
    return data


def entries(book: openpyxl.Workbook, *rows: list[object]) -> None:
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)


# --- text files that cannot be read ---------------------------------------------------------


def test_an_empty_file_exits_2_saying_it_is_empty(capsys, tmp_path):
    case = Case(tmp_path, "empty.csv")
    result = case.map(capsys)
    case.assert_refused(result, 2)
    assert result.err == (f"importmap: error: {case.input}: the file is empty; it needs a row of"
                          " column headers and the rows of time entries below it\n")


def test_a_header_without_rows_exits_2_saying_there_is_nothing_to_map(capsys, tmp_path):
    case = Case(tmp_path, "header-only.csv")
    result = case.map(capsys)
    case.assert_refused(result, 2)
    assert result.err == (f"importmap: error: {case.input}: has column headers (row 1) but no"
                          " rows of data below them; nothing to map\n")


NOT_TEXT = ("is not a text file in UTF-8, UTF-16 or Windows-1252 (is it a spreadsheet or another"
            " binary file renamed to .csv?); save it from Excel as 'CSV UTF-8' and try again")


@pytest.mark.parametrize(("name", "content"), [
    ("junk.csv", bytes(range(256)) * 4),
    ("unknown-encoding.csv", ",".join(HEADER).encode() + b"\r\n2026-11-02,0.1,\x81\x8d\x90\r\n"),
    ("utf16-without-bom.txt", "\t".join(HEADER).encode("utf-16-le")),
    ("nul-byte.csv", ",".join(HEADER).encode() + b"\r\n2026-11-02,0.1,Jo\x00nes\r\n"),
])
def test_a_file_that_is_not_text_exits_2_before_reading_any_row(capsys, tmp_path, name, content):
    case = Case(tmp_path, name, content)
    result = case.map(capsys)
    case.assert_refused(result, 2)
    assert result.err == f"importmap: error: {case.input}: {NOT_TEXT}\n"


def test_an_unclosed_quote_exits_2_naming_the_line(capsys, tmp_path):
    case = Case(tmp_path, "unclosed-quote.csv")
    result = case.map(capsys)
    case.assert_refused(result, 2)
    assert result.err.splitlines()[-1] == (
        f"importmap: error: {case.input}: line 2: not valid CSV (unexpected end of data); check"
        " for an unclosed quote")


def test_duplicate_headers_exit_2_naming_both_columns(capsys, tmp_path):
    case = Case(tmp_path, "duplicate-headers.csv")
    result = case.map(capsys)
    case.assert_refused(result, 2)
    assert result.err == (f"importmap: error: {case.input}: columns A and B (row 1) are both"
                          " called 'Date'; rename one, so that it is clear which to read\n")


# --- text files that are read, with what they hold reported ---------------------------------


def test_utf16_from_excels_unicode_text_is_read(capsys, tmp_path):
    text = "\r\n".join("\t".join(line) for line in (HEADER, ENTRY)) + "\r\n"
    case = Case(tmp_path, "unicode-text.txt", text.encode("utf-16"))
    result = case.map(capsys)
    assert result.code == 0, result.err
    assert result.err.startswith("note: unicode-text.txt: UTF-16, tab-separated, header on row 1")
    assert case.written_lines()[1] == GOOD_LINE
    assert case.input.read_bytes() == case.before


def test_title_lines_above_the_header_are_skipped(capsys, tmp_path):
    case = Case(tmp_path, "title-lines.csv")
    result = case.map(capsys)
    assert result.code == 0 and "header on row 4" in result.err
    assert case.written_lines()[1:] == [GOOD_LINE]


def test_ragged_rows_a_short_one_is_reported_empty_and_a_long_one_is_an_error(
        capsys, tmp_path):
    case = Case(tmp_path, "ragged.csv")
    result = case.map(capsys)
    case.assert_refused(result, 1)
    assert result.err.splitlines()[1:3] == [
        "row 3, User: error: Kimai 2 (Importer plugin: Timesheet) needs User; the 'Timekeeper'"
        " cell is empty. Fill it in the source, or give --set user=VALUE",
        "row 4, column I: error: the row has 9 cells but the header 8, so its values have"
        " shifted and the row is not read; a value probably holds a comma without quotes around"
        " it. Put the value in double quotes (or save the file from Excel, which does)",
    ]


def test_values_under_a_blank_header_are_reported_not_dropped_silently(capsys, tmp_path):
    case = Case(tmp_path, "blank-header.csv")
    result = case.map(capsys)
    assert result.code == 0
    assert result.err.splitlines()[1] == (
        "row 2, column G: warning: column G has values but no header, so they are not read (this"
        " is the first of them); give the column a header, or delete the values")


def test_a_cell_longer_than_excel_holds_is_an_error(capsys, tmp_path):
    long_entry = ENTRY[:4] + ["x" * 40_000] + ENTRY[5:]
    content = "\r\n".join(",".join(line) for line in (HEADER, long_entry)).encode()
    case = Case(tmp_path, "long-cell.csv", content)
    result = case.map(capsys)
    case.assert_refused(result, 1)
    assert result.err.splitlines()[1] == (
        "row 2, Description: error: 40,000 characters; a spreadsheet cell holds at most 32,767,"
        " so Excel would cut it off. Shorten the text in the source")


def test_numbers_over_15_digits_are_written_with_every_digit(capsys, tmp_path):
    case = Case(tmp_path, "many-digits.csv")
    result = case.map(capsys)
    assert result.code == 0
    assert case.written_lines()[1].split(",")[7:] == [
        "123456789012345678901", "A106", "Email to client", "12345678901234567890.5",
        "1234567890123456789.05", "1", "", ""]


# --- workbooks -----------------------------------------------------------------------------


def test_an_error_value_in_an_xlsx_cell_is_reported_and_not_written(capsys, tmp_path):
    content = book_bytes(tmp_path, lambda book: entries(book, ENTRY, ENTRY[:1] + ["#N/A"] +
                                                        ENTRY[2:]))
    case = Case(tmp_path, "errors.xlsx", content)
    result = case.map(capsys)
    case.assert_refused(result, 1)
    assert result.err.splitlines()[1] == (
        "row 3, Duration (hours): error: the cell shows #N/A, a spreadsheet error; fix the"
        " formula in the source, or type the value")


def test_an_uncalculated_formula_in_an_xlsx_is_reported_not_read_as_empty(capsys, tmp_path):
    content = book_bytes(tmp_path, lambda book: entries(book, ENTRY[:4] + ["=\"Call \"&F2"] +
                                                        ENTRY[5:]))
    case = Case(tmp_path, "formulas.xlsx", content)
    result = case.map(capsys)
    case.assert_refused(result, 1)
    assert result.err.splitlines()[1] == (
        "row 2, Description: error: the cell holds the formula =\"Call \"&F2 but no saved result"
        " (the file was not last saved by Excel); open it in Excel and save it, or paste the"
        " values in place of the formulas")


def test_a_merged_cells_lower_rows_read_as_empty_and_are_reported(capsys, tmp_path):
    def build(book: openpyxl.Workbook) -> None:
        entries(book, ENTRY, ENTRY[:2] + [None] + ENTRY[3:])
        book.active.merge_cells("C2:C3")

    case = Case(tmp_path, "merged.xlsx", book_bytes(tmp_path, build))
    result = case.map(capsys)
    case.assert_refused(result, 1)
    assert result.err.splitlines()[1] == (
        "row 3, Customer: error: Kimai 2 (Importer plugin: Timesheet) needs Customer; the"
        " 'Client' cell is empty. Fill it in the source, or give --set customer=VALUE")


def test_hidden_rows_are_mapped_like_the_others(capsys, tmp_path):
    def build(book: openpyxl.Workbook) -> None:
        entries(book, ENTRY, ENTRY)
        book.active.row_dimensions[3].hidden = True

    case = Case(tmp_path, "hidden.xlsx", book_bytes(tmp_path, build))
    result = case.map(capsys)
    assert result.code == 0 and result.out.startswith("2 rows read, 2 written;")


def test_with_several_sheets_the_first_is_read_and_the_others_named(capsys, tmp_path):
    def build(book: openpyxl.Workbook) -> None:
        entries(book, ENTRY)
        book.create_sheet("Expenses").append(["Date", "Amount"])

    case = Case(tmp_path, "sheets.xlsx", book_bytes(tmp_path, build))
    result = case.map(capsys)
    assert result.code == 0 and result.err.startswith(
        "note: sheets.xlsx: sheet 'Time' (also in the file: 'Expenses'; choose with --sheet),"
        " header on row 1")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # a compound file, as Excel encrypts to


@pytest.mark.parametrize(("name", "content", "message"), [
    ("protected.xlsx", OLE, "is password-protected (or an old .xls workbook renamed to .xlsx);"
     " open it in Excel, remove the password (File > Info > Protect Workbook) and save it as"
     " .xlsx or CSV UTF-8"),
    ("corrupt.xlsx", b"PK\x03\x04 truncated", "cannot be read as an .xlsx workbook (File is not"
     " a zip file); save it from Excel as 'Excel Workbook (.xlsx)' or as CSV"),
    ("old.xls", OLE, "old .xls workbooks are not read; open it in Excel (or LibreOffice) and save"
     " it as .xlsx or CSV UTF-8"),
    ("calc.ods", b"PK\x03\x04", "OpenDocument spreadsheets (.ods) are not read; open it in Excel"
     " (or LibreOffice) and save it as .xlsx or CSV UTF-8"),
])
def test_a_workbook_that_cannot_be_read_exits_2_saying_what_to_do(capsys, tmp_path, name,
                                                                   content, message):
    case = Case(tmp_path, name, content)
    result = case.map(capsys)
    case.assert_refused(result, 2)
    assert result.err == f"importmap: error: {case.input}: {message}\n"


# --- paths ---------------------------------------------------------------------------------


def test_an_input_that_does_not_exist_exits_2(capsys, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", tmp_path / "nope.csv", "-t", "kimai-timesheet", "-o", out)
    assert (result.code, result.err, out.exists()) == (
        2, f"importmap: error: {tmp_path / 'nope.csv'}: no such file\n", False)


def test_an_input_that_is_a_folder_exits_2(capsys, tmp_path):
    (tmp_path / "in.csv").mkdir()
    result = run(capsys, "map", tmp_path / "in.csv", "-t", "kimai-timesheet", "-o",
                 tmp_path / "out.csv")
    assert (result.code, result.err) == (
        2, f"importmap: error: {tmp_path / 'in.csv'}: is a folder, not a file\n")


@pytest.mark.parametrize("name", ["title-lines.csv", "book.xlsx"])
def test_an_input_that_cannot_be_read_exits_2(capsys, tmp_path, monkeypatch, name):
    content = (CORPUS / "title-lines.csv").read_bytes() if name.endswith(".csv") else (
        book_bytes(tmp_path, lambda book: entries(book, ENTRY)))
    case = Case(tmp_path, name, content)
    opened = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == case.input:
            raise PermissionError(13, "Permission denied")
        return opened(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    result = case.map(capsys)
    monkeypatch.undo()
    case.assert_refused(result, 2)
    assert result.err == (f"importmap: error: {case.input}: cannot read the file (Permission"
                          " denied)\n")


def test_an_output_folder_that_cannot_be_written_exits_2(capsys, tmp_path, monkeypatch):
    case = Case(tmp_path, "title-lines.csv")

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = case.map(capsys)
    case.assert_refused(result, 2)
    assert result.err.splitlines()[-1] == (
        f"importmap: error: {case.output}: cannot write the file (Permission denied). Check that"
        " the folder exists and is writable and that the file is not open in another program;"
        " nothing was written")


def test_an_output_folder_that_does_not_exist_exits_2(capsys, tmp_path):
    case = Case(tmp_path, "title-lines.csv")
    case.output = case.out_dir / "missing" / "kimai.csv"
    result = case.map(capsys)
    case.assert_refused(result, 2)
    assert result.err == (f"importmap: error: {case.output}: folder {case.output.parent} does"
                          " not exist\n")


def test_an_excel_error_saved_in_a_csv_is_a_cell_error_not_a_name(capsys, tmp_path):
    # Excel writes '#N/A' (or '#REF!') in a CSV where the sheet showed an error: never a matter.
    lines = [",".join(HEADER), ",".join(ENTRY[:3] + ["#N/A"] + ENTRY[4:])]
    case = Case(tmp_path, "errors.csv", ("\n".join(lines) + "\n").encode())
    result = case.map(capsys)
    case.assert_refused(result, 1)
    assert result.err.splitlines()[1] == (
        "row 2, Matter: error: the cell shows #N/A, a spreadsheet error; fix the formula in the"
        " source, or type the value")


@pytest.mark.parametrize("shown", ["#NV", "#WERT!", "#VALEUR!", "#N/D"])
def test_an_excel_error_saved_in_another_language_is_a_cell_error(capsys, tmp_path, shown):
    # German, French and Spanish Excel save their own words for an error cell.
    lines = [";".join(HEADER), ";".join(ENTRY[:3] + [shown] + ENTRY[4:])]
    case = Case(tmp_path, "fehler.csv", ("\r\n".join(lines) + "\r\n").encode("cp1252"))
    result = case.map(capsys)
    case.assert_refused(result, 1)
    assert result.err.splitlines()[1] == (
        f"row 2, Matter: error: the cell shows {shown}, a spreadsheet error; fix the formula in"
        " the source, or type the value")


def test_an_excel_error_in_a_csv_column_nothing_reads_is_a_warning(capsys, tmp_path):
    lines = [",".join(HEADER + ["Check"]), ",".join(ENTRY + ["#DIV/0!"])]
    case = Case(tmp_path, "errors.csv", ("\n".join(lines) + "\n").encode())
    result = case.map(capsys)
    assert result.code == 0, result.err
    assert "row 2, Check: warning: the cell shows #DIV/0!" in result.err
    assert case.written_lines()[1] == GOOD_LINE


def test_two_columns_of_one_name_that_nothing_reads_are_not_refused(capsys, tmp_path):
    # Tempo's worklog export has 'Epic Link' twice (mmarekpohl/timesheet,
    # src/test/resources/in/in.csv); neither is read, so neither is a guess.
    lines = [",".join(HEADER + ["Epic Link", "Epic Link"]), ",".join(ENTRY + ["E-1", "E-1"])]
    case = Case(tmp_path, "tempo.csv", ("\n".join(lines) + "\n").encode())
    result = case.map(capsys)
    assert result.code == 0, result.err
    assert "column 'Epic Link' is not used" in result.err
    assert case.written_lines()[1] == GOOD_LINE


def test_a_damaged_cell_in_a_workbook_exits_2_saying_to_save_it_again(capsys, tmp_path):
    # A number cell whose text is not a number (written by another program): no traceback.
    content = book_bytes(tmp_path, lambda book: entries(book, ENTRY[:6] + [987654] + ENTRY[7:]))
    parts = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"<v>987654</v>", b"<v>''</v>")
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    case = Case(tmp_path, "damaged.xlsx", damaged.getvalue())
    result = case.map(capsys)
    case.assert_refused(result, 2)
    assert result.err.startswith(f"importmap: error: {case.input}: sheet 'Time' cannot be read")
    assert result.err.rstrip().endswith(
        "open the file in Excel and save it again as .xlsx, or save it as CSV UTF-8")
