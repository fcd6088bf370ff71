"""Save target: the `Target template` sheet New target wrote (target_sheet), after the user's
edits, rendered as TOML by the command line's own writer (addin.core.draft_toml), loaded back
with the real template loader, and written as `<id>.toml` into the user templates folder, where
the Target list finds it. A mistake names the sheet's cell and what to write there."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any

from addin.core.cells import address
from addin.core.draft_toml import draft_text
from addin.core.errors import TemplateError
from addin.core.template import Template
from addin.core.template_draft import DraftColumn
from addin.core.template_loading import parse_template
from addin.core.template_todos import open_points
from addin.excel import sheet_io as xio
from addin.excel.alerts import TITLE, ExpectedProblem
from addin.excel.target_sheet import (
    COLUMN_KEYS,
    COLUMN_TITLES,
    DIALECT_KEYS,
    HEAD_KEYS,
    LIST_SEPARATOR,
    NO,
    SHEET,
    YES,
)
from addin.excel.workbook_settings import store_template_id
from addin.files.atomic_text import write_text_atomically
from addin.files.registry import builtin_templates, user_folder
from addin.files.xlsx_cells import as_shown

YES_NO_KEYS = {"bom", "required"}


@dataclass
class SheetDraft:
    """The sheet read back: the draft's parts, and the cell each key was read from."""
    sheet: str
    head: dict[str, object] = field(default_factory=dict)
    head_notes: list[str] = field(default_factory=list)
    dialect: dict[str, object] = field(default_factory=dict)
    dialect_notes: list[str] = field(default_factory=list)
    dialect_todos: list[str] = field(default_factory=list)
    columns: list[DraftColumn] = field(default_factory=list)
    cells: dict[tuple[str | None, str], str] = field(default_factory=dict)  # (column, key)

    def problem(self, cell: str, what: str) -> ExpectedProblem:
        return ExpectedProblem(f"On the sheet {self.sheet!r}, cell {cell}: {what} Correct it,"
                               " then click Save target again.")


def save_target_sheet(book: Any) -> str:
    sheet = _target_sheet(book)
    values, top, left = xio.read_used(sheet)
    xio.refuse_cell_errors(values, top, left, f"Sheet {sheet.name!r}")
    draft = read_draft(values, top, left, sheet.name)
    text = draft_text(draft.head, draft.head_notes, draft.dialect, draft.dialect_notes,
                      draft.dialect_todos, draft.columns)
    template = checked(text, draft)
    path = user_folder() / f"{template.id}.toml"
    app = book.app
    if template.id in {t.id for t in builtin_templates()} and app.alert(
            f"{template.id} is a built-in template's id: saved, yours replaces it in the Target"
            " list (and for the command line). Save anyway? (Or choose No and give another id"
            " on the sheet.)", TITLE, buttons="yes_no") != "yes":
        return "Save target: nothing saved"
    if path.exists() and app.alert(f"{path.name} already exists in {path.parent}. Replace it?",
                                   TITLE, buttons="yes_no") != "yes":
        return "Save target: nothing saved"
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise ExpectedProblem(f"{path} cannot be written ({exc.strerror}); check that the folder"
                              " can be written to, then click Save target again.") from None
    store_template_id(book, template.id)
    left_over = open_points(template, text, "excel")
    todo = [f"- {where}: {what}" for where, what in [*left_over.todos, *left_over.unfilled]]
    app.alert(f"Saved the target {template.name} to {path}. The Target list now holds it"
              f" ({template.id}) and it is this workbook's target: select the sheet with your"
              " time entries and click Apply template."
              + (f"\n\nLeft to settle ({len(todo)}; clear a TODO on the sheet once done):\n"
                 + "\n".join(todo[:8]) + ("\n..." if len(todo) > 8 else "") if todo else ""),
              TITLE)
    return f"saved {path.name}"


def _target_sheet(book: Any) -> Any:
    active = book.sheets.active
    if active.name.casefold().startswith(SHEET.casefold()):
        return active
    for sheet in book.sheets:
        if sheet.name.casefold() == SHEET.casefold():
            return sheet
    raise ExpectedProblem(f"There is no sheet {SHEET!r} in this workbook. Open your billing"
                          " system's import template, click New target, edit the sheet it"
                          " writes, then click Save target.")


def read_draft(values: list[list[object]], top: int, left: int, sheet: str) -> SheetDraft:
    draft = SheetDraft(sheet)
    lines = [[_text(v) for v in line] for line in values]
    start = next((i for i, line in enumerate(lines) if line and line[0] == COLUMN_TITLES[0]),
                 None)
    if start is None or lines[start][:len(COLUMN_TITLES)] != COLUMN_TITLES:
        raise ExpectedProblem(f"The sheet {sheet!r} has no row of column keys ("
                              f"{', '.join(COLUMN_TITLES)}). Click New target to draft it again.")
    for n, line in enumerate(lines[:start]):
        key, value, guess, todo = (line + ["", "", "", ""])[:4]
        cell = address(top + n, left + 1)
        if key in HEAD_KEYS and value:
            draft.head[key] = [v.strip() for v in value.replace("\n", LIST_SEPARATOR).split(
                LIST_SEPARATOR) if v.strip()] if key == "sources" else value
            draft.head_notes += [f"{key}: {g}" for g in guess.splitlines() if g]
        elif key in DIALECT_KEYS:
            draft.dialect[key] = _yes_no(draft, cell, key, value) if key == "bom" else value
            draft.dialect_notes += guess.splitlines()
            draft.dialect_todos += todo.splitlines()
        elif key and key not in ("key", *HEAD_KEYS):
            raise draft.problem(address(top + n, left), f"{key!r} is not a key of a target;"
                                f" the keys are {', '.join(HEAD_KEYS + DIALECT_KEYS)}.")
        draft.cells[(None, key)] = cell
    draft.head.setdefault("version", "1")
    declared: set[str] = set()
    for n, line in enumerate(lines[start + 1:], start=top + start + 1):
        if not any(line):
            continue
        line = (line + [""] * len(COLUMN_TITLES))[:len(COLUMN_TITLES)]
        name = line[0]
        if not name:
            raise draft.problem(address(n, left), "a column needs its title (the text of the"
                                " importer's header); type it, or delete the row.")
        column = DraftColumn(name)
        draft.cells[(name, "name")] = address(n, left)
        for offset, key in enumerate(COLUMN_KEYS, start=1):
            draft.cells[(name, key)] = cell = address(n, left + offset)
            if line[offset]:
                column.keys[key] = _key_value(draft, cell, key, line[offset])
        setting = column.keys.get("setting")
        if isinstance(setting, str) and setting not in declared:
            declared.add(setting)  # one [settings.KEY] table, however many columns read it
            column.setting = (setting, f"the value written in {name!r}")
        column.notes = line[-2].splitlines()
        column.todos = line[-1].splitlines()
        draft.columns.append(column)
    return draft


LOWER_CASE_KEYS = ("source", "derive", "type", "unit")


def _key_value(draft: SheetDraft, cell: str, key: str, text: str) -> object:
    if key in YES_NO_KEYS:
        return _yes_no(draft, cell, key, text)
    if key == "decimals":
        if not text.isdigit():
            raise draft.problem(cell, f"decimals is {text!r}; write a whole number (2 for"
                                " 1.50), or leave it empty.")
        return int(text)
    if key in LOWER_CASE_KEYS:  # words of a fixed list, all lower case: 'Description' is one
        text = text.lower()
    if key == "source":
        sources = [s.strip() for s in text.split(LIST_SEPARATOR.strip()) if s.strip()]
        return sources[0] if len(sources) == 1 else sources
    return text


def _yes_no(draft: SheetDraft, cell: str, key: str, text: str) -> bool:
    word = text.strip().casefold()
    if word in (YES, "true"):
        return True
    if word in (NO, "false", ""):
        return False
    raise draft.problem(cell, f"{key} is {text!r}; write {YES} or {NO}.")


def checked(text: str, draft: SheetDraft) -> Template:
    """The template the text loads as; a mistake as an alert naming the sheet's cell."""
    where = f"sheet {draft.sheet!r}"
    try:
        return parse_template(tomllib.loads(text), where)
    except TemplateError as exc:
        cell = _cell_of(exc, draft)
        prefix = where + (f", column {exc.column!r}" if exc.column else "") + (
            f", key {exc.key!r}" if exc.key else "") + ": "
        message = str(exc).removeprefix(prefix)
        what = (f"the column {exc.column!r}: " if exc.column else "") + (
            f"{exc.key.split('.')[-1]} " if exc.key else "")
        raise draft.problem(cell, f"{what}{message}.".replace("..", ".")) from None


def _cell_of(exc: TemplateError, draft: SheetDraft) -> str:
    key = (exc.key or "").split(".")[-1]
    found = draft.cells.get((exc.column, key)) if exc.column else draft.cells.get((None, key))
    return found or draft.cells.get((exc.column, "name")) or draft.cells.get((None, "id")) or "A1"


def _text(value: object) -> str:
    """A cell as the text the user sees (the sheet's cells are text; a typed TRUE is not)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(as_shown(value))
    return str(value).strip()
