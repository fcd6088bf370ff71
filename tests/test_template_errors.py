"""A broken user template fails only the runs that use it; dialect and column mistakes that
could only show while writing are template errors at load (exit 2, never a traceback)."""

from pathlib import Path

import pytest
from clihelp import run

from addin.core.errors import TemplateError
from addin.core.template_loading import load_template
from addin.files.registry import find_template, list_templates

GOOD = ('[template]\nid = "{id}"\nname = "T"\ntarget = "T"\n\n'
        '[[columns]]\nname = "Date"\nsource = "date"\ntype = "date"\nformat = "YYYY-MM-DD"\n')
BROKEN = GOOD.replace('type = "date"', 'type = "dat"')


@pytest.fixture
def folder(tmp_path, monkeypatch):
    user = tmp_path / "templates"
    user.mkdir()
    (user / "mine.toml").write_text(GOOD.format(id="mine"), encoding="utf-8")
    (user / "broken.toml").write_text(BROKEN.format(id="broken"), encoding="utf-8")
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(user))
    return user


def source(tmp_path: Path) -> Path:
    path = tmp_path / "s.csv"
    path.write_text("Date,Duration\n2026-11-02,1\n", encoding="utf-8")
    return path


def test_other_templates_still_load_beside_a_broken_one(folder):
    ids = {e.template.id for e in list_templates()}
    assert {"mine", "kimai-timesheet"} <= ids and "broken" not in ids


def test_a_run_with_another_template_warns_once_naming_the_file(folder, tmp_path, capsys):
    result = run(capsys, "map", source(tmp_path), "-t", "mine", "-o", tmp_path / "o.csv")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if "broken.toml" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: ")
    assert "key 'type'" in warnings[0]


def test_a_run_with_the_broken_template_fails_with_its_error(folder, tmp_path, capsys):
    result = run(capsys, "map", source(tmp_path), "-t", "broken", "-o", tmp_path / "o.csv")
    assert result.code == 2
    assert result.err.startswith("importmap: error: ") and "broken.toml" in result.err
    assert "key 'type'" in result.err


def test_a_broken_template_is_found_by_the_id_it_declares(folder):
    (folder / "other-name.toml").write_text(BROKEN.format(id="declared"), encoding="utf-8")
    with pytest.raises(TemplateError, match="other-name.toml"):
        find_template("declared")


def test_two_user_templates_with_one_id_fail_the_run_that_asks_for_it_naming_both(
        folder, tmp_path, capsys):
    (folder / "copy.toml").write_text(GOOD.format(id="mine"), encoding="utf-8")
    result = run(capsys, "map", source(tmp_path), "-t", "mine", "-o", tmp_path / "o.csv")
    assert result.code == 2 and not (tmp_path / "o.csv").exists()
    assert "copy.toml" in result.err and "mine.toml" in result.err
    other = run(capsys, "map", source(tmp_path), "-t", "kimai-timesheet", "-o",
                tmp_path / "k.csv", "--force")
    assert [line for line in other.err.splitlines() if "copy.toml" in line] != []


def test_the_template_list_shows_the_broken_file_as_a_warning(folder, capsys):
    result = run(capsys, "templates")
    assert result.code == 0 and "mine" in result.out
    assert [line for line in result.err.splitlines() if "broken.toml" in line] != []


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_true_equal_to_false_is_a_template_error(tmp_path):
    text = GOOD.format(id="t") + ('[[columns]]\nname = "Billable"\nsource = "billable"\n'
                                  'type = "boolean"\ntrue = "Yes"\nfalse = "yes"\n')
    with pytest.raises(TemplateError, match="column 'Billable', key 'false'"):
        load_template(write(tmp_path, text))


@pytest.mark.parametrize("encoding", ["windows-1252", "ascii", "latin-1"])
def test_a_bom_with_a_non_utf_encoding_is_a_template_error(tmp_path, encoding):
    text = GOOD.format(id="t") + f'[dialect]\nencoding = "{encoding}"\nbom = true\n'
    with pytest.raises(TemplateError, match="key 'dialect.bom'"):
        load_template(write(tmp_path, text))


@pytest.mark.parametrize("name", ["Date;Day", "Two\\nlines"])
def test_a_column_name_the_unquoted_header_cannot_hold_is_a_template_error(tmp_path, name):
    text = GOOD.format(id="t").replace('name = "Date"', f'name = "{name}"') + (
        '[dialect]\ndelimiter = ";"\nquoting = "none"\n')
    with pytest.raises(TemplateError, match="key 'name'"):
        load_template(write(tmp_path, text))


def test_a_column_name_the_encoding_cannot_hold_is_a_template_error(tmp_path):
    text = GOOD.format(id="t").replace('name = "Date"', 'name = "Datum €"') + (
        '[dialect]\nencoding = "ascii"\n')
    with pytest.raises(TemplateError, match="key 'name'"):
        load_template(write(tmp_path, text))


def test_such_a_template_given_by_path_exits_2_without_a_traceback(tmp_path, capsys):
    text = GOOD.format(id="t").replace('name = "Date"', 'name = "Date;Day"') + (
        '[dialect]\ndelimiter = ";"\nquoting = "none"\n')
    result = run(capsys, "map", source(tmp_path), "-t", write(tmp_path, text), "-o",
                 tmp_path / "o.csv")
    assert result.code == 2 and result.err.startswith("importmap: error: ")


@pytest.mark.parametrize(("derive", "column_type", "extra"), [
    ("hours", "date", 'format = "YYYY-MM-DD"\n'), ("start", "money", ""),
    ("amount", "duration", 'unit = "hours"\n'), ("line_number", "boolean", "")])
def test_a_derived_value_in_a_column_that_cannot_hold_it_is_a_template_error(
        tmp_path, derive, column_type, extra):
    text = GOOD.format(id="t") + (f'[[columns]]\nname = "X"\nderive = "{derive}"\n'
                                  f'type = "{column_type}"\n{extra}')
    with pytest.raises(TemplateError, match=f"column 'X', key 'type'.*derive = '{derive}'"):
        load_template(write(tmp_path, text))


@pytest.mark.parametrize(("derive", "column_type", "extra"), [
    ("hours", "text", ""), ("start", "date", 'format = "YYYY-MM-DD"\n'),
    ("fee", "number", "")])
def test_a_derived_value_in_a_column_that_holds_it_loads(tmp_path, derive, column_type, extra):
    text = GOOD.format(id="t") + (f'[[columns]]\nname = "X"\nderive = "{derive}"\n'
                                  f'type = "{column_type}"\n{extra}')
    assert load_template(write(tmp_path, text)).columns[-1].derive == derive
