"""Where an output column's value comes from: one precedence list, read by planning (can the
file fill a required column?), conversion (the value of a row), `importmap show` and dry runs.

A column takes the first of these that gives a value: the template's constant; a setting that
overrides the source (`override`); a derived value; the template's composition of fields; each
of its source fields in turn (a source column, the profile's composition of columns, or a
lookup table); a source column passed through by name; a setting that stands in for an empty
cell; the template's default. A source value that failed (reported) ends the list: no setting
or default stands in for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from addin.core import fixes
from addin.core.canonical import FIELDS, LOOKUP_ALIASES, LOOKUP_TABLES
from addin.core.template import PLACEHOLDER, Column

if TYPE_CHECKING:
    from addin.core.plan import Plan

# A field the source has no column for, and the fields the entry takes it from: the date from
# the start's date and time, the duration from the start and the end.
TAKEN_FROM = {"date": ("start",), "duration": ("start", "end")}

# What a start, an end or hours are worked out from, when the source has none of it.
TIMES_WANTED = ("time worked, or start and end times (a start and an end are worked out from the"
                " date and the time worked)")

KINDS = ("constant", "override", "derive", "compose", "field", "column", "setting", "default")


@dataclass(frozen=True)
class Feed:
    kind: str  # one of KINDS
    key: str  # the constant's text, the setting's key, the derivation, pattern, field or column


def feeds(col: Column) -> list[Feed]:
    """The column's sources in the order a value is taken from them."""
    found: list[Feed] = []
    if col.constant is not None:
        return [Feed("constant", col.constant)]
    if col.override:
        found.append(Feed("override", col.override))
    if col.derive:
        found.append(Feed("derive", col.derive))
    if col.compose:
        found.append(Feed("compose", col.compose))
    found += [Feed("field", name) for name in col.source]
    if col.column is not None:
        found.append(Feed("column", col.column))
    if col.setting:
        found.append(Feed("setting", col.setting))
    if col.default is not None:
        found.append(Feed("default", col.default))
    return found


def template_text(col: Column) -> str:
    """How the column gets its value, in words, for `importmap show` (no file at hand)."""
    words = {"constant": "constant {!r}", "override": "--set {}", "derive": "derived: {}",
             "compose": "{!r}", "field": "field {}", "column": "source column {!r}",
             "setting": "--set {}", "default": "default {!r}"}
    parts = [words[f.kind].format(f.key) for f in feeds(col)]
    return ", else ".join(parts) if parts else "(nothing)"


def describe(plan: Plan) -> list[tuple[str, str]]:
    """(output column, where its value comes from in this file), for dry runs: only the sources
    this file has, in the order they are taken."""
    lines = []
    for col in plan.template.columns:
        parts: list[str] = []
        for feed in feeds(col):
            parts += _in_this_file(plan, col, feed)
        lines.append((col.name, " else ".join(parts) if parts else "(nothing: empty)"))
    return lines


def _in_this_file(plan: Plan, col: Column, feed: Feed) -> list[str]:
    options = plan.options
    if feed.kind == "constant":
        return [f"constant {feed.key!r}"]
    if feed.kind == "override":
        given = options.settings.get(feed.key)
        return [options.how_to_set(feed.key, repr(given))] if given else []
    if feed.kind == "derive":
        return [f"derived ({feed.key})"]
    if feed.kind == "compose":
        refs = PLACEHOLDER.findall(feed.key)
        return [f"{feed.key!r}"] if all(plan.available(r) for r in refs) else []
    if feed.kind == "field":
        if feed.key in plan.fields:
            return [f"{plan.source_name(feed.key)!r}"]
        found = [f"{plan.composed[feed.key]!r}"] if feed.key in plan.composed else []
        found += [f"{t.name} table ({t.where})" for t in options.tables_with(feed.key)]
        return found + _taken_from(plan, feed.key)
    if feed.kind == "column":
        return [f"{feed.key!r}"] if col.name in plan.passthrough else []
    if feed.kind == "setting":
        value = plan.setting_value(feed.key)
        return [options.how_to_set(feed.key, repr(value))] if value is not None else []
    return [f"default {feed.key!r}"]


def can_fill(plan: Plan, col: Column) -> bool:
    """Whether some source of the column exists in this file (rows may still leave it empty)."""
    return any(_can_feed(plan, col, feed) for feed in feeds(col))


def _can_feed(plan: Plan, col: Column, feed: Feed) -> bool:
    if feed.kind in ("constant", "default"):
        return True
    if feed.kind == "column":
        return col.name in plan.passthrough
    if feed.kind in ("override", "setting"):
        return plan.setting_value(feed.key) is not None
    if feed.kind == "field":
        return plan.available(feed.key)
    if feed.kind == "compose":
        return all(plan.available(f) for f in PLACEHOLDER.findall(feed.key))
    return _can_derive(plan, feed.key)


def _can_derive(plan: Plan, how: str) -> bool:
    times = plan.available("duration") or (plan.available("start") and plan.available("end"))
    if how in ("start", "end", "hours"):
        return times
    if how in ("amount", "fee", "invoice_total"):
        return (plan.available("rate") and (plan.available("duration") or plan.available("amount"))
                or (how != "fee" and plan.has_field("fixed_rate")))
    if how in ("period_start", "period_end"):
        return plan.available("date") or plan.available("start")
    return how == "line_number" or (
        how == "invoice_number" and plan.setting_value("invoice_number") is not None)


def missing_column_message(plan: Plan, col: Column) -> str:
    """Why a required column cannot be filled from this file, and each way to supply it."""
    target = plan.template.target
    wanted = ", ".join(FIELDS[s][1].lower() for s in col.source) or (
        TIMES_WANTED if col.derive in ("start", "end", "hours") else col.derive) or "a value"
    if col.description:
        wanted += f" ({col.description})"
    ways = []
    for key in (col.override, col.setting, "invoice_number" if col.derive == "invoice_number"
                else None):
        if key:
            ways.append(f"{plan.options.how_to_set(key)} for the whole file")
    for table, keys in LOOKUP_TABLES.items():
        filled = [s for s in col.source if s in LOOKUP_ALIASES[table] and s not in keys]
        if filled and all(plan.has_field(k) for k in keys[-1:]):
            ways.append(f"{plan.options.how_to_lookup(table)} (a table with columns "
                        f"{', '.join(keys)}, {filled[0]})")
    for given in plan.options.lookups.values():
        if any(s in given.fields for s in col.source) and not plan.keyed(given):
            ways.append(f"add a column for the {given.keys[-1]} to the source: the {given.name}"
                        f" table ({given.where}) finds its rows by it")
    ways += _assign_ways(plan, col)
    ways.append("add the column to the source")
    return (f"{target} needs {col.name} on every row, and the source has no column for "
            f"{wanted}. Supply it: {'; or '.join(ways)}")


def _assign_ways(plan: Plan, col: Column) -> list[str]:
    """When a column nothing reads may hold the field: assign it (--map, the Mapping sheet)."""
    read = plan.read_columns()
    unread = [name for index, name in enumerate(plan.header) if name.strip()
              and index not in read and index not in plan.choice.ignored]
    wanted = col.source[0] if col.source else (
        "duration" if col.derive in ("start", "end", "hours") else None)
    if wanted is None or not unread:
        return []
    column = unread[0] if len(unread) == 1 else "COLUMN"
    names = "" if len(unread) == 1 else f" ({', '.join(repr(n) for n in unread)})"
    fix = plan.options.how_to(fixes.assign(column, wanted))
    return [f"if a column nothing reads{names} holds it, assign it: {fix}"]


def _taken_from(plan: Plan, name: str) -> list[str]:
    """A date or duration the entry takes from its start (and end) columns."""
    feeders = [plan.source_name(f) for f in TAKEN_FROM.get(name, ()) if f in plan.fields]
    if name == "date" and feeders:
        return [f"the date of {feeders[0]!r}"]
    if name == "duration" and len(feeders) == 2:
        return [f"{feeders[0]!r} to {feeders[1]!r}"]
    return []
