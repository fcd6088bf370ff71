"""The `rounded` warning says by how much the durations changed in all, always with a number."""

import pytest
from mapping import map_with

HEADER = ["Date", "Matter ID", "Timekeeper", "Description", "Hours"]


@pytest.mark.parametrize(("hours", "rounding", "total"), [
    (["0:31"], "up", "+0.0833… h"), (["0:31"], "nearest", "-0.0166… h"),
    (["0:20", "0:20"], "up", "+0.1333… h"), (["0:15"], "up", "+0.05 h"),
    (["0:12"], "up", "+0 h")])
def test_the_rounded_warning_gives_the_total_change_exactly_or_cut_with_an_ellipsis(
        hours, rounding, total):
    table = [HEADER] + [["2026-11-02", "1001", "Ann", "Work", h] for h in hours]
    result = map_with("clio", table, settings={"increment": "0.1h", "rounding": rounding})
    notes = [p.message for p in result.report if p.code == "rounded" and p.row is None]
    if total == "+0 h":
        assert notes == []
        return
    [note] = notes
    assert note.endswith(f"), {total} in all")
