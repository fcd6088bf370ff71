"""Helpers the engine calls on every row remember their answer per distinct value (name keys,
cleaned names, durations as timedeltas and rounded to the increment, a setting's fix in the
shell's words); a remembered answer is the one worked out afresh, for every value, however many
values came before."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from addin.convert.durations import round_seconds
from addin.core import fixes
from addin.core.column_checks import ColumnChecks, clean_name
from addin.core.lookups import name_key
from addin.core.options import MapOptions
from addin.core.problems import Report
from addin.core.values import to_timedelta
from addin.files.registry import find_template

names = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["Zoe\u0308", "Zo\u00eb", " Ann  Lee ", "ANN LEE", "\u212b", "\u00c5"])
seconds = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False,
                      allow_infinity=False)


@settings(max_examples=300)
@given(st.lists(names, min_size=1, max_size=30))
def test_names_are_keyed_and_cleaned_as_afresh(texts):
    for text in texts + texts:  # the second time from memory
        assert name_key(text) == name_key.__wrapped__(text)
        assert clean_name(text) == clean_name.__wrapped__(text)


def test_a_number_is_keyed_as_its_text_and_not_as_the_text_remembered():
    assert name_key("1") == "1"
    assert name_key(1) == "1" and name_key(1.0) == "1.0" and name_key(True) == "true"


@settings(max_examples=300)
@given(st.lists(seconds, min_size=1, max_size=30))
def test_durations_become_the_timedelta_worked_out_afresh(values):
    for value in values + [v.quantize(Decimal("0.00001")) for v in values]:
        assert to_timedelta(value) == to_timedelta.__wrapped__(value)


@settings(max_examples=300)
@given(st.lists(seconds, min_size=1, max_size=30), st.sampled_from(["360", "900", "0.5"]),
       st.sampled_from(["up", "down", "nearest", "half-even"]))
def test_durations_round_to_the_increment_as_afresh(values, increment, mode):
    step = Decimal(increment)
    for value in values + [v.quantize(Decimal("0.00001")) for v in values]:
        assert round_seconds(value, step, mode) == round_seconds.__wrapped__(value, step, mode)
        assert str(round_seconds(value, step, mode)) == str(
            round_seconds.__wrapped__(value, step, mode))


def test_equal_durations_written_apart_give_the_same_timedelta():
    assert to_timedelta(Decimal("1.0")) == to_timedelta(Decimal("1.00")) == \
        to_timedelta.__wrapped__(Decimal("1.000"))


@given(st.sampled_from(["increment", "day_start", "user"]), st.sampled_from(["VALUE", "0.1h"]),
       st.sampled_from(["cli", "excel"]))
def test_a_settings_fix_is_the_words_of_its_shell(key, value, channel):
    options = MapOptions(channel=channel)
    for _ in range(2):
        assert options.how_to_set(key, value) == options.how_to(fixes.setting(key, value))


@settings(max_examples=300)
@given(st.text(st.sampled_from("ab|\r\n\t\x0b\x0c\x85\u2028\u2029\u00eb=+ "), max_size=12))
def test_a_text_is_written_as_when_every_replacement_was_tried_on_it(text):
    # LEDES replaces '|' and line breaks; the check that skips texts holding none of them
    # must write what trying each replacement in turn writes, and warn alike.
    template = find_template("ledes-1998b")
    column = template.columns[template.header.index("LINE_ITEM_DESCRIPTION")]
    quick, slow = Report(), Report()
    every = ColumnChecks(template, slow, str)
    every.replaced = lambda _text: True  # the loop on every text, as before
    assert ColumnChecks(template, quick, str).checked(2, column, text, text) == every.checked(
        2, column, text, text)
    assert quick.problems == slow.problems
