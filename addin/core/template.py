"""Target templates: which columns a target's importer wants and how, as loaded from TOML data
files (addin.core.template_loading). The model and its vocabulary (column types, units,
rounding modes, dialect choices); the format is documented in templates/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

COLUMN_TYPES = ("text", "date", "time", "datetime", "duration", "number", "money", "boolean",
                "enum")
DURATION_UNITS = ("hours", "minutes", "seconds", "h:mm", "hh:mm", "h:mm:ss", "hh:mm:ss")
ROUNDING_MODES = ("up", "down", "nearest", "half-even")
QUOTING = ("minimal", "all", "nonnumeric", "none")
LINE_ENDINGS = {"crlf": "\r\n", "lf": "\n", "cr": "\r"}
ENCODINGS = ("utf-8", "windows-1252", "ascii", "latin-1")
FORMULA_POLICIES = ("flag", "prefix", "strip", "off")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
# "{name}" in preambles, compositions and profile patterns: a setting, field or part.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Dialect:
    delimiter: str = ","
    encoding: str = "utf-8"
    bom: bool = False
    line_ending: str = "\r\n"
    quoting: str = "minimal"
    header: bool = True
    preamble: tuple[str, ...] = ()  # may name settings: "TIMERHDR\t{company_name}"
    line_suffix: str = ""
    replace: tuple[tuple[str, str], ...] = ()  # text the target cannot hold -> its stand-in
    transliterate: bool = False  # write "Zoë" as "Zoe" when the encoding lacks the letter


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"
    source: tuple[str, ...] = ()
    column: str | None = None
    derive: str | None = None
    compose: str | None = None  # "{last_name}, {first_name}": canonical fields joined, all present
    setting: str | None = None
    override: str | None = None  # a setting that, when the user gives it, wins over the row
    constant: str | None = None
    default: str | None = None
    format: str | None = None
    format_setting: str | None = None  # a setting holding the format (the target's preference)
    unit: str | None = None
    decimals: int | None = None
    decimal_separator: str = "."
    increment: str | None = None
    rounding: str | None = None
    required: bool = False
    max_length: int | None = None
    max: str | None = None  # the largest value the target takes: "23:59" (durations), "320"
    positive: bool = False  # the target takes only values above 0 (a LEDES fee line's units)
    pattern: str | None = None  # the shape a text must have (a regular expression, whole value)
    values: tuple[str, ...] = ()
    value_map: tuple[tuple[str, str], ...] = ()
    true_text: str = "true"
    false_text: str = "false"
    utc: bool = False  # convert local date-times to UTC with the setting 'timezone'
    description: str = ""
    pattern_severity: str = "error"  # "warning": a value off the pattern is written, and warned
    needs: str | None = None  # a column that must not be empty where this one has a value
    # The importer clears an existing record's field for an empty cell (Kimai customers), so
    # the column is left out when it is empty on every row.
    clears_when_empty: bool = False


@dataclass(frozen=True)
class Setting:
    key: str
    description: str = ""
    default: str | None = None
    example: str | None = None


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    target: str
    version: str
    path: str
    dialect: Dialect
    columns: tuple[Column, ...]
    settings: dict[str, Setting] = field(default_factory=dict)
    description: str = ""
    formula_policy: str = "flag"
    docs: str = ""
    unique: tuple[str, ...] = ()  # rows equal in these columns are written once
    invoice_by: tuple[str, ...] = ()  # canonical fields whose values split rows into invoices
    sources: tuple[str, ...] = ()  # the importer's code and documents the template follows
    unverified: str = ""  # what the sources could not settle
    max_rows: int | None = None  # the most data rows the importer takes in one file
    max_bytes: int | None = None  # the largest file the importer takes

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]
