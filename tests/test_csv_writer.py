import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addin.core.problems import ConversionError
from addin.core.template import Dialect
from addin.files.csv_writer import (
    AtomicWriter,
    format_record,
    quote_field,
    unwritable,
    write_csv,
)

COMMA = Dialect()
SEMICOLON_LF = Dialect(delimiter=";", line_ending="\n")
TAB_ALL = Dialect(delimiter="\t", quoting="all", line_ending="\r\n")
DIALECTS = [COMMA, SEMICOLON_LF, TAB_ALL]


def test_minimal_quoting_quotes_only_fields_that_need_it():
    assert format_record(["a", "b,c", 'say "hi"', "x\ny"], COMMA) == (
        'a,"b,c","say ""hi""","x\ny"\r\n')


def test_all_quoting_quotes_every_field():
    assert format_record(["1", "a"], TAB_ALL) == '"1"\t"a"\r\n'


def test_nonnumeric_quoting_leaves_numbers_bare():
    assert format_record(["7260", "x", ""], Dialect(quoting="nonnumeric")) == '7260,"x",""\r\n'


def test_no_quoting_refuses_a_value_holding_the_delimiter():
    with pytest.raises(ConversionError) as caught:
        quote_field("a|b", Dialect(delimiter="|", quoting="none"))
    assert caught.value.code == "unquotable"


def test_a_row_of_one_empty_field_is_not_a_blank_line():
    assert format_record([""], COMMA) == '""\r\n'


def test_line_suffix_goes_before_the_line_ending():
    dialect = Dialect(delimiter="|", quoting="none", line_suffix="[]")
    assert format_record(["A", "B"], dialect) == "A|B[]\r\n"


def test_a_bom_and_preamble_are_written_before_the_header(tmp_path):
    path = tmp_path / "out.csv"
    dialect = Dialect(bom=True, preamble=("LEDES1998B[]",))
    write_csv(path, ["H"], [["v"]], dialect)
    assert path.read_bytes() == b"\xef\xbb\xbfLEDES1998B[]\r\nH\r\nv\r\n"


def test_windows_1252_output_is_encoded_as_such(tmp_path):
    path = tmp_path / "out.csv"
    write_csv(path, ["Name"], [["Zoë"]], Dialect(encoding="windows-1252"))
    assert path.read_bytes() == b"Name\r\nZo\xeb\r\n"


def test_a_failed_write_leaves_no_file_and_no_temporary(tmp_path):
    path = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), AtomicWriter(path, COMMA) as writer:
        writer.write_preamble(["H"])
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_untouched_until_commit(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old", encoding="utf-8")
    with AtomicWriter(path, COMMA) as writer:
        writer.write(["new"])
        assert path.read_text(encoding="utf-8") == "old"
        writer.commit()
    assert path.read_bytes() == b"new\r\n"


cells = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
tables = st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=5).filter(
    lambda rows: len({len(r) for r in rows}) == 1)


@given(tables, st.sampled_from(DIALECTS))
def test_written_rows_read_back_unchanged_in_every_dialect(rows, dialect):
    text = "".join(format_record(row, dialect) for row in rows)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter, strict=True)
    assert list(reader) == rows


WRITTEN_DIALECTS = [*DIALECTS, Dialect(quoting="all"), Dialect(delimiter="|"),
                    Dialect(quoting="nonnumeric"), Dialect(line_suffix="|"),
                    Dialect(line_ending="\r"), Dialect(delimiter="\t", quoting="none")]


@given(tables, st.sampled_from(WRITTEN_DIALECTS))
def test_a_written_file_holds_each_row_exactly_as_formatted(tmp_path_factory, rows, dialect):
    path = tmp_path_factory.mktemp("out") / "out.csv"
    if dialect.quoting == "none":
        rows = [[c.replace("\t", "").replace("\r", "").replace("\n", "") for c in r]
                for r in rows]
    with AtomicWriter(path, dialect) as writer:
        for row in rows:
            writer.write(row)
        writer.commit()

    assert path.read_bytes().decode("utf-8") == "".join(format_record(r, dialect) for r in rows)


def cell_by_cell(row: list[str], dialect: Dialect) -> list[tuple[str, str]]:
    """What each cell alone says: the problems `unwritable` must find, in column order."""
    found = []
    for index, value in enumerate(row):
        try:
            value.encode(dialect.encoding)
            quote_field(value, dialect)
        except (UnicodeEncodeError, ConversionError) as exc:
            found.append((f"c{index}", getattr(exc, "code", "unencodable")))
    return found


@given(st.lists(st.text(st.sampled_from("a|,;\t\r\n\"é会"), max_size=4), min_size=1,
                max_size=4),
       st.sampled_from([Dialect(delimiter="|", quoting="none", encoding="ascii"),
                        Dialect(delimiter="\t", quoting="none"), Dialect(encoding="cp1252"),
                        COMMA]))
def test_unwritable_finds_exactly_the_cells_the_dialect_cannot_hold(row, dialect):
    names = [f"c{i}" for i in range(len(row))]

    found = [(p.column, p.code) for p in unwritable(2, names, row, dialect)]

    assert found == cell_by_cell(row, dialect)


def test_a_file_that_cannot_be_put_in_place_leaves_no_temporary_and_says_why(tmp_path):
    from addin.core.errors import OutputError

    target = tmp_path / "out.csv"
    target.mkdir()  # a folder where the file should go: the final rename fails
    with pytest.raises(OutputError, match="cannot write the file"):
        write_csv(target, ["H"], [["v"]], COMMA)
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"] and target.is_dir()


def test_a_missing_folder_is_an_output_error_not_a_traceback(tmp_path):
    from addin.core.errors import OutputError

    with pytest.raises(OutputError, match="nothing was written"):
        write_csv(tmp_path / "no" / "out.csv", ["H"], [], COMMA)


def test_a_writer_that_cannot_open_its_temporary_file_leaves_none_behind(tmp_path, monkeypatch):
    import addin.files.csv_writer

    def refuse(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(addin.files.csv_writer.os, "fdopen", refuse)
    with pytest.raises(KeyboardInterrupt):
        AtomicWriter(tmp_path / "out.csv", Dialect())
    assert list(tmp_path.iterdir()) == []
