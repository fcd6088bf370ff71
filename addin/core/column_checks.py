"""The checks on each value written to a target column: its limit, its pattern, characters the
format cannot hold, formula-like text, and a value the importer takes only with another.

One piece shared by the engine (`importmap map`, Apply template) and by the check of a sheet
already in the target's shape (Check required, Save as CSV), so both refuse or change the same
values for the same reasons.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction

from addin.convert.durations import parse_duration
from addin.convert.exact import exact_decimal, show_exact
from addin.convert.memo import value_memo
from addin.convert.render import guard_formula, render
from addin.convert.text import transliterate
from addin.core.problems import ConversionError, Problem, Report
from addin.core.template import Column, Template

SOURCE_FIX = "correct it in the source"
DAY = Decimal(86400)
DATE_SPAN_YEARS = 10  # dates this far apart are warned: a mistyped year makes them
# An amount within half a cent of hours x rate is that amount, written to the cent.
AMOUNT_TOLERANCE = Fraction(1, 200)


class ColumnChecks:
    def __init__(self, template: Template, report: Report,
                 how_to_set: Callable[[str], str]) -> None:
        self.template = template
        self.report = report
        self.how_to_set = how_to_set  # a setting in the words of the user's shell
        self.patterns = {c.name: re.compile(c.pattern) for c in template.columns if c.pattern}
        self.warned: set[tuple[str, str]] = set()
        # Any of the characters the dialect replaces: most texts hold none, and skip the loop.
        replace = template.dialect.replace
        self.replaced = re.compile("|".join(re.escape(old) for old, _ in replace)).search if (
            replace) else None

    def text(self, col: Column, value: object, fix: str = SOURCE_FIX) -> str:
        """The value written as the column says; ConversionError when the column cannot take it,
        saying where it is corrected (`fix`: the source, a lookup table, a setting)."""
        if col.max is not None and isinstance(value, Decimal | Fraction):
            limit = parse_duration(col.max) if col.type == "duration" else Decimal(col.max)
            if value > limit:
                split = "split the entry or " if col.type == "duration" else ""
                raise ConversionError("out-of-range", f"{col.name} takes at most {col.max};"
                                      f" {split}{fix}")
        if col.positive and isinstance(value, Decimal | Fraction) and value <= 0:
            raise ConversionError("out-of-range", f"{col.name} takes only more than 0; correct"
                                  " the entry in the source or leave it out")
        text = render(col, value)
        pattern = self.patterns.get(col.name)
        if pattern is not None and col.pattern_severity == "error" and not pattern.fullmatch(text):
            hint = f" ({col.description})" if col.description else ""
            raise ConversionError("bad-format", f"{text!r} does not have the form {col.name}"
                                  f" needs{hint}; {fix}")
        return text

    def checked(self, row: int, col: Column, value: object, text: str) -> str:
        """Warnings about the written text; characters the target cannot hold replaced."""
        dialect = self.template.dialect
        if col.rounding and isinstance(value, Decimal | Fraction) and col.type in (
                "number", "money") and Fraction(value) != Fraction(
                Decimal(text.replace(col.decimal_separator, ".")) if text else 0):
            self.report.add(Problem(row, col.name, "warning", "rounded",
                                    f"{exact_decimal(Fraction(value)) or float(value)} is"
                                    f" written as {text} ({col.name} has"
                                    f" {col.decimals} decimals)", text))
        pattern = self.patterns.get(col.name)
        if (pattern is not None and col.pattern_severity == "warning"
                and (col.name, text) not in self.warned and not pattern.fullmatch(text)):
            self.warned.add((col.name, text))  # one warning per value: an invoice number repeats
            hint = f": {col.description}" if col.description else ""
            self.report.add(Problem(row, col.name, "warning", "bad-format",
                                    f"{text!r} is written as it is, but some importers of"
                                    f" {self.template.target} refuse it{hint}", text))
        fixed = text
        if self.replaced is not None and self.replaced(text):
            for old, new in dialect.replace:
                fixed = fixed.replace(old, new)
        if dialect.transliterate:
            fixed = transliterate(fixed, dialect.encoding)
        if fixed != text:
            self.report.add(Problem(row, col.name, "warning", "changed-text",
                                    f"written as {fixed!r}: {self.template.target} cannot"
                                    " hold some characters of the original", text))
        guarded, formula_note = guard_formula(self.template.formula_policy, col, fixed)
        if formula_note:
            self.report.add(Problem(row, col.name, "warning", "formula-like", formula_note,
                                    fixed))
        return guarded

    def needs(self, row: int, values: Sequence[str], has_value: set[str], fix: str) -> None:
        """A value that the importer takes only together with another (Toggl, solidtime: a task
        needs a project) is an error on the row where the other is empty; `fix` is how to fill
        a cell in the user's words ("Fill it in the source")."""
        header = self.template.header
        for col, text in zip(self.template.columns, values, strict=True):
            if not col.needs or not text or col.needs in has_value:
                continue
            other = self.template.columns[header.index(col.needs)]
            self.report.add(Problem(
                row, other.name, "error", "missing-required",
                f"{self.template.target} takes {col.name} {text!r} only with a"
                f" {other.name}, and this row has none. {self.fill_hint(other, fix)}"))

    def fill_hint(self, col: Column, fix: str) -> str:
        if col.setting:
            fix += f", or give {self.how_to_set(col.setting)}"
        return fix


# Checks on a whole entry, made by the engine on the entry it builds and by the re-check on the
# values of a written row, so both refuse the same entries for the same reasons.

def long_duration(row: int, column: str, seconds: Decimal, fix: str) -> Problem | None:
    """One entry over a day is almost always a unit error (minutes read as hours) or a timer
    left running: an error saying how to correct it (`fix`)."""
    if seconds <= DAY:
        return None
    hours = exact_decimal(Fraction(seconds) / 3600)
    # Rounded as a Fraction: Decimal's 28 digits cannot round a pasted 37-digit number.
    shown = str(hours if hours is not None else
                Decimal(f"{round(Fraction(seconds) / 3600 * 100)}e-2"))
    return Problem(row, column, "error", "long-duration",
                   f"{shown} h in one entry, longer than 24 hours; {fix}", shown)


def zero_duration(row: int, column: str, value: str, rounded_away: bool = False) -> Problem:
    """An entry of no time: written, and warned, since it bills nothing."""
    return Problem(row, column, "warning", "zero-duration",
                   "rounded down to no time at all by the increment you set" if rounded_away else
                   "an entry of no time at all; it is written as 0. Delete the row if it is not"
                   " meant to be billed", value)


def hours_times_rate(seconds: Decimal, rate: Decimal) -> Fraction:
    """The amount of an hourly entry, exact (1200 s at 350/h is 116.66...)."""
    return Fraction(seconds) * Fraction(rate) / 3600


def same_amount(written: Decimal | Fraction, amount: Decimal | Fraction) -> bool:
    """Whether `written` is `amount` to the cent."""
    return abs(Fraction(written) - Fraction(amount)) <= AMOUNT_TOLERANCE


def amount_agrees(amount: Decimal | Fraction, seconds: Decimal, rate: Decimal) -> bool:
    """Whether `amount` is hours x rate to the cent."""
    return same_amount(amount, hours_times_rate(seconds, rate))


def hours_words(seconds: Decimal) -> str:
    """Hours as the messages about an amount show them: '1.5', '0.3333...'."""
    return show_exact(Fraction(seconds) / 3600)


@value_memo  # a column of names repeats a few names on every row
def clean_name(text: str) -> tuple[str, bool, bool]:
    """A name without surrounding spaces, in composed Unicode (NFC), so one name is written and
    matched one way; and whether it was trimmed, and whether composed."""
    composed = unicodedata.normalize("NFC", text)
    clean = composed.strip()
    return clean, clean != composed, composed != text


def date_span(column: str, first: tuple[dt.date, int], last: tuple[dt.date, int]
              ) -> Problem | None:
    """Dates (date, row) of one column so many years apart that a year is likely mistyped:
    a warning for the file."""
    (start, start_row), (end, end_row) = first, last
    if end.year - start.year < DATE_SPAN_YEARS:
        return None
    return Problem(
        None, column, "warning", "date-span",
        f"the dates run from {start.isoformat()} (row {start_row}) to {end.isoformat()} (row"
        f" {end_row}), {end.year - start.year} years apart; check for a mistyped year"
        " (two-digit years are read as 1930-2029)")
