"""Source profiles: which export columns mean which canonical field.

A profile is a TOML file in templates/profiles/ listing header aliases per canonical field.
Headers match insensitive to case, spaces and punctuation. Every profile is scored against the
file's header; the best one wins (the choice is reported), and the user can name one instead.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from addin.canonical import FIELDS
from addin.convert.text import normalize_header
from addin.errors import TemplateError, UsageError
from addin.registry import profile_dir
from addin.template import PLACEHOLDER

PROFILE_KEYS = {"id", "name", "description", "priority", "date_order", "duration_unit", "ignore",
                "whole_number_unit"}
DURATION_UNITS = ("hours", "minutes", "seconds", "days")
PROFILE_TABLES = {"profile", "fields", "parts", "compose"}


def _matches(key: str, spelling: str) -> bool:
    """A normalised header against an alias; an alias ending in '*' matches any suffix
    ("Billable Rate (*)" reads "Billable Rate (USD)" and "Billable Rate (EUR)")."""
    if spelling.endswith("*"):
        return key.startswith(spelling[:-1])
    return key == spelling


def _alias_key(spelling: str) -> str:
    """The normalised alias; a '*' (also inside brackets, "Amount (*)") makes it a prefix."""
    key = normalize_header(spelling.replace("*", ""))
    return key + "*" if "*" in spelling else key


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    aliases: dict[str, tuple[str, ...]]  # field -> normalised header spellings
    priority: int = 0
    date_order: str | None = None  # used only when every date in a column fits both orders
    duration_unit: str = "hours"  # unit of a bare number in the duration column
    # The unit the export writes whole numbers in beside From and To (Kimai: seconds); used only
    # when the file's own From and To agree (addin/duration_unit.py), and named in the note
    # when they are missing.
    whole_number_unit: str | None = None
    ignore: tuple[str, ...] = ()  # columns the export has that no target needs (not reported)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> aliases
    # field -> pattern over fields and parts, used when no column holds the field itself
    compose: dict[str, str] = field(default_factory=dict)

    def claim(self, header: list[str]) -> dict[str, int]:
        """field -> index of the first header cell that is one of the field's aliases."""
        return _claim(self.aliases, header)

    def claim_parts(self, header: list[str], taken: set[int]) -> dict[str, int]:
        return _claim(self.parts, header, taken)

    def score(self, header: list[str]) -> int:
        """How many header cells this profile recognises (read, composed from, or ignored)."""
        claimed = self.claim(header)
        parts = self.claim_parts(header, set(claimed.values()))
        used = set(claimed.values()) | set(parts.values())
        return len(used) + sum(1 for i, h in enumerate(header) if i not in used
                               and h.strip() and self.ignored(h))

    def ignored(self, name: str) -> bool:
        key = normalize_header(name)
        return any(_matches(key, spelling) for spelling in self.ignore)


def _claim(aliases: dict[str, tuple[str, ...]], header: list[str],
           taken: set[int] | None = None) -> dict[str, int]:
    keys = [normalize_header(h) for h in header]
    claimed: dict[str, int] = {}
    taken = set(taken or ())
    for name, spellings in aliases.items():
        for spelling in spellings:
            index = next((i for i, k in enumerate(keys)
                          if i not in taken and _matches(k, spelling)), None)
            if index is not None:
                claimed[name] = index
                taken.add(index)
                break
    return claimed


@dataclass(frozen=True)
class ProfileChoice:
    profile: Profile
    claimed: dict[str, int]
    explanation: str


def load_profile(path: Path) -> Profile:
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(where, f"cannot be read as a TOML profile: {exc}") from None
    for key in data:
        if key not in PROFILE_TABLES:
            raise TemplateError(where, f"is not a known table; known: {', '.join(PROFILE_TABLES)}",
                                key=key)
    head = data.get("profile")
    if not isinstance(head, dict) or not isinstance(head.get("id"), str):
        raise TemplateError(where, "needs a [profile] table with an id", key="profile.id")
    for key in head:
        if key not in PROFILE_KEYS:
            raise TemplateError(where, "is not a known key", key=f"profile.{key}")
    fields = data.get("fields")
    if not isinstance(fields, dict):
        raise TemplateError(where, "needs a [fields] table of field = [aliases]", key="fields")
    aliases = _alias_table(fields, where, "fields", FIELDS)
    parts = _alias_table(data.get("parts", {}), where, "parts", None)
    compose = data.get("compose", {})
    if not isinstance(compose, dict):
        raise TemplateError(where, "must be a table of field = \"{part} {part}\"", key="compose")
    for name, pattern in compose.items():
        if name not in FIELDS or not isinstance(pattern, str):
            raise TemplateError(where, "must be a canonical field = a pattern string",
                                key=f"compose.{name}")
        for ref in PLACEHOLDER.findall(pattern):
            if ref not in FIELDS and ref not in parts:
                raise TemplateError(where, f"{{{ref}}} is neither a canonical field nor a part",
                                    key=f"compose.{name}")
    ignore = head.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(s, str) for s in ignore):
        raise TemplateError(where, "must be a list of header spellings", key="profile.ignore")
    date_order = head.get("date_order")
    if date_order not in (None, "DMY", "MDY"):
        raise TemplateError(where, "must be 'DMY' or 'MDY'", key="profile.date_order")
    unit = head.get("duration_unit", "hours")
    whole = head.get("whole_number_unit")
    for key, value in (("duration_unit", unit), ("whole_number_unit", whole or unit)):
        if value not in DURATION_UNITS:
            raise TemplateError(where, "must be hours, minutes, seconds or days",
                                key=f"profile.{key}")
    return Profile(id=head["id"], name=str(head.get("name", head["id"])), aliases=aliases,
                   priority=int(head.get("priority", 0)), date_order=date_order,
                   duration_unit=unit, whole_number_unit=whole,
                   ignore=tuple(_alias_key(s) for s in ignore), parts=parts, compose=dict(compose))


def _alias_table(raw: object, where: str, table: str,
                 allowed: Mapping[str, object] | None) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise TemplateError(where, "must be a table of name = [header spellings]", key=table)
    aliases: dict[str, tuple[str, ...]] = {}
    for name, spellings in raw.items():
        if allowed is not None and name not in allowed:
            raise TemplateError(where, f"is not a canonical field; use one of {', '.join(allowed)}",
                                key=f"{table}.{name}")
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise TemplateError(where, "must be a list of header spellings", key=f"{table}.{name}")
        aliases[name] = tuple(_alias_key(s) for s in spellings)
    return aliases


@functools.cache
def list_profiles() -> tuple[Profile, ...]:
    """The built-in profiles, read once per process (header search and scoring both use them)."""
    return tuple(load_profile(p) for p in sorted(profile_dir().glob("*.toml")))


def choose_profile(header: list[str], wanted: str | None = None) -> ProfileChoice:
    """The profile that claims most header columns (ties: higher priority), or the named one."""
    profiles = list_profiles()
    if wanted is not None:
        for profile in profiles:
            if profile.id == wanted:
                return ProfileChoice(profile, profile.claim(header), f"source profile {profile.id}"
                                     f" (chosen by you; it reads {profile.score(header)} of"
                                     f" {len(header)} columns)")
        known = ", ".join(p.id for p in profiles)
        raise UsageError(f"no source profile {wanted!r}; known profiles: {known}")
    scored = sorted(((p.score(header), p.priority, p) for p in profiles),
                    key=lambda t: (t[0], t[1]), reverse=True)
    count, _, best = scored[0]
    others = ", ".join(f"{p.id} {n}" for n, _, p in scored[1:3] if n)
    text = f"source profile {best.id} reads {count} of {len(header)} columns"
    if others:
        text += f" (others: {others}; choose with --profile)"
    return ProfileChoice(best, best.claim(header), text)
