"""Dates and times as hand-kept sheets write them in French, German, Spanish, Italian, Dutch and
Portuguese (month and weekday names, "14h30", "14.30 Uhr"), as the generic profile reads those
languages' headers."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addin.convert.dates import parse_date, parse_datetime, parse_time
from addin.convert.month_names import SPELLINGS, plain
from addin.core.problems import ConversionError


@pytest.mark.parametrize(("text", "expected"), [
    ("2 novembre 2026", dt.date(2026, 11, 2)),          # French
    ("1er mars 2026", dt.date(2026, 3, 1)),
    ("lundi 2 novembre 2026", dt.date(2026, 11, 2)),
    ("2 déc. 2026", dt.date(2026, 12, 2)),
    ("2. März 2026", dt.date(2026, 3, 2)),              # German
    ("Montag, 2. November 2026", dt.date(2026, 11, 2)),
    ("2 de noviembre de 2026", dt.date(2026, 11, 2)),   # Spanish
    ("15 ene 2026", dt.date(2026, 1, 15)),
    ("2 maggio 2026", dt.date(2026, 5, 2)),             # Italian
    ("2 dic 2026", dt.date(2026, 12, 2)),
    ("2 mei 2026", dt.date(2026, 5, 2)),                # Dutch
    ("2 mrt 2026", dt.date(2026, 3, 2)),
    ("segunda-feira, 2 de novembro de 2026", dt.date(2026, 11, 2)),  # Portuguese
    ("2 out 2026", dt.date(2026, 10, 2)),
])
def test_a_month_named_in_another_language_is_read(text, expected):
    assert parse_date(text, None) == expected


def test_a_date_and_time_with_a_french_month_gives_both():
    assert parse_datetime("2 novembre 2026 14:30", None) == dt.datetime(2026, 11, 2, 14, 30)


def test_a_weekday_that_is_not_the_dates_own_is_refused_in_any_language():
    with pytest.raises(ConversionError, match="is a Monday"):
        parse_date("mardi 2 novembre 2026", None)


def test_an_unknown_word_is_no_month():
    with pytest.raises(ConversionError, match="is not a date"):
        parse_date("2 brumaire 2026", None)


@pytest.mark.parametrize("kind", ["months", "weekdays"])
def test_no_spelling_names_two_different_months_or_weekdays(kind):
    seen: dict[str, int] = {}
    for number, names in enumerate(SPELLINGS[kind]):
        for name in names:
            assert seen.setdefault(plain(name), number) == number, name


@given(day=st.dates(dt.date(1930, 1, 1), dt.date(2099, 12, 31)), data=st.data())
def test_every_spelling_of_a_month_reads_back_as_that_month(day, data):
    name = data.draw(st.sampled_from(SPELLINGS["months"][day.month - 1]))
    assert parse_date(f"{day.day} {name} {day.year}", None) == day
    assert parse_date(f"{day.day} {name.upper()} {day.year}", None) == day


@pytest.mark.parametrize(("text", "expected"), [
    ("14h30", dt.time(14, 30)), ("9h", dt.time(9)), ("14 h 30", dt.time(14, 30)),   # French
    ("14:30 Uhr", dt.time(14, 30)), ("14.30 Uhr", dt.time(14, 30)), ("9 Uhr", dt.time(9)),
    ("14u30", dt.time(14, 30)),                                                     # Dutch
])
def test_a_time_of_day_in_another_language_s_form_is_read(text, expected):
    assert parse_time(text) == expected


def test_a_time_in_another_form_keeps_its_checks_and_is_named_as_written():
    with pytest.raises(ConversionError, match="'9h75' is not a time of day: minutes"):
        parse_time("9h75")


@pytest.mark.parametrize("text", ["2 novembre 2026 à 14h30", "2. November 2026 um 14:30 Uhr",
                                  "13/11/2026 14h30"])
def test_a_date_and_time_joined_in_another_language_gives_both(text):
    moment = parse_datetime(text, "DMY")
    assert (moment.hour, moment.minute) == (14, 30)


def test_a_french_excel_short_weekday_before_the_date_is_read():
    # French Excel's "ddd d mmmm yyyy": mar. is Tuesday (mardi), as in Spanish and Italian.
    assert parse_date("mar. 3 mars 2026", None) == dt.date(2026, 3, 3)
