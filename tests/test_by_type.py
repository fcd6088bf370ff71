"""One reader and one writer per column type (addin/convert/by_type.py): what a column writes,
read back as a cell of a sheet in the target's shape, is the value written; given text (a
setting, a template's constant) is read as the engine reads a source cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addin.convert.by_type import read, read_written, text_of, write
from addin.core.problems import ConversionError
from addin.core.template import Column

DATE_FORMATS = ["YYYY-MM-DD", "MM/DD/YYYY", "YYYYMMDD", "MM/DD/YY"]
dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2029, 12, 31))


@given(dates, st.sampled_from(DATE_FORMATS))
def test_a_written_date_reads_back_as_itself(date: dt.date, pattern: str) -> None:
    col = Column("Date", type="date", format=pattern)

    assert read_written(col, write(col, date)) == date


@given(dates)
def test_a_date_written_in_digits_reads_back_from_the_number_a_spreadsheet_makes_of_it(
        date: dt.date) -> None:
    col = Column("LINE_ITEM_DATE", type="date", format="YYYYMMDD")

    assert read_written(col, float(write(col, date))) == date


@given(st.integers(min_value=0, max_value=3 * 86400))
def test_a_written_duration_in_seconds_reads_back_as_itself(seconds: int) -> None:
    col = Column("Duration", type="duration", unit="seconds", decimals=0)

    assert read_written(col, write(col, Decimal(seconds))) == seconds


@given(st.integers(min_value=0, max_value=2400), st.sampled_from([".", ","]))
def test_a_written_duration_in_hours_reads_back_as_itself(tenths_of_minutes: int,
                                                          separator: str) -> None:
    seconds = Decimal(tenths_of_minutes * 36)  # 0.01 h steps: exact in hours
    col = Column("Hours", type="duration", unit="hours", decimals=2,
                 decimal_separator=separator)

    assert read_written(col, write(col, seconds)) == seconds


@given(st.decimals(min_value=-10**6, max_value=10**6, places=2), st.sampled_from([".", ","]))
def test_a_written_amount_reads_back_as_itself(amount: Decimal, separator: str) -> None:
    col = Column("Amount", type="money", decimals=2, decimal_separator=separator)

    assert read_written(col, write(col, amount)) == amount


@given(st.booleans())
def test_a_written_yes_or_no_reads_back_as_itself(value: bool) -> None:
    col = Column("Billable", type="boolean", true_text="Yes", false_text="No")

    assert read_written(col, write(col, value)) is value


def test_a_written_date_must_be_in_the_columns_format() -> None:
    col = Column("Date", type="date", format="YYYY-MM-DD")

    with pytest.raises(ConversionError, match="not written as YYYY-MM-DD"):
        read_written(col, "11/02/2026")


def test_given_text_is_read_as_a_source_cell_in_the_date_order_given() -> None:
    col = Column("Date", type="date", format="YYYY-MM-DD")

    assert read(col, "02/11/2026", "DMY") == dt.date(2026, 11, 2)
    assert read(col, "02/11/2026", "MDY") == dt.date(2026, 2, 11)


def test_a_given_plain_duration_is_in_the_unit_given() -> None:
    col = Column("Duration", type="duration", unit="seconds", decimals=0)

    assert read(col, "90", duration_unit="minutes") == 5400
    assert read(col, "1.5") == 5400  # hours unless said otherwise


def test_a_spreadsheet_number_is_text_without_a_spurious_decimal() -> None:
    assert text_of(3.0) == "3"
    assert text_of(dt.datetime(2026, 11, 2, 9, 30)) == "2026-11-02 09:30:00"


def test_a_value_of_another_type_is_the_types_problem() -> None:
    col = Column("Date", type="date", format="YYYY-MM-DD")

    with pytest.raises(ConversionError, match="needs a date, and the source gives only a time"):
        write(col, dt.time(9, 30))
