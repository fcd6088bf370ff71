"""python -m addin.bench [ROWS ...]: how close `importmap map` comes to copying the file.

Prints, from one run: `map` of seeded CaseClock-style CSVs to each template against a plain
csv.reader-to-csv.writer copy (the floor); an .xlsx input against the fastest reader's bare
read; the click path's import time above xlwings; Excel calls per ribbon action by sheet size.
Every run is its own process; each figure is the best of --repeat runs by CPU time.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from addin.bench.excel_calls import calls_per_action
from addin.bench.measure import Run, best_of, child_env
from addin.bench.sample import write_csv, write_tables, write_xlsx
from addin.core.template import Template
from addin.files.registry import list_templates

TEMPLATES = "kimai-timesheet,harvest,ledes-1998b"
EXCEL_ROWS = "100,10000,100000"
IMPORT_PROBE = """
import sys, time
started = time.process_time(); import xlwings
middle = time.process_time(); import addin.excel.ribbon
done = time.process_time()
heavy = [m for m in ("openpyxl", "pandas", "numpy", "dateutil", "python_calamine")
         if m in sys.modules]
print(f"{(middle - started) * 1000:.1f} {(done - middle) * 1000:.1f} {','.join(heavy) or '-'}")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m addin.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", nargs="*", type=int, default=[100_000],
                        help="CSV sizes to map (default 100000)")
    parser.add_argument("--templates", default=TEMPLATES,
                        help=f"template ids to map to (default {TEMPLATES}); ids not installed"
                        " are skipped with a note")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (default 3)")
    parser.add_argument("--xlsx-rows", type=int, default=100_000,
                        help="rows of the .xlsx input (default 100000; 0 skips)")
    parser.add_argument("--excel-rows", default=EXCEL_ROWS,
                        help=f"sheet sizes for Excel calls per action (default {EXCEL_ROWS};"
                        " '' skips; 100000 takes minutes in the double)")
    parser.add_argument("--seed", type=int, default=2026, help="data seed (default 2026)")
    args = parser.parse_args(argv)
    print(machine())
    installed = {e.template.id: e.template for e in list_templates()}
    wanted = [t.strip() for t in args.templates.split(",") if t.strip()]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for rows in args.rows:
            csv_figures(work, rows, wanted, installed, args)
        if args.xlsx_rows:
            xlsx_figures(work, args)
    import_figures(args.repeat)
    sizes = [int(s) for s in args.excel_rows.split(",") if s.strip()]
    if sizes:
        excel_figures(sizes)
    return 0


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"machine: {' '.join(platform.uname())}\ncpu: {cpu}\n"
            f"python: {platform.python_version()} ({platform.python_implementation()})")


def map_args(source: Path, out: Path, template: Template, lookups: list[str]) -> list[str]:
    """`importmap map` with the firm's tables and an example value for each setting that has
    no default."""
    settings = [f"{key}={spec.example if spec.example is not None else 'bench'}"
                for key, spec in template.settings.items() if spec.default is None]
    # An importer that takes a limited number of rows a file gets numbered files, as a user would.
    split = ["--split-every", str(template.max_rows)] if template.max_rows else []
    return ["-m", "addin", "map", str(source), "-t", template.id, "-o", str(out),
            "--overwrite", *split, *lookups, *(a for s in settings for a in ("--set", s))]


def csv_figures(work: Path, rows: int, wanted: list[str], installed: dict[str, Template],
                args: argparse.Namespace) -> None:
    source = work / f"caseclock-{rows}.csv"
    write_csv(source, rows, args.seed)
    lookups = write_tables(work, rows)
    size = source.stat().st_size / 1e6
    print(f"\nCSV input, {rows:,} rows ({size:.0f} MB); best of {args.repeat} by CPU time")
    floor = best_of(args.repeat, "-m", "addin.bench.floors", "copy", str(source),
                    str(work / "copy.csv"))
    header()
    line("copy (csv.reader -> csv.writer)", floor, floor, rows)
    for template_id in wanted:
        if template_id not in installed:
            print(f"  {'map -t ' + template_id:<32} not installed: skipped")
            continue
        run = best_of(args.repeat, *map_args(source, work / "out.csv", installed[template_id],
                                             lookups))
        line(f"map -t {template_id}", run, floor, rows)


def xlsx_figures(work: Path, args: argparse.Namespace) -> None:
    rows = args.xlsx_rows
    source = work / f"caseclock-{rows}.xlsx"
    write_xlsx(source, rows, args.seed)
    print(f"\n.xlsx input, {rows:,} rows ({source.stat().st_size / 1e6:.0f} MB);"
          f" best of {args.repeat} by CPU time")
    header()
    readers = ["calamine", "openpyxl"]
    floors = {r: best_of(1 if r == "openpyxl" else args.repeat, "-m", "addin.bench.floors",
                         "read-xlsx", r, str(source)) for r in readers}
    usable = {r: run for r, run in floors.items() if run.exit_code == 0}
    if not usable:
        print("  no .xlsx reader could run")
        return
    fastest = min(usable.values(), key=lambda r: r.cpu)
    for reader, run in floors.items():
        line(f"bare read, {reader}", run, fastest, rows)
    template = {e.template.id: e.template for e in list_templates()}["kimai-timesheet"]
    line("map -t kimai-timesheet", best_of(args.repeat, *map_args(
        source, work / "out.csv", template, write_tables(work, rows))), fastest, rows)


def header() -> None:
    print(f"  {'':<32} {'wall s':>7} {'CPU s':>7} {'x floor':>8} {'rows/s':>10} {'peak MB':>8}")


def line(what: str, run: Run, floor: Run, rows: int) -> None:
    if run.exit_code != 0:
        lines = [t for t in run.stderr.splitlines() if t.strip()]
        why = next((t for t in lines if "error" in t), lines[-1] if lines else "")
        print(f"  {what:<32} failed (exit {run.exit_code}): {why[:120]}")
        return
    print(f"  {what:<32} {run.wall:7.2f} {run.cpu:7.2f} {run.ratio(floor):7.2f}x"
          f" {rows / run.cpu:10,.0f} {run.peak_mb:8.1f}")


def import_figures(repeat: int) -> None:
    probes: list[tuple[float, float, str]] = []  # (ribbon ms, xlwings ms, heavy modules)
    for _ in range(max(repeat, 5) + 1):  # the first run writes the bytecode caches
        done = subprocess.run([sys.executable, "-c", IMPORT_PROBE], capture_output=True,
                              text=True, check=False, env=child_env())
        if done.returncode != 0:
            print(f"\nclick path: the import failed: {done.stderr.strip().splitlines()[-1:]}")
            return
        xlwings_text, ribbon_text, loaded = done.stdout.split()
        probes.append((float(ribbon_text), float(xlwings_text), loaded))
    ribbon_ms, xlwings_ms, heavy = min(probes[1:])
    print(f"\nclick path (CPU time, best of {len(probes) - 1} fresh processes): import xlwings"
          f" {xlwings_ms:.0f} ms; import addin.excel.ribbon on top {ribbon_ms:.0f} ms;"
          f" heavy modules loaded: {heavy}")


def excel_figures(sizes: list[int]) -> None:
    counted = calls_per_action(sizes)
    print("\nExcel calls per ribbon action (engine double)")
    if isinstance(counted, str):
        print(f"  {counted}")
        return
    actions = list(next(iter(counted.values())))
    print(f"  {'rows':>9} " + " ".join(f"{a:>16}" for a in actions))
    for rows, calls in counted.items():
        print(f"  {rows:>9,} " + " ".join(f"{calls[a]:>16}" for a in actions))


if __name__ == "__main__":
    raise SystemExit(main())
