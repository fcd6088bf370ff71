"""Install the Excel add-in for the Python environment this runs in (`importmap install-excel`).

What a user would otherwise do by hand, each step the way xlwings' own tools do it:

1. build ``ImportMapper.xlam`` (``addin.excel.build_addin``);
2. copy it into Excel's startup folder, a trusted location, as ``xlwings addin install`` does
   (Windows ``%APPDATA%\\Microsoft\\Excel\\XLSTART``; Mac ``~/Library/Group Containers/
   UBF8T346G9.Office/User Content.localized/Startup.localized/Excel``). The folder is computed
   from the home folder, not asked of a running Excel, so no Excel needs to be open;
3. on a Mac, copy xlwings' AppleScript as ``xlwings runpython install`` does;
4. write the interpreter line of the user config file that xlwings' ``GetConfig`` reads
   (Windows ``%USERPROFILE%\\.importmapper\\importmapper.conf``, Mac
   ``~/Library/Containers/com.microsoft.Excel/Data/importmapper.conf``): exactly that name, no
   ``.txt``, one ``"KEY","value"`` line, in the code page VBA's ``Input #`` reads (Windows-1252,
   no BOM, CRLF); other lines of an existing file are kept;
5. check that this interpreter imports this package and the xlwings the add-in was built with.

The plan is computed first (``plan_install``) so ``--dry-run`` prints exactly what would happen.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from addin.core.errors import ImportMapperError

__all__ = ["ADDIN_NAME", "InstallError", "InstallPlan", "check_interpreter", "conf_text",
           "install", "plan_install"]

Platform = Literal["windows", "mac"]
ADDIN_NAME = "ImportMapper.xlam"
PROJECT = "importmapper"  # xlwings' PROJECT_NAME in the add-in: names the config file
_WINDOWS_STARTUP = ("AppData", "Roaming", "Microsoft", "Excel", "XLSTART")
_MAC_STARTUP = ("Library", "Group Containers", "UBF8T346G9.Office", "User Content.localized",
                "Startup.localized", "Excel")
_MAC_CONF = ("Library", "Containers", "com.microsoft.Excel", "Data")
_MAC_SCRIPTS = ("Library", "Application Scripts", "com.microsoft.Excel")
# What VBA's Input # reads the file as: the Windows ANSI code page of a Western install. On a
# Mac only ASCII is certain to read back the same, so nothing else is written there.
_CONF_ENCODING = {"windows": "cp1252", "mac": "ascii"}


class InstallError(ImportMapperError):
    """The add-in cannot be installed as asked; the message says what to do."""


@dataclass(frozen=True)
class InstallPlan:
    platform: Platform
    interpreter: Path  # what Excel will run
    addin: Path  # where the add-in goes
    conf: Path  # the user config file
    conf_key: str  # INTERPRETER_WIN or INTERPRETER_MAC
    applescript: tuple[Path, Path] | None = None  # (xlwings' file, where it goes), Mac only
    note: str = ""  # why the interpreter is not the one asked for, if it is not

    def steps(self) -> list[str]:
        lines = [f"build {ADDIN_NAME} from this package and xlwings {_xlwings_version()}",
                 f"copy it to Excel's startup folder: {self.addin}"]
        if self.applescript:
            lines.append(f"copy xlwings' {self.applescript[0].name} to"
                         f" {self.applescript[1].parent} (as 'xlwings runpython install' does)")
        lines.append(f"write {self.conf} ({_CONF_ENCODING[self.platform]}, other lines kept):")
        lines.append("    " + conf_line(self.conf_key, self.interpreter).rstrip("\r\n"))
        lines.append(f"your own templates (.toml) go in {self.templates}; the Target list"
                     " shows them at each click, no reinstall needed")
        if self.note:
            lines.append(f"note: {self.note}")
        return lines

    @property
    def templates(self) -> Path:
        """The default user templates folder, beside the conf file (addin/files/registry.py)."""
        from addin.files.registry import MAC_DEFAULT, WINDOWS_DEFAULT

        return self.conf.parent / (WINDOWS_DEFAULT if self.platform == "windows"
                                   else MAC_DEFAULT)[-1]


def plan_install(home: Path, platform: Platform, executable: Path,
                 appdata: Path | None = None) -> InstallPlan:
    """Where everything goes for the user whose home folder is ``home``; on Windows
    ``appdata`` is the user's %APPDATA% when it is not the AppData/Roaming of ``home``."""
    executable = Path(executable)
    if platform == "windows":
        interpreter, note = _windowless(executable)
        startup = (appdata / _WINDOWS_STARTUP[-3] / _WINDOWS_STARTUP[-2] / _WINDOWS_STARTUP[-1]
                   if appdata else home.joinpath(*_WINDOWS_STARTUP))
        return InstallPlan(platform, interpreter, startup / ADDIN_NAME,
                           home / f".{PROJECT}" / f"{PROJECT}.conf", "INTERPRETER_WIN", None,
                           note)
    script = f"xlwings-{_xlwings_version()}.applescript"
    return InstallPlan(platform, executable, home.joinpath(*_MAC_STARTUP, ADDIN_NAME),
                       home.joinpath(*_MAC_CONF, f"{PROJECT}.conf"), "INTERPRETER_MAC",
                       (_xlwings_dir() / script, home.joinpath(*_MAC_SCRIPTS, script)))


def _windowless(executable: Path) -> tuple[Path, str]:
    """pythonw.exe beside python.exe: Excel then starts Python without a console window."""
    windowless = executable.with_name("pythonw.exe")
    if windowless.is_file():
        return windowless, ""
    return executable, (f"{windowless} does not exist, so Excel will run {executable.name}"
                        " (a console window may flash on each click)")


def conf_line(key: str, interpreter: Path) -> str:
    return f'"{key}","{interpreter}"\r\n'


def conf_text(plan: InstallPlan, existing: str = "") -> str:
    """The config file's new text: ``existing`` without its interpreter line, plus ours."""
    ours = re.compile(rf'\s*"?{plan.conf_key}"?\s*,', re.IGNORECASE)
    kept = [line for line in existing.splitlines() if line.strip() and not ours.match(line)]
    return "".join(f"{line}\r\n" for line in kept) + conf_line(plan.conf_key, plan.interpreter)


def conf_bytes(plan: InstallPlan) -> bytes:
    """The config file as VBA reads it; InstallError when the path has a character it cannot
    hold (VBA would read another path and the add-in would not find Python)."""
    encoding = _CONF_ENCODING[plan.platform]
    existing = ""
    if plan.conf.is_file():
        existing = plan.conf.read_bytes().decode(encoding, errors="replace")
    text = conf_text(plan, existing)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise InstallError(
            f"the interpreter's path {str(plan.interpreter)!r} holds {exc.object[exc.start]!r},"
            f" which Excel's VBA cannot read from {plan.conf.name} ({encoding}); create the"
            " environment in a folder whose path has only plain letters (e.g. C:\\importmapper)"
            " and run install-excel from there") from None


def install(plan: InstallPlan, build: bool = True) -> None:
    """Carry out the plan. The add-in is built next to its destination and renamed into place,
    so a failure leaves the previous add-in (if any) as it was."""
    conf = conf_bytes(plan)  # refuses before anything is written
    plan.addin.parent.mkdir(parents=True, exist_ok=True)
    if build:
        from addin.excel.build_addin import build_addin
        from addin.files.registry import builtin_templates

        templates = [(t.id, t.name) for t in builtin_templates()]
        build_addin(plan.addin, templates)
    if plan.applescript:
        source, target = plan.applescript
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    plan.conf.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(plan.conf, conf)


def _write_atomically(path: Path, data: bytes) -> None:
    handle, scratch = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(scratch, 0o644)
        os.replace(scratch, path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def check_interpreter(executable: Path) -> tuple[bool, str]:
    """Whether ``executable`` imports this very package and xlwings version, run from outside
    any project folder as Excel runs it; (ok, what was found)."""
    probe = ("import sys, os; sys.path = list(filter(os.getcwd().__ne__, filter(None, sys.path)));"
             " import addin, xlwings; print(os.path.dirname(addin.__file__)); "
             "print(xlwings.__version__)")
    try:
        result = subprocess.run([str(executable), "-c", probe], capture_output=True, text=True,
                                timeout=120, cwd=tempfile.gettempdir(), check=False)
    except OSError as exc:
        return False, f"{executable} cannot be run: {exc.strerror}"
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        return False, f"{executable} cannot import the add-in's package: {last}"
    found, version = (result.stdout.strip().splitlines() + ["", ""])[:2]
    ours = str(Path(__file__).resolve().parents[1])
    if Path(found).resolve() != Path(ours) or version != _xlwings_version():
        return False, (f"{executable} imports addin from {found} with xlwings {version}, not"
                       f" this package ({ours}) with xlwings {_xlwings_version()}")
    return True, f"{executable} imports addin from {found} and xlwings {version}"


def this_platform() -> Platform | None:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "mac"
    return None


def _xlwings_dir() -> Path:
    import xlwings

    return Path(xlwings.__file__).parent


def _xlwings_version() -> str:
    import xlwings

    return str(xlwings.__version__)
