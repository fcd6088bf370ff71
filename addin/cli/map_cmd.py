"""`importmap map` and `importmap check`: map a source file with a template, or only validate it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

from addin.cli.notices import print_warning
from addin.cli.progress import Progress
from addin.core import pipeline
from addin.core.canonical import LOOKUP_TABLES
from addin.core.column_sources import describe
from addin.core.convert_rows import MappedRow
from addin.core.errors import UsageError
from addin.core.file_settings import preamble_lines
from addin.core.limits import limit_problems, record_bytes
from addin.core.lookups import LookupTable
from addin.core.options import MapOptions
from addin.core.pipeline import Prepared, prepare
from addin.core.plan import Plan, plan_mapping
from addin.core.problems import Problem, Report
from addin.core.sparse import drop_empty_columns, holds_rows
from addin.core.tally import Account
from addin.core.template import Template
from addin.core.units import SOURCE_SETTINGS
from addin.files.csv_writer import quote_field, same_file, unwritable
from addin.files.lookup import load_lookup
from addin.files.parts import PartWriter
from addin.files.registry import find_template
from addin.files.report_file import write_report
from addin.files.source import OpenSource, open_source

SHOWN_PROBLEMS = 20
PREVIEW_ROWS = 5


def register(commands: argparse._SubParsersAction) -> None:
    mapper = commands.add_parser(
        "map", help="map a file to a template's CSV",
        description="Map INPUT (.csv or .xlsx) to the template's exact CSV. Nothing is written"
        " while errors remain, unless --force.")
    mapper.add_argument("-o", "--output", required=True, type=Path, metavar="OUTPUT",
                        help="the CSV file to write")
    mapper.add_argument("--force", action="store_true",
                        help="write the file even though errors were found (exit code stays 1)")
    mapper.add_argument("--split-every", type=_positive, metavar="N",
                        help="write numbered files OUTPUT-1, OUTPUT-2... of at most N rows each"
                        " (for importers that take a limited number of rows a file)")
    mapper.add_argument("--dry-run", action="store_true",
                        help="show which source column feeds which output column and the first"
                        " rows converted; write nothing")
    checker = commands.add_parser(
        "check", help="validate a file against a template; write nothing",
        description="Run the same validation as map and list every problem; write nothing.")
    for parser, run in ((mapper, run_map), (checker, run_check)):
        parser.add_argument("input", type=Path, metavar="INPUT", help=".csv or .xlsx source")
        parser.add_argument("-t", "--template", required=True, metavar="TEMPLATE",
                            help="template id (see 'importmap templates') or a .toml path")
        parser.add_argument("--sheet", metavar="NAME", help="sheet of an .xlsx input")
        parser.add_argument("--report", type=Path, metavar="REPORT.csv",
                            help="write every problem to this CSV"
                            " (row,column,severity,code,message,value)")
        parser.add_argument("--overwrite", action="store_true",
                            help="replace OUTPUT and REPORT.csv if they exist")
        parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                            dest="settings", help="a value for the whole file (see 'importmap"
                            " show TEMPLATE'); repeatable")
        parser.add_argument("--lookup", action="append", default=[], metavar="TABLE=FILE.csv",
                            dest="lookups", help="a table of people, clients or matters that"
                            " fills fields the source lacks (see README); repeatable")
        parser.add_argument("--profile", metavar="ID",
                            help="read the source with this profile instead of the best match")
        order = parser.add_mutually_exclusive_group()
        order.add_argument("--dayfirst", dest="date_order", action="store_const", const="DMY",
                           help="dates like 03/04/2026 are 3 April (only used where the file"
                           " cannot tell)")
        order.add_argument("--monthfirst", dest="date_order", action="store_const", const="MDY",
                           help="dates like 03/04/2026 are 4 March (only used where the file"
                           " cannot tell)")
        parser.set_defaults(run=run)


def parse_settings(pairs: list[str], template: Template) -> dict[str, str]:
    settings: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"--set {pair!r}: write KEY=VALUE")
        if key not in template.settings and key not in SOURCE_SETTINGS:
            known = ", ".join(template.settings | SOURCE_SETTINGS)
            raise UsageError(f"--set {key}: {template.id} has no setting {key!r}; its settings:"
                             f" {known}")
        settings[key] = value
    return settings


def parse_lookups(pairs: list[str]) -> dict[str, LookupTable]:
    lookups: dict[str, LookupTable] = {}
    for pair in pairs:
        name, sep, file = pair.partition("=")
        if not sep or not name or not file:
            raise UsageError(f"--lookup {pair!r}: write TABLE=FILE.csv")
        if name not in LOOKUP_TABLES:
            raise UsageError(f"--lookup {name}: there is no table {name!r}; the tables are"
                             f" {', '.join(LOOKUP_TABLES)}")
        lookups[name] = load_lookup(name, Path(file))
    return lookups


def read_and_decide(args: argparse.Namespace, progress: Progress | None = None
                    ) -> tuple[Template, Prepared, OpenSource]:
    """Plan from the header, then read the file once to decide each column's reading."""
    template = find_template(args.template, warn=print_warning)
    options = MapOptions(settings=parse_settings(args.settings, template),
                         lookups=parse_lookups(args.lookups),
                         profile=args.profile, date_order=args.date_order)
    source = open_source(args.input, args.sheet)
    plan = plan_mapping(template, source.header, options, source.header_row,
                        getattr(source.source, "delimiter", None))
    print(f"note: {args.input.name}: {source.source.describe()}, header on row"
          f" {source.header_row}; {plan.choice.explanation}", file=sys.stderr)
    cells = source.data_cells()
    prepared = prepare(plan, progress.count(cells, "reading") if progress else cells)
    for note in prepared.decisions.notes:
        print(f"note: {note}", file=sys.stderr)
    return template, prepared, source


def mapped_rows(prepared: Prepared, source: OpenSource, report: Report,
                progress: Progress | None = None) -> tuple[Account, Iterator[MappedRow]]:
    """The engine's output rows, read from the file a second time."""
    rows: Iterable[tuple[int, Sequence[object]]] = source.data_rows(
        report, prepared.plan.read_columns())
    if progress is not None:
        rows = progress.count(rows, "mapping")
    return pipeline.run(prepared, rows, report)


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of rows, 1 or more")
    return number


def output_rows(template: Template, rows: Iterator[MappedRow],
                report: Report) -> tuple[Template, Iterator[MappedRow]]:
    """The rows to write, and the template they have: columns whose empty cells would clear an
    existing record's field are left out when empty on every row (which holds the rows)."""
    if not holds_rows(template):
        return template, rows
    template, held, notes = drop_empty_columns(template, list(rows))
    report.extend(notes)
    return template, iter(held)


def run_check(args: argparse.Namespace) -> int:
    _check_report_path(args)
    template, prepared, source = read_and_decide(args)
    plan = prepared.plan
    report = Report()
    account, rows = mapped_rows(prepared, source, report)
    template, rows = output_rows(template, rows, report)
    header, dialect = template.header, template.dialect
    count = size = 0
    for mapped in rows:
        report.extend(unwritable(mapped.row, header, mapped.values, dialect))
        count += 1
        if template.max_bytes is not None:
            size += record_bytes(mapped.values, template)
    if template.max_bytes is not None:
        size += sum(len(line) + len(dialect.line_ending) for line in preamble_lines(
            template, plan.options.settings)) + (record_bytes(header, template)
                                                 if dialect.header else 0)
    report.extend(limit_problems(template, count, size, plan.options.how_to_split))
    return finish(args, report, account, written=None)


def run_map(args: argparse.Namespace) -> int:
    _check_report_path(args)
    if _same_path(args.input, args.output):
        raise UsageError(f"{args.output}: the output would replace the input; choose another"
                         " file name")
    if args.output.exists() and not args.overwrite and not args.dry_run and (
            args.split_every is None):
        raise UsageError(f"{args.output} exists; choose another name or add --overwrite")
    if not args.output.parent.is_dir() and str(args.output.parent):
        raise UsageError(f"{args.output}: folder {args.output.parent} does not exist")
    progress = None if args.dry_run else Progress.on_terminal(sys.stderr)
    template, prepared, source = read_and_decide(args, progress)
    plan = prepared.plan
    if args.split_every is not None and plan.template.invoice_by:
        raise UsageError(f"--split-every: {template.id} writes whole invoices whose totals"
                         " cover every line, so its file cannot be split; map each invoice's"
                         " entries on their own instead")
    report = Report()
    account, rows = mapped_rows(prepared, source, report, progress)
    if args.dry_run:
        return dry_run(args, plan, template, rows, report, account)
    template, rows = output_rows(template, rows, report)
    header, dialect = template.header, template.dialect
    with PartWriter(args.output, dialect, header, preamble_lines(template, plan.options.settings),
                    args.split_every, args.overwrite) as writer:
        for mapped in rows:
            values = mapped.values
            bad = unwritable(mapped.row, header, values, dialect)
            if bad:
                report.extend(bad)
                blank = {p.column for p in bad}  # reported; left empty if --force writes the file
                values = ["" if n in blank else v for n, v in zip(header, values, strict=True)]
            writer.write(values)
        parts = writer.parts()
        for path, count, size in parts:
            report.extend(limit_problems(template, count, size, plan.options.how_to_split,
                                         path.name if args.split_every else ""))
        if report.errors and not args.force:
            writer.discard()
            return finish(args, report, account, written=None)
        writer.commit()
    written = ", ".join(str(w.path) for w in writer.writers) if args.split_every else args.output
    return finish(args, report, account, written=written)


def dry_run(args: argparse.Namespace, plan: Plan, template: Template, rows: Iterator[MappedRow],
            report: Report, account: Account) -> int:
    print(f"{template.id}: {template.target}")
    print("Output column <- source")
    width = max(len(c.name) for c in template.columns)
    for name, source in describe(plan):
        print(f"  {name.ljust(width)} <- {source}")
    print(f"First {PREVIEW_ROWS} rows converted:")
    for mapped in islice(rows, PREVIEW_ROWS):
        print(f"  row {mapped.row}: " + template.dialect.delimiter.join(
            quote_field(v, template.dialect) if template.dialect.quoting != "none" else v
            for v in mapped.values).replace("\r", "\\r").replace("\n", "\\n"))
    for _ in rows:
        pass  # the rest is validated so the exit code, problems and counts are complete
    return finish(args, report, account, written=None, dry=True)


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


def _check_report_path(args: argparse.Namespace) -> None:
    """The report replaces no file the run reads or writes, and an existing one only when
    asked to (--overwrite), like the output."""
    report = args.report
    if report is None:
        return
    output = getattr(args, "output", None)
    if _same_path(report, args.input) or (output is not None and _same_path(report, output)):
        raise UsageError(f"{report}: the report must not replace the input or the output")
    for pair in args.lookups:
        name, _, file = pair.partition("=")
        if file and _same_path(report, Path(file)):
            raise UsageError(f"{report}: the report must not replace the {name} lookup table")
    if report.exists() and not args.overwrite and not getattr(args, "dry_run", False):
        raise UsageError(f"{report} exists; choose another name or add --overwrite")
    if str(report.parent) and not report.parent.is_dir():
        raise UsageError(f"{report}: folder {report.parent} does not exist")


def _same_path(a: Path, b: Path) -> bool:
    return same_file(a, b) or a.resolve() == b.resolve()
