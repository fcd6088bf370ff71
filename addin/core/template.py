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

from addin.core.canonical import DERIVED, FIELDS
from addin.core.errors import TemplateError

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

TEMPLATE_KEYS = {"template", "dialect", "settings", "columns"}
HEADER_KEYS = {"id", "name", "target", "version", "description", "formula_policy", "docs",
               "unique", "invoice_by", "sources", "unverified", "max_rows", "max_bytes"}
DIALECT_KEYS = {"delimiter", "encoding", "bom", "line_ending", "quoting", "header", "preamble",
                "line_suffix", "replace", "transliterate"}
SETTING_KEYS = {"description", "default", "example"}
COLUMN_KEYS = {
    "name", "source", "column", "derive", "setting", "override", "constant", "default", "type",
    "format", "format_setting", "unit", "decimals", "decimal_separator", "increment", "rounding",
    "required", "max_length", "max", "pattern", "values", "map", "true", "false", "utc", "compose",
    "description", "pattern_severity", "needs", "clears_when_empty", "positive",
}
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
    dialect = _parse_dialect(data.get("dialect", {}), where)
    if dialect.header:
        for name in names:
            _check_header_name(name, dialect, where)
    for line in dialect.preamble:
        for ref in PLACEHOLDER.findall(line):
            if ref not in settings:
                raise TemplateError(where, f"names {{{ref}}}, which has no [settings.{ref}]"
                                    " table", key="dialect.preamble")
    invoice_by = head.get("invoice_by", [])
    if not isinstance(invoice_by, list) or any(
            not isinstance(f, str) or f not in FIELDS for f in invoice_by):
        raise TemplateError(where, "must be a list of canonical fields", key="template.invoice_by")
    unique = head.get("unique", [])
    if not isinstance(unique, list) or any(u not in names for u in unique):
        raise TemplateError(where, "must be a list of this template's column names",
                            key="template.unique")
    for col in columns:
        if col.needs is not None and (col.needs not in names or col.needs == col.name):
            raise TemplateError(where, f"names {col.needs!r}, which is not another column of"
                                " this template", column=col.name, key="needs")
    sources = head.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        raise TemplateError(where, "must be a list of links or repository paths",
                            key="template.sources")
    limits = {key: head.get(key) for key in ("max_rows", "max_bytes")}
    for key, limit in limits.items():
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)
                                  or limit < 1):
            raise TemplateError(where, "must be a whole number, 1 or more", key=f"template.{key}")
    return Template(
        id=template_id,
        name=_text(head, "name", where, None, required=True, prefix="template."),
        target=_text(head, "target", where, None, required=True, prefix="template."),
        version=str(head.get("version", "1")),
        path=where,
        dialect=dialect,
        columns=columns,
        settings=settings,
        description=_text(head, "description", where, None, prefix="template.") or "",
        formula_policy=policy,
        docs=_text(head, "docs", where, None, prefix="template."),
        unique=tuple(unique),
        invoice_by=tuple(invoice_by),
        sources=tuple(sources),
        unverified=_text(head, "unverified", where, None, prefix="template."),
        max_rows=limits["max_rows"],
        max_bytes=limits["max_bytes"],
    )


def _check_header_name(name: str, dialect: Dialect, where: str) -> None:
    """A column name the header row can hold as the dialect writes it."""
    breaking = [c for c in (dialect.delimiter, "\r", "\n") if c in name]
    if dialect.quoting == "none" and breaking:
        what = "a line break" if breaking[0] in "\r\n" else f"the delimiter {breaking[0]!r}"
        raise TemplateError(where, f"holds {what}, and with quoting = \"none\" the header row"
                            " cannot hold it; rename the column or quote the file", column=name,
                            key="name")
    try:
        name.encode(dialect.encoding)
    except UnicodeEncodeError as exc:
        raise TemplateError(where, f"holds {name[exc.start:exc.end]!r}, which {dialect.encoding}"
                            " cannot hold; rename the column or choose another encoding",
                            column=name, key="name") from None


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
    replace = raw.get("replace", {})
    if not isinstance(replace, dict) or not all(
            isinstance(k, str) and k and isinstance(v, str) for k, v in replace.items()):
        raise TemplateError(where, "must be a table of \"text\" = \"stand-in\" strings",
                            key="dialect.replace")
    bom = _bool(raw, "bom", False, where, "dialect.")
    if bom and encoding != "utf-8":
        raise TemplateError(where, f"a byte order mark is written only in UTF-8, and the"
                            f" encoding is {encoding}; set bom = false, or encoding = \"utf-8\"",
                            key="dialect.bom")
    return Dialect(
        delimiter=delimiter,
        encoding=encoding,
        bom=bom,
        line_ending=LINE_ENDINGS[line_ending],
        quoting=quoting,
        header=_bool(raw, "header", True, where, "dialect."),
        preamble=tuple(preamble),
        line_suffix=str(raw.get("line_suffix", "")),
        replace=tuple(replace.items()),
        transliterate=_bool(raw, "transliterate", False, where, "dialect."),
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
    setting, override, format_setting = (
        _setting_ref(raw, key, where, name, settings) for key in
        ("setting", "override", "format_setting"))
    constant = _opt_text(raw, "constant", where, name)
    compose = _opt_text(raw, "compose", where, name)
    for ref in PLACEHOLDER.findall(compose or ""):
        if ref not in FIELDS:
            raise TemplateError(where, f"{{{ref}}} is not a canonical field", column=name,
                                key="compose")
    has_input = source or compose or raw.get("column") or derive or setting or override or (
        constant is not None) or raw.get("default") is not None
    if not has_input:
        raise TemplateError(where, "says nowhere where its value comes from; give source, column,"
                            " derive, setting, override, constant or default", column=name,
                            key="source")
    column = Column(
        name=name,
        type=col_type,
        source=tuple(source),
        column=_opt_text(raw, "column", where, name),
        derive=derive,
        compose=compose,
        setting=setting,
        override=override,
        constant=constant,
        default=_opt_text(raw, "default", where, name),
        format=_opt_text(raw, "format", where, name) or (
            settings[format_setting].default if format_setting else None),
        format_setting=format_setting,
        unit=_opt_text(raw, "unit", where, name),
        decimals=_opt_int(raw, "decimals", where, name),
        decimal_separator=_opt_text(raw, "decimal_separator", where, name) or ".",
        increment=_opt_text(raw, "increment", where, name),
        rounding=_opt_text(raw, "rounding", where, name),
        required=_bool(raw, "required", False, where, "", column=name),
        max_length=_opt_int(raw, "max_length", where, name),
        max=_opt_text(raw, "max", where, name),
        positive=_bool(raw, "positive", False, where, "", column=name),
        pattern=_pattern(raw, where, name),
        values=tuple(_str_list(raw, "values", where, name)),
        value_map=tuple(_str_map(raw, "map", where, name)),
        true_text=_text_or(raw, "true", "true", where, name),
        false_text=_text_or(raw, "false", "false", where, name),
        utc=_bool(raw, "utc", False, where, "", column=name),
        description=_opt_text(raw, "description", where, name) or "",
        pattern_severity=_opt_text(raw, "pattern_severity", where, name) or "error",
        needs=_opt_text(raw, "needs", where, name),
        clears_when_empty=_bool(raw, "clears_when_empty", False, where, "", column=name),
    )
    _check_type_keys(column, where)
    if column.type == "boolean" and (
            column.true_text.strip().casefold() == column.false_text.strip().casefold()):
        raise TemplateError(where, f"is {column.false_text!r}, the same as true; an importer"
                            " could not tell yes from no", column=name, key="false")
    return column


def _check_type_keys(col: Column, where: str) -> None:
    """Keys that only make sense for some types, and formats that must compile."""
    from addin.convert.dates import DateFormat
    from addin.convert.durations import parse_duration
    from addin.convert.increments import UnitlessError, increment_seconds

    if col.type in ("date", "time", "datetime"):
        if not col.format:
            raise TemplateError(where, f"a {col.type} column needs a format, e.g. 'YYYY-MM-DD'",
                                column=col.name, key="format")
        try:
            compiled = DateFormat(col.format)
        except ValueError as exc:
            raise TemplateError(where, str(exc), column=col.name, key="format") from None
        if (compiled.has_date, compiled.has_time) != (col.type != "time", col.type != "date"):
            raise TemplateError(where, f"{col.format!r} does not fit a {col.type} column; a date"
                                " takes a day, month and year, a time hours and minutes, a"
                                " datetime both", column=col.name, key="format")
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
            increment_seconds(col.increment)
        except UnitlessError as exc:
            raise TemplateError(where, f"{exc} Write {' or '.join(exc.readings)}",
                                column=col.name, key="increment") from None
        except ValueError as exc:
            raise TemplateError(where, str(exc), column=col.name, key="increment") from None
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
    if col.max is not None:
        if col.type not in ("duration", "number", "money"):
            raise TemplateError(where, "only duration, number and money columns take a max",
                                column=col.name, key="max")
        try:
            (parse_duration if col.type == "duration" else Decimal)(col.max)
        except (ValueError, ArithmeticError):
            raise TemplateError(where, "must be a duration such as \"23:59\" or a number",
                                column=col.name, key="max") from None
    if col.positive and col.type not in ("duration", "number", "money"):
        raise TemplateError(where, "only duration, number and money columns can be positive",
                            column=col.name, key="positive")
    if col.utc and col.type != "datetime":
        raise TemplateError(where, "only datetime columns convert to UTC", column=col.name,
                            key="utc")
    if col.pattern is not None and col.type not in ("text", "enum"):
        raise TemplateError(where, "only text columns take a pattern", column=col.name,
                            key="pattern")
    if col.pattern_severity not in SEVERITIES:
        raise TemplateError(where, f"must be one of {', '.join(SEVERITIES)}", column=col.name,
                            key="pattern_severity")
    if col.clears_when_empty and col.required:
        raise TemplateError(where, "a required column is never empty, so it cannot be left out",
                            column=col.name, key="clears_when_empty")
    if col.max_length is not None and col.max_length < 1:
        raise TemplateError(where, "must be 1 or more", column=col.name, key="max_length")


def _setting_ref(raw: dict[str, Any], key: str, where: str, column: str,
                 settings: dict[str, Setting]) -> str | None:
    name = raw.get(key)
    if name is not None and (not isinstance(name, str) or name not in settings):
        raise TemplateError(where, f"names setting {name!r}, which has no [settings.{name}]"
                            " table", column=column, key=key)
    return name


def _pattern(raw: dict[str, Any], where: str, column: str) -> str | None:
    pattern = _opt_text(raw, "pattern", where, column)
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise TemplateError(where, f"is not a valid regular expression ({exc})",
                                column=column, key="pattern") from None
    return pattern


def _text_or(raw: dict[str, Any], key: str, default: str, where: str, column: str) -> str:
    value = _opt_text(raw, key, where, column)
    return default if value is None else value


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
