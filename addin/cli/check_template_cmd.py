"""`importmap check-template TARGET.toml`: load a template and say what is left to do: its
TODO comments, columns nothing fills, settings a run may give. Exit 0 when nothing is left, 1
when something is, 2 when the template does not load."""

from __future__ import annotations

import argparse
from pathlib import Path

from addin.core.errors import TemplateError
from addin.core.template_todos import open_points
from addin.files.registry import find_template


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "check-template", help="say what a template still leaves to do",
        description="Load a target template and list what is left to settle: TODO comments,"
        " columns nothing fills, settings without a default. Exit 0 when complete, 1 when"
        " something is left, 2 when the template does not load.")
    parser.add_argument("template", metavar="TEMPLATE",
                        help="path to a .toml file, or a template id")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    template = find_template(args.template)
    path = Path(template.path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # loaded a moment ago: only a race gets here
        raise TemplateError(str(path), f"cannot read the file ({exc})") from None
    found = open_points(template, text)
    left = [*found.todos, *found.unfilled]
    if left:
        print(f"{path}: loads; {len(left)} left to do:")
        for where, what in left:
            print(f"  {where}: {what}")
    else:
        print(f"{path}: loads; every column is filled and nothing is marked TODO")
    if found.optional_settings:
        print("Settings without a default (give them with --set KEY=VALUE when a file needs"
              " them):")
        for key, description in found.optional_settings:
            print(f"  {key}" + (f": {description}" if description else ""))
    return 1 if left else 0
