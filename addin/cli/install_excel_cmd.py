"""`importmap install-excel`: build the add-in, install it and point it at this Python."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from addin.excel.install_excel import (
    InstallError,
    check_interpreter,
    conf_bytes,
    install,
    plan_install,
    this_platform,
)

HOME_ENV = "IMPORTMAP_HOME"  # the home folder to install into, instead of the user's own


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "install-excel", help="install the Excel add-in for this Python environment",
        description="Run from the environment that will serve Excel. Builds ImportMapper.xlam,"
        " copies it into Excel's startup folder (as 'xlwings addin install' does), writes the"
        " user config file that tells the add-in which Python to run (this one), and checks"
        " that this Python imports this package. Close Excel first.")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would be done and the config it would write; change"
                        " nothing")
    parser.add_argument("--home", type=Path, default=None, metavar="FOLDER",
                        help=f"the home folder to install into (default: ${HOME_ENV}, else"
                        " yours)")
    parser.add_argument("--platform", choices=("windows", "mac"), default=None,
                        help="the Excel to install for (default: this machine's)")
    parser.add_argument("--python", type=Path, default=None, metavar="PATH",
                        help="the interpreter Excel should run (default: this one)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    platform = args.platform or this_platform()
    note = ""
    if platform is None:
        if not args.dry_run:
            raise InstallError("Excel runs on Windows and Mac, not on this system; run"
                               " install-excel there, or give --platform windows|mac (with"
                               " --home) to prepare the files for one")
        platform, note = "windows", ("this system runs no Excel; showing what would be done on"
                                     " Windows (--platform mac for a Mac)")
    given = args.home or os.environ.get(HOME_ENV)
    home = Path(given) if given else Path.home()
    # Excel's own XLSTART follows %APPDATA%, which a roaming profile may put elsewhere.
    appdata = os.environ.get("APPDATA") if not given and platform == "windows" else None
    python = args.python or Path(sys.executable)
    plan = plan_install(home.absolute(), platform, python.absolute(),
                        Path(appdata) if appdata else None)
    if note:
        print(f"note: {note}")
    print("would:" if args.dry_run else "installing:")
    for line in plan.steps():
        print(f"  {line}")
    if args.dry_run:
        conf_bytes(plan)  # the same refusal a real run would give
        print("nothing changed (dry run)")
        return 0
    install(plan)
    print(f"installed {plan.addin}")
    print(f"wrote {plan.conf}")
    if platform != this_platform():
        print(f"check skipped: this machine is not the {platform} that will run Excel")
        return 0
    ok, found = check_interpreter(plan.interpreter)
    print(f"check: {'ok' if ok else 'FAILED'}: {found}")
    if not ok:
        print("The add-in would not find this package: run install-excel with the Python of"
              " the environment where Import Mapper is installed.", file=sys.stderr)
        return 1
    print("Start Excel: the Import Mapper tab appears.")
    return 0
