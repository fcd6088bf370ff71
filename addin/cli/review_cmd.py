"""`importmap review`: the billing-rule review of an export before import, with a reconciliation
of hours and amounts per timekeeper, matter and date; and the same rules for `map`/`check
--review` (and always where a target's portal enforces them)."""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction
from pathlib import Path

from addin.cli import outcome, reading
from addin.core.errors import UsageError
from addin.core.problems import Report
from addin.core.reconcile import HEADER, Line, check_totals, reconcile
from addin.core.review import Review, read_entries
from addin.core.tally import hours_text
from addin.files.csv_writer import write_csv
from addin.files.report_file import REPORT_DIALECT, write_report
from addin.files.review_rules_file import load_rules, review_template_path


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "review", help="check time entries against billing rules before import",
        description="Read INPUT as 'map' reads it and report what clients' e-billing rules and"
        " courts cut: block billing, vague narratives, invalid UTBMS codes, time off the"
        " billing increment, long days, entries exported twice. Writes nothing but the"
        " report and summary asked for.")
    parser.add_argument("input", type=Path, metavar="INPUT", help=".csv or .xlsx source")
    parser.add_argument("--sheet", metavar="NAME", help="sheet of an .xlsx input")
    parser.add_argument("--report", type=Path, metavar="REPORT.csv",
                        help="write every problem to this CSV"
                        " (row,column,severity,code,message,value)")
    parser.add_argument("--summary", type=Path, metavar="SUMMARY.csv",
                        help="write entries, hours in and out and amounts per timekeeper,"
                        " matter and date, with totals, to this CSV")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace REPORT.csv and SUMMARY.csv if they exist")
    reading.add_reading_options(parser, "increment=0.1h (the firm's billing increment) or"
                                " rounding=up|down|nearest|half-even; repeatable")
    parser.set_defaults(run=run_review)


def run_review(args: argparse.Namespace) -> int:
    _check_paths(args)
    rules = load_rules()
    args.template = str(review_template_path())
    _, prepared, source = reading.read_and_decide(args)
    plan = prepared.plan
    report = Report()
    account, entries = read_entries(prepared, reading.source_rows(plan, source, report), report)
    report.extend(Review(plan, rules).problems(entries))
    lines = reconcile(entries)
    mismatch = check_totals(lines, entries, account)
    if mismatch is not None:
        report.add(mismatch)
    elif args.summary is not None:
        write_csv(args.summary, HEADER, [line.cells() for line in lines], REPORT_DIALECT)
    problems = sorted(report, key=lambda p: p.row or 0)
    for problem in outcome.shown_first(problems):
        print(problem.line(), file=sys.stderr)
    if len(problems) > outcome.SHOWN_PROBLEMS:
        more = len(problems) - outcome.SHOWN_PROBLEMS
        hint = "" if args.report else "; add --report REPORT.csv to list them all"
        print(f"... and {more} more problem{'s' if more != 1 else ''}{hint}", file=sys.stderr)
    if args.report is not None:
        write_report(args.report, problems)
    for line in lines:
        if line.kind != "day":
            print(_total_line(line))
    errors, warnings = len(report.errors), len(report.warnings)
    print(f"{account.summary(None)}; {errors} error{'s' if errors != 1 else ''},"
          f" {warnings} warning{'s' if warnings != 1 else ''}"
          + (f"; wrote {args.summary}" if args.summary is not None and mismatch is None else ""))
    return 1 if errors else 0


def _total_line(line: Line) -> str:
    who = line.timekeeper or "(no timekeeper)" if line.kind == "timekeeper" else "all"
    amount = "" if line.amount is None else f", amount {line.amount:,.2f}"
    return (f"{who}: {line.entries} entr{'ies' if line.entries != 1 else 'y'},"
            f" {hours_text(Fraction(line.seconds_in) / 3600)} hours in,"
            f" {hours_text(Fraction(line.seconds_out) / 3600)} out{amount}")


def _check_paths(args: argparse.Namespace) -> None:
    """The report and the summary replace neither the input, a lookup table nor each other,
    and an existing file only with --overwrite."""
    written = [p for p in (args.report, args.summary) if p is not None]
    if len(written) == 2 and outcome.same_path(*written):
        raise UsageError(f"{args.summary}: the summary and the report must be two files")
    read = [args.input] + [Path(pair.partition("=")[2]) for pair in args.lookups]
    for path in written:
        if any(str(r) and outcome.same_path(path, r) for r in read):
            raise UsageError(f"{path}: it must not replace the input or a lookup table")
        if path.exists() and not args.overwrite:
            raise UsageError(f"{path} exists; choose another name or add --overwrite")
        if str(path.parent) and not path.parent.is_dir():
            raise UsageError(f"{path}: folder {path.parent} does not exist")
