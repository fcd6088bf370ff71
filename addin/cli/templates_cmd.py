"""`importmap templates`: list built-in and user templates; `importmap fields`: the canonical
fields a source column can be assigned to (--map)."""

from __future__ import annotations

import argparse

from addin.cli.notices import print_warning
from addin.core.canonical import FIELDS
from addin.files.registry import ENV_VAR, list_templates


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("templates", help="list the templates",
                                 description=f"List built-in templates and user templates from"
                                 f" the folder named by ${ENV_VAR}, else the default user"
                                 " templates folder (see README).")
    parser.set_defaults(run=run)
    fields = commands.add_parser("fields", help="list the fields a column can be read as",
                                 description="List the canonical fields, which source profiles"
                                 " read columns as and --map assigns columns to.")
    fields.set_defaults(run=run_fields)


def run(args: argparse.Namespace) -> int:
    entries = list_templates(warn=print_warning)
    rows = [("ID", "NAME", "TARGET", "FROM")] + [
        (e.template.id, e.template.name, e.template.target, e.origin) for e in entries]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
    return 0


def run_fields(args: argparse.Namespace) -> int:
    width = max(len(name) for name in FIELDS)
    for name, (kind, meaning) in FIELDS.items():
        print(f"{name.ljust(width)}  {kind:8}  {meaning}")
    return 0
