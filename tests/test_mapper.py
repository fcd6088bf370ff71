from decimal import Decimal

from mapping import column, lookup_table, map_with, values

KIMAI = "kimai-timesheet"
HEADER = ["Date", "Duration (hours)", "Client", "Matter", "Description", "Timekeeper", "Email",
          "Activity Code"]


def entry(date="2026-11-02", hours="0.1", client="Acme", matter="M1", text="Work",
          person="Ann", email="ann@example.com", code="A101"):
    return [date, hours, client, matter, text, person, email, code]


def test_kimai_duration_is_hours_times_3600_as_an_integer():
    result = map_with(KIMAI, [HEADER, entry(hours="0.1"), entry(hours="2.25"), entry(hours="1:30")])
    assert column(result, "Duration") == ["360", "8100", "5400"]


def test_decimal_comma_hours_are_read_exactly():
    result = map_with(KIMAI, [HEADER, entry(hours="0,25")])
    assert column(result, "Duration") == ["900"]


def test_one_persons_entries_of_a_day_are_stacked_in_file_order():
    table = [HEADER, entry(hours="0.5"), entry(hours="1.0"), entry(hours="0.25")]
    result = map_with(KIMAI, table)
    assert list(zip(column(result, "From"), column(result, "To"), strict=True)) == [
        ("09:00:00", "09:30:00"), ("09:30:00", "10:30:00"), ("10:30:00", "10:45:00")]


def test_each_person_and_day_starts_at_the_day_start():
    table = [HEADER, entry(person="Ann", hours="1"), entry(person="Bob", hours="1"),
             entry(person="Ann", date="2026-11-03", hours="1")]
    result = map_with(KIMAI, table)
    assert column(result, "From") == ["09:00:00", "09:00:00", "09:00:00"]


def test_the_day_start_can_be_set():
    result = map_with(KIMAI, [HEADER, entry(hours="1")], settings={"day_start": "07:45"})
    assert (column(result, "From"), column(result, "To")) == (["07:45:00"], ["08:45:00"])


def test_stacking_past_midnight_is_reported():
    result = map_with(KIMAI, [HEADER, entry(hours="10"), entry(hours="6")])
    assert ("day-overflow" in [p.code for p in result.report]) and column(result, "To")[1] == ""


def test_a_day_first_column_is_read_day_first_throughout():
    table = [HEADER, entry(date="03/11/2026"), entry(date="13/11/2026")]
    result = map_with(KIMAI, table)
    assert column(result, "Date") == ["2026-11-03", "2026-11-13"]


def test_a_month_first_column_is_read_month_first_throughout():
    table = [HEADER, entry(date="03/11/2026"), entry(date="11/13/2026")]
    result = map_with(KIMAI, table)
    assert column(result, "Date") == ["2026-03-11", "2026-11-13"]


def test_an_all_ambiguous_date_column_is_an_error_without_an_order():
    result = map_with(KIMAI, [HEADER, entry(date="03/11/2026")])
    assert (None, "Date", "ambiguous-date") in result.report.flatten()


def test_an_all_ambiguous_date_column_uses_the_chosen_order_with_a_warning():
    result = map_with(KIMAI, [HEADER, entry(date="03/11/2026")], date_order="MDY")
    warnings = [(p.code, p.severity) for p in result.report]
    assert column(result, "Date") == ["2026-03-11"] and ("date-order", "warning") in warnings


def test_a_chosen_order_that_the_values_contradict_is_an_error():
    result = map_with(KIMAI, [HEADER, entry(date="13/11/2026")], date_order="MDY")
    assert (None, "Date", "ambiguous-date") in result.report.flatten()


def test_a_blank_required_cell_is_reported_with_the_row_the_user_sees():
    result = map_with(KIMAI, [HEADER, entry(), entry(matter="")])
    assert result.report.flatten() == [(3, "Project", "missing-required")]


def test_a_setting_fills_blank_cells():
    result = map_with(KIMAI, [HEADER, entry(matter="")], settings={"project": "General"})
    assert column(result, "Project") == ["General"] and not result.report.errors


def test_a_required_column_the_source_lacks_is_reported_once_for_the_file():
    table = [[h for h in HEADER if h != "Email"], entry()[:6] + ["A101"], entry()[:6] + ["A101"]]
    result = map_with(KIMAI, table)
    assert result.report.flatten() == [(None, "Email", "missing-column")]


PEOPLE = [["timekeeper", "email"], [" ANN ", "ann@firm.example"]]


def test_the_people_table_fills_a_field_the_source_lacks():
    table = [[h for h in HEADER if h != "Email"], entry()[:6] + ["A101"]]
    result = map_with(KIMAI, table, lookups={"people": lookup_table("people", PEOPLE)})
    assert column(result, "Email") == ["ann@firm.example"] and not result.report.errors


def test_a_name_missing_from_the_lookup_table_is_a_problem_naming_the_table():
    table = [[h for h in HEADER if h != "Email"], entry(person="Zed")[:6] + ["A101"]]
    result = map_with(KIMAI, table, lookups={"people": lookup_table("people", PEOPLE)})
    problem = next(p for p in result.report if p.code == "unknown-lookup")
    assert (problem.row, problem.column) == (2, "Timekeeper") and "people table" in problem.message


def test_texts_are_kept_byte_for_byte():
    text = ' Line one, "quoted"\nline two — Zoë '
    result = map_with(KIMAI, [HEADER, entry(text=text)])
    assert column(result, "Description") == [text]


def test_an_unreadable_duration_is_reported_on_the_source_column_with_its_value():
    result = map_with(KIMAI, [HEADER, entry(hours="1:75")])
    problem = next(p for p in result.report if p.code == "bad-duration")
    assert (problem.row, problem.column, problem.value) == (2, "Duration (hours)", "1:75")


def test_a_failed_duration_does_not_also_report_its_derived_columns_as_missing():
    result = map_with(KIMAI, [HEADER, entry(hours="soon")])
    assert [p.code for p in result.report.errors] == ["bad-duration"]


def test_unclaimed_source_columns_are_reported_as_warnings():
    result = map_with(KIMAI, [HEADER + ["Mood"], entry() + ["happy"]])
    assert (None, "Mood", "unclaimed-column") in result.report.flatten()


def test_a_title_row_above_the_header_is_skipped():
    result = map_with(KIMAI, [["Time report November"], [], HEADER, entry()])
    assert result.plan.header_row == 3 and result.rows[0].row == 4


AMOUNT = """
[template]
id = "amounts"
name = "Amounts"
target = "Test"

[[columns]]
name = "Hours"
source = "duration"
type = "duration"
unit = "hours"

[[columns]]
name = "Amount"
derive = "amount"
type = "money"

[[columns]]
name = "Billable"
source = "billable"
type = "boolean"
true = "Yes"
false = "No"

[[columns]]
name = "Ref"
column = "Internal Ref"

[[columns]]
name = "Kind"
constant = "F"
"""


def test_amount_is_hours_times_rate_exactly():
    result = map_with(AMOUNT, [["Hours", "Rate", "Billable", "Internal Ref"],
                               ["0.1", "333.3", "yes", "007"]])
    assert values(result) == [["0.1", "33.33", "Yes", "007", "F"]]
    assert result.rows[0].typed[1] == Decimal("33.33")


def test_an_amount_needing_rounding_is_an_error_not_a_silent_round():
    result = map_with(AMOUNT, [["Hours", "Rate"], ["0.1", "333.33"]])
    assert result.rows[0].values[1] == ""  # 33.333 does not fit 2 decimals
    assert (2, "Amount", "bad-number") in result.report.flatten()


UNIQUE_HEADER = ["Client", "Matter"]


def test_unique_templates_write_each_customer_once():
    result = map_with("kimai-customer", [UNIQUE_HEADER, ["Acme", "A"], ["Beta", "B"],
                                         ["Acme", "C"]])
    assert [row.values[0] for row in result.rows] == ["Acme", "Beta"]


def test_projects_are_unique_per_customer():
    result = map_with("kimai-project", [UNIQUE_HEADER, ["Acme", "Alpha"], ["Beta", "Alpha"],
                                        ["Acme", "Alpha"]])
    assert [row.values[:2] for row in result.rows] == [["Alpha", "Acme"], ["Alpha", "Beta"]]


INCREMENT = """
[template]
id = "tenths"
name = "Tenths"
target = "Test"

[[columns]]
name = "Hours"
source = "duration"
type = "duration"
unit = "hours"
decimals = 1
increment = "0.1h"
rounding = "up"

[[columns]]
name = "Minutes"
source = "duration"
type = "duration"
unit = "minutes"
decimals = 0
"""


def test_a_billing_increment_rounds_up_to_the_next_tenth():
    result = map_with(INCREMENT, [["Duration"], ["0.02"], ["0:06"], ["1h 1m"]])
    assert [row.values[0] for row in result.rows] == ["0.1", "0.1", "1.1"]


def test_minutes_that_need_rounding_without_a_rule_are_an_error():
    result = map_with(INCREMENT, [["Duration"], ["0:00:30"]])
    assert (2, "Minutes", "inexact-duration") in result.report.flatten()


def test_rates_with_currency_signs_and_thousands_separators_are_understood():
    header = HEADER + ["Rate"]
    result = map_with(KIMAI, [header, entry() + ["$1,250.00"], entry() + ["€ 95"]])
    assert column(result, "HourlyRate") == ["1250", "95"]


def test_a_twelve_hour_start_time_is_used_as_from():
    header = ["Date", "Start", "Duration", "Client", "Matter", "Timekeeper", "Email", "Activity"]
    row = ["2026-11-02", "1:00 PM", "1.5", "Acme", "M1", "Ann", "a@x.example", "Calls"]
    result = map_with(KIMAI, [header, row])
    assert (column(result, "From"), column(result, "To")) == (["13:00:00"], ["14:30:00"])


def test_excel_date_cells_and_serial_numbers_are_dates():
    import datetime as dt

    result = map_with(KIMAI, [HEADER, entry(date=dt.datetime(2026, 11, 2)), entry(date=46328)])
    assert column(result, "Date") == ["2026-11-02", "2026-11-02"]


def test_the_engine_streams_rows_one_at_a_time():
    import itertools

    from addin.core.decide import undecided
    from addin.core.options import MapOptions
    from addin.core.pipeline import Prepared, convert
    from addin.core.plan import plan_mapping
    from addin.core.problems import Report
    from addin.files.registry import find_template

    plan = plan_mapping(find_template(KIMAI), HEADER, MapOptions())
    endless = ((n, entry(hours="0.1", date=f"2026-11-{1 + n % 28:02d}"))
               for n in itertools.count(2))
    prepared = Prepared(plan, undecided(plan), {}, plan.problems)
    first = list(itertools.islice(convert(prepared, endless, Report()), 3))
    assert [row.row for row in first] == [2, 3, 4]


def test_in_excel_messages_point_to_the_settings_sheet_not_to_options():
    result = map_with(KIMAI, [HEADER, entry(matter="")], channel="excel")
    [problem] = result.report.errors
    assert problem.message.endswith(
        "Fill it in the source, or give a row 'project' on the sheet 'Import Mapper settings'")


def test_rows_are_numbered_from_where_the_table_starts_on_the_sheet():
    from addin.core.options import MapOptions
    from addin.core.pipeline import map_table
    from addin.files.registry import find_template

    result = map_table(find_template(KIMAI), [HEADER, entry(), entry(matter="")], MapOptions(),
                       first_row=5)
    assert result.report.flatten() == [(7, "Project", "missing-required")]


def test_an_amount_with_endless_decimals_is_rounded_only_by_the_template_rule():
    rounded = AMOUNT.replace('type = "money"', 'type = "money"\nrounding = "nearest"')
    result = map_with(rounded, [["Duration", "Rate"], ["0:20", "350"]])
    assert result.rows[0].values[1] == "116.67"
    assert [p.column for p in result.report.errors] == ["Hours"]  # 0.333... h has no exact text


def test_a_passed_through_cell_that_does_not_fit_its_column_is_a_row_problem():
    template = ('[template]\nid = "t"\nname = "T"\ntarget = "T"\n\n[[columns]]\nname = "Due"\n'
                'column = "Due"\ntype = "date"\nformat = "YYYY-MM-DD"\n')
    result = map_with(template, [["Date", "Due"], ["2026-11-02", "someday"]])
    assert [(p.row, p.column, p.code) for p in result.report.errors] == [(2, "Due", "bad-date")]
