"""The files the add-in is built from: our texts in ``vba/``, xlwings' template add-in and VBA
module, pyOpenVBA to rewrite modules; AddinBuildError when one is missing or no longer matches."""

from __future__ import annotations

import contextlib
import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import xlwings

from addin.core.errors import ImportMapperError


class AddinBuildError(ImportMapperError):
    """The add-in cannot be built: a missing dependency, a template the ribbon cannot list,
    or an upstream file that no longer matches what the build edits."""


def vba_source(name: str) -> str:
    """A file of ``vba/``: packaged as ``addin/vba`` in a wheel, else the source tree's."""
    with contextlib.suppress(FileNotFoundError):
        return _vba_dir().joinpath(name).read_bytes().decode("utf-8")
    raise AddinBuildError(f"vba/{name} not found (looked in {_vba_dir()})")


def _vba_dir() -> Traversable | Path:
    packaged = importlib.resources.files("addin") / "vba"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "vba"


def pyopenvba_excel_file() -> Any:
    try:
        from pyopenvba import ExcelFile
    except ImportError as exc:
        raise AddinBuildError(
            'Building the add-in needs pyOpenVBA: pip install "import-mapper[addin]"'
        ) from exc
    return ExcelFile


def xlwings_file(name: str) -> Path:
    path = Path(xlwings.__file__).parent / name
    if not path.is_file():
        raise AddinBuildError(f"xlwings {xlwings.__version__} has no {name}")
    return path


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")
