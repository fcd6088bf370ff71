"""A target template drafted from a billing system's own import template (its header row and,
when published, example rows): each column's canonical source from the source profiles'
aliases, its type and format from the example values (addin.core.value_shapes).

Every choice carries its reason (`notes`, written as comments) and what could not be settled
(`todos`): a column no field is known to fill reads a setting of its own, so the template loads
and maps, and the column stays empty until the user gives the value or edits the template.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from addin.core import fixes
from addin.core.canonical import FIELDS
from addin.core.date_shapes import infer_date, infer_time
from addin.core.profile_choice import choose_profile
from addin.core.profiles import Profile, list_profiles
from addin.core.value_shapes import infer_boolean, infer_duration, infer_money

# A field, then the fields that stand in for it when a file lacks it (as the built-in targets
# do: Toggl's User reads the timekeeper, then the user name).
STAND_INS = {
    "timekeeper": ("timekeeper", "user_name"),
    "user_name": ("user_name", "timekeeper"),
    "activity": ("activity", "activity_code"),
}
# Words in a header that name a field when no profile's alias does ("Transaction Date",
# "Comments"). Headers naming an identifier (a nickname, a code, a number) are left alone:
# the field's text would be the wrong value for them.
WORDS = {
    "date": "date", "hours": "duration", "duration": "duration", "spent": "duration",
    "description": "description", "comments": "description", "comment": "description",
    "notes": "description", "note": "description", "narrative": "description",
    "memo": "description", "client": "client", "customer": "client", "matter": "matter",
    "project": "matter", "task": "activity", "activity": "activity",
    "billable": "billable", "rate": "rate", "amount": "amount", "email": "email",
    "employee": "timekeeper", "timekeeper": "timekeeper", "user": "user_name",
}
# A person, client or matter column whose examples are codes (104, 03-003) wants the id.
ID_FIELDS = {"timekeeper": "timekeeper_id", "user_name": "timekeeper_id",
             "client": "client_id", "matter": "matter_id"}
_CODE = re.compile(r"[A-Za-z]{0,4}[-./]?\d[\w./-]*")
# Fields read the other way round: the engine keeps billable, and a non-billable column
# writes it with yes and no swapped (as Clio's non_billable does).
INVERTED = {"non_billable": "billable"}
# Fields a template computes when the source lacks them (templates/README.md, `derive`).
DERIVED = {"amount": "its fixed rate, else hours x rate"}
IDENTIFIER_WORDS = {"id", "ids", "nickname", "code", "number", "no", "nr", "key", "ref", "num"}
TYPES = {"date": "date", "end_date": "date", "start": "time", "end": "time",
         "duration": "duration", "rate": "money", "amount": "money", "fixed_rate": "money",
         "billable": "boolean", "non_billable": "boolean"}
# Marks a published template puts on a column the importer requires.
_REQUIRED = re.compile(r"\s*(\*|\((required|mandatory)\)|\[(required|mandatory)\])\s*$",
                       re.IGNORECASE)


@dataclass
class DraftColumn:
    name: str
    keys: dict[str, object] = field(default_factory=dict)  # TOML keys, in writing order
    notes: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    setting: tuple[str, str] | None = None  # (key, description) of a setting the column reads


@dataclass(frozen=True)
class Origin:
    field: str
    why: str
    guess: bool  # read from the header's words rather than a profile's alias


def draft_head(template_id: str, name: str, sample: str, drafted_by: str) -> dict[str, object]:
    """The [template] keys of a draft from `sample` (a file's or a sheet's name)."""
    return {"id": template_id, "name": name, "target": f"the importer whose template is {sample}",
            "version": "1", "description": f"Drafted by {drafted_by} from {sample}",
            "sources": [sample]}


def bare_name(name: str) -> tuple[str, bool]:
    """The header without a 'required' mark ('Date *' -> 'Date'), and whether it had one."""
    stripped = _REQUIRED.sub("", name)
    return (stripped, True) if stripped != name and stripped.strip() else (name, False)


def find_origins(header: Sequence[str], profiles: tuple[Profile, ...] | None = None,
                 again: dict[int, tuple[str, int]] | None = None) -> dict[int, Origin]:
    """Column index -> the field it is, from the profile that reads the header best, then any
    other profile's aliases, then the header's words; each field once (a column that reads as
    a field another column took is put in `again`: index -> (field, the other column))."""
    profiles = list_profiles() if profiles is None else profiles
    names = [bare_name(h)[0] for h in header]
    origins: dict[int, Origin] = {}
    used: dict[str, int] = {}

    def take(index: int, name: str, why: str, guess: bool) -> None:
        if index in origins or name not in FIELDS:
            return
        if name in used:
            if again is not None:
                again.setdefault(index, (name, used[name]))
            return
        origins[index] = Origin(name, why, guess)
        used[name] = index

    choice = choose_profile(names, profiles=profiles)
    for name, index in choice.claimed.items():
        take(index, name, f"{names[index]!r} is a spelling of {name} in source profile"
             f" {choice.profile.id}", False)
    for profile in profiles:
        for name, index in profile.claim(names).items():
            take(index, name, f"{names[index]!r} is a spelling of {name} in source profile"
                 f" {profile.id}", False)
    for index, name in enumerate(names):
        words = re.findall(r"[^\W\d_]+", name.casefold())
        if index in origins or not words or IDENTIFIER_WORDS & set(words):
            continue
        found = [WORDS[w] for w in words if w in WORDS]
        if len(set(found)) == 1:
            take(index, found[0], f"the header {name!r} says {found[0]}", True)
    for index, name in enumerate(names):
        for profile in profiles:  # a profile claims one column per field: asked one by one
            for field_name in profile.claim([name]) if index not in origins else ():
                if field_name in used and again is not None:
                    again.setdefault(index, (field_name, used[field_name]))
    return origins


# Where the fields a column can read are listed, in the words of each shell.
FIELD_LISTS = {"cli": "the canonical fields are listed in templates/README.md",
               "excel": "Edit mapping lists the fields with their meaning"}


def draft_columns(header: Sequence[str], rows: Sequence[Sequence[str]],
                  profiles: tuple[Profile, ...] | None = None,
                  channel: fixes.Channel = "cli") -> list[DraftColumn]:
    again: dict[int, tuple[str, int]] = {}
    origins = find_origins(header, profiles, again)
    keys_taken: set[str] = set()
    columns = []
    for index, name in enumerate(header):
        examples = [row[index] for row in rows if index < len(row)]
        column = DraftColumn(name)
        origin = origins.get(index)
        if origin is None:
            key = _setting_key(bare_name(name)[0], keys_taken)
            given = f"{fixes.setting(key).render(channel)} at each run"
            if index in again:
                wanted, other = again[index]
                column.todos.append(
                    f"{bare_name(name)[0]!r} reads as {wanted}, which {header[other]!r} fills"
                    f" already: set source = \"{wanted}\" (with its unit) if it writes the same"
                    f" value again; else give {given}")
            else:
                column.todos.append(f"no field of ours is known to fill it: give {given}, or"
                                    f" set source to a field ({FIELD_LISTS[channel]})")
            column.keys["setting"] = key
            column.setting = (key, f"TODO: the value written in {name!r} (no field of ours is"
                              " known to fill it)")
            if examples and any(e.strip() for e in examples):
                column.notes.append(f"the sample's examples: {_examples(examples)}")
        else:
            why = origin.why + (" (a guess from its words)" if origin.guess else "")
            wanted = origin.field
            if wanted in ID_FIELDS and _codes(examples):
                wanted = ID_FIELDS[wanted]
                why += (f"; its examples ({_examples(examples)}) are codes, not names, so"
                        f" {wanted}")
            if wanted in INVERTED:
                wanted = INVERTED[wanted]
                why += f"; written from {wanted}, its yes and no swapped"
            sources = STAND_INS.get(wanted, (wanted,))
            if wanted in DERIVED:
                column.keys["derive"] = wanted
                why += f"; derived (the source's {wanted}, else {DERIVED[wanted]})"
            else:
                column.keys["source"] = sources[0] if len(sources) == 1 else list(sources)
            if len(sources) > 1:
                why += f"; {', then '.join(sources[1:])} when a file has no {wanted}"
            column.notes.append(f"source: {why}")
            _shape(column, origin.field, bare_name(name)[0], examples)
        if bare_name(name)[1]:
            column.keys["required"] = True
            column.notes.append(f"required: the header {name!r} marks it required")
        columns.append(column)
    return columns


def _shape(column: DraftColumn, name: str, header: str, examples: list[str]) -> None:
    kind = TYPES.get(name, "text")
    shown = [e for e in examples if e.strip()]
    if kind == "time" and shown and all(infer_date([e]).todo is None for e in shown):
        kind = "date"  # a start column holding only days (empty examples show nothing)
    if kind == "text":
        return
    column.keys["type"] = kind
    if kind in ("date", "time"):
        shape = infer_date(examples) if kind == "date" else infer_time(examples)
        column.keys["format"] = shape.format
        _note(column, "format", shape.note, shape.todo)
    elif kind == "duration":
        duration = infer_duration(examples, header)
        column.keys["unit"] = duration.unit
        _note(column, "unit", duration.note, duration.todo)
        _decimals(column, duration.decimals, duration.decimal_separator)
    elif kind == "money":
        number = infer_money(examples)
        _note(column, "decimals", number.note, number.todo)
        _decimals(column, number.decimals, number.decimal_separator)
    elif kind == "boolean":
        boolean = infer_boolean(examples)
        swap = name in INVERTED  # a non-billable column says yes for an entry not billed
        column.keys["true"] = boolean.false if swap else boolean.true
        column.keys["false"] = boolean.true if swap else boolean.false
        _note(column, "yes/no spellings", boolean.note, boolean.todo)


def _decimals(column: DraftColumn, decimals: int | None, separator: str) -> None:
    if decimals is not None:
        column.keys["decimals"] = decimals
    if separator != ".":
        column.keys["decimal_separator"] = separator


def _note(column: DraftColumn, what: str, note: str, todo: str | None) -> None:
    """The reading's reason as a guess, or only its TODO when the examples did not settle it
    (the TODO says what was assumed)."""
    if todo:
        column.todos.append(f"{what}: {todo}")
    else:
        column.notes.append(f"{what}: {note}")


def _codes(values: Sequence[str]) -> bool:
    filled = [v.strip() for v in values if v.strip()]
    return bool(filled) and all(_CODE.fullmatch(v) for v in filled)


def _examples(values: Sequence[str]) -> str:
    shown = [v for v in values if v.strip()][:3]
    return ", ".join(repr(v) for v in shown)


def _setting_key(name: str, taken: set[str]) -> str:
    key = re.sub(r"[^a-z0-9]+", "_", normalize_key(name)).strip("_") or "value"
    if key[0].isdigit():
        key = f"column_{key}"
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}_{n}", n + 1
    taken.add(candidate)
    return candidate


def normalize_key(name: str) -> str:
    """A header as the letters and digits of a setting key ('Time Code' -> 'time code')."""
    return "".join(c if c.isascii() and c.isalnum() else " " for c in name.casefold())


def template_id(stem: str, taken: Collection[str] = ()) -> str:
    """A template id from a file name ('My Target' -> 'my-target'), other than the ids in
    `taken` (a user template with a built-in's id would replace the built-in)."""
    text = re.sub(r"[^a-z0-9._-]+", "-", stem.casefold()).strip("-._") or "my-target"
    candidate, n = text, 1
    while candidate in taken:
        candidate = f"{text}-draft" + (f"-{n}" if n > 1 else "")
        n += 1
    return candidate

