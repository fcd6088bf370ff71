"""`importmap map` and `importmap check`: map a source file with a template, or only validate it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from addin.cli.outcome import check_report_path, finish, same_path
from addin.cli.progress import Progress
from addin.cli.reading import add_reading_options, mapped_rows, read_and_decide
from addin.cli.review_checks import code_notes, review_problems
from addin.core.column_sources import describe
from addin.core.convert_rows import MappedRow
from addin.core.errors import UsageError
from addin.core.file_settings import preamble_lines
from addin.core.limits import limit_problems, record_bytes
from addin.core.plan import Plan
from addin.core.problems import Report
from addin.core.records import quote_field
from addin.core.sparse import drop_empty_columns, holds_rows
from addin.core.tally import Account
from addin.core.template import Template
from addin.files.csv_writer import unwritable
from addin.files.parts import PartWriter

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
        parser.add_argument("--review", action="store_true",
                            help="also report the billing-rule review's problems (see"
                            " 'importmap review')")
        add_reading_options(parser, "a value for the whole file (see 'importmap show"
                            " TEMPLATE'); repeatable")
        parser.add_argument("--save-profile", metavar="NAME",
                            help="save how the columns were read (with --map) as a source"
                            " profile NAME in the folder profiles of the user templates folder"
                            " ($IMPORTMAP_TEMPLATES, else the default one: see README)")
        parser.set_defaults(run=run)


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
    check_report_path(args)
    template, prepared, source = read_and_decide(args)
    plan = prepared.plan
    report = Report()
    notes = code_notes(args, plan, template.id)
    account, rows = mapped_rows(prepared, source, report, watch=notes)
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
    report.extend(review_problems(args, source, plan.options, template.id, notes))
    return finish(args, report, account, written=None)


def run_map(args: argparse.Namespace) -> int:
    check_report_path(args)
    if same_path(args.input, args.output):
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
    notes = code_notes(args, plan, template.id)
    account, rows = mapped_rows(prepared, source, report, progress, notes)
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
        report.extend(review_problems(args, source, plan.options, template.id, notes))
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
