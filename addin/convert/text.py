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


def without_formula_start(text: str) -> str:
    """``text`` with the characters that would start a formula removed from its front."""
    while formula_trigger(text):
        text = text.lstrip(_LEADING_SPACES)[1:]
    return text.lstrip(_LEADING_SPACES)


def normalize_header(name: str) -> str:
    """The key that matches column names whatever their case, spacing and punctuation.

    "Duration (hours)" -> "durationhours"; letters of every script and digits are kept.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    # Keep marks (category M) too: they are part of letters in scripts such as Devanagari.
    return "".join(c for c in folded if unicodedata.category(c)[0] in "LMN")


# Letters NFKD does not take apart, and punctuation with a plain ASCII look-alike.
_ASCII_STAND_INS = str.maketrans({
    "ß": "ss", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "Ł": "L",
    "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"',
    "\u201e": '"', "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ",
    "\u202f": " ", "\u2022": "*", "\u00ab": '"', "\u00bb": '"', "§": "Sec.", "¶": "Para.",
    "€": "EUR", "£": "GBP", "©": "(c)", "®": "(R)", "™": "(TM)", "×": "x",
})


def transliterate(text: str, encoding: str) -> str:
    """Characters `encoding` cannot hold, spelled with ones it can (Zoë -> Zoe, ß -> ss).

    Characters without a stand-in are kept, so the writer still reports them."""
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
            continue
        except UnicodeEncodeError:
            pass
        plain = ch.translate(_ASCII_STAND_INS)
        if plain == ch:
            decomposed = unicodedata.normalize("NFKD", ch)
            plain = "".join(c for c in decomposed if not unicodedata.combining(c)) or ch
        try:
            plain.encode(encoding)
            out.append(plain)
        except UnicodeEncodeError:
            out.append(ch)
    return "".join(out)


def counted(number: int, noun: str) -> str:
    """'1 row', '2 rows', '1,200 rows': a count with its noun in the right number."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
