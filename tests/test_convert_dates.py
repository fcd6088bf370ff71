import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addin.convert.dates import DateFormat, DateOrderVote, parse_date, parse_datetime, parse_time
from addin.core.problems import ConversionError

JAN_15 = dt.date(2026, 1, 15)


def error_of(func: object, *args: object) -> ConversionError:
    with pytest.raises(ConversionError) as caught:
        func(*args)  # type: ignore[operator]
    return caught.value


# --- DateOrderVote ------------------------------------------------------------------------


def decide(values: list[object], default: str | None = None) -> tuple[str | None, str]:
    vote = DateOrderVote()
    for value in values:
        vote.add(value)
    return vote.decide(default)


def test_day_over_12_is_evidence_for_day_first() -> None:
    assert decide(["05/06/2026", "13/02/2026"])[0] == "DMY"


def test_second_number_over_12_is_evidence_for_month_first() -> None:
    assert decide(["05/06/2026", "02/13/2026"])[0] == "MDY"


def test_evidence_beats_the_profile_and_the_reason_says_so() -> None:
    order, reason = decide(["13/02/2026"], "MDY")
    assert order == "DMY"
    assert "although the profile says month-first" in reason


def test_evidence_reason_counts_the_values() -> None:
    assert decide(["05/06/2026", "13/02/2026"])[1] == (
        "1 of 2 values only fits day-first (e.g. '13/02/2026'); read the column as day-first"
    )


def test_all_ambiguous_values_use_the_profile_order() -> None:
    assert decide(["05/06/2026"] * 12, "DMY") == (
        "DMY",
        "all 12 values fit both orders; read as day-first because the profile says so",
    )


def test_all_ambiguous_values_without_profile_order_are_undecided() -> None:
    order, reason = decide(["05/06/2026", "07/08/2026"])
    assert order is None
    assert "set the date order" in reason


def test_conflicting_evidence_is_undecided_even_with_a_profile_order() -> None:
    order, reason = decide(["13/01/2026", "01/13/2026"], "DMY")
    assert order is None
    assert "'13/01/2026'" in reason and "'01/13/2026'" in reason


@pytest.mark.parametrize(
    "value", [JAN_15, dt.datetime(2026, 1, 15, 9, 0), 45678, 45678.5, "45678", "2026-01-15",
              "15 Jan 2026", "05/05/2026"],
)  # fmt: skip
def test_values_that_read_the_same_either_way_need_no_order(value: object) -> None:
    assert decide([value], "MDY") == ("MDY", "no value needs a day/month order")


def test_values_that_are_not_dates_in_either_order_do_not_vote() -> None:
    assert decide(["45/45/2026", "hello"])[0] is None


def test_two_digit_years_vote_too() -> None:
    assert decide(["13/02/26"])[0] == "DMY"


def test_unknown_default_order_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        DateOrderVote().decide("YMD")


# --- parse_date ---------------------------------------------------------------------------


def test_date_object_is_returned() -> None:
    assert parse_date(JAN_15, None) == JAN_15


def test_datetime_object_gives_its_date() -> None:
    assert parse_date(dt.datetime(2026, 1, 15, 23, 59), None) == JAN_15


@pytest.mark.parametrize(
    "text", ["2026-01-15", "2026-1-15", "2026/01/15", "2026.01.15", "20260115",
             "2026-01-15T09:30", "2026-01-15T09:30:00Z", "2026-01-15 09:30:00+01:00"],
)  # fmt: skip
def test_iso_forms_need_no_order(text: str) -> None:
    assert parse_date(text, None) == JAN_15


@pytest.mark.parametrize("text", ["15/01/2026", "15.01.2026", "15-01-2026", "15/1/26"])
def test_day_first_forms_are_read_with_dmy(text: str) -> None:
    assert parse_date(text, "DMY") == JAN_15


@pytest.mark.parametrize("text", ["01/15/2026", "01-15-2026", "1/15/26"])
def test_month_first_forms_are_read_with_mdy(text: str) -> None:
    assert parse_date(text, "MDY") == JAN_15


def test_ambiguous_value_follows_the_column_order() -> None:
    assert parse_date("05/06/2026", "MDY") == dt.date(2026, 5, 6)


def test_ambiguous_value_without_order_is_ambiguous_date() -> None:
    error = error_of(parse_date, "05/06/2026", None)
    assert error.code == "ambiguous-date"
    assert "Jun 5 or May 6" in error.message


def test_unambiguous_value_without_order_uses_its_own_evidence() -> None:
    assert parse_date("15/01/2026", None) == JAN_15


def test_same_day_and_month_without_order_is_read() -> None:
    assert parse_date("05/05/2026", None) == dt.date(2026, 5, 5)


def test_value_against_the_column_order_is_a_bad_date_not_reinterpreted() -> None:
    error = error_of(parse_date, "15/01/2026", "MDY")
    assert error.code == "bad-date"
    assert "month-first" in error.message


def test_invalid_day_of_month_is_a_bad_date_with_the_month_length() -> None:
    error = error_of(parse_date, "31/02/2026", "DMY")
    assert error.code == "bad-date"
    assert "February 2026 has 28 days" in error.message


def test_leap_day_is_read_in_a_leap_year() -> None:
    assert parse_date("29/02/2028", "DMY") == dt.date(2028, 2, 29)


@pytest.mark.parametrize(
    "text", ["15 Jan 2026", "15 January 2026", "15-Jan-2026", "15-Jan-26", "Jan 15, 2026",
             "January 15 2026", "15th Jan 2026", "jan 15 2026", "Thu 15 Jan 2026",
             "Thursday, January 15, 2026", "15 Jan. 2026", "Sept 15, 2026"],
)  # fmt: skip
def test_english_month_names_are_read_in_either_order(text: str) -> None:
    expected = dt.date(2026, 9, 15) if text.startswith("Sept") else JAN_15
    assert parse_date(text, None) == expected


def test_wrong_weekday_is_a_bad_date() -> None:
    error = error_of(parse_date, "Fri 15 Jan 2026", None)
    assert error.code == "bad-date"
    assert "Thursday" in error.message


@pytest.mark.parametrize(
    ("text", "year"),
    [("15/01/00", 2000), ("15/01/26", 2026), ("15/01/29", 2029), ("15/01/30", 1930),
     ("15/01/99", 1999), ("15 Jan 99", 1999), ("Jan 15, 05", 2005)],
)  # fmt: skip
def test_two_digit_years_pivot_like_excel_1930_to_2029(text: str, year: int) -> None:
    assert parse_date(text, "DMY").year == year


@given(st.integers(min_value=0, max_value=99))
def test_a_two_digit_year_is_within_the_pivot_window(yy: int) -> None:
    year = parse_date(f"15/01/{yy:02d}", "DMY").year
    assert 1930 <= year <= 2029 and year % 100 == yy


def test_a_dotted_date_is_day_first_without_an_order() -> None:
    assert parse_date("05.04.2026", None) == dt.date(2026, 4, 5)


def test_a_column_of_dotted_dates_is_decided_day_first() -> None:
    assert decide(["05.04.2026", "06.04.2026"])[0] == "DMY"


def test_dotted_dates_beside_slashed_ones_decide_nothing_alone() -> None:
    assert decide(["05.04.2026", "05/06/2026"])[0] is None


@pytest.mark.parametrize(
    "value", ["", "hello", "2026-13-01", "2026-01-15 lunch", "15 Foo 2026", "1/2/3/4", True,
              None, dt.time(9, 0)],
)  # fmt: skip
def test_values_that_are_not_dates_are_bad_dates(value: object) -> None:
    assert error_of(parse_date, value, "DMY").code == "bad-date"


def test_unknown_order_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_date("2026-01-15", "YMD")


# --- Excel serial numbers -----------------------------------------------------------------


@pytest.mark.parametrize("value", [46037, 46037.0, Decimal(46037), "46037"])
def test_excel_serial_numbers_are_dates(value: object) -> None:
    assert parse_date(value, None) == JAN_15


def test_serial_fraction_is_dropped_for_a_date() -> None:
    assert parse_date(46037.75, None) == JAN_15


def test_serial_one_is_the_first_of_january_1900() -> None:
    assert parse_date(1, None) == dt.date(1900, 1, 1)


def test_serial_59_is_the_last_of_february_1900() -> None:
    assert parse_date(59, None) == dt.date(1900, 2, 28)


def test_serial_61_is_the_first_of_march_1900() -> None:
    assert parse_date(61, None) == dt.date(1900, 3, 1)


def test_serial_60_is_excels_phantom_leap_day() -> None:
    error = error_of(parse_date, 60, None)
    assert error.code == "bad-date"
    assert "29 Feb 1900" in error.message


@pytest.mark.parametrize("value", [0, 0.5, -1, 2958466, float("nan")])
def test_serials_outside_excels_calendar_are_bad_dates(value: object) -> None:
    assert error_of(parse_date, value, None).code == "bad-date"


def test_serial_just_before_midnight_rounds_to_the_next_day_like_excel() -> None:
    assert parse_date(46037.99999999999, None) == dt.date(2026, 1, 16)


# --- parse_time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("13:00", dt.time(13)), ("9:30", dt.time(9, 30)), ("13:00:05", dt.time(13, 0, 5)),
     ("1:00 PM", dt.time(13)), ("1 pm", dt.time(13)), ("12:30 am", dt.time(0, 30)),
     ("12:00 PM", dt.time(12)), ("11:59 p.m.", dt.time(23, 59)), ("1:00PM", dt.time(13)),
     ("00:00", dt.time(0)), ("09:30:00.250", dt.time(9, 30, 0, 250000))],
)  # fmt: skip
def test_time_text_is_read(text: str, expected: dt.time) -> None:
    assert parse_time(text) == expected


def test_time_object_is_returned() -> None:
    assert parse_time(dt.time(9, 30)) == dt.time(9, 30)


def test_datetime_object_gives_its_time() -> None:
    assert parse_time(dt.datetime(2026, 1, 15, 9, 30)) == dt.time(9, 30)


def test_time_cell_from_excel_is_not_a_date() -> None:
    for cell in (dt.datetime(1899, 12, 30, 9, 30), dt.datetime(1899, 12, 31, 1, 30)):
        with pytest.raises(ConversionError, match="a time or a duration") as caught:
            parse_date(cell, None)
        assert caught.value.code == "bad-date"


def test_time_cell_from_excel_is_its_time_of_day() -> None:
    assert parse_time(dt.datetime(1899, 12, 30, 9, 30)) == dt.time(9, 30)  # 9:30 over COM


def test_time_cell_past_a_day_is_not_a_time_of_day() -> None:
    with pytest.raises(ConversionError, match="25:30, more than a day") as caught:
        parse_time(dt.datetime(1899, 12, 31, 1, 30))  # [h]:mm 25:30 over COM
    assert caught.value.code == "bad-time"


def test_excel_day_fraction_is_a_time() -> None:
    assert parse_time(0.5) == dt.time(12)


def test_float_day_fraction_is_rounded_to_the_millisecond() -> None:
    assert parse_time(9.5 / 24) == dt.time(9, 30)


def test_single_digit_minutes_are_a_bad_time() -> None:
    error = error_of(parse_time, "9:5")
    assert error.code == "bad-time"
    assert "9:05" in error.message


@pytest.mark.parametrize(
    "value", ["24:00", "12:60", "13:00 PM", "0:30 am", "13", "noon", "", "09:30Z", 1, 1.5, -0.1,
              True, None],
)  # fmt: skip
def test_out_of_range_and_unreadable_times_are_bad_times(value: object) -> None:
    assert error_of(parse_time, value).code == "bad-time"


# --- parse_datetime -----------------------------------------------------------------------


def test_iso_datetime_is_read() -> None:
    assert parse_datetime("2026-01-15T09:30:00", None) == dt.datetime(2026, 1, 15, 9, 30)


def test_z_gives_an_aware_utc_datetime() -> None:
    assert parse_datetime("2026-01-15T09:30Z", None) == dt.datetime(
        2026, 1, 15, 9, 30, tzinfo=dt.UTC
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11-02T09:00:00.000+01:00",
      dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
     ("2026-11-02T09:00:00.000Z", dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)),
     ("2026-11-02T09:00:00Z", dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)),
     ("2026-11-02T09:00:00.1234560+0100",
      dt.datetime(2026, 11, 2, 9, 0, 0, 123456, tzinfo=dt.timezone(dt.timedelta(hours=1))))],
)  # fmt: skip
def test_iso_times_with_milliseconds_and_offsets_are_read(text: str, expected: dt.datetime) -> None:
    assert parse_datetime(text, None) == expected


def test_a_fraction_finer_than_a_microsecond_is_not_rounded_away() -> None:
    assert error_of(parse_datetime, "2026-11-02T09:00:00.1234567Z", None).code == "bad-time"


def test_offset_is_kept_not_converted() -> None:
    value = parse_datetime("2026-01-15 09:30+02:00", None)
    assert (value.hour, value.utcoffset()) == (9, dt.timedelta(hours=2))


def test_day_first_datetime_with_12_hour_time_is_read() -> None:
    assert parse_datetime("15/01/2026 9:30 PM", "DMY") == dt.datetime(2026, 1, 15, 21, 30)


def test_serial_fraction_is_kept_for_a_datetime() -> None:
    assert parse_datetime(46037.75, None) == dt.datetime(2026, 1, 15, 18, 0)


def test_float_serial_time_is_rounded_to_the_millisecond() -> None:
    assert parse_datetime(46037 + 9.5 / 24, None) == dt.datetime(2026, 1, 15, 9, 30)


def test_datetime_object_is_returned() -> None:
    value = dt.datetime(2026, 1, 15, 9, 30)
    assert parse_datetime(value, None) == value


@pytest.mark.parametrize("value", ["2026-01-15", JAN_15, dt.time(9, 30)])
def test_datetime_without_date_or_time_is_a_bad_date(value: object) -> None:
    assert error_of(parse_datetime, value, None).code == "bad-date"


def test_bad_time_part_of_a_datetime_is_a_bad_time() -> None:
    assert error_of(parse_datetime, "2026-01-15 25:00", None).code == "bad-time"


# --- DateFormat: compiling ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "token"), [("yyyy-mm-dd", "'yyyy'"), ("Do MMM YYYY", "'o'"), ("YYY-MM-DD", "'YYY'")]
)
def test_unknown_tokens_are_named_in_the_error(pattern: str, token: str) -> None:
    with pytest.raises(ValueError, match=token):
        DateFormat(pattern)


@pytest.mark.parametrize("pattern", ["%-m/%d/%Y", "%j", "%A %d %B %Y", "%Y-%m-%d %"])
def test_unsupported_strftime_directives_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="directive"):
        DateFormat(pattern)


@pytest.mark.parametrize(
    "pattern", ["YYYY-MM", "HH", "h:mm", "HH:mm A", "YYYY-MM-DD MMM", "[at]", "DD [at"]
)
def test_incomplete_or_contradictory_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError):
        DateFormat(pattern)


def test_bracketed_letters_are_literal_text() -> None:
    value = dt.datetime(2026, 1, 15, 9, 30)
    assert DateFormat("DD/MM/YYYY [at] HH:mm").format(value) == "15/01/2026 at 09:30"


def test_t_is_the_iso_separator() -> None:
    assert DateFormat("YYYY-MM-DDTHH:mm:ss").format(dt.datetime(2026, 1, 5, 9, 3)) == (
        "2026-01-05T09:03:00"
    )


def test_strftime_and_tokens_compile_to_the_same_thing() -> None:
    value = dt.datetime(2026, 1, 5, 14, 7, 9)
    assert DateFormat("%d %b %y %I:%M:%S %p").format(value) == DateFormat(
        "DD MMM YY hh:mm:ss A"
    ).format(value)


def test_strftime_percent_percent_is_a_literal_percent() -> None:
    assert DateFormat("%Y%%%m%%%d").format(JAN_15) == "2026%01%15"


# --- DateFormat: writing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "text"),
    [("YYYY-MM-DD", "2026-01-05"), ("M/D/YYYY", "1/5/2026"), ("DD.MM.YY", "05.01.26"),
     ("MMMM D, YYYY", "January 5, 2026"), ("D MMM YYYY", "5 Jan 2026"), ("YYYYMMDD", "20260105")],
)  # fmt: skip
def test_dates_are_written_with_the_pattern(pattern: str, text: str) -> None:
    assert DateFormat(pattern).format(dt.date(2026, 1, 5)) == text


@pytest.mark.parametrize(
    ("value", "text"), [(dt.time(0, 5), "12:05 AM"), (dt.time(12, 5), "12:05 PM"),
                        (dt.time(21, 5), "9:05 PM")],
)  # fmt: skip
def test_twelve_hour_clock_is_written(value: dt.time, text: str) -> None:
    assert DateFormat("h:mm A").format(value) == text


def test_year_before_1000_is_padded_to_four_digits() -> None:
    assert DateFormat("DD/MM/YYYY").format(dt.date(999, 1, 1)) == "01/01/0999"


def test_date_pattern_writes_the_date_of_a_datetime() -> None:
    assert DateFormat("YYYY-MM-DD").format(dt.datetime(2026, 1, 15, 9, 30)) == "2026-01-15"


def test_time_pattern_refuses_to_drop_seconds() -> None:
    with pytest.raises(ConversionError) as caught:
        DateFormat("HH:mm").format(dt.time(9, 30, 15))
    assert caught.value.code == "bad-time"


def test_date_pattern_needs_a_date() -> None:
    with pytest.raises(ConversionError) as caught:
        DateFormat("YYYY-MM-DD").format(dt.time(9, 30))
    assert caught.value.code == "bad-date"


def test_time_pattern_needs_a_time() -> None:
    with pytest.raises(ConversionError) as caught:
        DateFormat("HH:mm").format(dt.date(2026, 1, 15))
    assert caught.value.code == "bad-time"


# --- DateFormat: reading ------------------------------------------------------------------


def test_parse_reads_exactly_the_pattern() -> None:
    assert DateFormat("DD.MM.YYYY").parse("15.01.2026") == JAN_15


def test_parse_refuses_another_layout_and_shows_an_example() -> None:
    with pytest.raises(ConversionError) as caught:
        DateFormat("YYYY-MM-DD").parse("2026/01/15")
    assert caught.value.code == "bad-date"
    assert "write it like 2026-01-15" in caught.value.message


def test_parse_refuses_an_impossible_date() -> None:
    with pytest.raises(ConversionError) as caught:
        DateFormat("YYYY-MM-DD").parse("2026-02-30")
    assert "February 2026 has 28 days" in caught.value.message


def test_parse_refuses_an_impossible_time_as_bad_time() -> None:
    with pytest.raises(ConversionError) as caught:
        DateFormat("HH:mm").parse("25:00")
    assert caught.value.code == "bad-time"


def test_parse_of_a_time_pattern_returns_a_time() -> None:
    assert DateFormat("h:mm A").parse("9:05 pm") == dt.time(21, 5)


def test_parse_of_a_date_time_pattern_returns_a_datetime() -> None:
    parsed = DateFormat("MM/DD/YYYY HH:mm").parse("01/15/2026 09:30")
    assert parsed == dt.datetime(2026, 1, 15, 9, 30)


def test_single_letter_tokens_read_padded_values_too() -> None:
    assert DateFormat("M/D/YYYY").parse("01/05/2026") == dt.date(2026, 1, 5)


def test_month_names_are_read_in_any_case() -> None:
    assert DateFormat("D MMM YYYY").parse("15 JAN 2026") == JAN_15


def test_two_digit_year_reads_as_20yy() -> None:
    assert DateFormat("DD/MM/YY").parse("15/01/26") == JAN_15


def test_two_digit_year_pattern_uses_the_same_pivot() -> None:
    assert DateFormat("DD/MM/YY").parse("15/01/99") == dt.date(1999, 1, 15)


# --- DateFormat: properties ---------------------------------------------------------------

DATE_PATTERNS = ["YYYY-MM-DD", "MM/DD/YYYY", "DD.MM.YYYY", "YYYYMMDD", "M/D/YYYY", "D MMM YYYY",
                 "%Y-%m-%d", "MMMM D, YYYY", "%d %B %Y"]  # fmt: skip
dates_1900_2099 = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@pytest.mark.parametrize("pattern", DATE_PATTERNS)
@given(value=dates_1900_2099)
def test_dates_read_back_in_every_pattern(pattern: str, value: dt.date) -> None:
    fmt = DateFormat(pattern)
    assert fmt.parse(fmt.format(value)) == value


@pytest.mark.parametrize(
    ("pattern", "with_seconds"), [("HH:mm", False), ("HH:mm:ss", True), ("h:mm A", False),
                                  ("%I:%M:%S %p", True), ("H:mm", False)],
)  # fmt: skip
@given(hour=st.integers(0, 23), minute=st.integers(0, 59), second=st.integers(0, 59))
def test_times_read_back_in_every_pattern(
    pattern: str, with_seconds: bool, hour: int, minute: int, second: int
) -> None:
    value = dt.time(hour, minute, second if with_seconds else 0)
    fmt = DateFormat(pattern)
    assert fmt.parse(fmt.format(value)) == value
