"""`importmap new-template SAMPLE -o TARGET.toml`: a target template drafted from a billing
system's own import template (its header row and any example rows), every guess commented and
every open point a TODO (`importmap check-template` lists them)."""

from __future__ import annotations

import argparse
import sys
import tomllib
from contextlib import closing
from itertools import islice
from pathlib import Path

from addin.convert.text import counted
from addin.core.draft_toml import draft_text
from addin.core.errors import InputError, UsageError
from addin.core.template_draft import DraftColumn, draft_columns, draft_head, template_id
from addin.core.template_loading import parse_template
from addin.core.template_todos import open_points
from addin.files.registry import list_templates
from addin.files.sample_dialect import sample_dialect
from addin.files.sample_source import open_sample, sample_text

# Example rows looked at: enough to see a column's shape, few enough for any sample.
EXAMPLE_ROWS = 200


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "new-template", help="draft a target template from a system's import template",
        description="Read a billing system's published import template (a CSV or .xlsx with"
        " its header row and any example rows) and write a target template: each column's"
        " source from the known header spellings, its format from the examples, the CSV"
        " dialect from the file. Guesses are commented; what could not be inferred is marked"
        " TODO (importmap check-template lists them).")
    parser.add_argument("sample", metavar="SAMPLE", type=Path,
                        help="the system's import template (.csv or .xlsx)")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="TARGET.toml",
                        help="the template file to write")
    parser.add_argument("--sheet", help="the worksheet of an .xlsx sample")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.exists() and not args.force:
        raise UsageError(f"{output}: exists already; choose another name, or give --force to"
                         " replace it")
    opened = open_sample(args.sample, args.sheet)
    header = [str(h) for h in opened.header]
    with closing(opened.data_rows()) as data:  # closing releases a workbook at once
        rows = [[sample_text(c) for c in cells] for _, cells in islice(data, EXAMPLE_ROWS)]
    # Columns after the last title that hold nothing: the trailing separators a spreadsheet
    # writes, not columns of the importer.
    width = len(header)
    while width and not header[width - 1].strip() and not any(
            width - 1 < len(r) and r[width - 1].strip() for r in rows):
        width -= 1
    if width < len(header):
        which = (f"column {width + 1} after the last title has" if width + 1 == len(header)
                 else f"columns {width + 1} to {len(header)} after the last title have")
        print(f"note: {args.sample.name}: {which} no name and no value, so"
              f" {'it is' if width + 1 == len(header) else 'they are'} left out",
              file=sys.stderr)
        header, rows = header[:width], [r[:width] for r in rows]
    unnamed = next((i for i, h in enumerate(header) if not h.strip()), None)
    if unnamed is not None:
        raise InputError(f"{args.sample}: column {unnamed + 1} of the header (row"
                         f" {opened.header_row}) has no name; a target's columns need one, so"
                         " name it (or delete the column) and try again")
    columns = draft_columns(header, rows)
    dialect = sample_dialect(args.sample, opened)
    name = args.sample.name
    wanted = template_id(output.stem)
    chosen = template_id(output.stem, {e.template.id for e in list_templates()})
    head = draft_head(chosen, output.stem, name, "importmap new-template")
    notes = [f"id: {wanted!r} is another template's id, which a user template would replace;"
             f" this one is {chosen!r}"] if chosen != wanted else []
    notes += [f"drafted from {name} ({len(header)} columns, {counted(len(rows), 'example row')}):"
             " lines marked 'guess' were inferred, lines marked 'TODO' are left to you;"
             f" importmap check-template {output.name} lists them"]
    text = draft_text(head, notes, dialect.keys, dialect.notes, dialect.todos, columns)
    # What is written must load: checked before anything is written.
    template = parse_template(tomllib.loads(text), str(output))
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the template ({exc.strerror})") from None
    left = open_points(template, text)
    print(f"{name}: {len(header)} columns, {counted(len(rows), 'example row')}")
    width = max(len(c.name) for c in columns)
    for column in columns:
        print(f"  {column.name:<{width}}  {_reads(column)}")
    todo_count = len(left.todos) + len(left.unfilled)
    print(f"wrote {output}; " + ("nothing is left to settle" if not todo_count else
          f"{todo_count} left to settle: importmap check-template {output}"))
    return 0


def _reads(column: DraftColumn) -> str:
    keys = column.keys
    if "source" in keys:
        source = keys["source"]
        text = "<- " + (" / ".join(source) if isinstance(source, list) else str(source))
    elif "derive" in keys:
        text = f"<- {keys['derive']} (derived)"
    else:
        text = f"<- --set {keys['setting']} (TODO)"
    shape = [str(keys[k]) for k in ("type", "format", "unit") if k in keys]
    if "true" in keys:
        shape.append(f"{keys['true']}/{keys['false']}")
    return text + (f" ({', '.join(shape)})" if shape else "")
