"""Source profiles: which export columns mean which canonical field.

A profile is a TOML file in templates/profiles/ listing header aliases per canonical field.
Headers match insensitive to case, spaces and punctuation. Every profile is scored against the
file's header; the best one wins (the choice is reported), and the user can name one instead.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from addin.canonical import FIELDS
from addin.convert.text import normalize_header
from addin.errors import TemplateError, UsageError
from addin.registry import profile_dir

PROFILE_KEYS = {"id", "name", "description", "priority", "date_order", "duration_unit"}


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    aliases: dict[str, tuple[str, ...]]  # field -> normalised header spellings
    priority: int = 0
    date_order: str | None = None  # used only when every date in a column fits both orders
    duration_unit: str = "hours"  # unit of a bare number in the duration column

    def claim(self, header: list[str]) -> dict[str, int]:
        """field -> index of the first header cell that is one of the field's aliases."""
        keys = [normalize_header(h) for h in header]
        claimed: dict[str, int] = {}
        taken: set[int] = set()
        for field_name, spellings in self.aliases.items():
            for spelling in spellings:
                index = next((i for i, k in enumerate(keys) if k == spelling and i not in taken),
                             None)
                if index is not None:
                    claimed[field_name] = index
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
    head = data.get("profile")
    if not isinstance(head, dict) or not isinstance(head.get("id"), str):
        raise TemplateError(where, "needs a [profile] table with an id", key="profile.id")
    for key in head:
        if key not in PROFILE_KEYS:
            raise TemplateError(where, "is not a known key", key=f"profile.{key}")
    fields = data.get("fields")
    if not isinstance(fields, dict):
        raise TemplateError(where, "needs a [fields] table of field = [aliases]", key="fields")
    aliases: dict[str, tuple[str, ...]] = {}
    for name, spellings in fields.items():
        if name not in FIELDS:
            raise TemplateError(where, f"is not a canonical field; use one of {', '.join(FIELDS)}",
                                key=f"fields.{name}")
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            raise TemplateError(where, "must be a list of header spellings", key=f"fields.{name}")
        aliases[name] = tuple(normalize_header(s) for s in spellings)
    date_order = head.get("date_order")
    if date_order not in (None, "DMY", "MDY"):
        raise TemplateError(where, "must be 'DMY' or 'MDY'", key="profile.date_order")
    unit = head.get("duration_unit", "hours")
    if unit not in ("hours", "minutes", "seconds", "days"):
        raise TemplateError(where, "must be hours, minutes, seconds or days",
                            key="profile.duration_unit")
    return Profile(id=head["id"], name=str(head.get("name", head["id"])), aliases=aliases,
                   priority=int(head.get("priority", 0)), date_order=date_order,
                   duration_unit=unit)


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
                claimed = profile.claim(header)
                return ProfileChoice(profile, claimed, f"source profile {profile.id} (chosen by"
                                     f" you; it reads {len(claimed)} of {len(header)} columns)")
        known = ", ".join(p.id for p in profiles)
        raise UsageError(f"no source profile {wanted!r}; known profiles: {known}")
    scored = sorted(((len(p.claim(header)), p.priority, p) for p in profiles),
                    key=lambda t: (t[0], t[1]), reverse=True)
    count, _, best = scored[0]
    others = ", ".join(f"{p.id} {n}" for n, _, p in scored[1:])
    text = f"source profile {best.id} reads {count} of {len(header)} columns"
    if others:
        text += f" (others: {others}; choose with --profile)"
    return ProfileChoice(best, best.claim(header), text)
