"""A template's [[columns]] entries read and checked: where each column's value comes from, and
the keys its type takes (a date column's format must compile, only durations take a unit...)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from addin.core.canonical import DERIVED, FIELDS
from addin.core.errors import TemplateError
from addin.core.template import (
    COLUMN_TYPES,
    DURATION_UNITS,
    PLACEHOLDER,
    ROUNDING_MODES,
    SEVERITIES,
    Column,
    Setting,
)
from addin.core.template_toml import (
    bool_value,
    optional_int,
    optional_text,
    string_list,
    string_map,
    text_or,
    unknown_keys,
)

COLUMN_KEYS = {
    "name", "source", "column", "derive", "setting", "override", "constant", "default", "type",
    "format", "format_setting", "unit", "decimals", "decimal_separator", "increment", "rounding",
    "required", "max_length", "max", "pattern", "values", "map", "true", "false", "utc", "compose",
    "description", "pattern_severity", "needs", "clears_when_empty", "positive",
}


def parse_column(raw: Any, index: int, where: str, settings: dict[str, Setting]) -> Column:
    if not isinstance(raw, dict):
        raise TemplateError(where, f"[[columns]] entry {index + 1} must be a table", key="columns")
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise TemplateError(where, f"[[columns]] entry {index + 1} needs a non-empty name",
                            key="name")
    unknown_keys(raw, COLUMN_KEYS, where, name, "")
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
    constant = optional_text(raw, "constant", where, name)
    compose = optional_text(raw, "compose", where, name)
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
        column=optional_text(raw, "column", where, name),
        derive=derive,
        compose=compose,
        setting=setting,
        override=override,
        constant=constant,
        default=optional_text(raw, "default", where, name),
        format=optional_text(raw, "format", where, name) or (
            settings[format_setting].default if format_setting else None),
        format_setting=format_setting,
        unit=optional_text(raw, "unit", where, name),
        decimals=optional_int(raw, "decimals", where, name),
        decimal_separator=optional_text(raw, "decimal_separator", where, name) or ".",
        increment=optional_text(raw, "increment", where, name),
        rounding=optional_text(raw, "rounding", where, name),
        required=bool_value(raw, "required", False, where, "", column=name),
        max_length=optional_int(raw, "max_length", where, name),
        max=optional_text(raw, "max", where, name),
        positive=bool_value(raw, "positive", False, where, "", column=name),
        pattern=_pattern(raw, where, name),
        values=tuple(string_list(raw, "values", where, name)),
        value_map=tuple(string_map(raw, "map", where, name)),
        true_text=text_or(raw, "true", "true", where, name),
        false_text=text_or(raw, "false", "false", where, name),
        utc=bool_value(raw, "utc", False, where, "", column=name),
        description=optional_text(raw, "description", where, name) or "",
        pattern_severity=optional_text(raw, "pattern_severity", where, name) or "error",
        needs=optional_text(raw, "needs", where, name),
        clears_when_empty=bool_value(raw, "clears_when_empty", False, where, "", column=name),
    )
    _check_type_keys(column, where)
    if column.type == "boolean" and (
            column.true_text.strip().casefold() == column.false_text.strip().casefold()):
        raise TemplateError(where, f"is {column.false_text!r}, the same as true; an importer"
                            " could not tell yes from no", column=name, key="false")
    return column


# The column types a derived value can be written as: a start is a time, a date-time or its
# date; hours a duration or a number; money a money or number column. Text takes any of them.
_WRITTEN_AS = {
    "start": ("time", "datetime", "date"), "end": ("time", "datetime", "date"),
    "period_start": ("date", "datetime"), "period_end": ("date", "datetime"),
    "hours": ("duration", "number"), "amount": ("money", "number"), "fee": ("money", "number"),
    "invoice_total": ("money", "number"), "line_number": ("number",),
    "invoice_number": ("number",),
}


def _check_derive_type(col: Column, where: str) -> None:
    fits = _WRITTEN_AS.get(col.derive or "")
    if fits is not None and col.type not in (*fits, "text"):
        raise TemplateError(where, f"derive = {col.derive!r} gives a value a {col.type} column"
                            f" cannot hold; make the column's type {' or '.join(fits)}",
                            column=col.name, key="type")


def _check_type_keys(col: Column, where: str) -> None:
    """Keys that only make sense for some types, and formats that must compile."""
    _check_derive_type(col, where)
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
    pattern = optional_text(raw, "pattern", where, column)
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise TemplateError(where, f"is not a valid regular expression ({exc})",
                                column=column, key="pattern") from None
    return pattern
