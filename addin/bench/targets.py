"""The speed and memory targets the benchmark prints beside its figures, and whether each is met.

Ratios are CPU time over the floor's (a csv.reader -> csv.writer copy for CSV, python-calamine's
bare read for .xlsx). A target is set at one size: the 100,000-row targets (and the .xlsx one)
hold from that size up, kimai-timesheet's at 1,000,000 rows; smaller files are dominated by
start-up and have none.
"""

from __future__ import annotations

from dataclasses import dataclass

HUNDRED_K = 100_000
MILLION = 1_000_000
CLICK_MS = 100.0  # import addin.excel.ribbon on top of a bare `import xlwings`
XLSX_RATIO = 2.0  # .xlsx read and map to kimai-timesheet over calamine's bare read


@dataclass(frozen=True)
class Target:
    limit: float
    unit: str  # "x", " MB", " ms"

    def text(self) -> str:
        return f"<= {self.limit:g}{self.unit}"

    def verdict(self, value: float) -> str:
        """'met', or 'missed' with how many times over the limit the figure is."""
        if value <= self.limit:
            return "met"
        return f"missed, {value / self.limit:.1f}x over"


def csv_ratio(template_id: str, rows: int) -> Target | None:
    """The x-floor target of mapping `rows` CSV rows to the template, if one is set there."""
    if template_id == "kimai-timesheet":
        return Target(1.0, "x") if rows >= MILLION else None
    if rows < HUNDRED_K:
        return None
    return Target(3.0 if template_id == "ledes-1998b" else 1.5, "x")


def csv_memory(template_id: str, rows: int) -> Target | None:
    if template_id == "kimai-timesheet" and rows >= MILLION:
        return Target(150.0, " MB")
    return None


def target_size(template_id: str) -> int:
    """The number of rows a template's CSV target is set at."""
    return MILLION if template_id == "kimai-timesheet" else HUNDRED_K


def xlsx_ratio(rows: int) -> Target | None:
    return Target(XLSX_RATIO, "x") if rows >= HUNDRED_K else None


CLICK = Target(CLICK_MS, " ms")
