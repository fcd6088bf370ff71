from decimal import Decimal

import pytest

from addin.convert.booleans import format_bool, parse_bool
from addin.core.problems import ConversionError


@pytest.mark.parametrize("text", ["true", "yes", "y", "1", "on", "billable"])
def test_yes_words_are_true(text: str) -> None:
    assert parse_bool(text) is True


@pytest.mark.parametrize(
    "text", ["false", "no", "n", "0", "off", "non-billable", "not billable", "nonbillable"]
)
def test_no_words_are_false(text: str) -> None:
    assert parse_bool(text) is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [(" YES ", True), ("True", True), ("Non-Billable", False), ("NOT  BILLABLE", False)],
)
def test_case_and_spaces_do_not_matter(text: str, expected: bool) -> None:
    assert parse_bool(text) is expected


@pytest.mark.parametrize("value", [True, False])
def test_bool_objects_are_returned(value: bool) -> None:
    assert parse_bool(value) is value


@pytest.mark.parametrize(
    ("value", "expected"), [(1, True), (0, False), (1.0, True), (Decimal("0"), False)]
)
def test_numeric_cells_one_and_zero_are_read(value: object, expected: bool) -> None:
    assert parse_bool(value) is expected


@pytest.mark.parametrize("value", ["maybe", "x", "2", "yess", 2, -1, 0.5, None, float("nan")])
def test_other_values_are_bad_booleans(value: object) -> None:
    with pytest.raises(ConversionError) as caught:
        parse_bool(value)
    assert caught.value.code == "bad-boolean"


def test_empty_text_is_not_read_as_no() -> None:
    with pytest.raises(ConversionError) as caught:
        parse_bool("  ")
    assert caught.value.code == "bad-boolean"


def test_bad_boolean_message_lists_what_is_accepted() -> None:
    with pytest.raises(ConversionError) as caught:
        parse_bool("maybe")
    assert "'maybe' is not yes/no" in caught.value.message
    assert "billable/non-billable" in caught.value.message


def test_format_bool_writes_the_true_text() -> None:
    assert format_bool(True, "Yes", "No") == "Yes"


def test_format_bool_writes_the_false_text() -> None:
    assert format_bool(False, "1", "0") == "0"


def test_format_bool_refuses_non_bool() -> None:
    with pytest.raises(TypeError):
        format_bool(1, "Yes", "No")  # type: ignore[arg-type]
