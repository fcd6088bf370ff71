"""Build the Import Mapper Excel add-in (.xlam) from the text sources in ``vba/``, on any OS.

The add-in is xlwings' own ``quickstart_addin_ribbon.xlam`` (an Excel-authored container that
xlwings ships to every user of custom add-ins) with targeted edits:

* ``customUI/customUI.xml`` is ours; its Target list is given by VBA callbacks;
* the ribbon module ``RibbonMyAddin`` becomes ``RibbonImportMapper`` with our source, the
  built-in templates written into it (``render_ribbon_module``; the user's are listed by the
  module itself from their folder, so adding one needs no rebuild);
* the ``xlwings`` module is the installed ``xlwings_custom_addin.bas`` of the same xlwings
  version as the Python side (the Mac AppleScript must match it), with ``PROJECT_NAME``
  set and the hardening patches in ``XLWINGS_PATCHES``;
* the conf sheet is ``importmapper.conf`` (active) and holds only ``CONF_SETTINGS``;
* the VBA project is named ``ImportMapper``.

Settings the add-in leaves open, such as the interpreter (``INTERPRETER_WIN``/``_MAC``), come
from the user's own file ``%USERPROFILE%\\.importmapper\\importmapper.conf`` (Windows) or
``~/Library/Containers/com.microsoft.Excel/Data/importmapper.conf`` (Mac), else ``python``.
A key present in the conf sheet, even empty, would hide the user's file, so the sheet holds
only what must not change.

Module sources are rewritten with pyOpenVBA, which stores them without compiled p-code; the
project keeps xlwings' ``_VBA_PROJECT`` version 0xFFFF, so Excel compiles from source on open.

Here: the build and the ribbon's template list; the files it starts from are found by
build_sources, xlwings' module is patched by xlwings_patches, the package edited by
addin_package.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from xml.etree import ElementTree

from addin.excel.addin_package import CONF_SETTINGS, rewrite_package
from addin.excel.build_sources import (
    AddinBuildError,
    crlf,
    pyopenvba_excel_file,
    vba_source,
    xlwings_file,
)
from addin.excel.vba_args import encode_arg
from addin.excel.xlwings_patches import XLWINGS_PATCHES, patched_xlwings_module

__all__ = [
    "AddinBuildError",
    "CONF_SETTINGS",
    "ITEM_ID_PREFIX",
    "XLWINGS_PATCHES",
    "build_addin",
    "item_id",
    "patched_xlwings_module",
    "render_ribbon_module",
    "vba_source",
]

RIBBON_MODULE = "RibbonImportMapper"
# Dropdown item ids: a ribbon id must be an XML name, so template names travel as hex (same
# form as vba_args); RibbonImportMapper.bas builds and strips the same prefix.
ITEM_ID_PREFIX = "tpl_"
# The line of RibbonImportMapper.bas the built-in list replaces, and the statement each line of
# the list is: VBA reads at most 1023 characters a line, so the list is cut into several.
BUILT_IN_MARK = "    ' BUILT_IN_TEMPLATES"
BUILT_IN_LINE = '    BuiltInTemplates = BuiltInTemplates & "{}"'
_VBA_LINE = 1023
_CHUNK = _VBA_LINE - len(BUILT_IN_LINE.format(""))
_MAX_LIST = 60_000  # a VBA procedure holds at most 64K of source

_TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
_TEMPLATE_RIBBON_MODULE = "RibbonMyAddin"
_MAX_ITEMS = 1000  # customUI schema: at most 1000 items in a dropDown
_MAX_ITEM_ID_UNITS = (1024 - len(ITEM_ID_PREFIX)) // 4  # ids are at most 1024 characters
_MAX_LABEL = 1024
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def build_addin(output: Path, templates: list[tuple[str, str]]) -> Path:
    """Write the add-in to ``output``, listing ``templates`` as ``(id, label)`` in the dropdown.

    The file appears at ``output`` complete or not at all. Returns ``output``.
    """
    excel_file = pyopenvba_excel_file()
    output = Path(output)
    custom_ui = vba_source("customUI.xml")
    ElementTree.fromstring(custom_ui)  # well-formed, or fail here rather than in Excel
    ribbon = crlf(render_ribbon_module(vba_source(f"{RIBBON_MODULE}.bas"), templates))
    runtime = patched_xlwings_module()
    output.parent.mkdir(parents=True, exist_ok=True)
    # Scratch files sit next to the output, so the final rename stays on one file system.
    with tempfile.TemporaryDirectory(prefix=".importmapper-build-", dir=output.parent) as scratch:
        modules = Path(scratch) / "modules.xlam"
        with excel_file(xlwings_file(_TEMPLATE_NAME)) as book:
            book.vba_project().rename_module(_TEMPLATE_RIBBON_MODULE, RIBBON_MODULE)
            book.set_module(RIBBON_MODULE, ribbon)
            book.set_module("xlwings", runtime)
            book.save(modules)
        finished = Path(scratch) / "finished.xlam"
        rewrite_package(modules, finished, custom_ui)
        os.replace(finished, output)
    return output


def render_ribbon_module(source: str, templates: list[tuple[str, str]]) -> str:
    """The ribbon module's ``source`` with the built-in ``(id, label)`` list in place of its
    BUILT_IN_TEMPLATES line (GetTargetCount lists them first)."""
    lines = source.splitlines()
    if lines.count(BUILT_IN_MARK) != 1:
        raise AddinBuildError(f"{RIBBON_MODULE}.bas must hold the line {BUILT_IN_MARK!r} once")
    _check_templates(templates)
    index = lines.index(BUILT_IN_MARK)
    newline = "\r\n" if "\r\n" in source else "\n"
    return newline.join([*lines[:index], *builtin_list_lines(templates),
                         *lines[index + 1:]]) + newline


def builtin_list_lines(templates: list[tuple[str, str]]) -> list[str]:
    """VBA statements building "<id>:<label>;" pairs in HexUnits form, a line each chunk."""
    text = "".join(f"{encode_arg(i)}:{encode_arg(label)};" for i, label in templates)
    if len(text) > _MAX_LIST:
        raise AddinBuildError("the built-in templates are too many for the ribbon module")
    return [BUILT_IN_LINE.format(text[n:n + _CHUNK]) for n in range(0, len(text), _CHUNK)]


def item_id(template_id: str) -> str:
    """The dropdown item id of a template; VBA's GetSelectedTemplate derives the same."""
    return ITEM_ID_PREFIX + encode_arg(template_id)


def _check_templates(templates: list[tuple[str, str]]) -> None:
    if len(templates) > _MAX_ITEMS:
        raise AddinBuildError(f"the ribbon dropdown holds at most {_MAX_ITEMS} templates")
    seen: set[str] = set()
    for template_id, label in templates:
        if not template_id:
            raise AddinBuildError("a template id is empty")
        if template_id in seen:
            raise AddinBuildError(f"template id {template_id!r} appears twice")
        seen.add(template_id)
        if len(encode_arg(template_id)) // 4 > _MAX_ITEM_ID_UNITS:
            raise AddinBuildError(f"template id {template_id[:40]!r}... is too long for the ribbon")
        if not label or len(encode_arg(label)) // 4 > _MAX_LABEL:
            raise AddinBuildError(
                f"template {template_id!r} needs a label of 1 to {_MAX_LABEL} chars"
            )
        if _XML_ILLEGAL.search(template_id + label):
            raise AddinBuildError(f"template {template_id!r} has a character XML cannot hold")



# --- the VBA project name ----------------------------------------------------------------------
