"""Typed readers of a template's TOML tables: each value of the wrong type or an unknown key is a
TemplateError naming the file, the column and the key."""

from __future__ import annotations

from typing import Any

from addin.core.errors import TemplateError


def unknown_keys(raw: dict[str, Any], allowed: set[str], where: str, column: str | None,
                 prefix: str) -> None:
    for key in raw:
        if key not in allowed:
            raise TemplateError(where, f"is not a known key; known keys are "
                                f"{', '.join(sorted(allowed))}", column=column, key=prefix + key)


def required_table(data: dict[str, Any], key: str, where: str,
                   column: str | None) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise TemplateError(where, f"needs a [{key}] table", column=column, key=key)
    return value


def text_value(raw: dict[str, Any], key: str, where: str, column: str | None,
               required: bool = False, prefix: str = "") -> str:
    value = raw.get(key)
    if value is None:
        if required:
            raise TemplateError(where, "is required", column=column, key=prefix + key)
        return ""
    if not isinstance(value, str):
        raise TemplateError(where, "must be a string", column=column, key=prefix + key)
    return value


def optional_text(raw: dict[str, Any], key: str, where: str, column: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TemplateError(where, "must be a string", column=column, key=key)
    return value if isinstance(value, str) else str(value)


def text_or(raw: dict[str, Any], key: str, default: str, where: str, column: str) -> str:
    value = optional_text(raw, key, where, column)
    return default if value is None else value


def optional_int(raw: dict[str, Any], key: str, where: str, column: str) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TemplateError(where, "must be a whole number", column=column, key=key)
    return value


def bool_value(raw: dict[str, Any], key: str, default: bool, where: str, prefix: str,
               column: str | None = None) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise TemplateError(where, "must be true or false", column=column, key=prefix + key)
    return value


def string_list(raw: dict[str, Any], key: str, where: str, column: str) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateError(where, "must be a list of strings", column=column, key=key)
    return value


def string_map(raw: dict[str, Any], key: str, where: str, column: str) -> list[tuple[str, str]]:
    value = raw.get(key, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TemplateError(where, "must be a table of \"input\" = \"output\" strings",
                            column=column, key=key)
    return list(value.items())
