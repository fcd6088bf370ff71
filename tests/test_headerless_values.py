"""Values in a column without a header are not read; each such column is reported once, at its
first value, however the rows around it look."""

from __future__ import annotations

from addin.core.header import HeaderlessValues


def test_a_column_with_a_blank_header_is_reported_at_its_first_value_only() -> None:
    seen = HeaderlessValues(["Date", " ", "Hours"])

    found = [seen.check(row, cells) for row, cells in
             [(2, ["2026-11-02", "", "1"]), (3, ["2026-11-03", "note", "2"]),
              (4, ["2026-11-04", "again", "3"])]]

    assert found == [[], [(3, 1, "note")], []]


def test_values_past_the_last_header_are_reported_once_per_column() -> None:
    seen = HeaderlessValues(["Date", "Hours"])

    found = [seen.check(row, cells) for row, cells in
             [(2, ["2026-11-02", "1"]), (3, ["2026-11-03", "2", "x"]),
              (4, ["2026-11-04", "3", "y", 7]), (5, ["2026-11-05", "4", "z", 8])]]

    assert found == [[], [(3, 2, "x")], [(4, 3, "7")], []]


def test_blank_cells_without_a_header_are_not_values() -> None:
    seen = HeaderlessValues(["Date", ""])

    assert seen.check(2, ["2026-11-02", "  ", None]) == []
    assert seen.check(3, ["2026-11-03", "", 0]) == [(3, 2, "0")]
