"""Each canonical field beside the column of a header it reads, for Excel's Mapping sheet: the
column read now, the column suggested and how sure the suggestion is, and the user's choices
turned back into column assignments (what `--map` takes).

How sure is said from what the profile choice itself knows, never from a likeness the engine
would not act on: a column spelled as one of the chosen profile's names for the field is sure;
one that begins with such a name (an alias ending in '*'), one the profile reads only when no
other column is (its fallback), or the voice lines of a column recognised by their shape are
likely; a column another profile reads as the field, though the chosen one does not, is
possible; else nothing was found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from addin.convert.text import normalize_header
from addin.core.canonical import FIELDS, LOOKUP_ALIASES
from addin.core.column_sources import can_fill
from addin.core.plan import Plan
from addin.core.profile_choice import Reading, read_header
from addin.core.profiles import Profile, list_profiles
from addin.core.template import PLACEHOLDER, Template

# The fields a derived column is computed from, as the Mapping sheet marks them needed.
DERIVED_FROM = {"start": ("duration",), "end": ("duration",), "hours": ("duration",),
                "amount": ("duration", "rate"), "fee": ("duration", "rate"),
                "invoice_total": ("duration", "rate"), "period_start": ("date",),
                "period_end": ("date",)}
SURE, LIKELY, POSSIBLE = "sure", "likely", "possible"


@dataclass(frozen=True)
class FieldRow:
    field: str
    meaning: str
    needed_by: tuple[str, ...]  # the target's required columns the field feeds
    current: str  # the title of the column read now; "" for none
    suggested: str  # the column suggested; "" for none
    sureness: str  # SURE, LIKELY, POSSIBLE or ""
    why: str


def header_key(header: Sequence[str]) -> tuple[str, ...]:
    """A header row as the kept mappings are filed by: its titles, matched as profiles match
    them (case, spaces and punctuation aside); empty titles do not count."""
    return tuple(k for k in (normalize_header(h) for h in header) if k)


def needed_fields(template: Template) -> dict[str, list[str]]:
    """field -> the required columns of the template it feeds (directly, composed or derived)."""
    needed: dict[str, list[str]] = {}
    for col in template.columns:
        if not col.required or col.constant is not None:
            continue
        names = [*col.source, *PLACEHOLDER.findall(col.compose or ""),
                 *DERIVED_FROM.get(col.derive or "", ())]
        for name in dict.fromkeys(n for n in names if n in FIELDS):
            needed.setdefault(name, []).append(col.name)
    return needed


def only_a_column_gives(plan: Plan) -> list[str]:
    """The required columns of the plan's template that nothing in this file fills and that
    only a source column could: no setting stands in for them and no lookup table fills them
    (Kimai's Duration, say, not its Email, which a settings row or the people table gives)."""
    return [col.name for col in plan.template.columns
            if col.required and not can_fill(plan, col) and not col.setting and not col.override
            and not any(s in fields for s in col.source for fields in LOOKUP_ALIASES.values())]


def field_rows(template: Template, header: Sequence[str], plan: Plan,
               baseline: Plan) -> list[FieldRow]:
    """Every field, those the target needs first: `plan` is the reading with the user's
    assignments, `baseline` the profile's own (the suggestions)."""
    needed = needed_fields(template)
    width = len(header)
    others = [r for r in sorted(read_header(list_profiles(), list(header)),
                                key=lambda r: r.rank, reverse=True)
              if r.profile.id != baseline.choice.profile.id]
    read_now = plan.read_columns()
    rows = []
    for name, (_, meaning) in FIELDS.items():
        index = plan.fields.get(name)
        current = header[index] if index is not None and index < width else ""
        suggested, sureness, why = _suggestion(name, header, baseline, others, read_now)
        rows.append(FieldRow(name, meaning, tuple(needed.get(name, ())), current, suggested,
                             sureness, why))
    return sorted(rows, key=lambda r: not r.needed_by)


def _suggestion(name: str, header: Sequence[str], baseline: Plan, others: Sequence[Reading],
                read_now: set[int]) -> tuple[str, str, str]:
    profile = baseline.choice.profile
    index = baseline.fields.get(name)
    split = baseline.split
    if index is not None and split is not None and index >= split.width:
        how = "recognised by their shape" if split.detected else "as the setting split says"
        return "", LIKELY if split.detected else SURE, (
            f"split from the voice lines of column {split.column!r}, {how}; keep (nothing)"
            " here to read it so")
    if index is not None and index < len(header):
        title = header[index]
        sureness, why = _how_read(profile, name, title)
        return title, sureness, why
    if name in baseline.composed:
        return "", SURE, (f"made by profile {profile.id} from other columns:"
                          f" {baseline.composed[name]}")
    for reading in others:
        found = reading.claimed.get(name)
        if found is not None and found < len(header) and found not in read_now:
            other = reading.profile.id
            return header[found], POSSIBLE, (
                f"profile {other} reads {header[found]!r} as {name}; profile {profile.id},"
                " which reads this sheet, does not")
    return "", "", "no column found"


def _how_read(profile: Profile, name: str, title: str) -> tuple[str, str]:
    """Why the profile reads the column `title` as the field `name`, and how sure that is."""
    key = normalize_header(title)
    spellings = profile.aliases.get(name, ())
    if key in spellings:
        return SURE, f"{title!r} is one of profile {profile.id}'s names for {name}"
    prefix = next((s[:-1] for s in spellings if s.endswith("*") and key.startswith(s[:-1])),
                  None)
    if prefix is not None:
        return LIKELY, (f"{title!r} begins with {prefix!r}, which profile {profile.id} reads"
                        f" as {name}")
    if name in profile.fallback:
        return LIKELY, (f"profile {profile.id} reads {title!r} as {name} because no other"
                        " column is")
    return SURE, f"profile {profile.id} reads {title!r} as {name}"


def assignments(header: Sequence[str], baseline: Plan,
                chosen: Mapping[str, str]) -> list[tuple[str, str]]:
    """The user's choices (field -> column title, "" for none) as column assignments over the
    profile's reading: a field given another column is that column's assignment; a field
    given none leaves the profile's column for it out, unless another field took it."""
    width = len(header)
    profile_reads = {f: header[i] for f, i in baseline.fields.items() if i < width}
    keys = {normalize_header(c) for c in chosen.values() if c}
    assigned = [(column, name) for name, column in chosen.items()
                if column and normalize_header(profile_reads.get(name, "")) !=
                normalize_header(column)]
    assigned += [(profile_reads[name], "") for name, column in chosen.items()
                 if not column and name in profile_reads
                 and normalize_header(profile_reads[name]) not in keys]
    return assigned
