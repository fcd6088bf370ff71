"""`--save-profile NAME`: the columns as this run read them, kept as a user source profile so
the next file with the same header is read the same way without assigning them again."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from addin.core.assign import profile_text
from addin.core.errors import UsageError
from addin.core.plan import Plan
from addin.core.profiles import builtin_profiles
from addin.files.atomic_text import write_text_atomically
from addin.files.registry import user_folder

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def profile_path(name: str, overwrite: bool) -> Path:
    """Where the profile NAME is saved; checked before anything is read."""
    if not NAME.fullmatch(name):
        raise UsageError(f"--save-profile {name!r}: use letters, digits, '-' and '_' only")
    built_in = {p.id.casefold(): p.id for p in builtin_profiles()}
    if name.casefold() in built_in:
        # A user profile with a built-in's id replaces it, and this one reads one header only.
        raise UsageError(f"--save-profile {name!r}: {built_in[name.casefold()]} is a built-in"
                         " source profile, which it would replace for every file; choose"
                         " another name")
    # $IMPORTMAP_TEMPLATES, else the default user templates folder (created when saving).
    path = user_folder() / "profiles" / f"{name}.toml"
    if path.exists() and not overwrite:
        raise UsageError(f"{path} exists; choose another name or add --overwrite")
    return path


def save_profile(path: Path, plan: Plan) -> None:
    try:
        write_text_atomically(path, profile_text(path.stem, plan))
    except OSError as exc:
        raise UsageError(f"{path}: cannot save the profile ({exc.strerror}); choose a folder you"
                         " can write to with IMPORTMAP_TEMPLATES") from None
    print(f"note: saved source profile {path.stem} to {path}; files with this header are read"
          f" with it from now on (or choose it with --profile {path.stem})", file=sys.stderr)
