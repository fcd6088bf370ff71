"""Values derived from an entry's fields: a composition of several, and the entry's amount."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from addin.convert.exact import exact_decimal
from addin.core.output_columns import remember
from addin.core.template import PLACEHOLDER
from addin.core.values import as_text


def compose_fields(pattern: str, entry: dict[str, object]) -> str | None:
    """A column built from several fields; None unless every field has a value."""
    values = {name: entry.get(name) for name in PLACEHOLDER.findall(pattern)}
    if any(v is None for v in values.values()):
        return None
    return PLACEHOLDER.sub(lambda m: as_text(values[m.group(1)]), pattern)


def entry_amount(entry: dict[str, object], computed: bool = False,
            memo: dict[tuple[str, str], object] | None = None) -> object:
    """The entry's amount: given, else hours x rate (`memo`: per duration and rate, as written,
    since Decimal('1.0') and Decimal('1.00') are equal but may not give the same Decimal)."""
    if not computed:
        for given in ("amount", "fixed_rate"):
            if entry.get(given) is not None:
                return entry[given]
    duration, rate = entry.get("duration"), entry.get("rate")
    if isinstance(duration, Decimal) and isinstance(rate, Decimal):
        key = (str(duration), str(rate))
        if memo is not None and key in memo:
            return memo[key]
        # Exact: 1200 s at 350/h is 116.66..., which Decimal division would cut off.
        amount = Fraction(duration) * Fraction(rate) / 3600
        decimal = exact_decimal(amount)
        result = amount if decimal is None else decimal
        if memo is not None:
            remember(memo, key, result)
        return result
    return None
