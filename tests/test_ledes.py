"""LEDES 1998B: the sample becomes an invoice that passes every rule of the format, checked by an
independent reader (tests/ledes_rules.py), and what cannot be made valid is reported."""

from decimal import Decimal
from pathlib import Path

import pytest
from clihelp import run
from ledes_rules import parse
from mapping import lookup_table, map_with

from addin.files.csv_writer import unwritable

ROOT = Path(__file__).resolve().parent.parent
COMPLETE = Path(__file__).resolve().parent / "inputs" / "caseclock-complete.csv"
GOLDEN = Path(__file__).resolve().parent / "golden" / "ledes-1998b.txt"
INVOICE = ["--lookup", f"people={ROOT / 'examples' / 'people.csv'}", "--lookup",
           f"matters={ROOT / 'examples' / 'matters.csv'}", "--set", "invoice_number=2026-0042",
           "--set", "invoice_date=2026-11-30", "--set", "law_firm_id=12-3456789"]
HEADER = ["Date", "Hours", "Client", "Matter", "Description", "Timekeeper", "Rate",
          "Activity Code", "Matter ID", "Client ID", "Timekeeper ID"]
SETTINGS = {"invoice_number": "INV-1", "invoice_date": "2026-11-30", "law_firm_id": "99-1"}


def line(hours="1.0", rate="300", text="Work", code="A101", date="2026-11-02", who="Ann Lee"):
    return [date, hours, "Acme", "Acme v. Beta", text, who, rate, code, "M-1", "C-1", "AL"]


def column(result, name):
    index = result.plan.template.header.index(name)
    return [row.values[index] for row in result.rows]


@pytest.fixture
def invoice(capsys, tmp_path):
    out = tmp_path / "invoice.txt"
    result = run(capsys, "map", COMPLETE, "-t", "ledes-1998b", "-o", out, *INVOICE)
    assert result.code == 0, result.err
    return out.read_bytes()


def test_the_sample_invoice_matches_the_golden_file(invoice):
    assert invoice == GOLDEN.read_bytes()


def test_the_sample_invoice_breaks_no_rule_of_the_format(invoice):
    broken, items = parse(invoice)
    assert broken == [] and len(items) == 34


def invoices(items):
    grouped = {}
    for item in items:
        grouped.setdefault(item["INVOICE_NUMBER"], []).append(item)
    return grouped


def test_each_client_matter_is_an_invoice_numbered_on_from_the_number_given(invoice):
    _, items = parse(invoice)
    numbers = list(invoices(items))
    matters = {i["LAW_FIRM_MATTER_ID"] for i in items}
    assert numbers == [f"2026-{n:04d}" for n in range(42, 42 + len(matters))]


def test_each_invoice_total_is_the_sum_of_its_line_totals_on_every_line(invoice):
    _, items = parse(invoice)
    for lines in invoices(items).values():
        total = sum(Decimal(i["LINE_ITEM_TOTAL"]) for i in lines)
        assert {i["INVOICE_TOTAL"] for i in lines} == {str(total)}


def test_line_items_are_numbered_from_one_within_each_invoice(invoice):
    _, items = parse(invoice)
    for lines in invoices(items).values():
        assert [i["LINE_ITEM_NUMBER"] for i in lines] == [str(n) for n in
                                                          range(1, len(lines) + 1)]


def test_the_billing_period_is_the_invoices_first_and_last_entry_date(invoice):
    _, items = parse(invoice)
    first = invoices(items)["2026-0042"]
    assert (first[0]["BILLING_START_DATE"], first[0]["BILLING_END_DATE"]) == (
        min(i["LINE_ITEM_DATE"] for i in first), max(i["LINE_ITEM_DATE"] for i in first))


def test_a_billing_period_given_wins_over_the_entries_dates():
    settings = SETTINGS | {"billing_start": "2026-11-01", "billing_end": "2026-11-30"}
    result = map_with("ledes-1998b", [HEADER, line()], settings=settings)
    assert (column(result, "BILLING_START_DATE"), column(result, "BILLING_END_DATE")) == (
        ["20261101"], ["20261130"])


def test_a_line_outside_the_billing_period_given_is_an_error_e_billing_readers_refuse():
    settings = SETTINGS | {"billing_start": "2026-11-01", "billing_end": "2026-11-15"}
    result = map_with("ledes-1998b", [HEADER, line(), line(date="2026-11-20")],
                      settings=settings)
    [problem] = result.report.errors
    assert (problem.row, problem.column, problem.code) == (3, "LINE_ITEM_DATE", "out-of-range")
    assert problem.message.startswith("20261120 is outside the billing period"
                                      " (BILLING_START_DATE 20261101 to BILLING_END_DATE"
                                      " 20261115)")


def test_a_pipe_in_a_narrative_becomes_a_slash_with_a_warning():
    result = map_with("ledes-1998b", [HEADER, line(text="Call A|B")], settings=SETTINGS)
    assert column(result, "LINE_ITEM_DESCRIPTION") == ["Call A/B"]
    assert (2, "LINE_ITEM_DESCRIPTION", "changed-text") in result.report.flatten()


def test_letters_outside_ascii_are_written_plainly_and_reported():
    result = map_with("ledes-1998b", [HEADER, line(text="Zoë’s memo § 2", who="Zoë Ångström")],
                      settings=SETTINGS)
    assert column(result, "LINE_ITEM_DESCRIPTION") == ["Zoe's memo Sec. 2"]
    assert column(result, "TIMEKEEPER_NAME") == ["Zoe Angstrom"]


def test_a_character_without_an_ascii_form_is_an_error():
    result = map_with("ledes-1998b", [HEADER, line(text="会議")], settings=SETTINGS)
    template = result.plan.template
    problems = unwritable(2, template.header, result.rows[0].values, template.dialect)
    assert [(p.column, p.code) for p in problems] == [("LINE_ITEM_DESCRIPTION", "unencodable")]


def test_a_line_total_is_units_times_unit_cost_to_the_cent_with_rounding_reported():
    result = map_with("ledes-1998b", [HEADER, line(hours="0.25", rate="333.33")],
                      settings=SETTINGS)
    assert column(result, "LINE_ITEM_TOTAL") == ["83.33"]
    assert (2, "LINE_ITEM_TOTAL", "rounded") in result.report.flatten()


def test_units_that_are_not_a_whole_decimal_are_an_error_until_an_increment_is_set():
    exact = map_with("ledes-1998b", [HEADER, line(hours="0:20")], settings=SETTINGS)
    rounded = map_with("ledes-1998b", [HEADER, line(hours="0:20")],
                       settings=SETTINGS | {"increment": "0.1h"})
    assert (2, "LINE_ITEM_NUMBER_OF_UNITS", "inexact-duration") in exact.report.flatten()
    assert column(rounded, "LINE_ITEM_NUMBER_OF_UNITS") == ["0.4"]
    assert [p.code for p in rounded.report if p.column != "INVOICE_NUMBER"] == ["rounded"]


def test_an_activity_code_of_the_wrong_shape_is_a_problem():
    result = map_with("ledes-1998b", [HEADER, line(code="L110")], settings=SETTINGS)
    assert (2, "LINE_ITEM_ACTIVITY_CODE", "bad-format") in result.report.flatten()


def test_the_timekeeper_name_is_last_comma_first_from_the_people_table():
    people = lookup_table("people", [["name", "first name", "last name"], ["Ann Lee", "Ann",
                                                                           "Lee"]])
    result = map_with("ledes-1998b", [HEADER, line()], settings=SETTINGS,
                      lookups={"people": people})
    assert column(result, "TIMEKEEPER_NAME") == ["Lee, Ann"]


def test_an_invoice_without_its_number_is_an_error_naming_the_setting():
    settings = {k: v for k, v in SETTINGS.items() if k != "invoice_number"}
    result = map_with("ledes-1998b", [HEADER, line()], settings=settings)
    problem = next(p for p in result.report if p.column == "INVOICE_NUMBER")
    assert problem.code == "missing-column" and "--set invoice_number=VALUE" in problem.message


def test_an_invoice_date_that_is_not_a_date_is_one_problem_for_the_file():
    result = map_with("ledes-1998b", [HEADER, line(), line()],
                      settings=SETTINGS | {"invoice_date": "soon"})
    assert [(p.row, p.column, p.code) for p in result.report.errors] == [
        (None, "INVOICE_DATE", "bad-setting")]
    assert "the setting invoice_date is 'soon'" in result.report.errors[0].message
