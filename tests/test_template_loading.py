from pathlib import Path

import pytest
from mapping import template_from

from addin.core.errors import TemplateError
from addin.core.template_loading import load_template
from addin.files.registry import builtin_dir, list_templates

MINIMAL = """
[template]
id = "t"
name = "T"
target = "Target"

[[columns]]
name = "Date"
source = "date"
type = "date"
format = "YYYY-MM-DD"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        load_template(write(tmp_path, text))
    return caught.value


def test_a_minimal_template_loads_with_default_dialect(tmp_path):
    template = load_template(write(tmp_path, MINIMAL))
    assert (template.id, template.header, template.dialect.delimiter,
            template.dialect.line_ending) == ("t", ["Date"], ",", "\r\n")


def test_human_date_tokens_are_accepted(tmp_path):
    template = load_template(write(tmp_path, MINIMAL.replace("YYYY-MM-DD", "MM/DD/YYYY")))
    assert template.columns[0].format == "MM/DD/YYYY"


def test_an_unknown_column_key_names_file_column_and_key(tmp_path):
    error = error_of(tmp_path, MINIMAL + 'colour = "red"\n')
    assert (error.path.endswith("t.toml"), error.column, error.key) == (True, "Date", "colour")
    assert "t.toml, column 'Date', key 'colour'" in str(error)


def test_an_unknown_type_is_an_error_on_the_type_key(tmp_path):
    error = error_of(tmp_path, MINIMAL.replace('type = "date"', 'type = "calendar"'))
    assert (error.column, error.key) == ("Date", "type")


def test_a_date_column_without_format_is_an_error(tmp_path):
    error = error_of(tmp_path, MINIMAL.replace('format = "YYYY-MM-DD"\n', ""))
    assert (error.column, error.key) == ("Date", "format")


def test_an_unknown_format_token_is_an_error_on_the_format_key(tmp_path):
    error = error_of(tmp_path, MINIMAL.replace("YYYY-MM-DD", "YYYY-QQ-DD"))
    assert (error.column, error.key) == ("Date", "format")


def test_an_unknown_canonical_field_is_an_error_on_source(tmp_path):
    error = error_of(tmp_path, MINIMAL.replace('source = "date"', 'source = "dato"'))
    assert (error.column, error.key) == ("Date", "source")


def test_a_duration_column_needs_a_unit(tmp_path):
    text = MINIMAL + '\n[[columns]]\nname = "Hours"\nsource = "duration"\ntype = "duration"\n'
    error = error_of(tmp_path, text)
    assert (error.column, error.key) == ("Hours", "unit")


def test_an_increment_needs_a_rounding_mode(tmp_path):
    text = MINIMAL + ('\n[[columns]]\nname = "Hours"\nsource = "duration"\ntype = "duration"\n'
                      'unit = "hours"\nincrement = "0.1h"\n')
    error = error_of(tmp_path, text)
    assert (error.column, error.key) == ("Hours", "rounding")


def test_a_setting_must_be_declared(tmp_path):
    text = MINIMAL + '\n[[columns]]\nname = "User"\nsetting = "user"\n'
    error = error_of(tmp_path, text)
    assert (error.column, error.key) == ("User", "setting")


def test_a_column_with_no_value_source_is_an_error(tmp_path):
    error = error_of(tmp_path, MINIMAL + '\n[[columns]]\nname = "Empty"\n')
    assert (error.column, error.key) == ("Empty", "source")


def test_a_bad_delimiter_is_an_error_on_the_dialect_key(tmp_path):
    error = error_of(tmp_path, MINIMAL + '\n[dialect]\ndelimiter = ";;"\n')
    assert error.key == "dialect.delimiter"


def test_invalid_toml_names_the_file(tmp_path):
    error = error_of(tmp_path, "[template\n")
    assert "is not valid TOML" in str(error) and error.path.endswith("t.toml")


def test_duplicate_column_names_are_an_error(tmp_path):
    error = error_of(tmp_path, MINIMAL + MINIMAL[MINIMAL.index("[[columns]]"):])
    assert (error.column, error.key) == ("Date", "name")


def test_every_builtin_template_loads():
    ids = [entry.template.id for entry in list_templates()]
    assert {"kimai-timesheet", "kimai-customer", "kimai-project"} <= set(ids)


def test_kimai_timesheet_spells_date_from_and_to_exactly():
    template = load_template(builtin_dir() / "kimai-timesheet.toml")
    assert template.header[:4] == ["Date", "From", "To", "Duration"]
    assert {"User", "Email", "Customer", "Project", "Activity", "HourlyRate"} <= set(
        template.header)
    # Rate is the entry's total (hours x hourly rate), never the hourly rate itself.
    rate = template.columns[template.header.index("Rate")]
    assert "Begin" not in template.header and (rate.derive, rate.source) == ("amount", ())


def test_user_templates_load_from_the_environment_folder(tmp_path, monkeypatch):
    write(tmp_path, MINIMAL.replace('id = "t"', 'id = "my-target"'))
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path))
    entries = {e.template.id: e.origin for e in list_templates()}
    assert entries["my-target"] == "user" and entries["kimai-timesheet"] == "built-in"


@pytest.mark.parametrize(("kind", "pattern"), [
    ("date", "HH:mm"), ("time", "YYYY-MM-DD"), ("datetime", "YYYY-MM-DD")])
def test_a_format_that_does_not_fit_the_column_type_is_refused_at_load(kind, pattern):
    with pytest.raises(TemplateError, match=f"column 'When', key 'format'.*a {kind} column"):
        template_from(f'[template]\nid = "t"\nname = "T"\ntarget = "T"\n\n[[columns]]\n'
                      f'name = "When"\nsource = "date"\ntype = "{kind}"\nformat = "{pattern}"\n')
