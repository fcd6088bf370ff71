"""Numbers written by people: currency, thousands separators, decimal comma or dot.

A number is read into an exact ``Decimal``. The decimal separator is decided once per column
(``DecimalSepVote``), because "1,234" alone could be one thousand or one point two.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from addin.convert.memo import MAXSIZE, value_memo
from addin.core.problems import ConversionError

# Whitespace people (and Excel locales) put around and inside numbers.
_SPACES = " \t\u00a0\u202f\u2009"
# Characters that can only group thousands, never mark decimals.
_GROUP_ONLY = " \u00a0\u202f\u2009'\u2019"
_SIGNS = {"-": True, "\u2212": True, "+": False}  # U+2212 is the typographic minus

_CODES = "USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|CNY|HKD|SGD|ZAR|MXN|BRL"
_SYMBOLS = r"US\$|A\$|C\$|NZ\$|HK\$|\$|€|£|¥|₹"
_CURRENCY_PREFIX = re.compile(
    rf"^(?:{_SYMBOLS}|(?:{_CODES})(?![A-Za-z]))[{_SPACES}]*", re.IGNORECASE
)
_CURRENCY_SUFFIX = re.compile(
    rf"[{_SPACES}]*(?:{_SYMBOLS}|(?<![A-Za-z])(?:{_CODES}))$", re.IGNORECASE
)
_BODY = re.compile(rf"[0-9.,{_GROUP_ONLY}]+")
_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d+)?[eE][+-]?\d+")
_NON_DIGIT = re.compile(r"([^0-9])")

_EXAMPLES = "write it like 1234.50, 1,234.50 or (1,234.50)"


class _Reading(NamedTuple):
    decimal_sep: str | None  # None: the value is an integer
    digits: str  # plain "1234.50" form, no sign


def _fail(value: str, why: str) -> ConversionError:
    return ConversionError("bad-number", f"'{value}' is not a number: {why}; {_EXAMPLES}")


def _split_sign_and_currency(text: str) -> tuple[bool, str]:
    """Remove sign, accounting brackets and currency; return (negative, digits and separators)."""
    s = text.strip(_SPACES)
    brackets = False
    if s.startswith("(") and s.endswith(")"):
        brackets, s = True, s[1:-1].strip(_SPACES)
    sign: bool | None = None
    currency = False
    while s:  # a sign and a currency may come in either order: "-$5", "$-5"
        if sign is None and s[0] in _SIGNS:
            sign, s = _SIGNS[s[0]], s[1:].lstrip(_SPACES)
            continue
        match = None if currency else _CURRENCY_PREFIX.match(s)
        if match:
            currency, s = True, s[match.end() :]
            continue
        break
    if not brackets and sign is None and s.startswith("(") and s.endswith(")"):
        brackets, s = True, s[1:-1].strip(_SPACES)  # "$(1,234.50)"
    if not currency:
        match = _CURRENCY_SUFFIX.search(s)
        if match:
            s = s[: match.start()]
    if brackets and sign is not None:
        raise _fail(text, "it has both brackets and a sign")
    return brackets or bool(sign), s


def _reading(body: str, decimal_sep: str | None, forbidden_group: str | None) -> _Reading | None:
    """Read ``body`` with ``decimal_sep`` as the decimal mark (None: an integer), or None if it
    does not fit. ``forbidden_group`` is a character that may not group thousands."""
    parts = _NON_DIGIT.split(body)
    groups, seps = parts[0::2], parts[1::2]
    fraction = ""
    if decimal_sep is not None:
        if seps.count(decimal_sep) != 1 or seps[-1] != decimal_sep or not groups[-1]:
            return None
        fraction, groups, seps = groups[-1], groups[:-1], seps[:-1]
    if any(not g for g in groups[1:]):
        return None  # two separators in a row, or one at the end
    if not groups[0] and (seps or decimal_sep is None):
        return None  # only ".5" may start with a separator
    if seps:
        if len(set(seps)) != 1 or seps[0] == forbidden_group:
            return None
        first, rest = groups[0], groups[1:]
        # "0,250" is not zero thousand two hundred and fifty: grouped numbers start with 1-9.
        if not 1 <= len(first) <= 3 or first.startswith("0") or any(len(g) != 3 for g in rest):
            return None
    integer = "".join(groups) or "0"
    return _Reading(decimal_sep, f"{integer}.{fraction}" if fraction else integer)


def _readings(body: str, decimal_sep: str | None) -> list[_Reading]:
    """Every way ``body`` reads as a number, given the column's separator (or None: any)."""
    if not body or not _BODY.fullmatch(body):
        return []
    if decimal_sep is None:
        candidates = [
            _reading(body, ".", None),
            _reading(body, ",", None),
            _reading(body, None, None),
        ]
    else:
        candidates = [_reading(body, decimal_sep, None), _reading(body, None, decimal_sep)]
    found: list[_Reading] = []
    for r in candidates:
        if r is not None and all(Decimal(r.digits) != Decimal(f.digits) for f in found):
            found.append(r)
    return found


@lru_cache(maxsize=MAXSIZE)
def _vote(text: str) -> str | None:
    """The decimal separator ``text`` proves on its own, or None."""
    try:
        _, body = _split_sign_and_currency(text)
    except ConversionError:
        return None
    found = _readings(body, None)
    if len(found) == 1:
        return found[0].decimal_sep
    return None


class DecimalSepVote:
    """Decides a column's decimal separator from the values that show it unambiguously.

    "1.5" and "1,234.50" vote "."; "0,25" and "1.234,50" vote ","; "1,234", "1.234" and
    integers do not vote.
    """

    def __init__(self) -> None:
        self.dot_votes = 0
        self.comma_votes = 0

    def add(self, text: str) -> None:
        if not isinstance(text, str):
            return
        vote = _vote(text)
        if vote == ".":
            self.dot_votes += 1
        elif vote == ",":
            self.comma_votes += 1

    @property
    def decision(self) -> str | None:
        """ "." or "," when the votes agree; None when there are none or they conflict."""
        if self.dot_votes and not self.comma_votes:
            return "."
        if self.comma_votes and not self.dot_votes:
            return ","
        return None

    @property
    def conflict(self) -> bool:
        return bool(self.dot_votes and self.comma_votes)


@value_memo
def parse_number(value: object, decimal_sep: str | None) -> Decimal:
    """Read ``value`` as an exact Decimal; ``decimal_sep`` is the column's "." or ",", or None."""
    if decimal_sep not in (".", ",", None):
        raise ValueError(f"decimal separator must be '.' or ',', not {decimal_sep!r}")
    if isinstance(value, bool):
        raise ConversionError("bad-number", f"{value} is a yes/no value, not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr() gives the shortest text that round-trips, so 0.1 stays 0.1.
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ConversionError("bad-number", f"'{value}' is not a number")
        return value
    if not isinstance(value, str):
        raise ConversionError("bad-number", f"{value!r} is not a number")
    if not value.strip(_SPACES):
        raise ConversionError("bad-number", "the cell is empty; enter a number")
    negative, body = _split_sign_and_currency(value)
    if _SCIENTIFIC.fullmatch(body):
        raise ConversionError(
            "bad-number",
            f"'{value}' is in scientific notation, which Excel shows when a long number no "
            "longer fits; format the column as Number or Text in Excel and export again",
        )
    found = _readings(body, decimal_sep)
    if not found:
        other = {".": ",", ",": "."}.get(decimal_sep or "")
        if other and _readings(body, other):
            raise ConversionError(
                "bad-number",
                f"'{value}' does not fit this column's decimal separator '{decimal_sep}': it "
                f"reads as a number only with '{other}' as the decimal separator; fix the value "
                "or check the column's decimal separator",
            )
        raise _fail(value, "check the digits and the separators")
    if len(found) > 1:
        raise ConversionError(
            "ambiguous-number",
            f"'{value}' could be {found[0].digits} or {found[1].digits}: the decimal separator "
            "is not known; set the column's decimal separator ('.' or ','), or check that the "
            "column holds other values with decimals",
        )
    result = Decimal(found[0].digits)
    # copy_negate is exact (arithmetic would round to the context precision); -0 stays 0.
    return result.copy_negate() if negative and result else result
