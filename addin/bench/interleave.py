"""Runs that alternate with their floor, so drift on a shared machine hits both alike.

A round runs the floor, then each step followed by the floor again: every step's ratio is its
CPU time over the mean of the two floor runs either side of it. Over several rounds a step keeps
its best (lowest) ratio, the run least disturbed by other work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from addin.bench.measure import Run, run_python


@dataclass(frozen=True)
class Step:
    label: str
    args: tuple[str, ...]  # python ARGS... of the child process
    once: bool = False  # only in the first round (a slow figure shown for comparison)


@dataclass
class Measured:
    step: Step
    run: Run  # the run with the best ratio (the last failed run when none succeeded)
    ratio: float


def interleaved(floor: tuple[str, ...], steps: list[Step], rounds: int,
                run: Callable[..., Run] = run_python) -> tuple[Run, list[Measured]]:
    """The best floor run and each step's best run, from `rounds` rounds of floor, step, floor,
    step, ..., floor."""
    floors: list[Run] = []
    best: dict[str, Measured] = {}
    for number in range(max(rounds, 1)):
        before = run(*floor)
        floors.append(before)
        for step in steps:
            if step.once and number:
                continue
            measured = run(*step.args)
            after = run(*floor)
            floors.append(after)
            base = (before.cpu + after.cpu) / 2
            ratio = measured.cpu / base if base else float("nan")
            before = after
            kept = best.get(step.label)
            if kept is None or _better(measured, ratio, kept):
                best[step.label] = Measured(step, measured, ratio)
    fastest = min(floors, key=lambda r: (r.exit_code != 0, r.cpu))
    return fastest, [best[s.label] for s in steps if s.label in best]


def _better(run: Run, ratio: float, kept: Measured) -> bool:
    if (run.exit_code == 0) != (kept.run.exit_code == 0):
        return run.exit_code == 0
    return ratio < kept.ratio
