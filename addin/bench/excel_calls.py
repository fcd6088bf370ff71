"""Excel calls per ribbon action at several sheet sizes, counted by the test suite's Excel double.

The double (tests/excel_double, openpyxl behind xlwings' engine interface) and the button run
(tests/test_ribbon_scale.py) live in the source checkout's tests; without them this says so.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent.parent / "tests"


def calls_per_action(sizes: list[int]) -> tuple[dict[int, dict[str, int]], list[str]] | str:
    """({rows: {action: calls}}, why a size was not counted), or why nothing could be."""
    if not (TESTS / "excel_double").is_dir():
        return "skipped: needs the source checkout's tests/ (the Excel double)"
    sys.path.insert(0, str(TESTS))
    try:
        from test_ribbon_scale import caseclock_rows, run_the_buttons
    except ImportError as exc:
        return f"skipped: the Excel double cannot be loaded ({exc}); install '.[test]'"
    counted: dict[int, dict[str, int]] = {}
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            try:
                counted[rows] = run_the_buttons(caseclock_rows(rows), Path(folder) / f"{rows}.csv")
            except AssertionError:  # an alert the run does not expect: over Kimai's row limit
                notes.append(f"  {rows:,} rows: not counted (the buttons alerted: more rows"
                             " than the target takes in one file)")
    return (counted, notes) if counted else "skipped: no size could be counted"
