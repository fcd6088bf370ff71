"""A drafted target template written as TOML, every guess and every open point a comment
("# guess: ...", "# TODO: ...") above the keys it is about; `importmap check-template` reads
the TODOs back (addin.core.template_todos)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence

from addin.core.template_draft import DraftColumn

WIDTH = 100
GUESS = "guess"
TODO = "TODO"


def value_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def comment(kind: str, text: str) -> list[str]:
    """'# kind: text', wrapped; continuation lines are indented so a reader joins them."""
    return textwrap.wrap(f"{kind}: {text}", WIDTH - 2, initial_indent="# ",
                         subsequent_indent="#   ", break_long_words=False,
                         break_on_hyphens=False)


def _keys(keys: dict[str, object]) -> list[str]:
    return [f"{key} = {value_text(value)}" for key, value in keys.items()]


def draft_text(head: dict[str, object], head_notes: Sequence[str],
               dialect: dict[str, object], dialect_notes: Sequence[str],
               dialect_todos: Sequence[str], columns: Sequence[DraftColumn]) -> str:
    lines = [*(line for note in head_notes for line in comment("note", note)),
             "[template]", *_keys(head), "", "[dialect]"]
    for note in dialect_notes:
        lines += comment(GUESS, note)
    for todo in dialect_todos:
        lines += comment(TODO, todo)
    lines += _keys({**dialect, "quoting": "minimal", "header": True})
    for column in columns:
        if column.setting is not None:
            key, description = column.setting
            lines += ["", f"[settings.{key}]", f"description = {value_text(description)}"]
    for column in columns:
        lines += ["", "[[columns]]", f"name = {value_text(column.name)}"]
        for note in column.notes:
            lines += comment(GUESS, note)
        for todo in column.todos:
            lines += comment(TODO, todo)
        lines += _keys(column.keys)
    return "\n".join(lines) + "\n"
