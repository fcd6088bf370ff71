"""`importmap build-addin`: build ImportMapper.xlam from the VBA text in vba/."""

from __future__ import annotations

import argparse
from pathlib import Path

from addin.files.registry import list_templates

DEFAULT_NAME = "ImportMapper.xlam"


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "build-addin", help="build the Excel add-in (.xlam)",
        description="Build ImportMapper.xlam from the ribbon XML and VBA text shipped with this"
        " package and the installed xlwings. Its template list holds the built-in templates and"
        " those in $IMPORTMAP_TEMPLATES at build time.")
    parser.add_argument("-o", "--output", type=Path, default=Path(DEFAULT_NAME), metavar="PATH",
                        help=f"where to write the add-in (default: ./{DEFAULT_NAME})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from addin.excel.build_addin import build_addin

    templates = [(e.template.id, e.template.name) for e in list_templates()]
    path = build_addin(args.output, templates)
    print(f"wrote {path} ({len(templates)} templates in the ribbon)")
    return 0
