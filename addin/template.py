"""Target templates: TOML data files that say which columns a target's importer wants and how.

A template is data, never code. Loading checks every key and reports a mistake with the file,
the column and the key, so a bookkeeper editing a template is told exactly what to fix.
The format is documented in templates/README.md.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from addin.canonical import DERIVED, FIELDS
from addin.errors import TemplateError

COLUMN_TYPES = ("text", "date", "time", "datetime", "duration", "number", "money", "boolean",
                "enum")
DURATION_UNITS = ("hours", "minutes", "seconds", "h:mm", "hh:mm", "h:mm:ss", "hh:mm:ss")
ROUNDING_MODES = ("up", "down", "nearest", "half-even")
QUOTING = ("minimal", "all", "nonnumeric", "none")
LINE_ENDINGS = {"crlf": "\r\n", "lf": "\n", "cr": "\r"}
ENCODINGS = ("utf-8", "windows-1252", "ascii", "latin-1")
FORMULA_POLICIES = ("flag", "prefix", "strip", "off")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")

TEMPLATE_KEYS = {"template", "dialect", "settings", "columns"}
HEADER_KEYS = {"id", "name", "target", "version", "description", "formula_policy", "docs",
               "unique"}
DIALECT_KEYS = {"delimiter", "encoding", "bom", "line_ending", "quoting", "header", "preamble",
                "line_suffix"}
SETTING_KEYS = {"description", "default", "example"}
COLUMN_KEYS = {
    "name", "source", "column", "derive", "lookup", "setting", "constant", "default", "type",
    "format", "unit", "decimals", "decimal_separator", "increment", "rounding", "required",
    "max_length", "values", "map", "true", "false", "description",
}


@dataclass(frozen=True)
class Dialect:
    delimiter: str = ","
    encoding: str = "utf-8"
    bom: bool = False
    line_ending: str = "\r\n"
    quoting: str = "minimal"
    header: bool = True
    preamble: tuple[str, ...] = ()
    line_suffix: str = ""


@dataclass(frozen=True)
class Lookup:
    table: str
    key: str  # canonical field whose value is looked up


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"
    source: tuple[str, ...] = ()
    column: str | None = None
    derive: str | None = None
    lookup: Lookup | None = None
    setting: str | None = None
    constant: str | None = None
    default: str | None = None
    format: str | None = None
    unit: str | None = None
    decimals: int | None = None
    decimal_separator: str = "."
    increment: str | None = None
    rounding: str | None = None
    required: bool = False
    max_length: int | None = None
    values: tuple[str, ...] = ()
    value_map: tuple[tuple[str, str], ...] = ()
    true_text: str = "true"
    false_text: str = "false"
    description: str = ""

    def sources_text(self) -> str:
        """How the column gets its value, in words, for `importmap show` and dry runs."""
        parts: list[str] = []
        if self.constant is not None:
            return f"constant {self.constant!r}"
        if self.derive:
            parts.append(f"derived: {self.derive}")
        parts += [f"field {s}" for s in self.source]
        if self.column:
            parts.append(f"source column {self.column!r}")
        if self.lookup:
            parts.append(f"lookup {self.lookup.table}[{self.lookup.key}]")
        if self.setting:
            parts.append(f"--set {self.setting}")
        if self.default is not None:
            parts.append(f"default {self.default!r}")
        return ", else ".join(parts) if parts else "(nothing)"


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

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


def load_template(path: Path) -> Template:
    """Read and check one template file; raise TemplateError naming file, column and key."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(where, f"cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise TemplateError(where, "is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(where, f"is not valid TOML: {exc}") from None
    return parse_template(data, where)


def parse_template(data: dict[str, Any], where: str) -> Template:
    _unknown_keys(data, TEMPLATE_KEYS, where, None, "")
    head = _table(data, "template", where, None)
    _unknown_keys(head, HEADER_KEYS, where, None, "template.")
    template_id = _text(head, "id", where, None, required=True, prefix="template.")
    if not ID_PATTERN.match(template_id):
        raise TemplateError(where, "must be lower-case letters, digits, '.', '_' or '-'",
                            key="template.id")
    settings = _parse_settings(data.get("settings", {}), where)
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        raise TemplateError(where, "needs at least one [[columns]] entry", key="columns")
    columns = tuple(_parse_column(raw, i, where, settings) for i, raw in enumerate(raw_columns))
    names = [c.name for c in columns]
    for name in names:
        if names.count(name) > 1:
            raise TemplateError(where, "appears twice; column names must be unique", column=name,
                                key="name")
    policy = _text(head, "formula_policy", where, None, prefix="template.") or "flag"
    if policy not in FORMULA_POLICIES:
        raise TemplateError(where, f"must be one of {', '.join(FORMULA_POLICIES)}",
                            key="template.formula_policy")
    unique = head.get("unique", [])
    if not isinstance(unique, list) or any(u not in names for u in unique):
        raise TemplateError(where, "must be a list of this template's column names",
                            key="template.unique")
    return Template(
        id=template_id,
        name=_text(head, "name", where, None, required=True, prefix="template."),
        target=_text(head, "target", where, None, required=True, prefix="template."),
        version=str(head.get("version", "1")),
        path=where,
        dialect=_parse_dialect(data.get("dialect", {}), where),
        columns=columns,
        settings=settings,
        description=_text(head, "description", where, None, prefix="template.") or "",
        formula_policy=policy,
        docs=_text(head, "docs", where, None, prefix="template."),
        unique=tuple(unique),
    )


def _parse_dialect(raw: Any, where: str) -> Dialect:
    if not isinstance(raw, dict):
        raise TemplateError(where, "must be a table", key="dialect")
    _unknown_keys(raw, DIALECT_KEYS, where, None, "dialect.")
    delimiter = raw.get("delimiter", ",")
    if delimiter == "\\t":
        delimiter = "\t"
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\"\r\n":
        raise TemplateError(where, "must be one character other than a quote or line break",
                            key="dialect.delimiter")
    encoding = raw.get("encoding", "utf-8")
    if encoding not in ENCODINGS:
        raise TemplateError(where, f"must be one of {', '.join(ENCODINGS)}",
                            key="dialect.encoding")
    line_ending = raw.get("line_ending", "crlf")
    if not isinstance(line_ending, str) or line_ending not in LINE_ENDINGS:
        raise TemplateError(where, "must be 'crlf', 'lf' or 'cr'", key="dialect.line_ending")
    quoting = raw.get("quoting", "minimal")
    if quoting not in QUOTING:
        raise TemplateError(where, f"must be one of {', '.join(QUOTING)}", key="dialect.quoting")
    preamble = raw.get("preamble", [])
    if not isinstance(preamble, list) or not all(isinstance(x, str) for x in preamble):
        raise TemplateError(where, "must be a list of strings", key="dialect.preamble")
    return Dialect(
        delimiter=delimiter,
        encoding=encoding,
        bom=_bool(raw, "bom", False, where, "dialect."),
        line_ending=LINE_ENDINGS[line_ending],
        quoting=quoting,
        header=_bool(raw, "header", True, where, "dialect."),
        preamble=tuple(preamble),
        line_suffix=str(raw.get("line_suffix", "")),
    )


def _parse_settings(raw: Any, where: str) -> dict[str, Setting]:
    if not isinstance(raw, dict):
        raise TemplateError(where, "must be a table of [settings.KEY] tables", key="settings")
    settings: dict[str, Setting] = {}
    for key, spec in raw.items():
        if not isinstance(spec, dict):
            raise TemplateError(where, "must be a table", key=f"settings.{key}")
        _unknown_keys(spec, SETTING_KEYS, where, None, f"settings.{key}.")
        default = spec.get("default")
        settings[key] = Setting(
            key=key,
            description=str(spec.get("description", "")),
            default=None if default is None else str(default),
            example=None if spec.get("example") is None else str(spec["example"]),
        )
    return settings


def _parse_column(raw: Any, index: int, where: str, settings: dict[str, Setting]) -> Column:
    if not isinstance(raw, dict):
        raise TemplateError(where, f"[[columns]] entry {index + 1} must be a table", key="columns")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise TemplateError(where, f"[[columns]] entry {index + 1} needs a non-empty name",
                            key="name")
    _unknown_keys(raw, COLUMN_KEYS, where, name, "")
    col_type = raw.get("type", "text")
    if col_type not in COLUMN_TYPES:
        raise TemplateError(where, f"must be one of {', '.join(COLUMN_TYPES)}", column=name,
                            key="type")
    source = raw.get("source", [])
    if isinstance(source, str):
        source = [source]
    if not isinstance(source, list):
        raise TemplateError(where, "must be a field name or a list of them", column=name,
                            key="source")
    for item in source:
        if not isinstance(item, str) or item not in FIELDS:
            raise TemplateError(where, f"{item!r} is not a canonical field; use one of "
                                f"{', '.join(FIELDS)}", column=name, key="source")
    derive = raw.get("derive")
    if derive is not None and (not isinstance(derive, str) or derive not in DERIVED):
        raise TemplateError(where, f"must be one of {', '.join(DERIVED)}", column=name,
                            key="derive")
    setting = raw.get("setting")
    if setting is not None and (not isinstance(setting, str) or setting not in settings):
        raise TemplateError(where, f"names setting {setting!r}, which has no [settings.{setting}]"
                            " table", column=name, key="setting")
    lookup = _parse_lookup(raw.get("lookup"), where, name)
    constant = _opt_text(raw, "constant", where, name)
    has_input = source or raw.get("column") or derive or lookup or setting or (
        constant is not None) or raw.get("default") is not None
    if not has_input:
        raise TemplateError(where, "says nowhere where its value comes from; give source, column,"
                            " derive, lookup, setting, constant or default", column=name,
                            key="source")
    column = Column(
        name=name,
        type=col_type,
        source=tuple(source),
        column=_opt_text(raw, "column", where, name),
        derive=derive,
        lookup=lookup,
        setting=setting,
        constant=constant,
        default=_opt_text(raw, "default", where, name),
        format=_opt_text(raw, "format", where, name),
        unit=_opt_text(raw, "unit", where, name),
        decimals=_opt_int(raw, "decimals", where, name),
        decimal_separator=_opt_text(raw, "decimal_separator", where, name) or ".",
        increment=_opt_text(raw, "increment", where, name),
        rounding=_opt_text(raw, "rounding", where, name),
        required=_bool(raw, "required", False, where, "", column=name),
        max_length=_opt_int(raw, "max_length", where, name),
        values=tuple(_str_list(raw, "values", where, name)),
        value_map=tuple(_str_map(raw, "map", where, name)),
        true_text=_opt_text(raw, "true", where, name) or "true",
        false_text=_opt_text(raw, "false", where, name) or "false",
        description=_opt_text(raw, "description", where, name) or "",
    )
    _check_type_keys(column, where)
    return column


def _check_type_keys(col: Column, where: str) -> None:
    """Keys that only make sense for some types, and formats that must compile."""
    from addin.convert.dates import DateFormat
    from addin.convert.durations import parse_duration

    if col.type in ("date", "time", "datetime"):
        if not col.format:
            raise TemplateError(where, f"a {col.type} column needs a format, e.g. 'YYYY-MM-DD'",
                                column=col.name, key="format")
        try:
            DateFormat(col.format)
        except ValueError as exc:
            raise TemplateError(where, str(exc), column=col.name, key="format") from None
    elif col.format:
        raise TemplateError(where, f"only date, time and datetime columns take a format; this is"
                            f" a {col.type} column", column=col.name, key="format")
    if col.type == "duration":
        if col.unit not in DURATION_UNITS:
            raise TemplateError(where, f"a duration column needs unit, one of "
                                f"{', '.join(DURATION_UNITS)}", column=col.name, key="unit")
    elif col.unit is not None:
        raise TemplateError(where, "only duration columns take a unit", column=col.name,
                            key="unit")
    if col.increment is not None:
        if col.type != "duration":
            raise TemplateError(where, "only duration columns take an increment",
                                column=col.name, key="increment")
        try:
            seconds = parse_duration(col.increment)
        except ValueError:
            seconds = Decimal(0)
        if seconds <= 0:
            raise TemplateError(where, "must be a positive duration such as '0.1h' or '6 min'",
                                column=col.name, key="increment")
        if col.rounding is None:
            raise TemplateError(where, "an increment needs a rounding mode", column=col.name,
                                key="rounding")
    if col.rounding is not None and col.rounding not in ROUNDING_MODES:
        raise TemplateError(where, f"must be one of {', '.join(ROUNDING_MODES)}", column=col.name,
                            key="rounding")
    if col.decimal_separator not in (".", ","):
        raise TemplateError(where, "must be '.' or ','", column=col.name,
                            key="decimal_separator")
    if col.decimals is not None and col.decimals < 0:
        raise TemplateError(where, "must be 0 or more", column=col.name, key="decimals")
    if col.type == "enum" and not col.values:
        raise TemplateError(where, "an enum column needs the list of values it accepts",
                            column=col.name, key="values")
    if col.max_length is not None and col.max_length < 1:
        raise TemplateError(where, "must be 1 or more", column=col.name, key="max_length")


def _parse_lookup(raw: Any, where: str, column: str) -> Lookup | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"table", "key"}:
        raise TemplateError(where, "must be a table { table = \"NAME\", key = \"FIELD\" }",
                            column=column, key="lookup")
    if not isinstance(raw["key"], str) or raw["key"] not in FIELDS:
        raise TemplateError(where, f"{raw['key']!r} is not a canonical field", column=column,
                            key="lookup.key")
    if not isinstance(raw["table"], str) or not ID_PATTERN.match(raw["table"]):
        raise TemplateError(where, "must be a lower-case name such as 'customers'",
                            column=column, key="lookup.table")
    return Lookup(table=raw["table"], key=raw["key"])


def _unknown_keys(raw: dict[str, Any], allowed: set[str], where: str, column: str | None,
                  prefix: str) -> None:
    for key in raw:
        if key not in allowed:
            raise TemplateError(where, f"is not a known key; known keys are "
                                f"{', '.join(sorted(allowed))}", column=column, key=prefix + key)


def _table(data: dict[str, Any], key: str, where: str, column: str | None) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise TemplateError(where, f"needs a [{key}] table", column=column, key=key)
    return value


def _text(raw: dict[str, Any], key: str, where: str, column: str | None, required: bool = False,
          prefix: str = "") -> str:
    value = raw.get(key)
    if value is None:
        if required:
            raise TemplateError(where, "is required", column=column, key=prefix + key)
        return ""
    if not isinstance(value, str):
        raise TemplateError(where, "must be a string", column=column, key=prefix + key)
    return value


def _opt_text(raw: dict[str, Any], key: str, where: str, column: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TemplateError(where, "must be a string", column=column, key=key)
    return value if isinstance(value, str) else str(value)


def _opt_int(raw: dict[str, Any], key: str, where: str, column: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TemplateError(where, "must be a whole number", column=column, key=key)
    return value


def _bool(raw: dict[str, Any], key: str, default: bool, where: str, prefix: str,
          column: str | None = None) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise TemplateError(where, "must be true or false", column=column, key=prefix + key)
    return value


def _str_list(raw: dict[str, Any], key: str, where: str, column: str) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(where, "must be a list of strings", column=column, key=key)
    return value


def _str_map(raw: dict[str, Any], key: str, where: str, column: str) -> list[tuple[str, str]]:
    value = raw.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TemplateError(where, "must be a table of \"input\" = \"output\" strings",
                            column=column, key=key)
    return list(value.items())
