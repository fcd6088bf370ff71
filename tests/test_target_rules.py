"""Each target written the way its importer's own rules take it (issue: files the importer would
reject or import wrongly). The rules are cited in the templates; each test is one rule."""

import pytest
from mapping import column, lookup_table, map_with

HEADER = ["Date", "Hours", "Client", "Matter", "Activity", "Description", "User", "Email", "Rate",
          "Billable"]


def entry(date="2026-11-02", hours="0.5", client="Acme", matter="M1", activity="Drafting",
          text="Work", person="Ann Lee", email="ann@example.com", rate="300", billable="yes"):
    return [date, hours, client, matter, activity, text, person, email, rate, billable]


def codes(result):
    return [(p.row, p.column, p.code) for p in result.report]


def errors(result):
    return [(p.row, p.column, p.code) for p in result.report.errors]


# --- 1. kimai-customer: Country is required by Kimai; empty cells clear existing fields --------

def test_kimai_customer_without_a_country_asks_for_the_country_setting():
    result = map_with("kimai-customer", [HEADER, entry()])
    [problem] = result.report.errors
    assert (problem.column, problem.code) == ("Country", "missing-column")
    assert "--set country=VALUE" in problem.message and "ISO 3166-1" in problem.message


def test_kimai_customer_country_comes_from_the_setting_where_the_source_has_none():
    result = map_with("kimai-customer", [HEADER, entry()], settings={"country": "DE"})
    assert (errors(result), column(result, "Country")) == ([], ["DE"])


def test_kimai_customer_country_must_be_an_iso_code():
    result = map_with("kimai-customer", [HEADER, entry()], settings={"country": "Germany"})
    assert errors(result) == [(2, "Country", "bad-enum")]
    assert "ISO 3166-1 alpha-2" in result.report.errors[0].message


def test_kimai_customer_country_of_the_source_is_checked_against_the_iso_list():
    table = [["Organization", "Country"], ["Acme", "DE"], ["Beta", "XY"]]
    result = map_with("kimai-customer", table)
    assert errors(result) == [(3, "Country", "bad-enum")]


# --- 2. kimai-timesheet: Rate is the entry's total, Billable never empty ------------------------

def test_kimai_timesheet_rate_is_hours_times_the_hourly_rate():
    result = map_with("kimai-timesheet", [HEADER, entry(hours="1.5", rate="300")])
    assert (column(result, "Rate"), column(result, "HourlyRate")) == (["450.00"], ["300"])


def test_kimai_timesheet_rate_stays_empty_without_an_hourly_rate():
    result = map_with("kimai-timesheet", [HEADER, entry(rate="")])
    assert column(result, "Rate") == [""]


def test_kimai_timesheet_billable_follows_the_source():
    result = map_with("kimai-timesheet", [HEADER, entry(billable="no"), entry(billable="yes")])
    assert column(result, "Billable") == ["0", "1"]


def test_kimai_timesheet_billable_is_never_empty_it_defaults_to_billable():
    result = map_with("kimai-timesheet", [HEADER, entry(billable="")])
    assert column(result, "Billable") == ["1"]


def test_kimai_timesheet_billable_default_can_be_set_to_no():
    result = map_with("kimai-timesheet", [HEADER, entry(billable="")], settings={"billable": "no"})
    assert column(result, "Billable") == ["0"]


# --- 3. a task needs a project (solidtime, Toggl, Clockify) ------------------------------------

@pytest.mark.parametrize(("template", "task", "project"), [
    ("solidtime", "task", "project"), ("toggl", "Task", "Project"), ("clockify", "Task", "Project"),
])
def test_a_task_without_a_project_is_an_error_on_that_row(template, task, project):
    settings = {"timezone": "Europe/Berlin", "billable": "yes"}
    result = map_with(template, [HEADER, entry(), entry(matter="")], settings=settings)
    assert errors(result) == [(3, project, "missing-required")]
    message = result.report.errors[0].message
    assert "'Drafting'" in message and "--set project=VALUE" in message


def test_a_row_without_task_and_project_is_fine():
    result = map_with("toggl", [HEADER, entry(matter="", activity="")])
    assert errors(result) == []


def test_the_project_setting_fills_the_project_a_task_needs():
    result = map_with("toggl", [HEADER, entry(matter="")], settings={"project": "General"})
    assert (errors(result), column(result, "Project")) == ([], ["General"])


# --- 4. Tabs3 and Juris cannot hold a line break inside a record --------------------------------

@pytest.mark.parametrize("brk", ["\r\n", "\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize(("template", "name"), [("tabs3", "Description"), ("juris", "Narrative")])
def test_a_line_break_in_a_description_becomes_a_space_with_a_changed_text_warning(
        template, name, brk):
    table = [["Date", "Hours", "Timekeeper ID", "Client ID", "Matter ID", "Description"],
             ["2026-11-02", "0.5", "1", "1001", "1001.001", f"first line{brk}second"]]
    result = map_with(template, table, settings={"tcode": "1"})
    assert (column(result, name), errors(result)) == (["first line second"], [])
    assert (2, name, "changed-text") in codes(result)


# --- 5, 6. Kimai names and numbers ---------------------------------------------------------------

def test_kimai_project_number_longer_than_ten_characters_is_too_long():
    table = [["Client", "Matter", "Matter ID"], ["Acme", "M1", "1234567890"],
             ["Acme", "M2", "12345678901"]]
    result = map_with("kimai-project", table)
    assert errors(result) == [(3, "ProjectNumber", "too-long")]


@pytest.mark.parametrize("name", ["A", "Smith <Holdings>", 'The "Best" LLC', "a=b"])
@pytest.mark.parametrize(("template", "field", "out"), [
    ("kimai-timesheet", "client", "Customer"), ("kimai-timesheet", "matter", "Project"),
    ("kimai-timesheet", "activity", "Activity"), ("kimai-project", "matter", "Name"),
    ("kimai-project", "client", "Customer"), ("kimai-customer", "client", "Name"),
])
def test_a_kimai_name_must_have_two_characters_and_none_of_the_forbidden_ones(
        template, field, out, name):
    values = {"client": "Acme", "matter": "M1", "activity": "Drafting", field: name}
    row = entry(client=values["client"], matter=values["matter"], activity=values["activity"])
    result = map_with(template, [HEADER, row], settings={"country": "DE"})
    assert errors(result) == [(2, out, "bad-format")]


def test_a_kimai_name_of_150_characters_is_written_and_151_is_too_long():
    result = map_with("kimai-timesheet", [HEADER, entry(matter="x" * 150),
                                          entry(matter="y" * 151)])
    assert errors(result) == [(3, "Project", "too-long")]


def test_a_kimai_user_may_not_contain_a_slash():
    result = map_with("kimai-timesheet", [HEADER, entry(person="ann/lee")])
    assert errors(result) == [(2, "User", "bad-format")]


# --- 7. Juris Rate ##0.00 -----------------------------------------------------------------------

def test_juris_rate_of_1200_does_not_fit_its_format_and_is_out_of_range():
    table = [["Date", "Hours", "Timekeeper ID", "Client ID", "Matter ID", "Description", "Rate"],
             ["2026-11-02", "0.5", "AB", "1001", "003", "Work", "999.99"],
             ["2026-11-02", "0.5", "AB", "1001", "003", "Work", "1200"]]
    result = map_with("juris", table)
    assert errors(result) == [(3, "Rate", "out-of-range")]


# --- 8. lengths and amounts ---------------------------------------------------------------------

@pytest.mark.parametrize(("template", "field", "out", "limit"), [
    ("solidtime", "text", "description", 5000), ("solidtime", "matter", "project", 255),
    ("solidtime", "client", "client", 255), ("solidtime", "activity", "task", 500),
    ("solidtime", "person", "user_name", 255),
])
def test_solidtime_lengths(template, field, out, limit):
    settings = {"timezone": "Europe/Berlin", "billable": "yes"}
    fits = entry(**{field: "x" * limit})
    too_long = entry(**{field: "y" * (limit + 1)})
    result = map_with(template, [HEADER, fits, too_long], settings=settings)
    assert errors(result) == [(3, out, "too-long")]


@pytest.mark.parametrize(("name", "out", "limit"), [
    ("Customer number", "Number", 50), ("E-mail", "Email", 75), ("Tax-id", "Tax", 50),
    ("Last name", "Contact", 100),
])
def test_kimai_customer_field_lengths(name, out, limit):
    fill = "a@b.example" if out == "Email" else ""
    table = [["Organization", name], ["Acme", ("x" * (limit - len(fill))) + fill],
             ["Beta", ("y" * (limit + 1 - len(fill))) + fill]]
    result = map_with("kimai-customer", table, settings={"country": "DE"})
    assert errors(result) == [(3, out, "too-long")]


@pytest.mark.parametrize(("rate", "hours", "bad"), [
    ("9999.99", "1", []), ("10000", "1", [(2, "Hourly Rate", "out-of-range")]),
    ("9999.99", "24", []),
])
def test_tabs3_hourly_rate_and_amount_have_maximums(rate, hours, bad):
    table = [["Date", "Hours", "Timekeeper ID", "Client ID", "Matter ID", "Description", "Rate"],
             ["2026-11-02", hours, "1", "1001", "1001.001", "Work", rate]]
    result = map_with("tabs3", table, settings={"tcode": "1"})
    assert errors(result) == bad


def test_tabs3_amount_over_its_maximum_is_out_of_range():
    table = [["Date", "Hours", "Timekeeper ID", "Client ID", "Matter ID", "Description", "Rate",
              "Amount"],
             ["2026-11-02", "1", "1", "1001", "1001.001", "Work", "100", "10000000"]]
    result = map_with("tabs3", table, settings={"tcode": "1"})
    assert errors(result) == [(2, "Amount", "out-of-range")]


# --- 9. LEDES timekeeper classification and invoice number --------------------------------------

LEDES = {"invoice_number": "INV42", "invoice_date": "2026-11-30", "law_firm_id": "12-3456789"}
LEDES_HEADER = ["Date", "Hours", "Client ID", "Matter ID", "Activity code", "Timekeeper ID",
                "Description", "Rate", "Timekeeper"]


def ledes_row():
    return ["2026-11-02", "0.5", "1001", "1001-003", "A101", "MA", "Work", "300", "Ann Lee"]


def people(klass="PARTNR"):
    return {"people": lookup_table("people", [["timekeeper", "timekeeper_class"],
                                              ["Ann Lee", klass]])}


@pytest.mark.parametrize("klass", ["PARTNR", "ASSOC", "PARALG", "LGLAST", "OFCOUN", "PT", "AS"])
def test_ledes_accepts_a_timekeeper_classification_of_the_ledes_list(klass):
    result = map_with("ledes-1998b", [LEDES_HEADER, ledes_row()], settings=LEDES,
                      lookups=people(klass))
    assert errors(result) == []


@pytest.mark.parametrize("klass", ["ABCDE", "PARTNER", "XX"])
def test_ledes_refuses_a_timekeeper_classification_outside_the_list(klass):
    result = map_with("ledes-1998b", [LEDES_HEADER, ledes_row()], settings=LEDES,
                      lookups=people(klass))
    assert errors(result) == [(2, "TIMEKEEPER_CLASSIFICATION", "bad-enum")]


def test_ledes_invoice_number_outside_letters_and_digits_is_warned_once():
    settings = {**LEDES, "invoice_number": "2026-0042"}
    result = map_with("ledes-1998b", [LEDES_HEADER, ledes_row(), ledes_row()], settings=settings,
                      lookups=people())
    assert (errors(result), [(p.column, p.code) for p in result.report.warnings]) == (
        [], [("INVOICE_NUMBER", "bad-format")])
    assert column(result, "INVOICE_NUMBER") == ["2026-0042", "2026-0042"]


def test_ledes_invoice_number_of_letters_and_digits_is_not_warned():
    result = map_with("ledes-1998b", [LEDES_HEADER, ledes_row()], settings=LEDES,
                      lookups=people())
    assert result.report.warnings == []


@pytest.mark.parametrize("brk", ["\r\n", "\v", "\f", "\x85", "\u2028", "\u2029"])
def test_a_ledes_line_holds_no_line_break_of_any_kind(brk):
    row = ledes_row()
    row[6] = f"first line{brk}second"
    result = map_with("ledes-1998b", [LEDES_HEADER, row], settings=LEDES, lookups=people())
    assert (column(result, "LINE_ITEM_DESCRIPTION"), errors(result)) == (
        ["first line second"], [])
