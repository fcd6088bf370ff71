"""Run one command in its own process and measure it: wall time, CPU time, peak memory.

Each run is a fresh process so that its peak resident memory (ru_maxrss) is its own, and CPU
time (user + system) is read from the same rusage: on a shared machine CPU time moves far less
than wall time, so ratios are taken from it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds of user + system time
    peak_mb: float  # peak resident memory, MiB
    exit_code: int
    stderr: str

    def ratio(self, floor: Run) -> float:
        return self.cpu / floor.cpu if floor.cpu else float("nan")


def child_env() -> dict[str, str]:
    """This environment, but with bytecode caching on, as an installed add-in runs."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_python(*args: str) -> Run:
    """``python ARGS...`` in a child process (same interpreter), stdout discarded."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, env=child_env())
    assert child.stderr is not None
    stderr = child.stderr.read()
    if not hasattr(os, "wait4"):  # Windows: wall time only
        code = child.wait()
        wall = time.perf_counter() - started
        return Run(wall, wall, float("nan"), code, stderr)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return Run(wall, usage.ru_utime + usage.ru_stime, peak, child.returncode, stderr)


def best_of(times: int, *args: str) -> Run:
    """The fastest (by CPU time) of several runs: the least disturbed by other work."""
    return min((run_python(*args) for _ in range(times)), key=lambda r: r.cpu)
