"""What the user asked for a run, beside the template and the file: settings, lookup tables, a
profile, a date order, and the shell whose words messages use."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from addin.core import fixes
from addin.core.lookups import LookupTable


@dataclass(frozen=True)
class MapOptions:
    settings: dict[str, str] = field(default_factory=dict)
    lookups: dict[str, LookupTable] = field(default_factory=dict)  # people, clients, matters
    profile: str | None = None
    date_order: str | None = None  # "DMY" / "MDY" from --dayfirst / --monthfirst
    # (source column, canonical field or "" to leave it out), over the profile's reading
    assign: tuple[tuple[str, str], ...] = ()
    # How messages tell the user to supply a value: command-line options, or the workbook's
    # settings and lookup sheets (addin/core/fixes.py renders both).
    channel: str = "cli"

    def how_to(self, fix: fixes.Fix) -> str:
        """The fix in the words of this run's shell: an option, or a settings-sheet row."""
        return fix.render(self.channel)

    def how_to_set(self, key: str, value: str = "VALUE") -> str:
        return _setting_words(key, value, self.channel)

    def how_to_set_to(self, key: str, *values: str) -> str:
        """The setting with the value (or one of the values) to give it, in the shell's words."""
        return fixes.render_choices([fixes.setting(key, v) for v in values], self.channel)

    def how_to_lookup(self, table: str) -> str:
        return self.how_to(fixes.lookup(table))

    def how_to_split(self, rows: int) -> str:
        most = f"at most {rows:,} row{'s' if rows != 1 else ''} each"
        if self.channel == "excel":
            return f"Save the rows in several files of {most}"
        return f"Add --split-every {rows} to write numbered files of {most}"

    def how_to_take_column(self, reader: tuple[str, str] | None, column: str = "COLUMN") -> str:
        """What to do about a column nothing reads (`reader`: a profile that would read it)."""
        if reader:
            return f"To read it, choose {self.how_to(fixes.profile(reader[0]))}"
        return (f"To read it as a field, assign it: {self.how_to(fixes.assign(column))}; or"
                f" choose another profile with {self.how_to(fixes.profile())}")

    def tables_with(self, field_name: str) -> list[LookupTable]:
        return [t for t in self.lookups.values() if field_name in t.fields]



@lru_cache(maxsize=256)
def _setting_words(key: str, value: str, channel: str) -> str:
    """A setting's fix in a shell's words, worked out once: a row that takes a column's value
    from a setting names it as where the value is corrected."""
    return fixes.setting(key, value).render(channel)
