"""Remember what a parser made of a text cell: a column repeats its values many times over.

A million time entries hold a few hundred dates, a few dozen durations and rates; parsing each
distinct text once makes the parsers' cost independent of the row count. Only ``str`` values
are remembered (an int 1 and a float 1.0 are equal keys but may read differently), only
results (a failure is worked out again, with its message), and at most MAXSIZE of them per
parser (least recently used go first), so memory stays flat whatever the file holds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
MAXSIZE = 4096


def text_memo(parse: Callable[P, T]) -> Callable[P, T]:
    """``parse`` with its results for text first arguments remembered (results are immutable)."""
    remembered = lru_cache(maxsize=MAXSIZE)(parse)

    @wraps(parse)
    def parse_text_once(*args: P.args, **kwargs: P.kwargs) -> T:
        if not kwargs and type(args[0]) is str:
            return remembered(*args)
        return parse(*args, **kwargs)

    return parse_text_once
