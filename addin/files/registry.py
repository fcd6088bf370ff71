"""Where templates and source profiles are found: built in, in the user templates folder
($IMPORTMAP_TEMPLATES, else the default folder beside the add-in's conf file), or a path."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from addin.core.errors import TemplateError, UsageError
from addin.core.folders import (
    ENV_VAR,
    MAC_DEFAULT,
    OTHER_DEFAULT,
    WINDOWS_DEFAULT,
    builtin_dir,
    default_user_dir,
    profile_dir,
    user_dir,
    user_folder,
    user_profile_dir,
)
from addin.core.template import Template
from addin.core.template_loading import load_template


@dataclass(frozen=True)
class TemplateEntry:
    template: Template
    origin: str  # "built-in" or "user"
    path: Path | None = None  # the file, so a run may ask for it by its stem too


@dataclass(frozen=True)
class BrokenTemplate:
    """A user template that does not load: only a run that asks for it fails."""
    path: Path
    error: TemplateError
    names: frozenset[str]  # the file's stem and the id it declares, if it declares one

    def warning(self) -> str:
        return f"skipped the user template {self.error}"


Warn = Callable[[str], None]


def template_library() -> tuple[list[TemplateEntry], list[BrokenTemplate]]:
    """Built-in templates, then user ones (a user template with a built-in id replaces it), and
    the user templates that do not load. A broken built-in template is an error."""
    found: dict[str, TemplateEntry] = {}
    broken: list[BrokenTemplate] = []
    user_paths: dict[str, Path] = {}  # id -> the user file that declares it
    for origin, folder in (("built-in", builtin_dir()), ("user", user_dir())):
        if folder is None:
            continue
        if not folder.is_dir():
            raise UsageError(f"{ENV_VAR} names {folder}, which is not a folder")
        for path in sorted(folder.glob("*.toml")):
            try:
                template = load_template(path)
            except TemplateError as exc:
                if origin == "built-in":
                    raise
                broken.append(BrokenTemplate(path, exc, _names_of(path)))
                continue
            first = user_paths.get(template.id)
            if first is not None:
                # Which of two files is meant would be a guess: the id is refused, not chosen.
                found.pop(template.id, None)
                broken.append(BrokenTemplate(path, TemplateError(
                    str(path), f"declares the id {template.id!r}, as {first} does; give one of"
                    " them another id"), frozenset({template.id})))
                continue
            if origin == "user":
                user_paths[template.id] = path
            found[template.id] = TemplateEntry(template, origin, path)
    return sorted(found.values(), key=lambda e: e.template.id), broken


def _names_of(path: Path) -> frozenset[str]:
    """The names a run may ask for a template file by: its stem, and the id it declares."""
    names = {path.stem}
    try:
        declared = tomllib.loads(path.read_text(encoding="utf-8"))["template"]["id"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
        declared = None
    if isinstance(declared, str):
        names.add(declared)
    return frozenset(names)


def list_templates(warn: Warn | None = None) -> list[TemplateEntry]:
    """The templates that load; each user template that does not is passed to `warn`."""
    entries, broken = template_library()
    for item in broken:
        if warn is not None:
            warn(item.warning())
    return entries


def find_template(name: str, warn: Warn | None = None) -> Template:
    """A template by built-in/user id, or by path to a .toml file. A broken user template
    fails the run that asks for it; any other is passed to `warn`, once."""
    path = Path(name)
    if name.endswith(".toml") or path.is_file():
        if not path.is_file():
            raise UsageError(f"template file {name} does not exist")
        return load_template(path)
    entries, broken = template_library()
    for item in broken:
        if name in item.names:
            raise item.error
    for item in broken:
        if warn is not None:
            warn(item.warning())
    for entry in entries:
        if entry.template.id == name:
            return entry.template
    # Excel's Target list names a user template by its file's stem, which is all VBA sees.
    for entry in entries:
        if entry.origin == "user" and entry.path is not None and entry.path.stem == name:
            return entry.template
    known = ", ".join(e.template.id for e in entries)
    raise UsageError(f"no template {name!r}; known templates: {known}"
                     " (run 'importmap templates', or give a path to a .toml file)")


def builtin_templates() -> list[Template]:
    """The bundled templates alone, by id (the add-in's build writes them into its Target
    list; the user's are listed by the add-in itself at each click)."""
    return sorted((load_template(p) for p in builtin_dir().glob("*.toml")), key=lambda t: t.id)


__all__ = ["ENV_VAR", "MAC_DEFAULT", "OTHER_DEFAULT", "WINDOWS_DEFAULT", "BrokenTemplate",
           "TemplateEntry", "TemplateError", "builtin_dir",
           "builtin_templates", "default_user_dir", "find_template", "list_templates",
           "profile_dir", "template_library", "user_dir", "user_folder", "user_profile_dir"]
