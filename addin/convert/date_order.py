"""One day/month order per date column, decided from the values that show it: "13/02/2026" is
day-first, "02/13/2026" month-first, "05/06/2026" fits both (dotted dates are day-first)."""

from __future__ import annotations

from functools import lru_cache

from addin.convert.date_text import NUMERIC_DATE, ORDER_NAME, ORDERS
from addin.convert.memo import MAXSIZE


def _values(n: int) -> str:
    return f"{n} value" if n == 1 else f"{n} values"


def _fit(n: int) -> str:
    return "fits" if n == 1 else "fit"


class DateOrderVote:
    """Decides the day/month order of a date column from the values that show it.

    "13/02/2026" is evidence for DMY, "02/13/2026" for MDY, "05/06/2026" fits both; date
    cells, Excel serial numbers, ISO dates and month names need no order and are ignored.
    """

    def __init__(self) -> None:
        self.day_first = 0
        self.month_first = 0
        self.either = 0  # fits both orders, with different results
        self.same = 0  # fits both orders with one result: "05/05/2026"
        self.dotted = 0  # of `either`, written with dots: day-first by convention, "05.04.2026"
        self._examples: dict[str, str] = {}

    def add(self, value: object) -> None:
        if not isinstance(value, str):
            return
        evidence = _order_evidence(value)
        if evidence is None:
            return
        kind, text = evidence
        if kind == "DMY":
            self.day_first += 1
        elif kind == "MDY":
            self.month_first += 1
        elif kind == "either":
            self.either += 1
            self.dotted += "." in text
        else:
            self.same += 1
        self._examples.setdefault(kind, text)

    def decide(self, default: str | None, said_by: str = "the profile says so",
               how_to_say: str = "set the date order (DMY or MDY) in the profile"
               ) -> tuple[str | None, str]:
        """(order, reason): "DMY", "MDY", or None when the values cannot decide it.

        ``default`` is the profile's (or the user's) order, used only when every value fits both
        orders; ``said_by`` credits it in the reason. With no value that needs an order the result
        is ``default`` (possibly None): every value then reads the same either way. ``how_to_say``
        is the fix offered when nothing decides, in the words of the user's shell.
        """
        if default is not None and default not in ORDERS:
            raise ValueError(f"date order must be DMY, MDY or None, not {default!r}")
        total = self.day_first + self.month_first + self.either + self.same
        if self.day_first and self.month_first:
            return None, (
                f"{_values(self.day_first)} only {_fit(self.day_first)} day-first (e.g. "
                f"'{self._examples['DMY']}') and {_values(self.month_first)} only "
                f"{_fit(self.month_first)} month-first (e.g. '{self._examples['MDY']}'); a column "
                "must use one order: correct the values that are wrong"
            )
        if self.day_first or self.month_first:
            order = "DMY" if self.day_first else "MDY"
            count = self.day_first or self.month_first
            reason = (
                f"{count} of {_values(total)} only {_fit(count)} {ORDER_NAME[order]} (e.g. "
                f"'{self._examples[order]}'); read the column as {ORDER_NAME[order]}"
            )
            if default is not None and default != order:
                reason += f", although the profile says {ORDER_NAME[default]}"
            return order, reason
        if self.dotted_only:
            return "DMY", (
                f"dates written with dots (e.g. '{self._examples['either']}') are day-first"
            )
        if self.either:
            all_fit = "the only value fits" if total == 1 else f"all {total} values fit"
            if default is not None:
                return default, (
                    f"{all_fit} both orders; read as {ORDER_NAME[default]} because {said_by}"
                )
            return None, (
                f"{all_fit} both day-first and month-first (e.g. '{self._examples['either']}'); "
                f"{how_to_say}, or write dates as YYYY-MM-DD"
            )
        return default, "no value needs a day/month order"

    @property
    def dotted_only(self) -> bool:
        """Whether every value that fits both orders is written with dots (day-first)."""
        return bool(self.either) and self.either == self.dotted


@lru_cache(maxsize=MAXSIZE)
def _order_evidence(value: str) -> tuple[str, str] | None:
    """What ``value`` says about the day/month order ("same", "either", "DMY", "MDY") and its
    stripped text; None when it is not a numeric date."""
    text = value.strip()
    match = NUMERIC_DATE.fullmatch(text)
    if not match:
        return None
    a, b = int(match["a"]), int(match["b"])
    if a == b and 1 <= a <= 12:
        return "same", text
    if 1 <= a <= 12 and 1 <= b <= 12:
        return "either", text
    if 13 <= a <= 31 and 1 <= b <= 12:
        return "DMY", text
    if 13 <= b <= 31 and 1 <= a <= 12:
        return "MDY", text
    return None  # not a date in either order: parse_date reports it
