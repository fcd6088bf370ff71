"""Map small literal tables with a template given as TOML text."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence

from addin.core.lookups import LookupTable, build_table
from addin.core.options import MapOptions
from addin.core.pipeline import TableResult, map_table
from addin.core.template import Template
from addin.core.template_loading import parse_template
from addin.files.registry import find_template


def template_from(text: str) -> Template:
    return parse_template(tomllib.loads(text), "test.toml")


def map_with(template: Template | str, table: Sequence[Sequence[object]],
             **options: object) -> TableResult:
    if isinstance(template, str):
        template = find_template(template) if "\n" not in template else template_from(template)
    return map_table(template, table, MapOptions(**options))  # type: ignore[arg-type]


def values(result: TableResult) -> list[list[str]]:
    return [row.values for row in result.rows]


def lookup_table(name: str, rows: Sequence[Sequence[object]]) -> LookupTable:
    """A lookup table from literal rows, the first being the header."""
    return build_table(name, rows[0], enumerate(rows[1:], start=2), f"{name}.csv")


def column(result: TableResult, name: str) -> list[str]:
    """The written values of one output column, by its header name."""
    index = result.plan.template.header.index(name)
    return [row.values[index] for row in result.rows]
