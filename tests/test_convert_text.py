import pytest

from addin.convert.text import formula_trigger, normalize_header


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\rx", "\nx"])
def test_trigger_characters_start_a_formula(text: str) -> None:
    assert formula_trigger(text) is True


@pytest.mark.parametrize("text", ["\uff1d1+1", "\uff0bx", "\uff0dx", "\uff20x"])
def test_full_width_trigger_characters_start_a_formula(text: str) -> None:
    assert formula_trigger(text) is True


def test_leading_spaces_do_not_hide_a_trigger() -> None:
    assert formula_trigger('   =HYPERLINK("x")') is True


@pytest.mark.parametrize("text", ["-1.5", "+3", "-1,234.50", " -2", "-0,25", "-1e5", "-.5"])
def test_plain_numbers_are_not_formulas(text: str) -> None:
    assert formula_trigger(text) is False


@pytest.mark.parametrize("text", ["-", "- 5", "-1.5 h", "+-1", "-1-1"])
def test_sign_followed_by_more_than_a_number_is_a_formula(text: str) -> None:
    assert formula_trigger(text) is True


@pytest.mark.parametrize("text", ["", "   ", "Call with client", "a=b", "1-2", "e-mail re: -5"])
def test_ordinary_text_is_not_a_formula(text: str) -> None:
    assert formula_trigger(text) is False


@pytest.mark.parametrize(
    ("name", "key"),
    [("Duration (hours)", "durationhours"), ("E-mail", "email"), ("Time Keeper", "timekeeper"),
     ("  TIMEKEEPER ", "timekeeper"), ("time_keeper", "timekeeper"), ("Rate #2", "rate2")],
)  # fmt: skip
def test_headers_match_whatever_their_case_spaces_and_punctuation(name: str, key: str) -> None:
    assert normalize_header(name) == key


def test_non_ascii_letters_are_kept() -> None:
    assert normalize_header("Durée (h)") == "duréeh"


def test_decomposed_and_composed_accents_give_the_same_key() -> None:
    assert normalize_header("Dure\u0301e") == normalize_header("Dur\u00e9e")


def test_full_width_letters_are_folded_to_ascii() -> None:
    assert normalize_header("\uff24\uff41\uff54\uff45") == "date"


def test_casefold_matches_sharp_s() -> None:
    assert normalize_header("STRASSE") == normalize_header("Straße")


def test_combining_marks_of_other_scripts_are_kept() -> None:
    assert normalize_header("हिन्दी") == "हिन्दी"
