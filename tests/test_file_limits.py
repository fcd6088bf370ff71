"""Limits of a target's importer on one file (max_rows, max_bytes), --split-every, and columns
left out because an empty cell would clear an existing record's field (clears_when_empty)."""

from pathlib import Path

import pytest
from clihelp import run
from mapping import template_from

from addin.core.errors import TemplateError

TEMPLATE = """
[template]
id = "small"
name = "Small"
target = "Small importer"
{limits}

[[columns]]
name = "Date"
source = "date"
type = "date"
format = "YYYY-MM-DD"

[[columns]]
name = "Notes"
source = "description"
"""

CUSTOMERS = "Organization,E-mail,Note\r\nAcme,legal@acme.example,\r\nBeta,,\r\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def entries(tmp_path: Path, count: int) -> Path:
    rows = "".join(f"2026-11-{day:02d},Work {day}\r\n" for day in range(1, count + 1))
    return write(tmp_path, "in.csv", "Date,Description\r\n" + rows)


def small(tmp_path: Path, limits: str) -> Path:
    return write(tmp_path, "small.toml", TEMPLATE.format(limits=limits))


def test_more_rows_than_the_importer_takes_is_an_error_and_nothing_is_written(capsys, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", entries(tmp_path, 3), "-t", small(tmp_path, "max_rows = 2"),
                 "-o", out)
    assert (result.code, out.exists()) == (1, False)
    assert ("file: error: Small importer takes at most 2 rows in one file; this file has 3."
            " Add --split-every 2 to write numbered files of at most 2 rows each") in result.err


def test_rows_up_to_the_limit_are_written(capsys, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", entries(tmp_path, 2), "-t", small(tmp_path, "max_rows = 2"),
                 "-o", out)
    assert (result.code, out.read_bytes().decode("utf-8").count("\r\n")) == (0, 3)


def test_a_file_larger_than_the_importer_takes_is_an_error(capsys, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", entries(tmp_path, 3), "-t", small(tmp_path, "max_bytes = 40"),
                 "-o", out)
    assert (result.code, out.exists()) == (1, False)
    assert "takes files of at most 40 bytes; this file has 69." in result.err


def test_check_reports_the_row_limit_too(capsys, tmp_path):
    result = run(capsys, "check", entries(tmp_path, 3), "-t", small(tmp_path, "max_rows = 2"))
    assert result.code == 1 and "takes at most 2 rows in one file" in result.err


def test_check_counts_the_bytes_the_file_would_have(capsys, tmp_path):
    template = small(tmp_path, "max_bytes = 69")  # the header, 12 bytes, and 3 rows of 19
    assert run(capsys, "check", entries(tmp_path, 3), "-t", template).code == 0
    assert run(capsys, "check", entries(tmp_path, 4), "-t", template).code == 1


def test_split_every_writes_numbered_files_each_with_its_header(capsys, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", entries(tmp_path, 5), "-t", small(tmp_path, "max_rows = 2"),
                 "-o", out, "--split-every", "2")
    assert result.code == 0, result.err
    parts = [(tmp_path / f"out-{n}.csv").read_bytes().decode("utf-8") for n in (1, 2, 3)]
    assert parts == [
        "Date,Notes\r\n2026-11-01,Work 1\r\n2026-11-02,Work 2\r\n",
        "Date,Notes\r\n2026-11-03,Work 3\r\n2026-11-04,Work 4\r\n",
        "Date,Notes\r\n2026-11-05,Work 5\r\n",
    ]
    assert not out.exists() and not (tmp_path / "out-4.csv").exists()
    assert result.out.endswith(f"wrote {tmp_path / 'out-1.csv'}, {tmp_path / 'out-2.csv'},"
                               f" {tmp_path / 'out-3.csv'}\n")


def test_split_every_above_the_limit_still_reports_each_part_over_it(capsys, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", entries(tmp_path, 3), "-t", small(tmp_path, "max_rows = 2"),
                 "-o", out, "--split-every", "3")
    assert (result.code, (tmp_path / "out-1.csv").exists()) == (1, False)
    assert "this file (out-1.csv) has 3" in result.err


def test_split_every_refuses_an_existing_part_without_overwrite(capsys, tmp_path):
    write(tmp_path, "out-2.csv", "keep me")
    result = run(capsys, "map", entries(tmp_path, 3), "-t", small(tmp_path, ""), "-o",
                 tmp_path / "out.csv", "--split-every", "2")
    assert result.code == 2 and "out-2.csv exists" in result.err
    assert (tmp_path / "out-2.csv").read_text() == "keep me"
    assert not (tmp_path / "out-1.csv").exists()


def test_split_every_is_refused_for_a_template_writing_whole_invoices(capsys, tmp_path):
    result = run(capsys, "map", entries(tmp_path, 3), "-t", "ledes-1998b", "-o",
                 tmp_path / "out.txt", "--split-every", "2")
    assert result.code == 2 and "cannot be split" in result.err


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_split_every_must_be_a_positive_whole_number(capsys, tmp_path, value):
    with pytest.raises(SystemExit) as stop:
        run(capsys, "map", entries(tmp_path, 1), "-t", "kimai-timesheet", "-o",
            tmp_path / "out.csv", "--split-every", value)
    assert stop.value.code == 2


@pytest.mark.parametrize(("limits", "key"), [("max_rows = 0", "template.max_rows"),
                                             ("max_bytes = \"4 MB\"", "template.max_bytes"),
                                             ("sources = \"x\"", "template.sources"),
                                             ("unverified = 3", "template.unverified")])
def test_a_bad_limit_or_source_list_is_refused_at_load(limits, key):
    with pytest.raises(TemplateError) as error:
        template_from(TEMPLATE.format(limits=limits))
    assert error.value.key == key


def test_needs_must_name_another_column_of_the_template():
    text = TEMPLATE.format(limits="") + 'needs = "Project"\n'
    with pytest.raises(TemplateError) as error:
        template_from(text)
    assert (error.value.column, error.value.key) == ("Notes", "needs")


def test_pattern_severity_is_error_or_warning():
    text = TEMPLATE.format(limits="") + 'pattern = "a+"\npattern_severity = "maybe"\n'
    with pytest.raises(TemplateError) as error:
        template_from(text)
    assert error.value.key == "pattern_severity"


def test_a_required_column_cannot_be_left_out_when_empty():
    text = TEMPLATE.format(limits="") + 'required = true\nclears_when_empty = true\n'
    with pytest.raises(TemplateError) as error:
        template_from(text)
    assert error.value.key == "clears_when_empty"


# --- columns whose empty cells would clear an existing record ------------------------------

def test_kimai_customer_leaves_out_columns_empty_on_every_row(capsys, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", write(tmp_path, "in.csv", CUSTOMERS), "-t", "kimai-customer",
                 "-o", out, "--set", "country=DE")
    assert result.code == 0, result.err
    assert out.read_bytes().decode("utf-8") == (
        "Name,Number,Email,Country\r\nAcme,,legal@acme.example,DE\r\nBeta,,,DE\r\n")


def test_kimai_customer_warns_where_a_kept_column_is_empty(capsys, tmp_path):
    out = tmp_path / "out.csv"
    result = run(capsys, "map", write(tmp_path, "in.csv", CUSTOMERS), "-t", "kimai-customer",
                 "-o", out, "--set", "country=DE")
    assert ("Email: warning: Email is empty on row 3: Kimai 2 (Importer plugin: Customer) clears"
            " the Email of an existing record of the same name for an empty cell.") in result.err


def test_check_warns_about_clearing_columns_like_map(capsys, tmp_path):
    result = run(capsys, "check", write(tmp_path, "in.csv", CUSTOMERS), "-t", "kimai-customer",
                 "--set", "country=DE")
    assert result.code == 0 and "clears the Email" in result.err


# --- sources and what stays unverified ------------------------------------------------------

def test_every_built_in_template_names_its_sources_and_what_stays_unverified():
    from addin.files.registry import list_templates

    missing = [e.template.id for e in list_templates()
               if not e.template.sources or not e.template.unverified]
    assert missing == []


def test_show_prints_the_sources_and_what_stays_unverified(capsys):
    result = run(capsys, "show", "kimai-customer")
    lines = result.out.splitlines()
    start = lines.index("Sources:")
    assert lines[start + 1:start + 3] == [
        "  https://www.kimai.org/documentation/plugin-import.html",
        "  kevinpapst/ImportBundle Importer/CustomerImporter.php"]
    assert any(line.startswith("Unverified: The name, length and character rules")
               for line in lines)
    assert "  at most 5,000 rows and 4,096,000 bytes a file" in lines


def test_the_excel_shell_is_told_to_save_several_files_never_to_pass_an_option():
    from addin.core.options import MapOptions

    assert MapOptions(channel="excel").how_to_split(5000) == (
        "Save the rows in several files of at most 5,000 rows each")
    assert MapOptions().how_to_split(1) == (
        "Add --split-every 1 to write numbered files of at most 1 row each")


def test_show_says_which_columns_go_only_with_another_or_are_left_out_when_empty(capsys):
    task = next(line for line in run(capsys, "show", "toggl").out.splitlines()
                if line.startswith("  Task "))
    email = next(line for line in run(capsys, "show", "kimai-customer").out.splitlines()
                 if line.startswith("  Email "))
    assert task.endswith("(only with Project)")
    assert email.endswith("(left out when empty on every row)")
