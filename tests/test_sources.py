import datetime as dt

import openpyxl
import pytest

from addin.core.errors import InputError
from addin.files.csv_source import CsvSource, detect_delimiter
from addin.files.lookup import load_lookup
from addin.files.source import open_source
from addin.files.xlsx_cells import CellError


def rows_of(path):
    return [cells for _, cells in open_source(path).data_rows()]


def test_utf8_with_bom_is_read_without_the_bom(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("\ufeffDate,Client\r\n2026-01-05,Zoë\r\n".encode())
    source = open_source(path)
    assert (source.header, rows_of(path)) == (["Date", "Client"], [["2026-01-05", "Zoë"]])


def test_windows_1252_is_detected(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("Date;Client\r\n2026-01-05;Zoë\r\n".encode("cp1252"))
    assert CsvSource(path).encoding == "cp1252" and rows_of(path) == [["2026-01-05", "Zoë"]]


def test_semicolon_and_tab_delimiters_are_detected():
    assert (detect_delimiter("Date;Client;Hours\r\n"), detect_delimiter("Date\tClient\n"),
            detect_delimiter('"a;b",c,d\n')) == (";", "\t", ",")


def test_a_quoted_line_break_stays_in_its_row_and_row_numbers_follow_records(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('Date,Description\n2026-01-05,"two\nlines"\n2026-01-06,x\n', encoding="utf-8")
    assert list(open_source(path).data_rows()) == [(2, ["2026-01-05", "two\nlines"]),
                                                   (3, ["2026-01-06", "x"])]


def test_an_empty_file_is_an_input_error(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        open_source(path)


def test_an_unknown_extension_is_an_input_error(tmp_path):
    path = tmp_path / "in.pdf"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unknown file type"):
        open_source(path)


def test_xlsx_cells_keep_their_types_and_a_named_sheet_is_used(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Time")
    sheet.append(["Date", "Hours", "Matter"])
    sheet.append([dt.datetime(2026, 1, 5), 0.1, "007"])
    path = tmp_path / "in.xlsx"
    book.save(path)
    source = open_source(path, sheet="Time")
    assert list(source.data_cells()) == [[dt.datetime(2026, 1, 5), 0.1, "007"]]


def test_a_missing_sheet_lists_the_sheets(tmp_path):
    book = openpyxl.Workbook()
    path = tmp_path / "in.xlsx"
    book.save(path)
    with pytest.raises(InputError, match="sheets: Sheet"):
        open_source(path, sheet="Time")


def test_a_lookup_table_finds_trimmed_case_insensitive_names(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("name,id\nAcme  Corp ,0042\n", encoding="utf-8")
    table = load_lookup("clients", path)
    assert table.find({"client": "ACME CORP"}) == {"client_id": "0042"}


def test_a_lookup_name_with_two_values_is_an_error(tmp_path):
    path = tmp_path / "clients.csv"
    path.write_text("name,id\nAcme,1\nacme,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 3: 'acme' appears twice"):
        load_lookup("clients", path)


def test_a_file_in_neither_encoding_is_an_input_error_before_any_row(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(b"Date,Hours\r\n2026-01-05,\x81\x90\r\n")
    with pytest.raises(InputError, match="not a text file in UTF-8, UTF-16 or Windows-1252"):
        open_source(path)


def every_kind_of_cell(path, *, error_cell=False):
    """A sheet whose table starts at C3, with a cell of each type Excel stores."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"] = "Value", "Row"
    values = [dt.datetime(2026, 1, 5), dt.datetime(2026, 1, 5, 9, 30), dt.time(9, 30),
              dt.timedelta(hours=1, minutes=30), 0.1, 3, True, "007", None, " text ",
              1.5, 12345678901234567]
    for number, value in enumerate(values, start=4):
        sheet.cell(row=number, column=3, value=value)
        sheet.cell(row=number, column=4, value=number)
    sheet["C8"].number_format = "[h]:mm"
    book.save(path)
    if error_cell:  # openpyxl cannot write a cached error value: put one in the sheet's XML
        import zipfile

        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        member = "xl/worksheets/sheet1.xml"
        parts[member] = parts[member].replace(
            b'<c r="C11" t="inlineStr"><is><t>007</t></is></c>',
            b'<c r="C11" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
        assert b't="e"' in parts[member]
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
    return path


def test_the_fast_xlsx_reader_gives_the_rows_and_cell_types_openpyxl_gives(tmp_path):
    source = open_source(every_kind_of_cell(tmp_path / "in.xlsx")).source

    fast, streamed = list(source.rows()), list(source._openpyxl_rows())

    assert source.reader == "calamine"
    assert fast == streamed
    assert [[type(c) for c in cells] for _, cells in fast] == [
        [type(c) for c in cells] for _, cells in streamed]


def test_a_sheet_with_an_error_cell_is_read_by_openpyxl_so_the_error_shows(tmp_path):
    path = every_kind_of_cell(tmp_path / "in.xlsx", error_cell=True)

    source = open_source(path)

    assert source.source.reader == "openpyxl"
    assert [c for _, cells in source.source.rows() for c in cells
            if isinstance(c, CellError)] == [CellError("#DIV/0!")]
