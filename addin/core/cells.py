"""Cell addresses as Excel writes them: column 28 is AB, row 3 of it AB3."""

from __future__ import annotations


def column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def address(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"
