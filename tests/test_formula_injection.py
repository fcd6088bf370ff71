"""Formula injection: text that a spreadsheet would run as a formula never leaves as a live one.

Each template chooses a `formula_policy`: flag (default: written as it is, with a warning),
prefix (an apostrophe in front), strip (the starting characters removed) or off.
"""

from __future__ import annotations

import pytest
from mapping import map_with, template_from

from addin.core.errors import TemplateError

pytest_plugins = ["excel_double"]  # the `excel` fixture
HEADER = ["Description", "Rate"]


def template(policy: str | None) -> str:
    line = "" if policy is None else f'formula_policy = "{policy}"\n'
    return ('[template]\nid = "t"\nname = "T"\ntarget = "Target"\n' + line +
            '[[columns]]\nname = "Narrative"\nsource = "description"\n'
            '[[columns]]\nname = "Rate"\nsource = "rate"\ntype = "number"\n')


def mapped(policy: str | None, text: str, rate: str = "350") -> tuple[list[str], list[tuple]]:
    result = map_with(template(policy), [HEADER, [text, rate]])
    problems = [(p.code, p.column, p.value) for p in result.report if p.code == "formula-like"]
    return result.rows[0].values, problems


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+SUM(A1)", "-2+3", "@SUM(A1)",
                                  "\t=1+1", "\r=1+1", "\n=1+1", "\uff1d1+1", "\uff0bA1",
                                  "\uff0dA1", "\uff20A1", "  =1+1"])
def test_text_starting_like_a_formula_is_written_as_it_is_with_a_warning_by_default(text):
    assert mapped(None, text) == ([text, "350"], [("formula-like", "Narrative", text)])


def test_the_prefix_policy_puts_an_apostrophe_in_front_and_says_so():
    values, problems = mapped("prefix", "=1+1")
    assert (values, problems) == (["'=1+1", "350"], [("formula-like", "Narrative", "=1+1")])


@pytest.mark.parametrize(("text", "kept"), [("=1+1", "1+1"), ("@SUM(A1)", "SUM(A1)"),
                                            ("- follow-up call", "follow-up call"),
                                            ("=+-@cmd", "cmd"), ("\uff1d\uff0bA1", "A1"),
                                            ("\t=x", "x"), ("=-1.5", "-1.5")])
def test_the_strip_policy_removes_what_would_start_a_formula(text, kept):
    values, problems = mapped("strip", text)
    assert (values[0], [code for code, _, _ in problems]) == (kept, ["formula-like"])


def test_the_strip_policy_names_what_it_removed():
    result = map_with(template("strip"), [HEADER, ["=@x", "1"]])
    assert [p.message for p in result.report] == [
        "starts like a spreadsheet formula; written without '=@' at its start"]


def test_the_off_policy_writes_the_text_and_says_nothing():
    assert mapped("off", "=1+1") == (["=1+1", "350"], [])


@pytest.mark.parametrize("policy", [None, "prefix", "strip"])
def test_a_negative_number_in_a_number_column_is_never_touched(policy):
    assert mapped(policy, "Call", rate="-1.5") == (["Call", "-1.5"], [])


@pytest.mark.parametrize("policy", [None, "prefix", "strip"])
@pytest.mark.parametrize("text", ["-1.5", "+3", "-1,234.50"])
def test_a_plain_number_in_a_text_column_is_not_a_formula(policy, text):
    """A spreadsheet opens it as a number, which runs nothing: it is data, left alone."""
    assert mapped(policy, text) == ([text, "350"], [])


@pytest.mark.parametrize("policy", ["flag", "prefix", "strip", "off"])
def test_every_policy_is_accepted_by_the_loader(policy):
    assert template_from(template(policy)).formula_policy == policy


def test_an_unknown_policy_names_the_file_and_key():
    with pytest.raises(TemplateError) as caught:
        template_from(template("escape"))
    assert str(caught.value) == ("test.toml, key 'template.formula_policy': must be one of flag,"
                                 " prefix, strip, off")


# --- in Excel: the mapped sheet holds such text as text, never as a live formula ----------------
TRIGGERS = ["=1+1", "+A1", "-2+3", "@SUM(A1)", "\uff1d1+1", "=HYPERLINK(\"http://x\",\"y\")"]


def test_apply_template_writes_formula_like_text_as_text_cells(excel):
    from ribbonbooks import OUTPUT, SOURCE, caseclock_book, cell, sample_with

    from addin.excel import ribbon

    book = caseclock_book(excel, sample_with(**{f"E{n}": t for n, t in
                                                enumerate(TRIGGERS, start=2)}))
    ribbon.apply_template()

    narratives = [cell(excel, book, OUTPUT, f"J{n}") for n in range(2, 2 + len(TRIGGERS))]
    assert [(c.value, c.data_type, c.number_format) for c in narratives] == [
        (t, "s", "@") for t in TRIGGERS]
    assert cell(excel, book, SOURCE, "E2").value == "=1+1"  # the source is as it was
