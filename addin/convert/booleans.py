"""Yes/no values: billable flags, exported flags, and the like."""

from __future__ import annotations

import re
from decimal import Decimal

from addin.core.problems import ConversionError

# English, and the yes/no of the languages trackers export in (Toggl writes "いいえ" in a
# Japanese interface, Kimai "Ja"/"Nein"...): a word is only ever read one way.
_TRUE = {"true", "yes", "y", "1", "on", "billable", "ja", "oui", "sí", "si", "sì", "sim", "tak",
         "はい", "是", "wahr", "vrai", "verdadero", "abrechenbar", "facturable"}
_FALSE = {"false", "no", "n", "0", "off", "nonbillable", "notbillable", "nein", "non", "nee",
          "nej", "não", "nao", "nie", "いいえ", "否", "falsch", "faux", "falso",
          "nichtabrechenbar", "nonfacturable"}
_HINT = "write yes or no (also read: true/false, y/n, 1/0, on/off, billable/non-billable)"


def parse_bool(value: object) -> bool:
    """Read ``value`` as yes (True) or no (False); case and spaces do not matter.

    An empty cell is not read here: whether empty means "no" is the template's decision.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    if not isinstance(value, str):
        raise ConversionError("bad-boolean", f"'{value}' is not yes/no; {_HINT}")
    # "Non-billable", "non billable" and "NOT  BILLABLE" all read the same.
    key = re.sub(r"[\s\-_]+", "", value.casefold())
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    if not key:
        raise ConversionError("bad-boolean", f"the cell is empty; {_HINT}")
    raise ConversionError("bad-boolean", f"'{value.strip()}' is not yes/no; {_HINT}")


def format_bool(value: bool, true_text: str, false_text: str) -> str:
    """``true_text`` for True, ``false_text`` for False."""
    if not isinstance(value, bool):
        raise TypeError(f"format_bool needs True or False, not {value!r}")
    return true_text if value else false_text
