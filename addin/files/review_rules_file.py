"""Where the review's rules and entry template are found: built in (`templates/review/`), and a
firm's own `review/rules.toml` in the user templates folder (registry.user_dir) over them."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from addin.core.errors import TemplateError
from addin.core.review_rules import ReviewRules, merged, parse_rules
from addin.core.template import Template
from addin.core.template_loading import load_template
from addin.files.registry import builtin_dir, user_dir

RULES_FILE = Path("review") / "rules.toml"


def builtin_rules_path() -> Path:
    return builtin_dir() / RULES_FILE


def user_rules_path() -> Path | None:
    """The firm's rules file, when the user templates folder holds one."""
    folder = user_dir()
    path = folder / RULES_FILE if folder is not None else None
    return path if path is not None and path.is_file() else None


def load_rules(firm: bool = True) -> ReviewRules:
    """The built-in rules, with the firm's file over them (unless `firm` is False);
    TemplateError names a bad file."""
    data = _read(builtin_rules_path())
    where = str(builtin_rules_path())
    user = user_rules_path() if firm else None
    if user is not None:
        data, where = merged(data, _read(user)), str(user)
    return parse_rules(data, where)


def review_template_path() -> Path:
    """The template that reads each row's entry for the rules (one column per field)."""
    return builtin_dir() / "review" / "entries.toml"


def review_template() -> Template:
    return load_template(review_template_path())


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(str(path), f"cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise TemplateError(str(path), "is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(str(path), f"is not valid TOML: {exc}") from None
