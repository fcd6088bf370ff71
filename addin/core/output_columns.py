"""A template column with what each row needs of it worked out once per file: its sources in
order, the fields whose failure leaves it empty, and the texts already written per value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from addin.core.column_sources import Feed, feeds
from addin.core.plan import DERIVE_NEEDS, TOTALS_DERIVES
from addin.core.template import Column, Template

MEMO_SIZE = 4096  # values remembered per column; a column of all-different texts starts over
_NAIVE = (dt.date, dt.datetime, dt.time)
K = TypeVar("K")
V = TypeVar("V")


def memo_key(value: object) -> object:
    """What a value's written text may be remembered by: equal keys write equal texts, and
    write them for the same reasons. None: not remembered (an aware time equals the same
    instant in another zone; floats and other types are rare here)."""
    kind = type(value)
    if kind is str:
        return value
    if kind is Fraction or kind is bool or kind is int:
        return kind, value
    if kind is Decimal:
        return kind, str(value)  # Decimal('1.0') == Decimal('1.00'), written apart
    if kind in _NAIVE and getattr(value, "tzinfo", None) is None:
        return kind, value
    return None


@dataclass(frozen=True)
class OutputColumn:
    """A template column with what each row needs of it worked out once for the file."""
    col: Column
    feeds: tuple[Feed, ...]
    source: frozenset[str]  # its source fields: one that failed leaves it empty
    depends: frozenset[str]  # fields whose failure explains its emptiness
    memo: dict[object, str] | None  # value -> text, for values that wrote cleanly
    given: dict[str, object] | None  # text given for the column -> its value
    # Whether a whole-invoice value that is missing falls back on the row's own sources, so a
    # held row must keep them until the invoice is complete.
    falls_back: bool
    field: str | None  # the field it takes first, if it takes one first (most columns)




def output_columns(template: Template, memoise: bool) -> tuple[OutputColumn, ...]:
    return tuple(
        OutputColumn(c, tuple(feeds(c)), frozenset(c.source), frozenset(_depends(c)),
                     {} if memoise and not c.utc else None, {} if memoise else None,
                     _falls_back(c), _first_field(c))
        for c in template.columns)


def remember(memo: dict[K, V], key: K, value: V) -> None:
    """Keep `value` by `key`; a memo full of all-different values starts over."""
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value


def _first_field(col: Column) -> str | None:
    first = next(iter(feeds(col)), None)
    return first.key if first is not None and first.kind == "field" else None


def _falls_back(col: Column) -> bool:
    kinds = [f.kind for f in feeds(col)]
    return col.derive in TOTALS_DERIVES and kinds.index("derive") < len(kinds) - 1


def _depends(col: Column) -> set[str]:
    needs = set(col.source)
    if col.derive:
        needs.update(DERIVE_NEEDS[col.derive])
    return needs
