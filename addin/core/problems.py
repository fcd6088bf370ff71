"""Problems found while mapping: one record per cell with a stable code, and their report.

Rows are counted the way the user sees them in the source (header row = 1), columns by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

# Stable codes and what each means. Tests check that every code is documented in the README.
CODES: dict[str, str] = {
    "missing-required": "A required output cell is empty.",
    "missing-column": "A column the template needs is not in the source.",
    "unclaimed-column": "A source column no profile field or template column uses.",
    "unsplit-line": "A voice line does not split into the fields asked for.",
    "utc-offset": "Times given with a UTC offset, written as that clock shows them.",
    "bad-date": "A value could not be read as a date.",
    "ambiguous-date": "The day/month order of a date column could not be told from its values.",
    "bad-time": "A value could not be read as a time of day.",
    "bad-duration": "A value could not be read as a duration.",
    "inexact-duration": "A duration cannot be written in the target unit without rounding.",
    "bad-number": "A value could not be read as a number.",
    "ambiguous-number": "A number could be read with either decimal separator.",
    "ambiguous-unit": "The unit of a duration column's plain numbers cannot be told.",
    "long-duration": "One entry longer than 24 hours: almost always a unit error.",
    "zero-duration": "An entry of no time at all.",
    "hours-mismatch": "Hours written differ from hours read beyond the rounding asked for.",
    "bad-boolean": "A value could not be read as yes/no.",
    "bad-enum": "A value is not one of the values the target accepts.",
    "unknown-lookup": "A name is not in the lookup table.",
    "too-long": "A value is longer than the target accepts.",
    "out-of-range": "A number or duration is outside what the target accepts.",
    "day-overflow": "Stacked entries run past midnight.",
    "end-before-start": "An end before its start: the next day if plausible (a warning), else an"
                        " error.",
    "date-span": "A date column's years lie far apart, as a mistyped year would make them.",
    "unencodable": "A character cannot be written in the target's encoding.",
    "unquotable": "A value holds the delimiter or a line break and the target allows no quoting.",
    "formula-like": "A text starts with a character a spreadsheet would run as a formula.",
    "date-order": "Which day/month order a date column was read with.",
    "bad-setting": "A --set value (or settings-sheet row) is missing or cannot be used.",
    "bad-format": "A value does not have the form the target requires (a UTBMS code, say).",
    "rounded": "A value was rounded as the template or your settings ask; the message says how.",
    "changed-text": "Characters the target cannot hold were replaced (ASCII letters, '|').",
    "cell-error": "A spreadsheet cell holds an error (#N/A...) or a formula with no saved value.",
    "no-header": "A column holds values but has no header, so it is not read.",
    "clears-field": "An empty cell would clear the field of a record that already exists.",
    "too-many": "The file has more rows or bytes than the target's importer takes in one file.",
    "split-row": "A CSV row has more cells than the header (an unquoted separator); not read.",
    "totals-row": "A row recognised as a total of the entries above; not imported.",
    "bad-encoding": "A cell holds bytes that are not UTF-8, or misread text; read as empty.",
    "dropped-field": ("A source column (billable, tags, fixed rate, or one the user"
                      " assigned) the target has no column for."),
    "amount-mismatch": "The source's amount is not hours x rate on a line that writes all three.",
    # The billing-rule review (importmap review; map and check --review).
    "block-billing": "Several distinct tasks under one time in one narrative.",
    "vague-narrative": "A narrative that does not say what was done or to what.",
    "bad-utbms": "A task, activity or expense code that is not in the ABA UTBMS code sets.",
    "increment": "A duration that is not a multiple of the firm's billing increment.",
    "long-day": "One timekeeper's hours on one day above the firm's threshold (over 24: error).",
    "duplicate-entry": "The same timekeeper, date, matter, duration and narrative twice.",
}


@dataclass(frozen=True)
class Problem:
    row: int | None  # as the user sees it: header = 1; None for file-level problems
    column: str
    severity: Severity
    code: str
    message: str
    value: str = ""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def line(self) -> str:
        """One human line, as printed on stderr: ``row 7, Duration: ...``."""
        where = f"row {self.row}, {self.column}" if self.row is not None else self.column
        return f"{where}: {self.severity}: {self.message}"


class ConversionError(ValueError):
    """A value that cannot be converted. Carries the stable code and a message saying what to do."""

    def __init__(self, code: str, message: str) -> None:
        if code not in CODES:
            raise ValueError(f"unknown problem code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Report:
    """All problems of one run, in the order found."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def flatten(self) -> list[tuple[int | None, str, str]]:
        """(row, column, code) per problem: what tests compare against."""
        return [(p.row, p.column, p.code) for p in self.problems]
