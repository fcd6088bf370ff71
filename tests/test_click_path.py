"""A ribbon click starts Python anew: importing addin.excel.ribbon must not load what no click needs
up front (openpyxl and the xlsx reader load when an action opens a workbook file)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("openpyxl", "pandas", "numpy", "python_calamine", "dateutil")


def test_importing_the_ribbon_loads_no_spreadsheet_library_or_dataframe_package() -> None:
    probe = ("import sys, addin.excel.ribbon; "
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)

    assert done.stdout.strip() == ""
