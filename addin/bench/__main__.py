"""python -m addin.bench [ROWS ...]: how close `importmap map` comes to copying the file.

Prints, from one interleaved run (each map run between two runs of its floor, so drift on a
shared machine hits both): `map` of seeded CaseClock-style CSVs to each template against a plain
csv.reader-to-csv.writer copy (the floor), with a hand-written polars or pandas script doing the
kimai-timesheet mapping beside it where one is installed; an .xlsx input against python-calamine's
bare read; the click path's import time above xlwings in the add-in's own environment; Excel calls
per ribbon action by sheet size. Each figure is printed beside its target, met or missed.
Every run is its own process; each ratio is the best of --repeat rounds by CPU time.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import tempfile
from pathlib import Path

from addin.bench import targets
from addin.bench.click import measure_click
from addin.bench.dataframe import LIBRARIES
from addin.bench.excel_calls import calls_per_action
from addin.bench.interleave import Measured, Step, interleaved
from addin.bench.measure import Run
from addin.bench.sample import write_csv, write_tables, write_xlsx
from addin.core.template import Template
from addin.files.registry import list_templates

ROWS = [targets.HUNDRED_K, targets.MILLION]
TEMPLATES = "kimai-timesheet,harvest,ledes-1998b"
EXCEL_ROWS = "100,10000,100000"
WIDTH = 44
BYTES_PER_ROW = 250  # more than an output row of the sample takes: files under a byte limit


class Tally:
    """Targets met and missed over the run, for the closing line."""

    def __init__(self) -> None:
        self.met = 0
        self.missed = 0

    def judge(self, target: targets.Target | None, value: float) -> str:
        if target is None:
            return ""
        verdict = target.verdict(value)
        if verdict == "met":
            self.met += 1
        else:
            self.missed += 1
        return f"{target.text()} {verdict}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m addin.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", nargs="*", type=int, default=ROWS,
                        help="CSV sizes to map (default 100000 1000000); a size over 100,000"
                        " maps only the templates with a target there (kimai-timesheet at"
                        " 1,000,000) unless --every-size")
    parser.add_argument("--templates", default=TEMPLATES,
                        help=f"template ids to map to, or 'all' for every built-in template"
                        f" (default {TEMPLATES}); ids not installed are skipped with a note")
    parser.add_argument("--every-size", action="store_true",
                        help="map every chosen template at every size")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--xlsx-rows", type=int, default=targets.HUNDRED_K,
                        help="rows of the .xlsx input (default 100000; 0 skips)")
    parser.add_argument("--excel-rows", default=EXCEL_ROWS,
                        help=f"sheet sizes for Excel calls per action (default {EXCEL_ROWS};"
                        " '' skips; 100000 takes minutes in the double)")
    parser.add_argument("--seed", type=int, default=2026, help="data seed (default 2026)")
    args = parser.parse_args(argv)
    print(machine())
    installed = {e.template.id: e.template for e in list_templates()}
    wanted = wanted_templates(args.templates)
    tally = Tally()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for rows in args.rows:
            chosen = mapped_at(rows, wanted, args.every_size)
            csv_figures(work, rows, chosen, installed, args, tally)
            if len(chosen) < len(wanted):
                print(f"  ({len(wanted) - len(chosen)} other templates not mapped at this size:"
                      " their targets are set at a smaller one; --every-size maps them too)")
        if args.xlsx_rows:
            xlsx_figures(work, installed, args, tally)
    click_figures(tally)
    sizes = [int(s) for s in args.excel_rows.split(",") if s.strip()]
    if sizes:
        excel_figures(sizes)
    print(f"\ntargets: {tally.met} met, {tally.missed} missed")
    return 0


def wanted_templates(spec: str) -> list[str]:
    """Template ids from --templates: a comma-separated list, or 'all' built-in ones."""
    if spec.strip() == "all":
        return [e.template.id for e in list_templates() if e.origin == "built-in"]
    return [t.strip() for t in spec.split(",") if t.strip()]


def mapped_at(rows: int, wanted: list[str], every_size: bool = False) -> list[str]:
    """The templates mapped at a size: each up to the size its target is set at (100,000 rows;
    kimai-timesheet a million: a million rows to each template would take an hour), unless
    every size is asked."""
    return [t for t in wanted if every_size or rows <= targets.target_size(t)]


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


def map_args(source: Path, out: Path, template: Template, lookups: list[str]) -> tuple[str, ...]:
    """`importmap map` with the firm's tables and an example value for each setting that has
    no default."""
    # A setting that only overrides what a column derives (LEDES' billing period: the entries'
    # first and last dates) is left to the data, as a user would.
    overrides = {c.override for c in template.columns} - {
        key for c in template.columns for key in (c.setting, c.format_setting)}
    settings = [f"{key}={spec.example if spec.example is not None else 'bench'}"
                for key, spec in template.settings.items()
                if spec.default is None and key not in overrides]
    # An importer that takes a limited number of rows or bytes a file gets numbered files, as a
    # user would.
    rows = template.max_rows or (template.max_bytes // BYTES_PER_ROW if template.max_bytes else 0)
    split = ["--split-every", str(rows)] if rows else []
    return ("-m", "addin", "map", str(source), "-t", template.id, "-o", str(out),
            "--overwrite", *split, *lookups, *(a for s in settings for a in ("--set", s)))


def dataframe_steps(work: Path, source: Path) -> tuple[list[Step], list[str]]:
    """The hand-written kimai-timesheet scripts that can run here, and notes for those that
    cannot."""
    steps, notes = [], []
    for library in LIBRARIES:
        label = f"{library} script (no checks)"
        if importlib.util.find_spec(library) is None:
            notes.append(f"  {label:<{WIDTH}} {library} is not installed: skipped")
            continue
        steps.append(Step(label, ("-m", "addin.bench.dataframe", library, str(source),
                                  str(work / "people.csv"), str(work / f"{library}.csv"))))
    return steps, notes


def csv_figures(work: Path, rows: int, chosen: list[str], installed: dict[str, Template],
                args: argparse.Namespace, tally: Tally) -> None:
    source = work / f"caseclock-{rows}.csv"
    write_csv(source, rows, args.seed)
    lookups = write_tables(work, rows)
    print(f"\nCSV input, {rows:,} rows ({source.stat().st_size / 1e6:.0f} MB);"
          f" interleaved with the copy, best of {args.repeat} by CPU time")
    steps: list[Step] = []
    notes: list[str] = []
    for template_id in chosen:
        if template_id not in installed:
            notes.append(f"  {'map -t ' + template_id:<{WIDTH}} not installed: skipped")
            continue
        steps.append(Step(f"map -t {template_id}", map_args(
            source, work / "out.csv", installed[template_id], lookups)))
        if template_id == "kimai-timesheet":
            extra, skipped = dataframe_steps(work, source)
            steps += extra
            notes += skipped
    floor, measured = interleaved(("-m", "addin.bench.floors", "copy", str(source),
                                   str(work / "copy.csv")), steps, args.repeat)
    header()
    line("copy (csv.reader -> csv.writer)", floor, 1.0, rows)
    for result in measured:
        template_id = result.step.label.removeprefix("map -t ")
        ratio_target = memory_target = None
        if result.step.label.startswith("map -t "):
            ratio_target = targets.csv_ratio(template_id, rows)
            memory_target = targets.csv_memory(template_id, rows)
        figure(result, rows, tally, ratio_target, memory_target)
    for note in notes:
        print(note)


def xlsx_figures(work: Path, installed: dict[str, Template], args: argparse.Namespace,
                 tally: Tally) -> None:
    rows = args.xlsx_rows
    source = work / f"caseclock-{rows}.xlsx"
    write_xlsx(source, rows, args.seed)
    print(f"\n.xlsx input, {rows:,} rows ({source.stat().st_size / 1e6:.0f} MB);"
          f" interleaved with calamine's bare read, best of {args.repeat} by CPU time")
    steps = [Step("bare read, openpyxl read-only", ("-m", "addin.bench.floors", "read-xlsx",
                                                    "openpyxl", str(source)), once=True),
             Step("map -t kimai-timesheet", map_args(source, work / "out.csv",
                                                     installed["kimai-timesheet"],
                                                     write_tables(work, rows)))]
    floor, measured = interleaved(("-m", "addin.bench.floors", "read-xlsx", "calamine",
                                   str(source)), steps, args.repeat)
    header()
    line("bare read, python-calamine (floor)", floor, 1.0, rows)
    for result in measured:
        target = targets.xlsx_ratio(rows) if result.step.label.startswith("map") else None
        figure(result, rows, tally, target, None)


def header() -> None:
    print(f"  {'':<{WIDTH}} {'wall s':>7} {'CPU s':>7} {'x floor':>8} {'rows/s':>9}"
          f" {'peak MB':>8}  target")


def line(what: str, run: Run, ratio: float, rows: int, judged: str = "") -> None:
    if run.exit_code != 0:
        lines = [t for t in run.stderr.splitlines() if t.strip()]
        why = next((t for t in lines if "error" in t), lines[-1] if lines else "")
        print(f"  {what:<{WIDTH}} failed (exit {run.exit_code}): {why[:120]}")
        return
    print(f"  {what:<{WIDTH}} {run.wall:7.2f} {run.cpu:7.2f} {ratio:7.2f}x"
          f" {rows / run.cpu if run.cpu else 0:9,.0f} {run.peak_mb:8.1f}  {judged}".rstrip())


def figure(result: Measured, rows: int, tally: Tally, ratio_target: targets.Target | None,
           memory_target: targets.Target | None) -> None:
    judged = [tally.judge(ratio_target, result.ratio),
              tally.judge(memory_target, result.run.peak_mb)] if result.run.exit_code == 0 else []
    line(result.step.label, result.run, result.ratio, rows, "; ".join(j for j in judged if j))


def click_figures(tally: Tally) -> None:
    click = measure_click()
    if isinstance(click, str):
        print(f"\nclick path: {click}")
        return
    print(f"\nclick path, in the add-in's environment (what `pip install .` installs;"
          f" {click.hidden} other installed distributions hidden), CPU time, best of 5 fresh"
          " processes:\n"
          f"  import xlwings {click.xlwings_ms:.0f} ms; import addin.excel.ribbon on top"
          f" {click.ribbon_ms:.0f} ms  {tally.judge(targets.CLICK, click.ribbon_ms)};"
          f" heavy modules loaded: {click.heavy}")


def excel_figures(sizes: list[int]) -> None:
    counted = calls_per_action(sizes)
    print("\nExcel calls per ribbon action (engine double)")
    if isinstance(counted, str):
        print(f"  {counted}")
        return
    by_size, notes = counted
    actions = list(next(iter(by_size.values())))
    print(f"  {'rows':>9} " + " ".join(f"{a:>16}" for a in actions))
    for rows, calls in by_size.items():
        print(f"  {rows:>9,} " + " ".join(f"{calls[a]:>16}" for a in actions))
    for note in notes:
        print(note)


if __name__ == "__main__":
    raise SystemExit(main())
