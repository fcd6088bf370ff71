import datetime as dt
from decimal import Decimal

from addin.excel.sheetops import excel_number_format, hours_to, reformat_dates


def test_hours_become_exact_minutes_and_the_title_row_is_kept():
    result = hours_to([["Hours"], ["0.1"], ["0,25"], [1.5], ["1:30"]], "minutes", 1, 2)
    assert result.values == [["Hours"], [Decimal(6)], [Decimal(15)], [Decimal(90)],
                             [Decimal(90)]]
    assert result.changed == [(2, 2), (3, 2), (4, 2), (5, 2)]


def test_point_one_hour_is_exactly_360_seconds():
    assert hours_to([[0.1]], "seconds", 2, 1).values == [[Decimal(360)]]


def test_an_unreadable_duration_is_reported_with_its_address_and_left_alone():
    result = hours_to([["soon"]], "minutes", 4, 3)
    assert result.values == [["soon"]]
    assert [(p.row, p.column, p.code) for p in result.problems] == [(4, "C4", "bad-duration")]


def test_dates_of_one_column_are_read_in_one_order():
    result = reformat_dates([["Date"], ["03/11/2026"], ["13/11/2026"]], 1, 1)
    assert result.values[1:] == [[dt.datetime(2026, 11, 3)], [dt.datetime(2026, 11, 13)]]


def test_an_all_ambiguous_column_is_reported_not_guessed():
    result = reformat_dates([["03/11/2026"], ["04/11/2026"]], 2, 1)
    assert result.values == [["03/11/2026"], ["04/11/2026"]]
    assert {p.code for p in result.problems} == {"ambiguous-date"}


def test_an_all_ambiguous_column_uses_a_given_order():
    result = reformat_dates([["03/11/2026"]], 2, 1, order="MDY")
    assert result.values == [[dt.datetime(2026, 3, 11)]]


def test_template_patterns_become_excel_number_formats():
    assert [excel_number_format(p) for p in ("YYYY-MM-DD", "MM/DD/YYYY", "HH:mm", "h:mm A",
                                             "%d.%m.%Y")] == [
        "yyyy-mm-dd", "mm/dd/yyyy", "hh:mm", "h:mm AM/PM", "dd.mm.yyyy"]
