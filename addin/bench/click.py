"""The click path as the add-in's environment has it: what `pip install .` installs, nothing else.

A ribbon button starts Python anew, so its cost is importing xlwings and the ribbon module.
xlwings 0.37.8 imports polars, pandas and numpy on `import xlwings` when they are installed
(each adds about 100 ms), so a developer's environment with one of them would overstate the
click. The probe runs in this interpreter with every installed distribution outside the
project's runtime requirements hidden from imports, as in the environment README installs.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import subprocess
import sys
from dataclasses import dataclass

from addin.bench.measure import child_env

PROJECT = "import-mapper"
HEAVY = ("polars", "pandas", "numpy", "openpyxl", "dateutil", "python_calamine")
PROBE = """
import sys, time
hidden = set(sys.argv[1].split(","))
class Hidden:  # a plain finder: importlib.abc would load modules xlwings's import should pay for
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in hidden:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Hidden())
started = time.process_time(); import xlwings
middle = time.process_time(); import addin.excel.ribbon
done = time.process_time()
heavy = [m for m in sys.argv[2].split(",") if m in sys.modules]
print(f"{(middle - started) * 1000:.1f} {(done - middle) * 1000:.1f} {','.join(heavy) or '-'}")
"""


@dataclass(frozen=True)
class Click:
    xlwings_ms: float  # CPU time of a bare `import xlwings`
    ribbon_ms: float  # CPU time of `import addin.excel.ribbon` on top of it
    heavy: str  # heavy modules loaded by the two imports, or '-'
    hidden: int  # installed distributions hidden as outside the add-in's environment


def _name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    return _canonical(match.group(0) if match else requirement)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(project: str = PROJECT) -> set[str]:
    """The distributions `pip install project` installs: its requirements without extras, and
    theirs (every platform's: one not installed here hides nothing)."""
    seen: set[str] = set()
    todo = [_canonical(project)]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo.extend(_name(r) for r in requires if "extra ==" not in r)
    return seen


def hidden_modules() -> tuple[list[str], int]:
    """Top-level modules of installed distributions outside the add-in's environment."""
    keep = runtime_closure() | {"pip", "setuptools"}  # what `python -m venv` brings
    hidden: set[str] = set()
    outside: set[str] = set()
    for module, owners in metadata.packages_distributions().items():
        if module == "addin" or any(_canonical(o) in keep for o in owners):
            continue
        hidden.add(module)
        outside.update(_canonical(o) for o in owners)
    return sorted(hidden), len(outside)


def measure_click(repeat: int = 5) -> Click | str:
    """The best of `repeat` fresh processes by CPU time (after one that writes the bytecode
    caches, as an install does), or why the imports failed."""
    modules, outside = hidden_modules()
    probes: list[Click] = []
    for _ in range(repeat + 1):
        done = subprocess.run([sys.executable, "-c", PROBE, ",".join(modules), ",".join(HEAVY)],
                              capture_output=True, text=True, check=False, env=child_env())
        if done.returncode != 0:
            return f"the import failed: {done.stderr.strip().splitlines()[-1:]}"
        xlwings_text, ribbon_text, loaded = done.stdout.split()
        probes.append(Click(float(xlwings_text), float(ribbon_text), loaded, outside))
    return min(probes[1:], key=lambda c: c.ribbon_ms)
