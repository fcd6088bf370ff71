"""An e-billing portal's code check (`bad-utbms`) inside `map` and `check`, from the entries the
conversion reads anyway: each row's task, activity and expense codes are noted as the engine
reads them, and each distinct code is looked up once at the end. The review's own reading (a
second pass over the file, `importmap review`) finds the same problems; it is needed only when
the target's plan reads the codes or the rows otherwise than the review's template would."""

from __future__ import annotations

from array import array
from collections.abc import Mapping

from addin.core.plan import Plan
from addin.core.problems import Problem
from addin.core.review_rules import CODE_FIELDS, ReviewRules


class CodeNotes:
    """Each entry's code values in file order, as the review's entries would hold them."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.fields = tuple(f for f in CODE_FIELDS if plan.has_field(f))
        self.values: dict[tuple[str, str], int] = {}  # (field, value) -> its number
        self.rows = array("q")  # the row of each code noted, in the order read
        self.codes = array("q")  # the number of its (field, value)

    @staticmethod
    def fits(plan: Plan) -> bool:
        """Whether the target's conversion reads the rows and codes the review would: every
        code field the source can give is read (the review reads them all), the duration is
        read when there is one (a totals row is told by it) and no column of the template
        passes a cell through (which changes the columns a column of voice lines is looked for
        in)."""
        used = plan.used_fields
        return (all(f in used for f in CODE_FIELDS if plan.has_field(f))
                and ("duration" not in plan.fields or "duration" in used)
                and not plan.passthrough)

    def __call__(self, row: int, entry: Mapping[str, object]) -> None:
        """Note a row's entry (the engine calls this once per row, in file order)."""
        for name in self.fields:
            value = entry.get(name)
            if value is None:
                continue
            text = str(value)
            if not text.strip():
                continue
            key = (name, text)
            number = self.values.get(key)
            if number is None:
                number = self.values[key] = len(self.values)
            self.rows.append(row)
            self.codes.append(number)

    def problems(self, rules: ReviewRules) -> list[Problem]:
        """A `bad-utbms` error for each code noted that is not one, in row order."""
        why = [rules.code_problem(name, value) for name, value in self.values]
        names = list(self.values)
        found = [Problem(row, self.plan.source_name(names[code][0]), "error", "bad-utbms",
                         f"{why[code]}. Correct it in the source", names[code][1])
                 for row, code in zip(self.rows, self.codes, strict=True) if why[code]]
        return sorted(found, key=lambda p: p.row or 0)
