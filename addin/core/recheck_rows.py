"""One written row's values checked against each other, as `importmap map` derives them from
the entry: its length (over a day, no time), the billing increment the user set, an end that is
its start plus its duration, and an amount that is its hours times its rate.

Used on a table already in the target's shape (Check required, Save as CSV), where the user may
have edited one value and not the ones derived from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from addin.convert.by_type import text_of
from addin.convert.durations import round_seconds
from addin.convert.exact import ROUNDING_MODES, show_exact
from addin.convert.increments import increment_seconds
from addin.core.column_checks import (
    ColumnChecks,
    hours_times_rate,
    hours_words,
    long_duration,
    same_amount,
    zero_duration,
)
from addin.core.problems import ConversionError, Problem
from addin.core.template import Column


class EntryChecks:
    def __init__(self, checks: ColumnChecks, settings: Mapping[str, str]) -> None:
        self.checks = checks
        columns = checks.template.columns
        self.at: dict[str, int] = {}  # start, end, duration: the first column of each
        for index, col in enumerate(columns):
            role = col.derive if col.derive in ("start", "end") else col.type
            self.at.setdefault(role, index)
        self.increment, self.rounding = _increment(checks, settings)
        self.increment_text = settings.get("increment", "")
        self.rounded = 0
        self.rounded_by = Decimal(0)

    def duration_column(self) -> Column | None:
        at = self.at.get("duration")
        return None if at is None else self.checks.template.columns[at]

    def round(self, seconds: object) -> object:
        """A duration rounded to the billing increment the user set, as `importmap map` rounds
        every entry's duration (counted, and told once for the file)."""
        if self.increment is None or not isinstance(seconds, Decimal):
            return seconds
        rounded = round_seconds(seconds, self.increment, self.rounding)
        if rounded != seconds:
            self.rounded += 1
            self.rounded_by += rounded - seconds
        return rounded

    def check(self, row: int, values: list[str], typed: list[object],
              read: list[object]) -> None:
        """`read`: the values as read, before rounding, also where they cannot be written."""
        at = self.at.get("duration")
        exact = None if at is None else read[at]
        if isinstance(exact, Decimal):
            self._length(row, exact, typed[at or 0])
        self._span(row, values, typed)
        self._amount(row, values, typed, exact)

    def finish(self) -> None:
        col = self.duration_column()
        if self.rounded and col is not None:
            hours = show_exact(Fraction(self.rounded_by) / 3600)
            self.checks.report.add(Problem(
                None, col.name, "warning", "rounded",
                f"{self.rounded} duration{'s' if self.rounded != 1 else ''} rounded"
                f" {self.rounding} to the increment you set ({self.increment_text}),"
                f" {'+' if self.rounded_by >= 0 else ''}{hours} h in all"))

    def _length(self, row: int, exact: Decimal, written: object) -> None:
        col = self.duration_column()
        assert col is not None
        problem = long_duration(row, col.name, exact, "correct or split the entry")
        # `written` is None where the column cannot hold the value (LEDES takes no 0 units)
        if problem is None and (written if isinstance(written, Decimal) else exact) == 0:
            problem = zero_duration(row, col.name, text_of(exact), rounded_away=exact != 0)
        if problem is not None:
            self.checks.report.add(problem)

    def _span(self, row: int, values: list[str], typed: list[object]) -> None:
        """An entry written with its start, end and duration (Kimai's From, To, Duration) ends
        at its start plus its duration, as `importmap map` writes it; a duration edited alone
        leaves the end of the old one. An error giving the end to write."""
        at = self.at
        if not {"start", "end", "duration"} <= at.keys():
            return
        start, end, seconds = typed[at["start"]], typed[at["end"]], typed[at["duration"]]
        if not isinstance(seconds, Decimal):
            return
        expected: object
        try:
            step = dt.timedelta(microseconds=int(seconds * 1_000_000))
            if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
                expected = start + step
            elif isinstance(start, dt.time) and isinstance(end, dt.time):
                expected = (dt.datetime.combine(dt.date(2000, 1, 1), start) + step).timetz()
            else:
                return
        except OverflowError:
            return  # a duration longer than any calendar: told as a long duration
        if expected == end:
            return
        columns = self.checks.template.columns
        end_col = columns[at["end"]]
        try:
            text = self.checks.text(end_col, expected)
        except ConversionError:
            return  # an end the column cannot hold (seconds where it has none): not ours to say
        self.checks.report.add(Problem(
            row, end_col.name, "error", "hours-mismatch",
            f"{values[at['end']]} is not {columns[at['start']].name} {values[at['start']]} plus"
            f" {columns[at['duration']].name} {values[at['duration']]}; write {text}, or"
            " correct the start or the duration", values[at["end"]]))

    def _amount(self, row: int, values: list[str], typed: list[object],
                exact: object) -> None:
        """The amount column (Kimai's Rate, Tabs3's Amount, LEDES's LINE_ITEM_TOTAL) where the
        row has hours and an hourly rate: `importmap map` writes hours x rate there, because
        the importer does not compute it (Kimai switches its own calculation off during an
        import, and the entry's total stays 0). An empty amount, or one that is not hours x
        rate (the hours or the rate edited after Apply template), is an error giving the value;
        never a value filled in unasked. An amount that is the hours x rate before they were
        rounded to the increment follows the rounded hours, as in `importmap map`."""
        checks = self.checks
        columns = checks.template.columns

        def given(kind: str) -> Decimal | None:
            return next((v for c, v in zip(columns, typed, strict=True)
                         if (c.type == "duration" if kind == "duration" else kind in c.source)
                         and isinstance(v, Decimal)), None)

        seconds, rate, fixed = given("duration"), given("rate"), given("fixed_rate")
        for index, col in enumerate(columns):
            if col.derive not in ("amount", "fee"):
                continue
            if fixed is not None and col.derive == "amount":
                # as `importmap map` does: a fixed rate is the entry's amount, whatever the hours
                amount: Decimal | Fraction = fixed
                why = "the fixed rate"
            elif seconds is not None and rate is not None:
                amount = hours_times_rate(seconds, rate)
                why = f"{hours_words(seconds)} h x {text_of(rate)}"
            else:
                continue
            written = typed[index]
            if values[index] and (not isinstance(written, Decimal | Fraction)
                                  or same_amount(written, amount)):
                continue  # written as it should be, or reported as unwritable
            try:
                text = checks.text(col, amount)
            except ConversionError:
                continue  # over the column's limit: reported when the value is written
            if not values[index]:
                checks.report.add(Problem(
                    row, col.name, "error", "missing-required",
                    f"{col.name} is empty, and {checks.template.target} does not compute it on"
                    f" import (the entry's amount would be 0); write {text} ({why}), or Apply"
                    " template again"))
            elif (isinstance(exact, Decimal) and exact != seconds and rate is not None
                  and isinstance(written, Decimal | Fraction) and why != "the fixed rate"
                  and same_amount(written, hours_times_rate(exact, rate))):
                values[index] = checks.checked(row, col, amount, text)
                typed[index] = amount
            else:
                checks.report.add(Problem(
                    row, col.name, "error", "amount-mismatch",
                    f"{checks.template.target} writes {col.name} as the entry's amount, and"
                    f" {values[index]} is not {why} = {text}; write {text}, or correct the"
                    " hours or the rate", values[index]))


def _increment(checks: ColumnChecks, settings: Mapping[str, str]) -> tuple[Decimal | None, str]:
    """The billing increment the user set, and how to round to it; none when the setting is
    missing or cannot be used (Apply template reported it)."""
    template = checks.template
    if "increment" not in template.settings:
        return None, "up"
    text = settings.get("increment") or ""
    mode = settings.get("rounding") or "up"
    if not text or mode not in ROUNDING_MODES:
        return None, mode
    try:
        return increment_seconds(text), mode
    except ValueError:
        return None, mode
