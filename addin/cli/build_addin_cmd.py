"""`importmap build-addin`: build ImportMapper.xlam from the VBA text in vba/."""

from __future__ import annotations

import argparse
from pathlib import Path

from addin.files.registry import builtin_templates

DEFAULT_NAME = "ImportMapper.xlam"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "build-addin", help="build the Excel add-in (.xlam)",
        description="Build ImportMapper.xlam from the ribbon XML and VBA text shipped with this"
        " package and the installed xlwings. Its Target list holds the built-in templates, and"
        " lists the user templates folder's at each click (no rebuild after adding one).")
    parser.add_argument("-o", "--output", type=Path, default=Path(DEFAULT_NAME), metavar="PATH",
                        help=f"where to write the add-in (default: ./{DEFAULT_NAME})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from addin.excel.build_addin import build_addin

    templates = [(t.id, t.name) for t in builtin_templates()]
    path = build_addin(args.output, templates)
    print(f"wrote {path} ({len(templates)} built-in templates in the ribbon, and the user's"
          " listed at each click)")
    return 0
