"""Source profiles: which export columns mean which canonical field.

A profile is a TOML file in templates/profiles/ listing header aliases per canonical field.
Headers match insensitive to case, spaces and punctuation. Every profile is scored against the
file's header; the best one wins (the choice is reported), and the user can name one instead.
The score is evidence: columns read as fields, and columns a profile knows to leave out unless
another profile reads them; a tie goes to the profile reading more fields, then to one whose
evidence fields are present, then to priority.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from addin.convert.duration_parse import UNIT_WORDS
from addin.convert.text import normalize_header
from addin.core.canonical import FIELDS
from addin.core.errors import TemplateError
from addin.core.folders import profile_dir, user_profile_dir
from addin.core.template import PLACEHOLDER

PROFILE_KEYS = {"id", "name", "description", "priority", "date_order", "duration_unit", "ignore",
                "whole_number_unit", "evidence"}
DURATION_UNITS = ("hours", "minutes", "seconds", "days")
PROFILE_TABLES = {"profile", "fields", "parts", "compose", "fallback"}


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
    # when the file's own From and To agree (addin/core/duration_unit.py), and named in the note
    # when they are missing.
    whole_number_unit: str | None = None
    ignore: tuple[str, ...] = ()  # columns the export has that no target needs (not reported)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> aliases
    # field -> pattern over fields and parts, used when no column holds the field itself
    compose: dict[str, str] = field(default_factory=dict)
    # field -> aliases read only when no column is the field itself and no composition makes it
    # (generic: "Name" is the timekeeper only when nothing else is); the column may also feed
    # another field ("User" is the user name, and the timekeeper when no column names one).
    fallback: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Fields a file must have for this profile to win a tie (Kimai: From and To, without
    # which four common columns would be read with Kimai's whole-seconds rule).
    evidence: tuple[str, ...] = ()

    def claim(self, header: list[str]) -> dict[str, int]:
        """field -> index of the first header cell that is one of the field's aliases."""
        claimed = _claim(self.aliases, header)
        if self.fallback:
            composable = set(self.claim_parts(header, set(claimed.values()))) | set(claimed)
            for name, spellings in self.fallback.items():
                if name in claimed or (name in self.compose and any(
                        ref in composable for ref in PLACEHOLDER.findall(self.compose[name]))):
                    continue
                taken = {i for f, i in claimed.items() if f in self.fallback}
                found = _claim({name: spellings}, header, taken)
                claimed.update(found)
        return claimed

    def claim_parts(self, header: list[str], taken: set[int]) -> dict[str, int]:
        return _claim(self.parts, header, taken)

    def score(self, header: list[str]) -> int:
        """How many header cells this profile recognises (read, composed from, or ignored)."""
        claimed = self.claim(header)
        parts = self.claim_parts(header, set(claimed.values()))
        used = set(claimed.values()) | set(parts.values())
        return len(used) + sum(1 for i, h in enumerate(header) if i not in used
                               and h.strip() and self.ignored(h))

    def reads(self, name: str) -> bool:
        """Whether a column of this name feeds a field or a part."""
        key = normalize_header(name)
        return any(_matches(key, spelling) for table in (self.aliases, self.parts, self.fallback)
                   for spellings in table.values() for spelling in spellings)

    def ignored(self, name: str) -> bool:
        key = normalize_header(name)
        return any(_matches(key, spelling) for spelling in self.ignore)


def _claim(aliases: dict[str, tuple[str, ...]], header: list[str],
           taken: set[int] | None = None) -> dict[str, int]:
    keys = [normalize_header(h) for h in header]
    named = [qualified_key(h) for h in header]
    claimed: dict[str, int] = {}
    taken = set(taken or ())
    for name, spellings in aliases.items():
        for spelling in spellings:
            index = next((i for i, k in enumerate(keys)
                          if i not in taken and _matches(k, spelling)), None)
            if index is not None:
                break
        else:  # no alias is a whole header: one may be a header's name before its brackets
            index = next((i for i, k in enumerate(named) if i not in taken and k in spellings),
                         None)
        if index is not None:
            claimed[name] = index
            taken.add(index)
    return claimed


# A header's name with a word in brackets after it ("Zeit (Std.)", "Hours (decimal)"); a number
# or code in brackets ("Client (ID)", "Kunde (Nr.)") makes it another column than the name's.
_QUALIFIED = re.compile(r"(.*?\S)\s*[(\[]([^()\[\]]*)[)\]]\s*")
# Words a bracket may hold and leave the name it follows meaning the same: a unit, in any of the
# generic profile's languages and its short forms, or how the number is written.
_NEUTRAL_WORDS = frozenset().union(*UNIT_WORDS.values()) | {
    "m", "mn", "u", "in", "en", "decimal", "décimal", "dezimal", "decimale", "decimaal",
    "decimais", "decimales", "hh", "mm", "ss", "hhmm"}


def qualified_key(header: str) -> str | None:
    """The normalised name before a header's bracketed qualifier, None when it has none (or
    the brackets hold an identifier)."""
    found = _QUALIFIED.fullmatch(header)
    if found is None:
        return None
    words = set(re.findall(r"[^\W_]+", found.group(2).casefold()))
    # Only a unit or a number's form leaves the name's meaning whole: 'Hours (non-billable)',
    # 'Start (UTC)' or 'Amount (excl. VAT)' are other values than the name says.
    return normalize_header(found.group(1)) if words and words <= _NEUTRAL_WORDS else None


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
    fallback = _alias_table(data.get("fallback", {}), where, "fallback", FIELDS)
    evidence = head.get("evidence", [])
    if not isinstance(evidence, list) or any(f not in FIELDS for f in evidence):
        raise TemplateError(where, "must be a list of canonical fields", key="profile.evidence")
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
                   ignore=tuple(_alias_key(s) for s in ignore), parts=parts, compose=dict(compose),
                   fallback=fallback, evidence=tuple(evidence))


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


def list_profiles() -> tuple[Profile, ...]:
    """The built-in profiles, then the user's (saved with --save-profile, in the folder
    `profiles` of the user templates folder); a user profile with a built-in id replaces it."""
    return _profiles_in(profile_dir(), user_profile_dir())


def builtin_profiles() -> tuple[Profile, ...]:
    """The bundled profiles alone (a saved profile may not take one's id)."""
    return _profiles_in(profile_dir())


def _profiles_in(*folders: Path | None) -> tuple[Profile, ...]:
    found: dict[str, Profile] = {}
    for folder in folders:
        if folder is not None and folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                profile = _load_once(path, path.stat().st_mtime_ns)
                found[profile.id] = profile
    return tuple(found.values())


@functools.cache
def _load_once(path: Path, modified: int) -> Profile:
    """Each profile file read once per process and version (a profile saved during a run is
    read anew)."""
    return load_profile(path)
