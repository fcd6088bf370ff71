"""Reading a target's example values for their shape: a date's order, separators and padding,
a duration's unit and decimals, a yes/no column's spellings, a number's decimals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from addin.convert.datefmt import DateFormat
from addin.core.date_shapes import infer_date, infer_time
from addin.core.value_shapes import (
    infer_boolean,
    infer_duration,
    infer_money,
    infer_number,
)


def test_month_first_dates_without_padding_are_read_as_m_d_yyyy() -> None:
    assert infer_date(["5/19/2010", "5/20/2010"]).format == "M/D/YYYY"


def test_day_first_dates_with_dots_and_padding_are_read_as_dd_mm_yyyy() -> None:
    assert infer_date(["19.05.2010", "01.06.2010"]).format == "DD.MM.YYYY"


def test_year_first_dates_are_read_as_iso() -> None:
    shape = infer_date(["2010-05-19"])
    assert (shape.format, shape.todo) == ("YYYY-MM-DD", None)


def test_two_digit_years_are_read_as_yy() -> None:
    assert infer_date(["06/21/97"]).format == "MM/DD/YY"


def test_dates_with_month_names_are_read_with_their_padding() -> None:
    assert infer_date(["02-Nov-2026", "19-Nov-2026"]).format == "DD-MMM-YYYY"
    assert infer_date(["Nov 2, 2026"]).format == "MMM D, YYYY"


def test_dates_with_a_midnight_time_keep_it_as_written() -> None:
    shape = infer_date(["2026-11-02T00:00:00", "2026-11-13T00:00:00"])
    assert (shape.format, shape.todo) == ("YYYY-MM-DD[T00:00:00]", None)
    assert DateFormat(shape.format).format(dt.date(2026, 11, 2)) == "2026-11-02T00:00:00"
    assert infer_date(["11/2/2026 0:00", "11/13/2026 0:00"]).format == "M/D/YYYY[ 0:00]"


def test_dates_with_a_time_of_day_other_than_midnight_are_a_todo() -> None:
    shape = infer_date(["2026-11-02T09:30:00", "2026-11-13T09:30:00"])
    assert shape.todo is not None


def test_dates_fitting_both_orders_are_a_todo() -> None:
    shape = infer_date(["01/02/2010"])
    assert shape.todo is not None and "day" in shape.todo


def test_no_example_dates_leave_the_format_a_todo() -> None:
    shape = infer_date([])
    assert shape.format == "YYYY-MM-DD" and shape.todo is not None


def test_values_that_are_no_dates_leave_the_format_a_todo() -> None:
    assert infer_date(["soon"]).todo is not None


def test_whole_numbers_under_a_day_are_hours_with_a_note() -> None:
    shape = infer_duration(["3", "4", "5"], "Duration")
    assert (shape.unit, shape.decimals, shape.todo) == ("hours", None, None)
    assert "hours" in shape.note


def test_a_unit_in_the_header_wins() -> None:
    assert infer_duration(["90", "15"], "Time (minutes)").unit == "minutes"


def test_clock_durations_are_h_mm_or_hh_mm_by_padding() -> None:
    assert infer_duration(["1:30", "0:15"], "Time").unit == "h:mm"
    assert infer_duration(["01:30"], "Time").unit == "hh:mm"
    assert infer_duration(["1:30:00"], "Time").unit == "h:mm:ss"


def test_decimal_hours_keep_their_decimals() -> None:
    shape = infer_duration(["1.50", "0.25"], "Hours")
    assert (shape.unit, shape.decimals, shape.decimal_separator) == ("hours", 2, ".")


def test_decimal_commas_are_kept() -> None:
    assert infer_duration(["1,5"], "Hours").decimal_separator == ","


def test_no_example_duration_takes_the_header_unit_with_a_todo() -> None:
    shape = infer_duration([], "Time Spent")
    assert shape.unit == "hours" and shape.todo is not None


def test_booleans_keep_the_examples_spelling() -> None:
    shape = infer_boolean(["true", "true", "false"])
    assert (shape.true, shape.false, shape.todo) == ("true", "false", None)


def test_one_boolean_spelling_gives_its_partner() -> None:
    shape = infer_boolean(["Yes"])
    assert (shape.true, shape.false) == ("Yes", "No")


def test_numbers_keep_their_decimals() -> None:
    shape = infer_number(["350.00", "12.50"])
    assert (shape.decimals, shape.decimal_separator) == (2, ".")


def test_times_are_read_with_their_clock() -> None:
    assert infer_time(["9:00 AM", "1:30 PM"]).format == "h:mm A"
    assert infer_time(["09:00", "13:30"]).format == "HH:mm"


FORMATS = ["YYYY-MM-DD", "M/D/YYYY", "MM/DD/YYYY", "D/M/YYYY", "DD/MM/YYYY", "DD.MM.YYYY",
           "D.M.YYYY", "DD-MM-YYYY", "MM-DD-YYYY", "YYYY/MM/DD", "MM/DD/YY", "DD.MM.YY",
           "DD-MMM-YYYY", "D MMMM YYYY", "MMM D, YYYY", "DD-MMM-YY"]


@given(st.sampled_from(FORMATS),
       st.lists(st.dates(dt.date(1950, 1, 1), dt.date(2049, 12, 31)), min_size=0, max_size=6))
def test_dates_written_in_a_format_are_read_back_as_that_format(
        pattern: str, dates: list[dt.date]) -> None:
    # Evidence enough to settle the format: a day past 12 (the order) and a day and a month
    # under 10 (the padding).
    dates = [*dates, dt.date(2021, 3, 4), dt.date(2021, 11, 23)]
    written = [DateFormat(pattern).format(d) for d in dates]
    shape = infer_date(written)
    assert (shape.format, shape.todo) == (pattern, None)


def test_a_time_that_does_not_show_its_padding_is_a_todo() -> None:
    shape = infer_time(["10:30 AM"])
    assert (shape.format, shape.todo is not None) == ("h:mm A", True)


def test_whole_numbers_past_a_day_are_minutes_with_a_todo() -> None:
    shape = infer_duration(["90", "15"], "Time")
    assert (shape.unit, shape.todo is not None) == ("minutes", True)


def test_money_takes_the_cents_the_examples_show() -> None:
    assert infer_money(["15.85", "63.4"]).decimals == 2
    assert infer_money(["350"]).decimals is None


@given(st.integers(1, 3), st.lists(st.integers(0, 23 * 1000), min_size=1, max_size=6))
def test_decimal_hours_written_with_n_places_are_read_back_as_hours_with_n_places(
        places: int, thousandths: list[int]) -> None:
    step = Decimal(1).scaleb(-places)
    written = [str((Decimal(n) / 1000).quantize(step)) for n in thousandths]
    shape = infer_duration(written, "Duration")
    assert (shape.unit, shape.decimals, shape.todo) == ("hours", places, None)


def test_money_with_a_currency_sign_and_thousands_takes_its_cents_and_says_what_is_dropped(
        ) -> None:
    shape = infer_money(["$1,250.00", "$99.50"])
    assert (shape.decimals, shape.decimal_separator) == (2, ".")
    assert shape.todo is not None and "written 1250.00" in shape.todo
    european = infer_money(["1.234,50 \u20ac", "99,00 \u20ac"])
    assert (european.decimals, european.decimal_separator) == (2, ",")


def test_money_whose_one_separator_may_group_thousands_stays_open() -> None:
    shape = infer_money(["$1,250"])
    assert (shape.decimals, shape.todo is not None) == (None, True)
