"""What a target template leaves to do: the TODO comments a drafted template carries (per
column, or for the dialect), the columns nothing fills, and the settings a run may give."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from addin.core import fixes
from addin.core.template import Column, Template

_NAME = re.compile(r'\s*name\s*=\s*"((?:[^"\\]|\\.)*)"')
_SECTION = re.compile(r"\s*\[+\s*([^\]]+?)\s*\]+")


@dataclass
class Open:
    """Open points, in the order of the template: (where, what)."""

    todos: list[tuple[str, str]] = field(default_factory=list)
    unfilled: list[tuple[str, str]] = field(default_factory=list)
    optional_settings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.todos and not self.unfilled


def todo_comments(text: str) -> list[tuple[str, str]]:
    """(where, text) of every '# TODO:' comment: where is 'column NAME' inside a [[columns]]
    table, else the section's name; wrapped continuation lines ('#   ...') are joined."""
    found: list[tuple[str, str]] = []
    where, column_table, continuing = "the template", False, False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("# TODO:"):
            found.append((where, stripped[len("# TODO:"):].strip()))
            continuing = True
            continue
        if continuing and stripped.startswith("#   "):
            found[-1] = (found[-1][0], f"{found[-1][1]} {stripped[1:].strip()}")
            continue
        continuing = False
        if section := _SECTION.fullmatch(stripped):
            column_table = section.group(1) == "columns"
            where = "a column" if column_table else f"[{section.group(1)}]"
        elif column_table and (name := _NAME.match(stripped)):
            new = f"column {name.group(1)!r}"
            # TODOs written above the column's name in the table belong to it too.
            found = [(new if w == "a column" else w, t) for w, t in found]
            where = new
    return found


def fills(column: Column, template: Template) -> bool:
    """Whether anything but a setting the user has to give fills the column."""
    if (column.source or column.column or column.derive or column.compose
            or column.constant is not None or column.default is not None):
        return True
    for key in (column.setting, column.override):
        setting = template.settings.get(key) if key else None
        if setting is not None and setting.default is not None:
            return True
    return False


def open_points(template: Template, text: str, channel: fixes.Channel = "cli") -> Open:
    found = Open(todos=todo_comments(text))
    todo_columns = {w for w, _ in found.todos}
    asked = set()
    for column in template.columns:
        if fills(column, template):
            continue
        where = f"column {column.name!r}"
        key = column.setting or column.override
        if key:
            asked.add(key)
        if where in todo_columns:
            continue
        found.unfilled.append((where, f"nothing fills it; give"
                               f" {fixes.setting(key).render(channel)} at each run"
                               if key else "nothing fills it; give it a source"))
    for key, setting in template.settings.items():
        if setting.default is None and key not in asked:
            found.optional_settings.append((key, setting.description))
    return found
