"""Rows of a `unique` template (Kimai's customers and projects: one row per name) written once:
names that differ only in case, spaces or composition are one, and each other spelling of a
name already written is told once."""

from __future__ import annotations

from collections.abc import Sequence

from addin.core.lookups import name_key
from addin.core.problems import Problem, Report
from addin.core.template import Template


class UniqueRows:
    def __init__(self, template: Template, report: Report) -> None:
        self.template = template
        self.report = report
        # unique key -> (first row, its written values); other spellings already told
        self.seen: dict[tuple[str, ...], tuple[int, tuple[str, ...]]] = {}
        self.variants: set[tuple[str, ...]] = set()

    def seen_before(self, row: int, values: Sequence[str]) -> bool:
        """Whether a row with these unique values was already written (then it is not)."""
        header = self.template.header
        written = tuple(values[header.index(n)] for n in self.template.unique)
        key = tuple(name_key(v) for v in written)
        if key not in self.seen:
            self.seen[key] = (row, written)
            return False
        first_row, first = self.seen[key]
        if written != first and written not in self.variants:
            self.variants.add(written)
            name, text, kept = next((n, w, f) for n, w, f in zip(
                self.template.unique, written, first, strict=True) if w != f)
            self.report.add(Problem(
                row, name, "warning", "changed-text",
                f"{text!r} is written once, as {kept!r} (row {first_row}): names that differ"
                " only in case or spaces are one", text))
        return True
