"""The review's reconciliation: for generated files, the totals equal the hours in the source,
hours out follow the increment, and amounts are hours x rate to the cent (exact arithmetic)."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from reviewing import review_rows

from addin.core.reconcile import check_totals, reconcile

PEOPLE = ["Maria Alvarez", "José Núñez", "Priya Raman"]
MATTERS = ["Jones v. Harbor Bank", "Smith acquisition", "Chen supply dispute"]
HEADER = ["Date", "Timekeeper", "Matter", "Duration", "Description", "Rate"]
rows = st.lists(st.tuples(
    st.integers(0, 2), st.integers(0, 2), st.integers(0, 4),
    st.integers(1, 8 * 3600),  # any whole number of seconds, 20 minutes included
    st.one_of(st.none(), st.integers(1, 90000).map(lambda c: Decimal(c).scaleb(-2))),
), min_size=1, max_size=25)


def as_hms(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def cents(value: Fraction) -> Decimal:
    """Half up to the cent, as an invoice rounds a line."""
    return Decimal(math.floor(value * 100 + Fraction(1, 2))).scaleb(-2)


@given(rows, st.sampled_from([None, 360, 900]))
def test_summary_totals_equal_the_source_and_amounts_are_exact_to_the_cent(generated, step):
    source = [[(dt.date(2026, 11, 2) + dt.timedelta(days=day)).isoformat(), PEOPLE[who],
               MATTERS[matter], as_hms(seconds), f"Review filing {n}",
               "" if rate is None else str(rate)]
              for n, (who, matter, day, seconds, rate) in enumerate(generated)]
    settings = {} if step is None else {"increment": f"{step}s"}
    reviewed = review_rows(source, HEADER, **settings)
    lines = reconcile(reviewed.entries)
    total = lines[-1]
    out = [s if step is None else math.ceil(s / step) * step for *_, s, _ in generated]
    assert total.seconds_in == sum(s for *_, s, _ in generated) == reviewed.account.seconds_in
    assert total.seconds_out == sum(out) and total.entries == len(generated)
    rated = [cents(Fraction(o, 3600) * Fraction(r)) for o, (*_, r) in zip(out, generated,
                                                                           strict=True)
             if r is not None]
    expected = sum(rated, Decimal(0)) if len(rated) == len(generated) else None
    assert total.amount == expected
    people = [line for line in lines if line.kind == "timekeeper"]
    assert sum(p.seconds_in for p in people) == total.seconds_in
    assert sum(p.entries for p in people) == total.entries
    for person in people:
        days = [line for line in lines if line.kind == "day"
                and line.timekeeper == person.timekeeper]
        assert sum(d.seconds_out for d in days) == person.seconds_out
    assert check_totals(lines, reviewed.entries, reviewed.account) is None


cell = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(
    ["2026-11-02", "02/11/2026", "0.1", "1,5", "1:30", "25", "L120", "A104", "E101", "L100",
     "Review file", "Draft motion; call client", "Maria Alvarez", "maria alvarez ", "350",
     "$1,250.00", "#N/A", "=SUM(A1)"]))


@given(st.lists(st.lists(cell, min_size=9, max_size=9), min_size=1, max_size=8))
def test_random_cells_are_reviewed_without_crashing_and_the_totals_still_hold(cells):
    reviewed = review_rows(cells)
    lines = reconcile(reviewed.entries)
    assert lines[-1].entries == len(reviewed.entries)
    assert check_totals(lines, reviewed.entries, reviewed.account) is None
    for problem in reviewed.problems:
        assert problem.row is not None and 2 <= problem.row <= len(cells) + 1
