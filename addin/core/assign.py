"""Columns the user assigns to canonical fields ("Temps=duration"), over the profile's reading,
and the reading saved as a user profile for the next file with the same header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from addin.convert.text import normalize_header
from addin.core.canonical import FIELDS
from addin.core.errors import UsageError
from addin.core.profile_choice import ProfileChoice

if TYPE_CHECKING:
    from addin.core.plan import Plan


def parse_assignment(text: str) -> tuple[str, str]:
    """'SOURCE COLUMN=field' -> (column, field); 'SOURCE COLUMN=' -> (column, '') to leave the
    column out. The last '=' separates them: a column name may hold one."""
    column, sep, name = text.rpartition("=")
    # Field names are lower case: 'Description' can only mean description.
    column, name = column.strip(), name.strip().lower()
    if not sep or not column:
        raise UsageError(f"--map {text!r}: write \"SOURCE COLUMN=field\" (a field from"
                         " 'importmap fields'), or \"SOURCE COLUMN=\" to leave the column out")
    if name and name not in FIELDS:
        raise UsageError(f"--map {text!r}: {name!r} is not a field; the fields are"
                         f" {', '.join(FIELDS)} (see 'importmap fields')")
    return column, name


def assign_columns(choice: ProfileChoice, header: Sequence[str],
                   assigned: Sequence[tuple[str, str]], words: str = "--map") -> ProfileChoice:
    """The profile's reading with the user's assignments over it: an assigned column is read
    as its field (and no other column is), a column assigned nothing is left out."""
    if not assigned:
        return choice
    _refuse_contradictions(header, assigned, words)
    keys = [normalize_header(h) for h in header]
    claimed = dict(choice.claimed)
    ignored = set(choice.ignored)
    swallowed = dict(choice.swallowed)
    said: list[str] = []
    for column, name in assigned:
        index = next((i for i, k in enumerate(keys) if k and k == normalize_header(column)),
                     None)
        if index is None:
            names = ", ".join(repr(h) for h in header if h.strip())
            raise UsageError(f"{words} {column!r}: the source has no such column; its columns:"
                             f" {names}")
        claimed = {f: i for f, i in claimed.items() if i != index and f != name}
        swallowed.pop(index, None)
        if name:
            claimed[name] = index
            ignored.discard(index)
            said.append(f"{header[index]!r} as {name}")
        else:
            ignored.add(index)
            said.append(f"{header[index]!r} left out")
    explanation = f"{choice.explanation}; as you assigned: {', '.join(said)}"
    return replace(choice, claimed=claimed, explanation=explanation,
                   ignored=frozenset(ignored), swallowed=swallowed)


def _refuse_contradictions(header: Sequence[str], assigned: Sequence[tuple[str, str]],
                           words: str) -> None:
    """A column given two fields, or a field two columns, is refused: which one was meant is
    not for us to guess (the same assignment twice is no contradiction)."""
    fields_of: dict[str, list[str]] = {}
    columns_of: dict[str, list[str]] = {}
    for column, name in assigned:
        key = normalize_header(column)
        fields = fields_of.setdefault(key, [])
        if name not in fields:
            fields.append(name)
        if len(fields) > 1:
            shown = ", ".join(f or "left out" for f in fields)
            raise UsageError(f"{words} {_written(column, name)!r}: the column"
                             f" {_title(header, column)!r} is assigned twice ({shown}); a column"
                             " is read as one field, so keep one of the two")
        if name:
            columns = columns_of.setdefault(name, [])
            if key not in [normalize_header(c) for c in columns]:
                columns.append(_title(header, column))
            if len(columns) > 1:
                shown = ", ".join(repr(c) for c in columns)
                raise UsageError(f"{words} {_written(column, name)!r}: {name} is assigned twice"
                                 f" ({shown}); a field is read from one column, so keep one of"
                                 " the two")


def _written(column: str, name: str) -> str:
    return f"{column}={name}"


def _title(header: Sequence[str], column: str) -> str:
    """The header's own spelling of an assigned column ('nature des travaux' as written)."""
    key = normalize_header(column)
    return next((h for h in header if h.strip() and normalize_header(h) == key), column)


def profile_text(profile_id: str, plan: Plan) -> str:
    """A user profile (TOML) that reads a file with this header as `plan` reads it: each field
    (and part of a composed field) from the exact column it was read from, the columns left
    out ignored."""
    choice, header = plan.choice, plan.header
    profile = choice.profile
    based = f"columns as assigned; based on profile {profile.id}"
    lines = ["# Saved by importmap from a file's header and the columns assigned to fields.",
             "[profile]", f"id = {_quoted(profile_id)}", f"name = {_quoted(profile_id)}",
             # Above every built-in profile: on a tie, the profile made for this header wins.
             f"description = {_quoted(based)}", "priority = 100",
             f"duration_unit = {_quoted(profile.duration_unit)}"]
    if profile.whole_number_unit:
        lines.append(f"whole_number_unit = {_quoted(profile.whole_number_unit)}")
    if profile.date_order:
        lines.append(f"date_order = {_quoted(profile.date_order)}")
    # A column of voice lines is split again, not kept: the profile reads the file's own
    # columns, and neither the split's parts nor the column they come from.
    split = plan.split
    own = range(split.width) if split else range(len(header))
    ignored = [header[i] for i in sorted(choice.ignored)
               if i in own and header[i].strip() and not (split and i == split.index)]
    if ignored:
        lines.append(f"ignore = [{', '.join(_quoted(h) for h in ignored)}]")
    for table, read in (("fields", plan.fields), ("parts", plan.parts)):
        kept = {name: index for name, index in read.items() if index in own}
        if kept:
            lines += ["", f"[{table}]"]
            lines += [f"{name} = [{_quoted(header[index])}]" for name, index in kept.items()]
    if plan.composed:
        lines += ["", "[compose]"]
        lines += [f"{name} = {_quoted(pattern)}" for name, pattern in plan.composed.items()]
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'
