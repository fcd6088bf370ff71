"""How a run ends: its problems shown (errors first when not all fit), the report written, the
summary line, the exit code; and the report's path checked before anything is read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from addin.core.errors import UsageError
from addin.core.problems import Problem, Report
from addin.core.tally import Account
from addin.files.csv_writer import same_file
from addin.files.report_file import write_report

SHOWN_PROBLEMS = 20


def shown_first(problems: list[Problem]) -> list[Problem]:
    """The problems printed, in their order: errors before warnings when not all fit, so
    twenty unused columns never hide the error that stopped the run."""
    ranked = sorted(range(len(problems)), key=lambda i: problems[i].severity != "error")
    return [problems[i] for i in sorted(ranked[:SHOWN_PROBLEMS])]


def finish(args: argparse.Namespace, report: Report, account: Account,
           written: Path | str | None, dry: bool = False) -> int:
    problems = sorted(report, key=lambda p: (p.row or 0))
    for problem in shown_first(problems):
        print(problem.line(), file=sys.stderr)
    if len(problems) > SHOWN_PROBLEMS:
        more = len(problems) - SHOWN_PROBLEMS
        hint = "" if args.report else "; add --report REPORT.csv to list them all"
        print(f"... and {more} more problem{'s' if more != 1 else ''}{hint}", file=sys.stderr)
    if args.report:
        write_report(args.report, problems)
    errors, warnings = len(report.errors), len(report.warnings)
    not_written = args.command == "map" and written is None and not dry
    summary = (f"{account.summary(True if written else False if not_written else None)};"
               f" {errors} error{'s' if errors != 1 else ''},"
               f" {warnings} warning{'s' if warnings != 1 else ''}")
    if written is not None:
        print(f"{summary}; wrote {written}")
    elif dry:
        print(f"{summary}; dry run, nothing written")
    elif args.command == "map":
        print(f"{summary}; nothing written (fix the errors, or add --force to write anyway)",
              file=sys.stderr)
    else:
        print(summary)
    return 1 if errors else 0


def check_report_path(args: argparse.Namespace) -> None:
    """The report replaces no file the run reads or writes, and an existing one only when
    asked to (--overwrite), like the output."""
    report = args.report
    if report is None:
        return
    output = getattr(args, "output", None)
    if same_path(report, args.input) or (output is not None and same_path(report, output)):
        raise UsageError(f"{report}: the report must not replace the input or the output")
    for pair in args.lookups:
        name, _, file = pair.partition("=")
        if file and same_path(report, Path(file)):
            raise UsageError(f"{report}: the report must not replace the {name} lookup table")
    if report.exists() and not args.overwrite and not getattr(args, "dry_run", False):
        raise UsageError(f"{report} exists; choose another name or add --overwrite")
    if str(report.parent) and not report.parent.is_dir():
        raise UsageError(f"{report}: folder {report.parent} does not exist")


def same_path(a: Path, b: Path) -> bool:
    return same_file(a, b) or a.resolve() == b.resolve()
