"""The progress line: shown on a terminal only, rewritten in place, gone when the work is done."""

from __future__ import annotations

import io

from addin.cli.progress import CHECK_EVERY, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def ticking(step: float):
    now = [0.0]

    def clock() -> float:
        now[0] += step
        return now[0]

    return clock


def test_a_pipe_gets_no_progress_line() -> None:
    assert Progress.on_terminal(io.StringIO()) is None


def test_a_long_pass_shows_rows_done_and_leaves_the_line_blank_at_the_end() -> None:
    screen = Terminal()
    progress = Progress(screen, clock=ticking(1.0))

    items = list(progress.count(range(CHECK_EVERY * 2), "reading"))

    assert items == list(range(CHECK_EVERY * 2))
    assert f"\rreading {CHECK_EVERY:,} rows, " in screen.getvalue()
    assert screen.getvalue().endswith("\r")
    assert progress.total == CHECK_EVERY * 2


def test_the_second_pass_shows_how_far_it_is_through_the_rows_the_first_counted() -> None:
    screen = Terminal()
    progress = Progress(screen, clock=ticking(1.0))
    list(progress.count(range(CHECK_EVERY * 4), "reading"))

    list(progress.count(range(CHECK_EVERY * 4), "mapping"))

    assert f"mapping {CHECK_EVERY:,} of {CHECK_EVERY * 4:,} rows (25%), " in screen.getvalue()


def test_a_pass_quicker_than_the_interval_writes_nothing() -> None:
    screen = Terminal()

    list(Progress(screen, clock=ticking(0.0001)).count(range(CHECK_EVERY * 3), "reading"))

    assert screen.getvalue() == ""
