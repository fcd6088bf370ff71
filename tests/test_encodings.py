"""Text encodings: a UTF-8 file with a few foreign lines, old Mac files; never wrong letters out."""

from __future__ import annotations

import pytest
from clihelp import run
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.core.errors import InputError
from addin.core.problems import Report
from addin.files.csv_source import CsvSource
from addin.files.source import open_source

HEADER = "Date,Duration,Client,Matter,Description,Timekeeper\n"
SETTINGS = ["--set", "email=a@x.com", "--set", "project=Probate", "--set", "activity=Work"]


def utf8_with_a_windows_line(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(HEADER.encode() + "2026-11-02,1,Zoë AG,M1,Call,Anna\n".encode()
                     + "2026-11-03,2,Müller GmbH,M1,Call,Anna\n".encode("cp1252")
                     + "2026-11-04,3,Zoë AG,M1,Café,Anna\n".encode())
    return path


def test_a_utf8_file_with_one_windows_line_is_read_as_utf8(tmp_path):
    source = open_source(utf8_with_a_windows_line(tmp_path))
    rows = [cells for _, cells in source.data_rows()]
    assert source.source.describe() == "UTF-8 but for line 3, comma-separated"
    assert rows[0][2] == "Zoë AG" and rows[2][2:5] == ["Zoë AG", "M1", "Café"]


def test_the_cell_that_is_not_utf8_is_an_error_with_its_row_and_read_as_empty(tmp_path):
    source = open_source(utf8_with_a_windows_line(tmp_path))
    report = Report()
    rows = dict(source.data_rows(report))
    assert rows[3][2] is None and rows[3][:2] == ["2026-11-03", "2"]
    assert report.flatten() == [(3, "Client", "bad-encoding")]
    assert "'M\\\\xfcller GmbH'" in report.problems[0].message


def test_a_line_that_is_not_utf8_never_reaches_the_output_as_wrong_letters(capsys, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", utf8_with_a_windows_line(tmp_path), "-t", "kimai-timesheet",
                 "-o", out, *SETTINGS, "--force")
    text = out.read_text(encoding="utf-8")
    assert result.code == 1 and "row 3, Client: error: the cell holds bytes" in result.err
    assert "Zoë AG" in text and "\ufffd" not in text and "Ã" not in text
    assert "M\\xfc" not in text and "Müller" not in text


def test_a_header_that_is_not_utf8_in_a_utf8_file_is_refused(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("Date,Dauer,Kürzel\n".encode("cp1252") + "2026-11-02,1,Zoë\n".encode())
    with pytest.raises(InputError, match=r"the header \(row 1\) holds text that is not UTF-8"):
        open_source(path)


@pytest.mark.parametrize("content", [
    # Excel for Mac's old "CSV (Macintosh)": Mac Roman, CR line ends.
    "Date,Client\r2026-11-02,Müller\r2026-11-03,Dvořák & Söhne\r",
    # Mac Roman with modern line ends: 'Müller' would read as 'MŸller', 'café' as 'cafŽ'.
    "Date,Client,Description\n2026-11-02,Müller,Call\n",
    "Date,Client,Description\n2026-11-02,X,Réunion à Genève\n",
    "Date,Client,Description\n2026-11-02,X,Façade\n",
    "Date,Client,Description\n2026-11-02,Café,Call\n",
    "Date,Client\r2026-11-02,Élan\r",
    "Date,Client\r2026-11-02,Straße\r2026-11-03,Søren\r",
])
def test_a_mac_roman_file_is_refused_saying_save_as_csv_utf8(tmp_path, content):
    path = tmp_path / "in.csv"
    path.write_bytes(content.encode("mac_roman", "replace"))
    with pytest.raises(InputError, match="old Mac text file .*save it as 'CSV UTF-8'"):
        open_source(path)


@pytest.mark.parametrize("text", ["Dušan Žižek", "don’t – Œuvre cœur", "Müller café Genève",
                                  "Kimai™ licence†", "ŽIŽEK", "naïve Zoë",
                                  "Straße 5 € 10.50"])
def test_windows_1252_text_is_not_taken_for_mac_roman(tmp_path, text):
    path = tmp_path / "in.csv"
    path.write_bytes(f"Date,Client\r\n2026-11-02,{text}\r\n".encode("cp1252"))
    source = CsvSource(path)
    assert source.encoding == "cp1252" and list(source.rows())[1][1] == [
        "2026-11-02", text]


@pytest.mark.parametrize("line", [
    "René".encode() + "é".encode("cp1252"),  # one cell of both
    "Zoë AG,".encode() + "Müller".encode("cp1252")])  # two cells, one each
def test_a_line_mixing_utf8_with_windows_bytes_is_utf8_never_wrong_letters(tmp_path, line):
    path = tmp_path / "in.csv"
    path.write_bytes(b"Date,Client,Matter\n2026-11-02," + line + b"\n")
    report = Report()
    rows = [cells for _, cells in open_source(path).data_rows(report)]
    assert CsvSource(path).encoding == "utf-8-sig"
    assert [code for _, _, code in report.flatten()] == ["bad-encoding"]
    assert not any("Ã" in str(cell) for cell in rows[0])


def test_an_ascii_file_with_one_windows_line_is_windows_1252(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes(b"Date,Client\n2026-11-02,Acme\n" + "2026-11-03,Zoë\n".encode("cp1252"))
    assert CsvSource(path).encoding == "cp1252"


LETTERS = st.sampled_from("abcXYZéèüöäßñçøåÉÜÖ")


@settings(deadline=None)
@given(st.lists(st.text(LETTERS, min_size=1, max_size=8), min_size=1, max_size=6),
       st.data())
def test_every_cell_is_read_as_written_or_reported_never_as_other_letters(tmp_path_factory,
                                                                          names, data):
    foreign = data.draw(st.sets(st.integers(0, len(names) - 1)))
    path = tmp_path_factory.mktemp("enc") / "in.csv"
    path.write_bytes(b"Name\n" + b"".join(
        (name + "\n").encode("cp1252" if index in foreign else "utf-8")
        for index, name in enumerate(names)))
    report = Report()
    read = [cells[0] for _, cells in open_source(path).data_rows(report)]
    reported = {row - 2 for row, _, code in report.flatten() if code == "bad-encoding"}
    assert [None if i in reported else name for i, name in enumerate(names)] == read


def test_text_already_read_in_the_wrong_encoding_is_reported_with_what_it_meant(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Date,Client,Description\n2026-11-02,MÃ¼ller GmbH,Call\n"
                    "2026-11-03,Zoë AG,Client’s call\n2026-11-04,Acme,Clientâ€™s call\n",
                    encoding="utf-8")
    report = Report()
    rows = dict(open_source(path).data_rows(report))
    assert rows[2][1] is None and rows[3] == ["2026-11-03", "Zoë AG", "Client’s call"]
    assert report.flatten() == [(2, "Client", "bad-encoding"), (4, "Description", "bad-encoding")]
    assert "'MÃ¼ller GmbH', which is 'Müller GmbH' read in the wrong encoding" in (
        report.problems[0].message)


@pytest.mark.parametrize("text", ["SÃO PAULO LTDA", "São Paulo", "Ålesund Â", "ÂGE"])
def test_portuguese_and_nordic_capitals_are_not_taken_for_misread_text(tmp_path, text):
    path = tmp_path / "in.csv"
    path.write_text(f"Date,Client\n2026-11-02,{text}\n", encoding="utf-8")
    report = Report()
    assert [cells for _, cells in open_source(path).data_rows(report)] == [["2026-11-02", text]]
    assert not report.problems


def test_detect_encoding_names_the_encoding_a_file_is_read_in(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("Name\nZoë\n".encode() + "Müller\n".encode("cp1252"))
    assert CsvSource(path).encoding == "utf-8-sig"
