"""Where templates and source profiles are found: built in, in $IMPORTMAP_TEMPLATES, or a path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from addin.errors import TemplateError, UsageError
from addin.template import Template, load_template

ENV_VAR = "IMPORTMAP_TEMPLATES"


def builtin_dir() -> Path:
    """The bundled templates: inside the installed package, else the source tree's templates/."""
    packaged = Path(str(resources.files("addin"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


def user_dir() -> Path | None:
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value) if value else None


@dataclass(frozen=True)
class TemplateEntry:
    template: Template
    origin: str  # "built-in" or "user"


def list_templates() -> list[TemplateEntry]:
    """Built-in templates, then user ones; a user template with a built-in id replaces it."""
    found: dict[str, TemplateEntry] = {}
    for origin, folder in (("built-in", builtin_dir()), ("user", user_dir())):
        if folder is None:
            continue
        if not folder.is_dir():
            raise UsageError(f"{ENV_VAR} names {folder}, which is not a folder")
        for path in sorted(folder.glob("*.toml")):
            template = load_template(path)
            found[template.id] = TemplateEntry(template, origin)
    return sorted(found.values(), key=lambda e: e.template.id)


def find_template(name: str) -> Template:
    """A template by built-in/user id, or by path to a .toml file."""
    path = Path(name)
    if name.endswith(".toml") or path.is_file():
        if not path.is_file():
            raise UsageError(f"template file {name} does not exist")
        return load_template(path)
    entries = list_templates()
    for entry in entries:
        if entry.template.id == name:
            return entry.template
    known = ", ".join(e.template.id for e in entries)
    raise UsageError(f"no template {name!r}; known templates: {known}"
                     " (run 'importmap templates', or give a path to a .toml file)")


def profile_dir() -> Path:
    return builtin_dir() / "profiles"


__all__ = ["TemplateEntry", "TemplateError", "builtin_dir", "find_template", "list_templates",
           "profile_dir", "user_dir"]
