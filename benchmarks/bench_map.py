"""Map generated CaseClock-style files of growing size; print rows per second and peak memory.

Each size runs in its own process so that peak memory (ru_maxrss) is that run's alone. A
streaming engine shows flat memory as the row count grows.

    python benchmarks/bench_map.py [ROWS ...]      (default: 10000 100000)
"""

from __future__ import annotations

import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["Date", "Duration (hours)", "Client", "Matter", "Description", "Timekeeper", "Email",
          "Rate", "Activity Code"]
PEOPLE = [("Maria Alvarez", "maria@example-law.com"), ("José Núñez", "jose@example-law.com"),
          ("Priya Raman", "priya@example-law.com")]


def make_sample(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            person, email = PEOPLE[i % 3]
            day = 1 + (i // 30) % 28
            month = 1 + (i // 840) % 12
            writer.writerow([f"{day:02d}/{month:02d}/2026", "0.1", f"Client {i % 50}",
                             f"Matter {i % 200}", f"Review, draft \"note\" {i}", person, email,
                             "350", "A104"])


def run_once(rows: int) -> None:
    from addin.cli.main import main

    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.csv", Path(folder) / "out.csv"
        make_sample(source, rows)
        started = time.perf_counter()
        code = main(["map", str(source), "-t", "kimai-timesheet", "-o", str(out), "--dayfirst"])
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows:>9} rows  exit {code}  {seconds:7.2f} s  {rows / seconds:9.0f} rows/s"
          f"  peak {peak_mb:6.1f} MB", file=sys.stderr)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        run_once(int(sys.argv[2]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    for rows in sizes:
        subprocess.run([sys.executable, __file__, "--one", str(rows)], check=True,
                       stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
