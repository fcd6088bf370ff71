"""The fixes a message can offer, as data, rendered in the words of the shell the user is in.

A problem's fix is a choice the user makes for the whole file: a setting (``increment``), a
lookup table (``matters``), the date order, the source profile or the sheet of a workbook. The
command line takes them as options (``--set increment=0.1h``, ``--lookup matters=FILE.csv``,
``--dayfirst``, ``--profile caseclock``, ``--sheet Hours``); the Excel add-in as rows of the sheet
``Import Mapper settings`` (``increment`` / ``0.1h``, ``date_order`` / ``DMY``, ``profile``,
``sheet``) and as ``Lookup <table>`` sheets. Both come from here, so they cannot drift, and the
Excel shell is never told to pass a command-line flag.

Use: build a fix and render it for the run's channel, usually through ``MapOptions.how_to``::

    from addin.core import fixes
    f"... give {options.how_to(fixes.setting('increment', '0.1h'))}"   # --set increment=0.1h
    f"... say how with {options.how_to(fixes.date_order('DMY'))}"       # --dayfirst
    f"... with {fixes.render_choices(fixes.date_orders(), channel)}"    # --dayfirst or --monthfirst

Give the value when the message knows it (the numbers of the problem); leave the placeholder
(``VALUE``, ``ID``...) when the user must choose it. ``parse_date_order`` reads the settings
sheet's ``date_order`` the same way for every shell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["CHANNELS", "DATE_ORDER_KEY", "LOOKUP_SHEET_PREFIX", "MAPPING_SHEET", "OPTION_KEYS",
           "PROFILE_KEY", "SETTINGS_SHEET", "assign",
           "SHEET_KEY", "Channel", "Fix", "date_order", "date_order_words", "date_orders", "lookup",
           "parse_date_order", "profile", "render_choices", "setting", "sheet", "split"]

Channel = Literal["cli", "excel"]
CHANNELS: tuple[Channel, ...] = ("cli", "excel")
SETTINGS_SHEET = "Import Mapper settings"
MAPPING_SHEET = "Mapping"  # where Excel assigns columns to fields (Edit mapping)
LOOKUP_SHEET_PREFIX = "Lookup "
# Settings-sheet keys for the choices the command line makes with its own options.
DATE_ORDER_KEY = "date_order"
PROFILE_KEY = "profile"
SHEET_KEY = "sheet"
SPLIT_KEY = "split"
OPTION_KEYS = (DATE_ORDER_KEY, PROFILE_KEY, SHEET_KEY)

_PLACEHOLDERS = ("VALUE", "ID", "NAME", "FILE.csv")
_ORDER_FLAGS = {"DMY": "--dayfirst", "MDY": "--monthfirst"}
_ORDER_WORDS = {"DMY": ("dmy", "day-first", "dayfirst", "dd/mm/yyyy"),
                "MDY": ("mdy", "month-first", "monthfirst", "mm/dd/yyyy")}


@dataclass(frozen=True)
class Fix:
    """One choice for the whole file: ``kind`` says which, ``key`` and ``value`` what."""

    kind: Literal["setting", "lookup", "date_order", "profile", "sheet", "split", "assign"]
    key: str
    value: str

    def render(self, channel: Channel | str) -> str:
        """The fix as the user of ``channel`` makes it."""
        if channel == "excel":
            return self._excel()
        return self._cli()

    def _cli(self) -> str:
        if self.kind == "setting":
            return f"--set {self.key}={self.value}"
        if self.kind == "lookup":
            return f"--lookup {self.key}={self.value}"
        if self.kind == "date_order":
            return _ORDER_FLAGS[self.value]
        if self.kind == "split":
            return f'--split "{self.value}"'
        if self.kind == "assign":
            fields = " (importmap fields lists the fields)" if self.value == "FIELD" else ""
            return f'--map "{self.key}={self.value}"{fields}'
        return f"--{self.kind} {self.value}"

    def _excel(self) -> str:
        if self.kind == "assign":
            field_name = "the field it holds" if self.value == "FIELD" else self.value
            column = "the column" if self.key == "COLUMN" else f"'{self.key}'"
            return (f"the sheet '{MAPPING_SHEET}' (the Edit mapping button): choose {column}"
                    f" for {field_name}")
        if self.kind == "lookup":
            return f"a sheet '{LOOKUP_SHEET_PREFIX}{self.key}'"
        # A placeholder (VALUE, ID) is the user's to choose; a known value is spelled out.
        value = "" if self.value in _PLACEHOLDERS else f" with the value {self.value}"
        return f"a row '{self.key}'{value} on the sheet '{SETTINGS_SHEET}'"


def setting(key: str, value: str = _PLACEHOLDERS[0]) -> Fix:
    """A value for the whole file: ``--set key=value``, or the settings row ``key``."""
    return Fix("setting", key, value)


def lookup(table: str) -> Fix:
    """A lookup table: ``--lookup table=FILE.csv``, or the sheet ``Lookup table``."""
    return Fix("lookup", table, _PLACEHOLDERS[3])


def date_order(order: str) -> Fix:
    """How to read a date column: ``--dayfirst``/``--monthfirst``, or ``date_order`` DMY/MDY."""
    if order not in _ORDER_FLAGS:
        raise ValueError(f"date order must be DMY or MDY, not {order!r}")
    return Fix("date_order", DATE_ORDER_KEY, order)


def date_orders() -> list[Fix]:
    return [date_order("DMY"), date_order("MDY")]


def profile(profile_id: str = _PLACEHOLDERS[1]) -> Fix:
    """The source profile to read with: ``--profile ID``, or the settings row ``profile``."""
    return Fix("profile", PROFILE_KEY, profile_id)


def sheet(name: str = _PLACEHOLDERS[2]) -> Fix:
    """The sheet of an .xlsx to read: ``--sheet NAME``, or the settings row ``sheet``."""
    return Fix("sheet", SHEET_KEY, name)


def split(value: str) -> Fix:
    """A column of voice lines to split: ``--split "Entry=duration,description"``, or the
    settings row ``split``."""
    return Fix("split", SPLIT_KEY, value)


def assign(column: str, field_name: str = "FIELD") -> Fix:
    """A source column read as a field: ``--map "COLUMN=FIELD"``, or the Mapping sheet."""
    return Fix("assign", column, field_name)


def render_choices(choices: Sequence[Fix], channel: Channel | str) -> str:
    """Several fixes the user chooses between, as one phrase: ``--dayfirst or --monthfirst``;
    in Excel, values of one row are named once: ``a row 'date_order' with the value DMY or MDY``.
    """
    rows = {(f.kind, f.key) for f in choices}
    if channel == "excel" and len(rows) == 1 and choices[0].kind != "lookup":
        values = " or ".join(f.value for f in choices)
        return Fix(choices[0].kind, choices[0].key, values).render(channel)
    return " or ".join(f.render(channel) for f in choices)


def date_order_words(chosen: str | None, channel: Channel | str) -> tuple[str, str]:
    """For ``DateOrderVote.decide``: who chose the order used when every value fits both (the
    user's option or settings row, else the profile), and how to choose one."""
    said_by = "the profile says so" if chosen is None else (
        f"you chose it ({date_order(chosen).render(channel)})")
    return said_by, "say how to read it with " + render_choices(date_orders(), channel)


def parse_date_order(text: str) -> str:
    """``DMY`` or ``MDY`` from a settings value (``DMY``, ``day-first``, ``DD/MM/YYYY``...);
    ValueError naming what is accepted otherwise."""
    wanted = text.strip().casefold()
    for order, words in _ORDER_WORDS.items():
        if wanted in words:
            return order
    raise ValueError(f"{DATE_ORDER_KEY} {text!r} is not a date order; write DMY (day first,"
                     " 02/11/2026 is 2 November) or MDY (month first, 11/02/2026 is 2 November)")
