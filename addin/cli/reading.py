"""Reading a source as `map`, `check` and `review` do: the options that say how (settings,
lookup tables, profile, column assignments, voice lines, date order), the plan of its header,
the column decisions from a first read, and the rows read again for conversion."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from addin.cli.notices import print_warning
from addin.cli.progress import Progress
from addin.cli.saved_profile import profile_path, save_profile
from addin.core import pipeline
from addin.core.assign import parse_assignment
from addin.core.canonical import LOOKUP_TABLES
from addin.core.convert_rows import MappedRow
from addin.core.errors import UsageError
from addin.core.lookups import LookupTable
from addin.core.options import MapOptions
from addin.core.pipeline import Prepared, prepare
from addin.core.plan import Plan
from addin.core.problems import Report
from addin.core.tally import Account
from addin.core.template import Template
from addin.core.units import SOURCE_SETTINGS
from addin.core.voice_plan import plan_lines
from addin.files.lookup import load_lookup
from addin.files.registry import find_template
from addin.files.source import OpenSource, open_source


def add_reading_options(parser: argparse.ArgumentParser, settings_help: str) -> None:
    """The options that say how the source is read: settings, lookup tables, profile, date
    order (map, check and review read a file alike)."""
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        dest="settings", help=settings_help)
    parser.add_argument("--lookup", action="append", default=[], metavar="TABLE=FILE.csv",
                        dest="lookups", help="a table of people, clients or matters that"
                        " fills fields the source lacks (see README); repeatable")
    parser.add_argument("--profile", metavar="ID",
                        help="read the source with this profile instead of the best match")
    parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                        dest="assign", help="read the source column COLUMN as the field"
                        " FIELD (see 'importmap fields'); COLUMN= leaves it out; repeatable")
    parser.add_argument("--split", metavar="COLUMN=FIELDS",
                        help="split a column of voice lines ('0.1 \u2014 email to client \u2014"
                        " Jones file') into fields, e.g. \"Entry=duration,description,matter\""
                        " (same as --set split=...)")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--dayfirst", dest="date_order", action="store_const", const="DMY",
                       help="dates like 03/04/2026 are 3 April (only used where the file"
                       " cannot tell)")
    order.add_argument("--monthfirst", dest="date_order", action="store_const", const="MDY",
                       help="dates like 03/04/2026 are 4 March (only used where the file"
                       " cannot tell)")


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
        if settings.get(key, value) != value:
            raise UsageError(f"--set {key}: given twice ({settings[key]!r}, {value!r}); keep one")
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
    if getattr(args, "split", None):
        args.settings.append(f"split={args.split}")
    options = MapOptions(settings=parse_settings(args.settings, template),
                         lookups=parse_lookups(args.lookups),
                         profile=args.profile, date_order=args.date_order,
                         assign=tuple(parse_assignment(a) for a in args.assign))
    wanted = getattr(args, "save_profile", None)
    saved = profile_path(wanted, args.overwrite) if wanted is not None else None
    source = open_source(args.input, args.sheet)
    plan = plan_source(template, source, options)
    if saved is not None:
        save_profile(saved, plan)
    print(f"note: {args.input.name}: {source.source.describe()}, header on row"
          f" {source.header_row}; {plan.choice.explanation}", file=sys.stderr)
    if plan.split is not None:
        print(f"note: {plan.split.note(options.channel)}", file=sys.stderr)
    prepared = prepare_source(plan, source, progress)
    for note in prepared.decisions.notes:
        print(f"note: {note}", file=sys.stderr)
    return template, prepared, source


def plan_source(template: Template, source: OpenSource, options: MapOptions) -> Plan:
    """The plan of the file's header, a column of voice lines split (see `plan_lines`)."""
    return plan_lines(template, source.header, options, source.data_cells(), source.header_row,
                      getattr(source.source, "delimiter", None))


def prepare_source(plan: Plan, source: OpenSource, progress: Progress | None = None
                   ) -> Prepared:
    """The column decisions, from every row read once."""
    cells: Iterable[Sequence[object]] = source.data_cells()
    if plan.split is not None:
        cells = map(plan.split.cells, cells)
    return prepare(plan, progress.count(cells, "reading") if progress else cells)


def source_rows(plan: Plan, source: OpenSource, report: Report | None
                ) -> Iterable[tuple[int, Sequence[object]]]:
    """The data rows read again, cell problems reported to `report`; voice lines split."""
    split = plan.split
    rows: Iterable[tuple[int, Sequence[object]]] = source.data_rows(
        report, plan.read_columns() | ({split.index} if split else set()))
    if split is not None:
        rows = split.rows(rows, report if report is not None else Report())
    return rows


def mapped_rows(prepared: Prepared, source: OpenSource, report: Report,
                progress: Progress | None = None, watch: pipeline.Watch | None = None
                ) -> tuple[Account, Iterator[MappedRow]]:
    """The engine's output rows, read from the file a second time."""
    rows = source_rows(prepared.plan, source, report)
    if progress is not None:
        rows = progress.count(rows, "mapping")
    return pipeline.run(prepared, rows, report, watch)
