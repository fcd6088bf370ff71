"""Small readings shared by the engine's steps: a cell as the row holds it, text as written,
and seconds to and from clock times (exactly: Decimal seconds, never floats)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from addin.convert.by_type import text_of as as_text
from addin.convert.date_text import is_time_text, names_a_month
from addin.convert.dates import is_com_time
from addin.convert.exact import exact_decimal
from addin.core.units import UNIT_SECONDS

DAY = Decimal(86400)
ONE_DAY = dt.timedelta(days=1)
_NUMERIC_ONLY = re.compile(r"^[\d.,]+$")


def cell(cells: Sequence[object], index: int) -> object:
    """The row's value at `index`; None for a missing or blank cell."""
    value = cells[index] if index < len(cells) else None
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def show(value: object) -> str:
    """A value as a problem quotes it; empty for none."""
    return "" if value is None else as_text(value)


def has_date_part(value: object) -> bool:
    if is_com_time(value):  # a time cell from Excel (1899-12-30 09:00): a time of day
        return False
    if isinstance(value, dt.datetime | dt.date):
        return True
    if not isinstance(value, str) or is_time_text(value):  # "10.30 Uhr" is a time of day
        return False
    return bool(re.search(r"\d[/.-]\d", value)) or names_a_month(value.strip())


def resolution(raw: object, unit: str = "hours") -> Decimal:
    """Seconds between neighbouring values as a duration is written: 0.33 h -> 36, 0:20 -> 60;
    a bare number's decimals are of the column's unit (0.5 min -> 6)."""
    if not isinstance(raw, str):
        return Decimal(0)
    written = raw.strip()
    if ":" in written:
        return Decimal(60 if written.count(":") == 1 else 1)
    decimals = re.search(r"[.,](\d+)\s*$", written)
    if decimals is None or not written[0].isdigit():
        return Decimal(0)
    size = UNIT_SECONDS.get(unit, 3600) if _NUMERIC_ONLY.match(written) else 3600
    return Decimal(size) / (10 ** len(decimals.group(1)))


def delta_seconds(delta: dt.timedelta) -> Decimal:
    return Decimal(delta.days * 86400 + delta.seconds) + Decimal(delta.microseconds) / 1_000_000


@lru_cache(maxsize=4096)  # equal Decimals (1.0, 1.00) give the same timedelta
def to_timedelta(secs: Decimal) -> dt.timedelta:
    return dt.timedelta(microseconds=int(secs * 1_000_000))


def in_hours(secs: Decimal) -> Decimal:
    return secs / 3600


def span_shown(secs: Decimal) -> str:
    """Hours as people read them: '4.5 h'; '2.33 h (2:20)' when the decimals never end."""
    exact = exact_decimal(Fraction(secs) / 3600)
    if exact is not None:
        return f"{show(exact)} h"
    whole = int(secs)
    return f"{round(secs / 3600, 2)} h ({whole // 3600}:{whole % 3600 // 60:02d})"


def clock(value: dt.time | dt.datetime) -> str:
    return value.strftime("%H:%M" if not value.second and not value.microsecond else "%H:%M:%S")


def seconds_of_day(value: object) -> Decimal:
    if isinstance(value, dt.datetime):
        value = value.time()
    assert isinstance(value, dt.time)
    return Decimal(value.hour * 3600 + value.minute * 60 + value.second) + Decimal(
        value.microsecond) / Decimal(1_000_000)


def time_of(secs: Decimal) -> dt.time:
    whole = int(secs)
    micro = int((secs - whole) * 1_000_000)
    return dt.time(whole // 3600, whole % 3600 // 60, whole % 60, micro)
