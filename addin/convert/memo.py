"""Remember what a parser made of a cell value: a column repeats its values many times over.

A million time entries hold a few hundred dates, a few dozen durations and rates; parsing each
distinct value once makes the parsers' cost independent of the row count. Only values whose
equality means sameness are remembered: text, whole numbers, non-zero floats (0.0 equals -0.0),
naive dates and times (an aware time equals another zone's same instant); each keyed with its
type (1 == 1.0 == True). Only results are kept (a failure is worked out again, with its
message), at most MAXSIZE per parser, least recently used going first: memory stays flat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
MAXSIZE = 4096
_PLAIN = frozenset((str, int))
_NAIVE = frozenset((dt.date, dt.datetime, dt.time))


def remembered(value: object) -> bool:
    """Whether a result for ``value`` can stand for every value equal to it, of its type."""
    kind = type(value)
    if kind in _PLAIN:
        return True
    if kind is float:
        return bool(value)
    return kind in _NAIVE and getattr(value, "tzinfo", None) is None


def value_memo(parse: Callable[P, T]) -> Callable[P, T]:
    """``parse`` with its results remembered per first argument (results are immutable)."""
    cached = lru_cache(maxsize=MAXSIZE, typed=True)(parse)

    @wraps(parse)
    def parse_once(*args: P.args, **kwargs: P.kwargs) -> T:
        if not kwargs and remembered(args[0]):
            return cached(*args)
        return parse(*args, **kwargs)

    return parse_once
