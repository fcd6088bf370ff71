"""Which source profile reads a header: each profile's reading, and the one with the most
evidence (or the one the user named), with the choice explained in words."""

from __future__ import annotations

from dataclasses import dataclass, field

from addin.core.errors import UsageError
from addin.core.profiles import Profile, list_profiles

# A runner-up this many columns or fewer behind the winner is named in the choice's note.
CLOSE = 1


@dataclass(frozen=True)
class ProfileChoice:
    profile: Profile
    claimed: dict[str, int]
    explanation: str
    # Header indices the profile leaves out knowingly (its ignore list), not reported.
    ignored: frozenset[int] = frozenset()
    # index -> (other profile, field) for a column this profile would ignore but another
    # profile reads as a field this one lacks: reported, never left out silently.
    swallowed: dict[int, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Reading:
    """What one profile makes of a header: the evidence its choice is decided on."""
    profile: Profile
    claimed: dict[str, int]
    read: frozenset[int]  # columns read as fields or parts
    ignored: frozenset[int]  # columns on its ignore list that no other profile needs
    swallowed: dict[int, tuple[str, str]]
    evidenced: bool  # every field of the profile's `evidence` is read

    @property
    def score(self) -> int:
        return len(self.read) + len(self.ignored)

    @property
    def rank(self) -> tuple[int, int, bool, int]:
        return (self.score, len(self.read), self.evidenced, self.profile.priority)


def read_header(profiles: tuple[Profile, ...], header: list[str]) -> list[Reading]:
    """Each profile's reading of the header; an ignored column another profile reads as a
    field this one has no column for is `swallowed`, not evidence."""
    claims = {p.id: p.claim(header) for p in profiles}
    readings = []
    for profile in profiles:
        claimed = claims[profile.id]
        parts = profile.claim_parts(header, set(claimed.values()))
        read = set(claimed.values()) | set(parts.values())
        has = set(claimed) | set(profile.compose)
        ignored, swallowed = set(), {}
        for index, name in enumerate(header):
            if index in read or not name.strip() or not profile.ignored(name):
                continue
            other = next(((q.id, f) for q in profiles if q is not profile
                          for f, i in claims[q.id].items() if i == index and f not in has),
                         None)
            if other is None:
                ignored.add(index)
            else:
                swallowed[index] = other
        readings.append(Reading(profile, claimed, frozenset(read), frozenset(ignored),
                                swallowed, all(f in claimed for f in profile.evidence)))
    return readings


def choose_profile(header: list[str], wanted: str | None = None,
                   profiles: tuple[Profile, ...] | None = None) -> ProfileChoice:
    """The profile with the most evidence in the header (see `Reading.rank`), or the named one."""
    profiles = list_profiles() if profiles is None else profiles
    readings = read_header(profiles, header)
    if wanted is not None:
        for reading in readings:
            if reading.profile.id == wanted:
                return _choice(reading, f"source profile {wanted} (chosen by you; it reads"
                                        f" {reading.score} of {len(header)} columns)")
        known = ", ".join(p.id for p in profiles)
        raise UsageError(f"no source profile {wanted!r}; known profiles: {known}")
    ranked = sorted(readings, key=lambda r: r.rank, reverse=True)
    best = ranked[0]
    text = f"source profile {best.profile.id} reads {best.score} of {len(header)} columns"
    runner = ranked[1] if len(ranked) > 1 else None
    if runner is not None and runner.score and runner.score >= best.score - CLOSE:
        text += (f" (runner-up: {runner.profile.id} reads {runner.score} of {len(header)}"
                 f"{_why(best, runner)}; to read the file with it: --profile"
                 f" {runner.profile.id})")
    else:
        others = ", ".join(f"{r.profile.id} {r.score}" for r in ranked[1:3] if r.score)
        if others:
            text += f" (others: {others}; choose with --profile)"
    return _choice(best, text)


def _choice(reading: Reading, text: str) -> ProfileChoice:
    return ProfileChoice(reading.profile, reading.claimed, text, reading.ignored,
                         reading.swallowed)


def _why(best: Reading, runner: Reading) -> str:
    """How a close call between two profiles was decided, in words."""
    won = f", a tie won by {best.profile.id}"
    if runner.score < best.score:
        return ""
    if len(best.read) != len(runner.read):
        return f"{won} reading more of them as fields ({len(best.read)} to {len(runner.read)})"
    if not runner.evidenced:
        wanted = [f"{f} ({runner.profile.aliases[f][0].title()})" if runner.profile.aliases.get(f)
                  else f for f in runner.profile.evidence]
        return (f", a tie {runner.profile.id} wins only when the file has its"
                f" {' and '.join(wanted)} columns")
    return f"{won} as the more specific profile"
