"""Parsers remember results per distinct value, and never answer for a value that only equals
the one remembered (1 == True == 1.0, 0.0 == -0.0, 09:00+01:00 == 08:00Z)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from addin.convert.dates import parse_date, parse_time
from addin.convert.numbers import parse_number
from addin.core.problems import ConversionError


def test_a_yes_no_value_is_not_answered_by_the_number_equal_to_it() -> None:
    assert parse_number(1, None) == Decimal(1)

    with pytest.raises(ConversionError, match="yes/no"):
        parse_number(True, None)


def test_minus_zero_is_not_answered_by_zero() -> None:
    assert str(parse_number(0.0, None)) == "0.0"

    assert str(parse_number(-0.0, None)) == "-0.0"


def test_a_time_in_one_zone_is_not_answered_by_the_same_instant_in_another() -> None:
    utc = parse_time(dt.time(8, 0, tzinfo=dt.UTC))

    paris = parse_time(dt.time(9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))

    assert (utc.hour, paris.hour) == (8, 9)


def test_the_same_text_read_with_another_day_month_order_is_read_again() -> None:
    assert parse_date("03/04/2026", "DMY") == dt.date(2026, 4, 3)

    assert parse_date("03/04/2026", "MDY") == dt.date(2026, 3, 4)


def test_a_value_that_failed_fails_again_with_its_message() -> None:
    for _ in range(2):
        with pytest.raises(ConversionError, match="April 2026 has 30 days"):
            parse_date("31/04/2026", "DMY")
