"""What the buttons tell the user in Excel's alerts: a run's summary, the user templates that did
not load, the cells a conversion left unchanged; in plain words, never in command-line terms."""

from __future__ import annotations

from typing import Any

from addin.convert.text import counted as count
from addin.core.errors import ImportMapperError
from addin.core.problems import Problem, Report

TITLE = "Import Mapper"


def summary_alert(book: Any, report: Report, done: str, skipped: list[str] | None = None) -> None:
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        text = (f"{done} {errors} error{'s' if errors != 1 else ''} and {warnings} warning"
                f"{'s' if warnings != 1 else ''} are listed on the problems sheet and highlighted."
                " The target will reject the file until the errors are fixed.")
    elif warnings:
        text = f"{done} No errors; {warnings} warning{'s' if warnings != 1 else ''} listed."
    else:
        text = f"{done} No problems found."
    book.app.alert(text + skipped_text(skipped or []), TITLE)


def skipped_text(skipped: list[str]) -> str:
    """User templates that do not load, said as the command line says them: the other targets
    work, and the user learns why theirs is missing from the Target list."""
    return "".join(f"\n\nImport Mapper {w}" for w in skipped)


def problems_text(lead: str, problems: list[Problem]) -> str:
    if not problems:
        return lead
    shown = "\n".join(f"{p.column}: {p.message}" for p in problems[:8])
    more = f"\n... and {len(problems) - 8} more" if len(problems) > 8 else ""
    return f"{lead} {count(len(problems), 'cell')} left unchanged:\n{shown}{more}"


class ExpectedProblem(ImportMapperError):
    """Something the user can fix (no template chosen, wrong sheet): shown in an alert."""
