"""Text checks: formula-like cells and header names."""

from __future__ import annotations

import re
import unicodedata

# Characters a spreadsheet may run as the start of a formula (OWASP CSV injection list),
# including the full-width forms some locales also accept.
_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_LEADING_SPACES = " \u00a0\u3000"
_FIRST_CHARS = _TRIGGERS | frozenset(_LEADING_SPACES)
# A plain number such as "-1.5", "+3" or "-1,234.50" is data, not a formula.
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:[.,]\d+)?(?:[eE][+-]?\d+)?")


def formula_trigger(text: str) -> bool:
    """True if a spreadsheet opening the CSV could read ``text`` as a formula."""
    if text[:1] not in _FIRST_CHARS:
        return False  # nearly every cell: decided by its first character alone
    body = text.lstrip(_LEADING_SPACES)
    if not body or body[0] not in _TRIGGERS:
        return False
    number = body.strip(" ")
    return not (any(c.isdigit() for c in number) and _NUMBER.fullmatch(number))


def normalize_header(name: str) -> str:
    """The key that matches column names whatever their case, spacing and punctuation.

    "Duration (hours)" -> "durationhours"; letters of every script and digits are kept.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    # Keep marks (category M) too: they are part of letters in scripts such as Devanagari.
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LMN")
