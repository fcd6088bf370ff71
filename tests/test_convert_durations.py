import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addin.convert.durations import format_duration, parse_duration, round_seconds, to_unit
from addin.core.problems import ConversionError


def error_of(value: object, **kwargs: object) -> ConversionError:
    with pytest.raises(ConversionError) as caught:
        parse_duration(value, **kwargs)  # type: ignore[arg-type]
    return caught.value


# --- parse_duration: numbers --------------------------------------------------------------


def test_tenth_of_an_hour_is_exactly_360_seconds() -> None:
    assert parse_duration("0.1") == Decimal(360)


def test_float_tenth_of_an_hour_is_exactly_360_seconds() -> None:
    assert parse_duration(0.1) == Decimal(360)


def test_int_is_hours_by_default() -> None:
    assert parse_duration(2) == Decimal(7200)


def test_decimal_is_read_exactly() -> None:
    assert parse_duration(Decimal("0.25")) == Decimal(900)


def test_comma_decimal_hours_are_read_with_comma_separator() -> None:
    assert parse_duration("0,25", ",") == Decimal(900)


def test_comma_decimal_hours_are_refused_with_dot_separator() -> None:
    error = error_of("0,25", decimal_sep=".")
    assert error.code == "bad-duration"
    assert "set its decimal separator to ','" in error.message


@pytest.mark.parametrize("text", ["1,234", "1,234 min"])
def test_ambiguous_number_stays_ambiguous_without_separator(text: str) -> None:
    assert error_of(text, decimal_sep=None).code == "ambiguous-number"


def test_bare_numbers_can_be_minutes() -> None:
    assert parse_duration("90", bare_number_unit="minutes") == Decimal(5400)


def test_bare_numbers_can_be_seconds() -> None:
    assert parse_duration(45, bare_number_unit="seconds") == Decimal(45)


def test_bare_numbers_can_be_excel_day_fractions() -> None:
    assert parse_duration(Decimal("0.0625"), bare_number_unit="days") == Decimal(5400)


def test_float_day_fraction_of_one_hour_is_exactly_3600_seconds() -> None:
    assert parse_duration(1 / 24, bare_number_unit="days") == Decimal(3600)


def test_float_day_fraction_is_rounded_to_the_millisecond() -> None:
    assert parse_duration(0.5 / 86400, bare_number_unit="days") == Decimal("0.5")


def test_float_hours_are_not_rounded_to_the_millisecond() -> None:
    assert parse_duration(1e-7) == Decimal("0.00036")


def test_unknown_bare_number_unit_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_duration("1", bare_number_unit="weeks")


@pytest.mark.parametrize("value", [-1, "-0.5", Decimal("-1"), "-1:30", dt.timedelta(minutes=-5)])
def test_negative_durations_are_bad(value: object) -> None:
    error = error_of(value)
    assert error.code == "bad-duration"
    assert "negative" in error.message


@pytest.mark.parametrize("value", ["", "   ", None, True, float("nan"), dt.date(2026, 1, 1)])
def test_empty_and_non_duration_values_are_bad(value: object) -> None:
    assert error_of(value).code == "bad-duration"


# --- parse_duration: cells ----------------------------------------------------------------


def test_excel_time_cell_is_a_duration() -> None:
    assert parse_duration(dt.time(1, 30)) == Decimal(5400)


def test_midnight_time_cell_is_a_plain_zero() -> None:
    assert str(parse_duration(dt.time(0, 0))) == "0"


def test_time_cell_keeps_microseconds() -> None:
    assert parse_duration(dt.time(0, 0, 1, 500000)) == Decimal("1.5")


def test_timedelta_over_a_day_is_read() -> None:
    assert parse_duration(dt.timedelta(days=1, hours=2)) == Decimal(93600)


def test_datetime_cell_is_not_a_duration() -> None:
    assert error_of(dt.datetime(2026, 1, 1, 1, 30)).code == "bad-duration"


def test_time_cell_from_excel_is_a_duration() -> None:
    # COM hands an h:mm cell of 1:30 over as 1899-12-30 01:30, and [h]:mm 25:30 a day later.
    assert parse_duration(dt.datetime(1899, 12, 30, 1, 30)) == Decimal(5400)
    assert parse_duration(dt.datetime(1899, 12, 31, 1, 30)) == Decimal(91800)


@given(st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=61, microseconds=-1)))
def test_any_datetime_before_excels_day_61_is_the_duration_since_its_day_0(
        span: dt.timedelta) -> None:
    seconds = Decimal(span.days * 86400 + span.seconds) + Decimal(span.microseconds) / 10**6
    assert parse_duration(dt.datetime(1899, 12, 30) + span) == seconds


def test_excels_day_61_and_later_are_dates_not_durations() -> None:
    assert error_of(dt.datetime(1900, 3, 1)).code == "bad-duration"
    assert error_of(dt.datetime(1900, 3, 1, 1, 30)).code == "bad-duration"


def test_time_cell_before_excels_day_0_is_negative() -> None:
    assert "negative" in error_of(dt.datetime(1899, 12, 29, 23)).message


# --- parse_duration: clock text -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1:30", 5400), ("0:06", 360), ("10:00", 36000), ("100:00", 360000), ("01:30", 5400)],
)
def test_h_mm_is_read(text: str, seconds: int) -> None:
    assert parse_duration(text) == Decimal(seconds)


def test_h_mm_ss_is_read() -> None:
    assert parse_duration("1:30:15") == Decimal(5415)


def test_h_mm_ss_with_fraction_of_a_second_is_read() -> None:
    assert parse_duration("0:00:01.25") == Decimal("1.25")


def test_minutes_over_59_are_bad_and_the_message_suggests_fixes() -> None:
    error = error_of("1:75")
    assert error.code == "bad-duration"
    assert error.message == (
        "'1:75' is not a duration: minutes must be 0-59; write 2:15 for 135 minutes, "
        "or 1.75 for decimal hours"
    )


def test_seconds_over_59_are_bad() -> None:
    assert error_of("1:00:60").code == "bad-duration"


def test_single_digit_minutes_are_bad_because_they_could_mean_05_or_50() -> None:
    error = error_of("1:5")
    assert "write 1:05 or 1:50" in error.message


# --- parse_duration: unit text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1h 30m", 5400), ("1h30", 5400), ("1h30m", 5400), ("1.5h", 5400), ("2 hrs", 7200),
     ("90 min", 5400), ("90m", 5400), ("45 sec", 45), ("1 hour 15 minutes", 4500),
     ("1 hour and 15 minutes", 4500), ("1h, 30m", 5400), ("1 H 30 MIN", 5400),
     ("2 hours 3 minutes 4 seconds", 7384), ("1 hr.", 3600)],
)  # fmt: skip
def test_unit_forms_are_read(text: str, seconds: int) -> None:
    assert parse_duration(text) == Decimal(seconds)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1 heure", 3600), ("2 heures", 7200), ("1 heure 30", 5400), ("15 mn", 900),  # French
     ("1 Std.", 3600), ("1 Stunde", 3600), ("45 Minuten", 2700),                    # German
     ("2 horas", 7200), ("30 minutos", 1800),                                        # Spanish
     ("1 ora", 3600), ("2 ore", 7200), ("90 minuti", 5400),                          # Italian
     ("2 uur", 7200), ("1u30", 5400), ("30 seconden", 30)],                          # Dutch
)  # fmt: skip
def test_units_written_in_the_generic_profiles_languages_are_read(text: str,
                                                                   seconds: int) -> None:
    assert parse_duration(text) == Decimal(seconds)


def test_a_german_decimal_comma_before_its_unit_is_read() -> None:
    assert parse_duration("1,5 Std.", ",") == Decimal(5400)


def test_unit_numbers_use_the_decimal_separator() -> None:
    assert parse_duration("1,5 h", ",") == Decimal(5400)


def test_minutes_over_59_after_hours_are_added_because_the_units_are_written() -> None:
    assert parse_duration("1h 75m") == Decimal(8100)


def test_bare_minutes_after_hours_over_59_are_bad() -> None:
    assert error_of("1h75").code == "bad-duration"


@pytest.mark.parametrize(
    "text", ["abc", "1 day", "30m 1h", "1h 2h", "1h 30 5", "and 1h", "1h30.5", "1:30 h", "$5"]
)
def test_unknown_unit_forms_are_bad(text: str) -> None:
    assert error_of(text).code == "bad-duration"


# --- to_unit ------------------------------------------------------------------------------


def test_360_seconds_are_a_tenth_of_an_hour() -> None:
    assert to_unit(Decimal(360), "hours") == Decimal("0.1")


def test_seconds_to_minutes_is_exact() -> None:
    assert to_unit(Decimal(90), "minutes") == Decimal("1.5")


def test_seconds_to_seconds_drops_trailing_zeros() -> None:
    assert str(to_unit(Decimal("3600.000"), "seconds")) == "3600"


def test_third_of_an_hour_has_no_exact_decimal_and_is_refused() -> None:
    with pytest.raises(ConversionError) as caught:
        to_unit(Decimal(1200), "hours")
    assert caught.value.code == "inexact-duration"


def test_to_unit_refuses_clock_units() -> None:
    with pytest.raises(ValueError):
        to_unit(Decimal(60), "h:mm")


# --- round_seconds ------------------------------------------------------------------------

TENTH = Decimal(360)


@pytest.mark.parametrize(
    ("mode", "expected"), [("up", 1440), ("down", 1080), ("nearest", 1080), ("half-even", 1080)]
)
def test_twenty_minutes_rounds_to_tenths_by_mode(mode: str, expected: int) -> None:
    assert round_seconds(Decimal(1200), TENTH, mode) == Decimal(expected)


@pytest.mark.parametrize(("seconds", "expected"), [(180, 360), (540, 720)])
def test_nearest_rounds_halves_up(seconds: int, expected: int) -> None:
    assert round_seconds(Decimal(seconds), TENTH, "nearest") == Decimal(expected)


@pytest.mark.parametrize(("seconds", "expected"), [(180, 0), (540, 720)])
def test_half_even_rounds_halves_to_even(seconds: int, expected: int) -> None:
    assert round_seconds(Decimal(seconds), TENTH, "half-even") == Decimal(expected)


@pytest.mark.parametrize("mode", ["up", "down", "nearest", "half-even"])
def test_exact_multiples_are_unchanged(mode: str) -> None:
    assert round_seconds(Decimal(720), TENTH, mode) == Decimal(720)


def test_one_second_over_rounds_up_to_the_next_increment() -> None:
    assert round_seconds(Decimal(361), TENTH, "up") == Decimal(720)


def test_fractional_increments_are_exact() -> None:
    assert round_seconds(Decimal("0.4"), Decimal("0.25"), "up") == Decimal("0.5")


def test_zero_increment_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        round_seconds(Decimal(1), Decimal(0), "up")


def test_unknown_rounding_mode_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        round_seconds(Decimal(1), TENTH, "ceiling")


# --- format_duration ----------------------------------------------------------------------


def test_zero_decimals_writes_an_integer_without_a_point() -> None:
    assert format_duration(Decimal("7260.0"), "seconds", 0) == "7260"


def test_fixed_decimals_pad_with_zeros() -> None:
    assert format_duration(Decimal(5400), "hours", 2) == "1.50"


@pytest.mark.parametrize(
    ("seconds", "text"), [(5400, "1.5"), (360, "0.1"), (7200, "2"), (0, "0"), (9, "0.0025")]
)
def test_no_decimals_setting_writes_what_is_needed(seconds: int, text: str) -> None:
    assert format_duration(Decimal(seconds), "hours", None) == text


def test_minutes_are_written() -> None:
    assert format_duration(Decimal(5430), "minutes", None) == "90.5"


def test_decimal_comma_is_written() -> None:
    assert format_duration(Decimal(5400), "hours", 2, ",") == "1,50"


def test_inexact_value_is_refused_with_the_template_message() -> None:
    with pytest.raises(ConversionError) as caught:
        format_duration(Decimal(1200), "hours", 2)
    assert caught.value.code == "inexact-duration"
    assert caught.value.message == (
        "0:20 is 0.333\u2026 h; this template writes 2 decimals; "
        "set a billing increment or rounding in the template"
    )


def test_value_needing_more_decimals_than_written_is_refused() -> None:
    with pytest.raises(ConversionError) as caught:
        format_duration(Decimal(9), "hours", 2)
    assert caught.value.code == "inexact-duration"


def test_non_terminating_value_is_refused_even_with_unlimited_decimals() -> None:
    with pytest.raises(ConversionError) as caught:
        format_duration(Decimal(1200), "hours", None, rounding="up")
    assert caught.value.message == (
        "0:20 is 0.333\u2026 h, whose decimals never end; set a billing increment, "
        "or a number of decimals with rounding, in the template"
    )


@pytest.mark.parametrize(("mode", "text"), [("up", "0.34"), ("down", "0.33"), ("nearest", "0.33")])
def test_rounding_applies_at_the_last_written_digit(mode: str, text: str) -> None:
    assert format_duration(Decimal(1200), "hours", 2, rounding=mode) == text


def test_half_even_rounding_at_the_last_digit() -> None:
    assert format_duration(Decimal(90), "hours", 2, rounding="half-even") == "0.02"


@pytest.mark.parametrize(
    ("unit", "seconds", "text"),
    [("h:mm", 5400, "1:30"), ("hh:mm", 5400, "01:30"), ("h:mm:ss", 5405, "1:30:05"),
     ("hh:mm:ss", 360, "00:06:00"), ("hh:mm", 360000, "100:00"), ("h:mm", 0, "0:00")],
)  # fmt: skip
def test_clock_formats_are_written(unit: str, seconds: int, text: str) -> None:
    assert format_duration(Decimal(seconds), unit, None) == text


def test_clock_format_with_leftover_seconds_is_refused() -> None:
    with pytest.raises(ConversionError) as caught:
        format_duration(Decimal(5405), "h:mm", None)
    assert caught.value.code == "inexact-duration"


def test_clock_format_rounds_to_the_minute_when_asked() -> None:
    assert format_duration(Decimal(5405), "h:mm", None, rounding="up") == "1:31"


def test_negative_duration_is_not_written() -> None:
    with pytest.raises(ConversionError) as caught:
        format_duration(Decimal(-60), "minutes", None)
    assert caught.value.code == "bad-duration"


def test_unknown_format_unit_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        format_duration(Decimal(60), "days", None)


# --- properties ---------------------------------------------------------------------------

hours_values = st.decimals(min_value=0, max_value=100000, places=4, allow_nan=False)


@given(hours_values)
def test_hours_to_seconds_to_minutes_to_hours_is_the_identity(hours: Decimal) -> None:
    seconds = parse_duration(hours)
    minutes = to_unit(seconds, "minutes")
    back = to_unit(parse_duration(minutes, bare_number_unit="minutes"), "hours")
    assert back == hours


@given(hours_values)
def test_hours_text_reads_back(hours: Decimal) -> None:
    seconds = parse_duration(hours)
    assert parse_duration(format_duration(seconds, "hours", None)) == seconds


@given(hours_values)
def test_four_decimal_comma_hours_read_back(hours: Decimal) -> None:
    seconds = parse_duration(hours)
    assert parse_duration(format_duration(seconds, "hours", 4, ","), ",") == seconds


@given(hours_values)
def test_minutes_text_reads_back(hours: Decimal) -> None:
    seconds = parse_duration(hours)
    text = format_duration(seconds, "minutes", None)
    assert parse_duration(text, bare_number_unit="minutes") == seconds


@given(hours_values)
def test_seconds_text_reads_back(hours: Decimal) -> None:
    seconds = parse_duration(hours)
    text = format_duration(seconds, "seconds", None)
    assert parse_duration(text, bare_number_unit="seconds") == seconds


@pytest.mark.parametrize("unit", ["h:mm", "hh:mm"])
@given(minutes=st.integers(min_value=0, max_value=10**6))
def test_minute_clock_text_reads_back(unit: str, minutes: int) -> None:
    seconds = Decimal(minutes * 60)
    assert parse_duration(format_duration(seconds, unit, None)) == seconds


@pytest.mark.parametrize("unit", ["h:mm:ss", "hh:mm:ss"])
@given(whole=st.integers(min_value=0, max_value=10**8))
def test_second_clock_text_reads_back(unit: str, whole: int) -> None:
    seconds = Decimal(whole)
    assert parse_duration(format_duration(seconds, unit, None)) == seconds


@pytest.mark.parametrize(("text", "seconds"), [
    ("PT1H30M", 5400), ("PT0.5H", 1800), ("pt45s", 45), ("PT1H0M30S", 3630),
    ("P1DT2H", 93600), ("PT1,25H", 4500)])
def test_an_iso_8601_duration_is_read(text, seconds):
    # ISO 8601 durations, as JSON-born exports write time spent: PT1H30M.
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["P1M", "PT", "P", "PT1H30", "PT-1H", "P1Y"])
def test_an_iso_8601_duration_with_months_years_or_no_parts_is_refused(text):
    with pytest.raises(ConversionError):
        parse_duration(text)
