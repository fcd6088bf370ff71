"""A progress line on a terminal for long runs: rows done, of how many, and rows per second.

It is rewritten in place at most every INTERVAL seconds, so a file that takes less than that
never shows one; the clock is looked at once every CHECK_EVERY rows, so counting costs a
generator step per row and nothing more. Only a terminal gets it: a pipe or a log stays clean.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
INTERVAL = 0.5
CHECK_EVERY = 2048


class Progress:
    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.total: int | None = None  # rows in the file, once a first pass has counted them
        self._shown = 0  # width of the line on screen

    @classmethod
    def on_terminal(cls, stream: TextIO) -> Progress | None:
        return cls(stream) if stream.isatty() else None

    def count(self, items: Iterable[T], doing: str) -> Iterator[T]:
        """``items`` unchanged, with the line kept up to date while they are consumed."""
        done = 0
        started = last = self.clock()
        check_at = CHECK_EVERY
        for item in items:
            yield item
            done += 1
            if done == check_at:
                check_at += CHECK_EVERY
                now = self.clock()
                if now - last >= INTERVAL:
                    last = now
                    self._show(doing, done, done / (now - started))
        self.total = done
        self._clear()

    def _show(self, doing: str, done: int, rate: float) -> None:
        of = f" of {self.total:,} rows ({done / self.total:.0%})" if self.total else " rows"
        text = f"{doing} {done:,}{of}, {rate:,.0f} rows/s"
        self.stream.write("\r" + text.ljust(self._shown))
        self.stream.flush()
        self._shown = len(text)

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * self._shown + "\r")
            self.stream.flush()
            self._shown = 0
