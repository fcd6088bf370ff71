"""Run the billing-rule review in-process on literal rows (a helper for the review tests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from addin.core.options import MapOptions
from addin.core.pipeline import prepare
from addin.core.plan import plan_mapping
from addin.core.problems import Problem, Report
from addin.core.review import Review, ReviewEntry, read_entries
from addin.core.tally import Account
from addin.files.review_rules_file import load_rules, review_template

HEADER = ["Date", "Timekeeper", "Client", "Matter", "Duration (hours)", "Description", "Rate",
          "Task code", "Activity code"]


@dataclass
class Reviewed:
    problems: list[Problem]  # the review's own
    entries: list[ReviewEntry]
    account: Account
    report: Report  # problems of reading the rows

    def codes(self, code: str) -> list[tuple[int | None, str]]:
        return [(p.row, p.column) for p in self.problems if p.code == code]

    def of(self, code: str) -> list[Problem]:
        return [p for p in self.problems if p.code == code]


def review_rows(rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER,
                channel: str = "cli", **settings: str) -> Reviewed:
    """Rows numbered from 2 (the header is row 1), as a spreadsheet shows them."""
    plan = plan_mapping(review_template(), header, MapOptions(settings=settings,
                                                              channel=channel))
    body = [(n, list(cells)) for n, cells in enumerate(rows, start=2)]
    prepared = prepare(plan, (cells for _, cells in body))
    report = Report()
    account, entries = read_entries(prepared, body, report)
    return Reviewed(Review(plan, load_rules()).problems(entries), entries, account, report)


def entry(description: str = "Review bank's answer and affirmative defenses",
          hours: str = "1.0", date: str = "2026-11-02", who: str = "Maria Alvarez",
          matter: str = "Jones v. Harbor Bank", task: str = "L120",
          activity: str = "A104", rate: str = "350") -> list[str]:
    return [date, who, "Jones Family Trust", matter, hours, description, rate, task, activity]
