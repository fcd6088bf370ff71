"""`importmap`: the command-line shell. Parses arguments, runs one command, picks the exit code.

Exit codes: 0 done (warnings allowed), 1 errors found in the data, 2 usage error, unreadable
input or bad template. Expected failures print one line; nothing prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from addin import __version__
from addin.cli import (
    build_addin_cmd,
    check_template_cmd,
    install_excel_cmd,
    map_cmd,
    new_template_cmd,
    review_cmd,
    show_cmd,
    templates_cmd,
)
from addin.core.errors import ImportMapperError

COMMANDS = (templates_cmd, show_cmd, map_cmd, review_cmd, build_addin_cmd, install_excel_cmd,
            new_template_cmd, check_template_cmd)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="importmap", description="Map time-entry spreadsheets to the exact CSV"
                    " a billing or practice-management system imports.")
    parser.add_argument("--version", action="version", version=f"importmap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except ImportMapperError as exc:
        print(f"importmap: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("importmap: interrupted; no file was left half-written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`importmap show X | head -1`): stop quietly, as Unix tools do,
        # and let nothing be written to the closed pipe on the way out.
        _silence_stdout()
        return 128 + 13  # as a shell reports a process ended by SIGPIPE


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no real file (tests, embedding): nothing to do
        pass
