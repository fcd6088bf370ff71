"""The row account reads each distinct duration once: a column repeats a few values many times.

It totals the source's duration cells and reads back every written duration; both are parsed
once per distinct value (and per column decision), so its cost does not grow with the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import pytest
from mapping import column, map_with

import addin.core.tally as tally

TABLE = [["Date", "Duration", "Client", "Matter"],
         *(["2026-11-02", hours, "Acme", "Audit"] for hours in ["0.25", "1.5", "0.25"] * 20)]


def counting(monkeypatch: pytest.MonkeyPatch, name: str) -> Counter[object]:
    seen: Counter[object] = Counter()
    original: Callable[..., object] = getattr(tally, name)

    def counted(*args: object) -> object:
        seen[repr(args)] += 1
        return original(*args)

    monkeypatch.setattr(tally, name, counted)
    return seen


def test_each_distinct_source_duration_is_parsed_once(monkeypatch) -> None:
    seen = counting(monkeypatch, "parse_duration")

    result = map_with("harvest", TABLE, settings={"task": "T", "user": "U"})

    assert len(column(result, "Hours")) == 60
    assert seen and max(seen.values()) == 1
    assert result.account.hours_in == Decimal("40")


def test_each_distinct_written_duration_is_read_back_once(monkeypatch) -> None:
    seen = counting(monkeypatch, "read_written")

    result = map_with("harvest", TABLE, settings={"task": "T", "user": "U"})

    assert set(column(result, "Hours")) == {"0.25", "1.50"}
    assert sum(seen.values()) == 2
    assert result.account.hours_out == Decimal("40")
