"""Invoices: the entries grouped by the template's `invoice_by` fields, each with the
whole-invoice values some targets repeat on every line (LEDES' total, period and number)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from addin.core.problems import Problem
from addin.core.values import show

if TYPE_CHECKING:
    from addin.core.plan import Plan


@dataclass
class Totals:
    """Whole-invoice values some targets repeat on every line (LEDES' total and period)."""
    number: str | None = None
    amount: Decimal | None = None
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    lines: int = 0


@dataclass
class InvoiceBook:
    """The invoices met so far, in order, with their line counts and periods."""
    by: tuple[str, ...]
    invoices: dict[tuple[str, ...], Totals] = field(default_factory=dict)

    def add(self, entry: dict[str, object]) -> tuple[str, ...]:
        """Count the entry's line on its invoice; its invoice's key."""
        key = tuple(show(entry.get(f)) for f in self.by)
        totals = self.invoices.setdefault(key, Totals())
        totals.lines += 1
        date = entry.get("date")
        if isinstance(date, dt.date):
            totals.first_date = min(totals.first_date or date, date)
            totals.last_date = max(totals.last_date or date, date)
        return key


def invoice_number(first: str, index: int) -> str | None:
    """The index-th invoice number counting up from `first` ("2026-0042" -> "2026-0043");
    None when it ends in no digits and so cannot be counted."""
    if index == 0:
        return first
    digits = re.search(r"(\d+)$", first)
    if digits is None:
        return None
    number = str(int(digits.group(1)) + index).zfill(len(digits.group(1)))
    return first[:digits.start()] + number


def number_invoices(plan: Plan, invoices: dict[tuple[str, ...], Totals]) -> Problem | None:
    """Number the invoices in order from the invoice_number setting; the problem of the file
    when there are several and that number has no digits at its end to count on from."""
    first = plan.setting_value("invoice_number")
    for index, totals in enumerate(invoices.values()):
        totals.number = invoice_number(first, index) if first else None
    if first and len(invoices) > 1 and invoice_number(first, 1) is None:
        return Problem(
            None, "invoice_number", "error", "bad-setting",
            f"the entries make {len(invoices)} invoices (one per "
            f"{' and '.join(plan.template.invoice_by)}), numbered on from the invoice number"
            f" {first!r}, which does not end in digits to count on from; give one such as"
            f" {plan.options.how_to_set('invoice_number', first + '-001')}", first)
    return None
