"""The hex UTF-16 form in which the add-in's VBA hands text to Python (addin.excel.vba_args)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addin.excel.vba_args import decode_arg, encode_arg


def vba_hex_units(text: str) -> str:
    """VBA's HexUnits, step by step: Right$("000" & Hex$(AscW(ch) And 65535&), 4) per unit.

    A VBA string is UTF-16 code units, and AscW gives a signed Integer (negative from U+8000).
    """
    data = text.encode("utf-16-le", "surrogatepass")
    out = ""
    for index in range(0, len(data), 2):
        unit = int.from_bytes(data[index : index + 2], "little")
        asc_w = unit - 0x10000 if unit >= 0x8000 else unit
        out += ("000" + format(asc_w & 0xFFFF, "X"))[-4:]
    return out


def test_decode_reads_one_unit_per_four_digits() -> None:
    assert decode_arg("0043003A005C") == "C:\\"


def test_decode_joins_a_surrogate_pair_into_one_character() -> None:
    assert decode_arg("D83DDE00") == "\U0001f600"


def test_decode_accepts_lowercase_hex() -> None:
    assert decode_arg("00fc") == "ü"


def test_decode_of_nothing_is_the_empty_string() -> None:
    assert decode_arg("") == ""


@pytest.mark.parametrize("bad", ["004", "00411", "00G1", "+041", " 0041", "0041 ", "0x41", "٠٠٤١"])
def test_decode_rejects_text_that_is_not_whole_hex_units(bad: str) -> None:
    with pytest.raises(ValueError):
        decode_arg(bad)


@pytest.mark.parametrize("lone", ["D83D", "DE00", "DE00D83D", "0041D83D0042"])
def test_decode_rejects_an_unpaired_surrogate(lone: str) -> None:
    with pytest.raises(ValueError):
        decode_arg(lone)


def test_encode_writes_four_uppercase_digits_per_unit() -> None:
    assert encode_arg("C:\U0001f600") == "0043003AD83DDE00"


@given(st.text())
def test_any_text_round_trips_through_the_vba_encoder(text: str) -> None:
    assert decode_arg(vba_hex_units(text)) == text


@given(st.text())
def test_python_encoder_matches_the_vba_encoder(text: str) -> None:
    assert encode_arg(text) == vba_hex_units(text)


@given(st.text())
def test_decode_fails_on_any_text_only_with_value_error(text: str) -> None:
    try:
        assert isinstance(decode_arg(text), str)
    except ValueError:
        pass
