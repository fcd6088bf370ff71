"""How a ribbon button runs: Excel's state kept and restored, expected problems alerted."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import xlwings as xw

from addin.core.errors import ImportMapperError
from addin.excel.alerts import TITLE

F = TypeVar("F", bound=Callable[..., Any])


def entry_point(func: F) -> F:
    """Screen updating off and Excel's state restored even on error; expected problems alerted."""

    @functools.wraps(func)
    def run(*args: Any) -> Any:
        book = xw.Book.caller()
        app = book.app
        done: str | None = None
        with app.properties(screen_updating=False, calculation="manual", enable_events=False):
            try:
                done = func(book, *args)
            except ImportMapperError as exc:
                app.alert(str(exc), TITLE, mode="critical")
            finally:
                # The closing message stays until Excel's next one; else Excel gets it back.
                app.status_bar = f"{TITLE}: {done}" if done else False
        return None

    return run  # type: ignore[return-value]
