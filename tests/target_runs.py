"""Write a target's file from a source the way a user does (`importmap map`, in-process), with
the tables and settings a bookkeeper keeps for that target, and name each target's independent
reader (tests/importer_rules)."""

from __future__ import annotations

import contextlib
import importlib
import io
from collections.abc import Callable
from pathlib import Path

from addin.cli.main import main

TESTS = Path(__file__).resolve().parent
EXPORTS = TESTS / "fixtures" / "exports"
RULES = TESTS / "fixtures" / "importer_rules"
TABLES = ["--lookup", f"people={EXPORTS / 'people.csv'}",
          "--lookup", f"matters={EXPORTS / 'matters.csv'}"]
# Tabs3 knows timekeepers and clients by number only.
TABS3_TABLES = ["--lookup", f"people={RULES / 'tabs3-people.csv'}",
                "--lookup", f"matters={RULES / 'tabs3-matters.csv'}"]
FIRM = {"customer": "Harbour Law LLP", "client": "Harbour Law LLP", "project": "General matters",
        "activity": "Legal work", "task": "Legal work"}
SETTINGS: dict[str, dict[str, str]] = {
    "kimai-timesheet": {k: FIRM[k] for k in ("customer", "project", "activity")},
    "kimai-customer": {"country": "US"},
    "kimai-project": {"project": FIRM["project"]},
    "clockify": {"project": FIRM["project"], "task": FIRM["task"]},
    "toggl": {"project": FIRM["project"], "task": FIRM["task"]},
    "harvest": {k: FIRM[k] for k in ("client", "project", "task")} | {"increment": "0.1h"},
    "solidtime": {"project": FIRM["project"], "task": FIRM["task"],
                  "timezone": "Europe/Berlin", "billable": "yes"},
    "clio": {"increment": "0.1h"},
    "ledes-1998b": {"invoice_number": "2026-0100", "invoice_date": "2026-11-30",
                    "law_firm_id": "12-3456789", "increment": "0.1h"},
    "juris": {"increment": "0.1h"},
    "insol6": {"category": FIRM["activity"], "increment": "0.1h"},
    "tabs3": {"tcode": "1", "increment": "0.1h"},
    "quickbooks-iif": {"company_name": "Harbour Law LLP", "company_create_time": "1234567890",
                       "item": "Legal Services", "increment": "6min"},
}
TARGETS = sorted(SETTINGS)


def reader(target: str) -> Callable[[bytes], list[str]]:
    """The target's independent reader: its `check(data)` lists every rule a file breaks."""
    module = importlib.import_module(f"importer_rules.{target.replace('-', '_')}")
    return module.check  # type: ignore[no-any-return]


def map_file(source: Path, target: str, out: Path, *extra: str,
             settings: dict[str, str] | None = None, tables: bool = True) -> tuple[int, str]:
    """(exit code, stderr) of `importmap map SOURCE -t TARGET -o OUT` with the target's tables
    (unless `tables` is false) and settings (or the `settings` given)."""
    lookups = (TABS3_TABLES if target == "tabs3" else TABLES) if tables else []
    chosen = SETTINGS[target] if settings is None else settings
    set_args = [arg for key, value in chosen.items() for arg in ("--set", f"{key}={value}")]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["map", str(source), "-t", target, "-o", str(out), "--overwrite",
                     *lookups, *set_args, *extra])
    return code, err.getvalue()
