"""Where templates and source profiles live: the bundled ones inside the package, and the user
templates folder ($IMPORTMAP_TEMPLATES, else the default folder beside the add-in's conf file),
with its `profiles` folder of saved source profiles."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

ENV_VAR = "IMPORTMAP_TEMPLATES"


def builtin_dir() -> Path:
    """The bundled templates: inside the installed package, else the source tree's templates/."""
    packaged = Path(str(resources.files("addin"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


# The default user templates folder, beside the add-in's conf file (addin/excel/install_excel.py)
# so the command line and Excel share it. On a Mac it is inside Excel's sandbox container, the
# one folder the sandboxed VBA can list (its Environ("HOME") is that container's Data folder);
# vba/RibbonImportMapper.bas resolves the same folder.
WINDOWS_DEFAULT = (".importmapper", "templates")  # under %USERPROFILE%
MAC_DEFAULT = ("Library", "Containers", "com.microsoft.Excel", "Data", "importmapper-templates")
OTHER_DEFAULT = (".importmapper", "templates")  # under ~, for the command line elsewhere


def default_user_dir(platform: str | None = None) -> Path:
    """The user templates folder when $IMPORTMAP_TEMPLATES is not set (it may not exist)."""
    platform = sys.platform if platform is None else platform
    parts = MAC_DEFAULT if platform == "darwin" else (
        WINDOWS_DEFAULT if platform.startswith("win") else OTHER_DEFAULT)
    return Path.home().joinpath(*parts)


def user_folder() -> Path:
    """Where user templates and profiles go: $IMPORTMAP_TEMPLATES, else the default folder."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value) if value else default_user_dir()


def user_dir() -> Path | None:
    """The user templates folder to read, or None when there is none: a default folder that
    does not exist means no user templates (the variable naming a missing folder is an error,
    said by template_library)."""
    folder = user_folder()
    if os.environ.get(ENV_VAR, "").strip() or folder.is_dir():
        return folder
    return None


def profile_dir() -> Path:
    return builtin_dir() / "profiles"


def user_profile_dir() -> Path | None:
    """Where the user's saved source profiles are: `profiles` in the user templates folder."""
    folder = user_dir()
    return None if folder is None else folder / "profiles"
