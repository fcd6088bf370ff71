from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addin.convert.numbers import DecimalSepVote, parse_number
from addin.core.problems import ConversionError


def code_of(value: object, decimal_sep: str | None) -> str:
    with pytest.raises(ConversionError) as caught:
        parse_number(value, decimal_sep)
    return caught.value.code


# --- DecimalSepVote ----------------------------------------------------------------------


def vote(*texts: str) -> DecimalSepVote:
    v = DecimalSepVote()
    for text in texts:
        v.add(text)
    return v


@pytest.mark.parametrize("text", ["1.5", "0.25", "1,234.50", ".5", "$1,234.50"])
def test_dot_decimals_vote_for_dot(text: str) -> None:
    assert vote(text).decision == "."


@pytest.mark.parametrize("text", ["0,25", "1,5", "1.234,50", "1 234,50", "12,50 €"])
def test_comma_decimals_vote_for_comma(text: str) -> None:
    assert vote(text).decision == ","


@pytest.mark.parametrize("text", ["1,234", "1.234", "12", "1,234,567", "abc", ""])
def test_ambiguous_integer_and_malformed_values_do_not_vote(text: str) -> None:
    assert vote(text).decision is None


def test_leading_zero_group_is_a_decimal_so_it_votes() -> None:
    assert vote("0,250").decision == ","


def test_ambiguous_values_follow_the_unambiguous_ones() -> None:
    assert vote("1,234", "0,25", "12").decision == ","


def test_column_with_both_kinds_is_a_conflict_with_no_decision() -> None:
    v = vote("1.5", "0,25")
    assert (v.decision, v.conflict) == (None, True)


def test_column_with_one_kind_is_no_conflict() -> None:
    assert vote("1.5", "2.25").conflict is False


def test_non_text_values_are_ignored_by_the_vote() -> None:
    v = DecimalSepVote()
    v.add(1.5)  # type: ignore[arg-type]
    assert v.decision is None


# --- parse_number: non-text ---------------------------------------------------------------


def test_int_is_read_exactly() -> None:
    assert parse_number(12, None) == Decimal(12)


def test_float_keeps_its_shortest_decimal_form() -> None:
    assert parse_number(0.1, None) == Decimal("0.1")


def test_decimal_is_returned_as_is() -> None:
    assert parse_number(Decimal("1.25"), None) == Decimal("1.25")


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")]
)
def test_nan_and_infinity_are_bad_numbers(value: object) -> None:
    assert code_of(value, None) == "bad-number"


def test_bool_is_a_bad_number() -> None:
    assert code_of(True, None) == "bad-number"


def test_none_is_a_bad_number() -> None:
    assert code_of(None, ".") == "bad-number"


# --- parse_number: text -------------------------------------------------------------------


def test_surrounding_spaces_are_ignored() -> None:
    assert parse_number("  12.5 ", ".") == Decimal("12.5")


@pytest.mark.parametrize(
    "text",
    ["$1,234.50", "1,234.50 $", "USD 1,234.50", "1,234.50USD", "€1,234.50", "£1,234.50",
     "¥1,234.50", "eur 1,234.50", "US$1,234.50"],
)  # fmt: skip
def test_currency_symbols_and_codes_are_stripped(text: str) -> None:
    assert parse_number(text, ".") == Decimal("1234.50")


def test_swiss_apostrophe_groups_thousands() -> None:
    assert parse_number("CHF 1'234.50", None) == Decimal("1234.50")


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_spaces_group_thousands(space: str) -> None:
    assert parse_number(f"1{space}234{space}567,5", ",") == Decimal("1234567.5")


def test_dot_groups_thousands_when_comma_is_the_decimal_separator() -> None:
    assert parse_number("1.234.567,89", ",") == Decimal("1234567.89")


def test_comma_groups_thousands_when_dot_is_the_decimal_separator() -> None:
    assert parse_number("1,234,567.89", ".") == Decimal("1234567.89")


def test_leading_minus_makes_a_negative() -> None:
    assert parse_number("-12.5", ".") == Decimal("-12.5")


def test_leading_plus_is_allowed() -> None:
    assert parse_number("+12.5", ".") == Decimal("12.5")


def test_typographic_minus_makes_a_negative() -> None:
    assert parse_number("\u221212.5", ".") == Decimal("-12.5")


@pytest.mark.parametrize("text", ["-$5", "$-5", "($5)", "$(5)", "(5 €)"])
def test_sign_and_currency_come_in_either_order(text: str) -> None:
    assert parse_number(text, ".") == Decimal("-5")


def test_accounting_brackets_make_a_negative() -> None:
    assert parse_number("(1,234.50)", ".") == Decimal("-1234.50")


def test_minus_zero_reads_as_zero_without_sign() -> None:
    assert str(parse_number("-0", ".")) == "0"


def test_brackets_and_a_sign_together_are_a_bad_number() -> None:
    assert code_of("(-5)", ".") == "bad-number"


def test_fraction_without_integer_part_is_read() -> None:
    assert parse_number(".5", ".") == Decimal("0.5")


def test_many_digits_are_kept_exactly() -> None:
    text = "1234567890123456789012345678901234.5678"
    assert parse_number(text, ".") == Decimal(text)


def test_comma_decimal_is_read_with_comma_separator() -> None:
    assert parse_number("0,25", ",") == Decimal("0.25")


def test_three_digit_group_is_thousands_with_dot_separator() -> None:
    assert parse_number("1,234", ".") == Decimal(1234)


def test_three_digit_group_is_decimals_with_comma_separator() -> None:
    assert parse_number("1,234", ",") == Decimal("1.234")


@pytest.mark.parametrize("text", ["1,234", "1.234"])
def test_three_digit_group_without_separator_is_ambiguous(text: str) -> None:
    assert code_of(text, None) == "ambiguous-number"


def test_ambiguous_message_tells_the_user_to_set_the_separator() -> None:
    with pytest.raises(ConversionError) as caught:
        parse_number("1,234", None)
    assert "1.234 or 1234" in caught.value.message
    assert "decimal separator" in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.5", "1.5"), ("0,25", "0.25"), ("1,234.50", "1234.50"), ("1.234,50", "1234.50"),
     ("1,234,567", "1234567"), ("0,250", "0.250"), ("1234,567", "1234.567")],
)  # fmt: skip
def test_value_with_its_own_evidence_is_read_without_separator(text: str, expected: str) -> None:
    assert parse_number(text, None) == Decimal(expected)


def test_dot_decimal_in_a_comma_column_is_a_bad_number() -> None:
    assert code_of("1.5", ",") == "bad-number"


def test_wrong_separator_message_names_the_separator_that_fits() -> None:
    with pytest.raises(ConversionError) as caught:
        parse_number("1.5", ",")
    assert "only with '.'" in caught.value.message


def test_comma_thousands_in_a_comma_column_is_a_bad_number() -> None:
    assert code_of("1,234,567", ",") == "bad-number"


@pytest.mark.parametrize(
    "text",
    ["1.2.3,4,5", "12abc", "1,23,4", "1,,234", "12.", "1 234 5", "01,234", "", "  ", "-", "$"],
)
def test_malformed_values_are_bad_numbers(text: str) -> None:
    assert code_of(text, ".") == "bad-number"


def test_indian_grouping_is_a_bad_number() -> None:
    assert code_of("1,23,456", None) == "bad-number"


def test_mixed_group_separators_are_a_bad_number() -> None:
    assert code_of("1 234,567.5", ".") == "bad-number"


def test_scientific_notation_is_refused_with_a_reason() -> None:
    with pytest.raises(ConversionError) as caught:
        parse_number("9.45E+12", ".")
    assert caught.value.code == "bad-number"
    assert "scientific notation" in caught.value.message


def test_unknown_decimal_separator_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        parse_number("1", ";")


# --- properties ---------------------------------------------------------------------------

money = st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False)


@given(money)
def test_english_grouped_numbers_read_back(value: Decimal) -> None:
    assert parse_number(f"{value:,.2f}", ".") == value


@given(money)
def test_european_grouped_numbers_read_back(value: Decimal) -> None:
    text = f"{value:,.2f}".translate(str.maketrans(",.", ".,"))
    assert parse_number(text, ",") == value


@given(money)
def test_two_decimal_values_decide_their_own_separator(value: Decimal) -> None:
    assert parse_number(f"{value:,.2f}", None) == value
