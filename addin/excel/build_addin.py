"""Build the Import Mapper Excel add-in (.xlam) from the text sources in ``vba/``, on any OS.

The add-in is xlwings' own ``quickstart_addin_ribbon.xlam`` (an Excel-authored container that
xlwings ships to every user of custom add-ins) with targeted edits:

* ``customUI/customUI.xml`` is ours, with one dropdown item per template;
* the ribbon module ``RibbonMyAddin`` becomes ``RibbonImportMapper`` with our source;
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
"""

from __future__ import annotations

import contextlib
import importlib.resources
import os
import re
import struct
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import xlwings

from addin.core.errors import ImportMapperError
from addin.excel.vba_args import encode_arg

__all__ = [
    "AddinBuildError",
    "CONF_SETTINGS",
    "ITEM_ID_PREFIX",
    "XLWINGS_PATCHES",
    "build_addin",
    "item_id",
    "patched_xlwings_module",
    "render_custom_ui",
    "vba_source",
]

PROJECT_NAME = "importmapper"  # xlwings' PROJECT_NAME: names the conf sheet and the user conf file
VBA_PROJECT_NAME = "ImportMapper"
RIBBON_MODULE = "RibbonImportMapper"
CONF_SHEET = f"{PROJECT_NAME}.conf"  # no leading underscore: xlwings reads it
# Dropdown item ids: a ribbon id must be an XML name, unique in the file, so template ids
# travel as hex (same form as vba_args); RibbonImportMapper.bas strips the same prefix.
ITEM_ID_PREFIX = "tpl_"
TEMPLATE_ITEMS = "<!-- TEMPLATE_ITEMS -->"
# Key (column A) and value (column B) of each conf sheet row, read by xlwings' GetConfig.
CONF_SETTINGS: tuple[tuple[str, bool], ...] = (("ADD_WORKBOOK_TO_PYTHONPATH", False),)

_TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
_TEMPLATE_RIBBON_MODULE = "RibbonMyAddin"
_TEMPLATE_PROJECT_NAME = "MyAddin"
_TEMPLATE_SHEET = "_myaddin.conf"
_TEMPLATE_SHEET_CODE_NAME = "Sheet2"  # must keep matching the document module of that name
_CUSTOM_UI_PART = "customUI/customUI.xml"
_EDITED_PARTS = (_CUSTOM_UI_PART, "xl/workbook.xml", "xl/sharedStrings.xml", "xl/vbaProject.bin")
_MAX_ITEMS = 1000  # customUI schema: at most 1000 items in a dropDown
_MAX_ITEM_ID_UNITS = (1024 - len(ITEM_ID_PREFIX)) // 4  # ids are at most 1024 characters
_MAX_LABEL = 1024
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class AddinBuildError(ImportMapperError):
    """The add-in cannot be built: a missing dependency, a template the ribbon cannot list,
    or an upstream file that no longer matches what the build edits."""


@dataclass(frozen=True)
class _Patch:
    """One exact text replacement in xlwings' VBA, applied exactly ``count`` times."""

    why: str
    old: str
    new: str
    count: int = 1

    def apply(self, text: str) -> str:
        found = text.count(self.old)
        if found != self.count:
            raise AddinBuildError(
                f"xlwings {xlwings.__version__}: xlwings_custom_addin.bas has {found} matches "
                f"(expected {self.count}) for the patch {self.why!r}; review the patch against "
                f"the new upstream text before building."
            )
        return text.replace(self.old, self.new)


_IGNORED = "Import Mapper: ignored, so a client workbook cannot change our settings"

# Applied to the LF-normalised text of xlwings_custom_addin.bas 0.37.8, in this order.
XLWINGS_PATCHES: tuple[_Patch, ...] = (
    _Patch(
        "name the project",
        'Public Const PROJECT_NAME As String = "myaddin"',
        f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"',
    ),
    _Patch(
        "GetConfig ignores a conf sheet in the active workbook",
        "            'Workbook Sheet Config\n"
        '            If SheetExists(ActiveWorkbook, PROJECT_NAME & ".conf") = True Then\n'
        "                If GetConfigFromSheet(ActiveWorkbook).Exists(configKey) = True Then\n"
        "                    GetConfig = GetConfigFromSheet(ActiveWorkbook).Item(configKey)\n"
        "                    GetConfig = ExpandEnvironmentStrings(GetConfig)\n"
        "                    Exit Function\n"
        "                End If\n"
        "            End If\n"
        "    \n",
        f"            ' Workbook Sheet Config: {_IGNORED}\n",
    ),
    _Patch(
        "GetConfig ignores a conf file in the active workbook's folder",
        "    ' Directory Config\n"
        '    If source = "" Or source = "directory" Then\n'
        '        #If App = "Microsoft Excel" Then\n'
        '            If GetFullName(ActiveWorkbook) <> "" Then'
        " ' Empty if local dir can't be figured out (e.g. SharePoint)\n"
        "        #Else\n"
        '            If InStr(GetDirectoryPath(), "://") = 0 Then'
        " ' Other Office apps: skip for synced SharePoint/OneDrive files\n"
        "        #End If\n"
        "            If FileExists(GetDirectoryConfigFilePath()) = True Then\n"
        "                If GetConfigFromFile(GetDirectoryConfigFilePath(),"
        " configKey, configValue) Then\n"
        "                    GetConfig = configValue\n"
        "                    GetConfig = ExpandEnvironmentStrings(GetConfig)\n"
        "                    Exit Function\n"
        "                End If\n"
        "            End If\n"
        "        End If\n"
        "    End If\n",
        f"    ' Directory Config: {_IGNORED}\n",
    ),
    _Patch(
        "the workbook folder is not on sys.path unless configured",
        'GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "true")',
        'GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "false")',
        count=2,  # RunPython and the UDF server's XLPyCommand
    ),
    _Patch(
        "no Python code embedded in a client workbook runs instead of ours",
        "    For i = 1 To 2\n",
        "    For i = 2 To 2 ' Import Mapper: only the add-in, never the active workbook\n",
    ),
    _Patch(
        "python -P: Excel's current folder, e.g. where Save as CSV went, is not on sys.path",
        ' -B -c ""import ',
        ' -B -P -c ""import ',
        count=2,  # RunPython on Windows and the UDF server's XLPyCommand
    ),
)


def build_addin(output: Path, templates: list[tuple[str, str]]) -> Path:
    """Write the add-in to ``output``, listing ``templates`` as ``(id, label)`` in the dropdown.

    The file appears at ``output`` complete or not at all. Returns ``output``.
    """
    excel_file = _pyopenvba_excel_file()
    output = Path(output)
    custom_ui = render_custom_ui(vba_source("customUI.xml"), templates)
    ribbon = _crlf(vba_source(f"{RIBBON_MODULE}.bas"))
    runtime = patched_xlwings_module()
    output.parent.mkdir(parents=True, exist_ok=True)
    # Scratch files sit next to the output, so the final rename stays on one file system.
    with tempfile.TemporaryDirectory(prefix=".importmapper-build-", dir=output.parent) as scratch:
        modules = Path(scratch) / "modules.xlam"
        with excel_file(_xlwings_file(_TEMPLATE_NAME)) as book:
            book.vba_project().rename_module(_TEMPLATE_RIBBON_MODULE, RIBBON_MODULE)
            book.set_module(RIBBON_MODULE, ribbon)
            book.set_module("xlwings", runtime)
            book.save(modules)
        finished = Path(scratch) / "finished.xlam"
        _rewrite_package(modules, finished, custom_ui)
        os.replace(finished, output)
    return output


def render_custom_ui(custom_ui: str, templates: list[tuple[str, str]]) -> str:
    """``custom_ui`` with one ``<item>`` per template in place of the TEMPLATE_ITEMS comment."""
    if custom_ui.count(TEMPLATE_ITEMS) != 1:
        raise AddinBuildError(f"customUI.xml must hold {TEMPLATE_ITEMS} exactly once")
    _check_templates(templates)
    indent = re.search(rf"^([ \t]*){re.escape(TEMPLATE_ITEMS)}", custom_ui, re.MULTILINE)
    items = ("\n" + (indent.group(1) if indent else "")).join(
        f'<item id="{item_id(template_id)}" label="{_attribute(label)}"/>'
        for template_id, label in templates
    )
    rendered = custom_ui.replace(TEMPLATE_ITEMS, items)
    ElementTree.fromstring(rendered)  # well-formed, or fail here rather than in Excel
    return rendered


def item_id(template_id: str) -> str:
    """The dropdown item id of a template; VBA's GetSelectedTemplate derives the same."""
    return ITEM_ID_PREFIX + encode_arg(template_id)


def patched_xlwings_module() -> str:
    """The installed ``xlwings_custom_addin.bas`` with ``XLWINGS_PATCHES`` applied, CRLF."""
    text = _xlwings_file("xlwings_custom_addin.bas").read_bytes().decode("utf-8")
    text = text.replace("\r\n", "\n")
    for patch in XLWINGS_PATCHES:
        text = patch.apply(text)
    return _crlf(text)


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


def _pyopenvba_excel_file() -> Any:
    try:
        from pyopenvba import ExcelFile
    except ImportError as exc:
        raise AddinBuildError(
            'Building the add-in needs pyOpenVBA: pip install "import-mapper[addin]"'
        ) from exc
    return ExcelFile


def _xlwings_file(name: str) -> Path:
    path = Path(xlwings.__file__).parent / name
    if not path.is_file():
        raise AddinBuildError(f"xlwings {xlwings.__version__} has no {name}")
    return path


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _attribute(text: str) -> str:
    return escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


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


# --- the package (zip) edits -------------------------------------------------------------------


def _rewrite_package(source: Path, target: Path, custom_ui: str) -> None:
    """Copy ``source`` to ``target``, replacing the parts the add-in changes."""
    with zipfile.ZipFile(source) as package:
        missing = set(_EDITED_PARTS) - set(package.namelist())
        if missing:
            raise AddinBuildError(f"xlwings' template has no {sorted(missing)}")
        sheet_part = _conf_sheet_part(package)
        replaced: dict[str, bytes] = {
            _CUSTOM_UI_PART: custom_ui.encode("utf-8"),
            "xl/workbook.xml": _renamed_conf_sheet(package.read("xl/workbook.xml")),
            sheet_part: _conf_sheet_xml(package.read(sheet_part)),
            "xl/sharedStrings.xml": _shared_strings_xml(),
            "xl/vbaProject.bin": _renamed_vba_project(package.read("xl/vbaProject.bin")),
        }
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in package.infolist():
                data = replaced.get(info.filename)
                out.writestr(info, package.read(info) if data is None else data)


def _conf_sheet_part(package: zipfile.ZipFile) -> str:
    # The template holds exactly one sheet, the conf sheet.
    sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
    if len(sheets) != 1:
        raise AddinBuildError(f"xlwings' template should hold one sheet, not {sheets}")
    return sheets[0]


def _renamed_conf_sheet(workbook_xml: bytes) -> bytes:
    old = f'<sheet name="{_TEMPLATE_SHEET}" '.encode()
    if workbook_xml.count(old) != 1:
        raise AddinBuildError(f"xlwings' template has no sheet named {_TEMPLATE_SHEET}")
    return workbook_xml.replace(old, f'<sheet name="{CONF_SHEET}" '.encode())


def _conf_sheet_xml(template_sheet: bytes) -> bytes:
    code_name = f'<sheetPr codeName="{_TEMPLATE_SHEET_CODE_NAME}"'.encode()
    if code_name not in template_sheet:
        raise AddinBuildError(f"xlwings' conf sheet is no longer {_TEMPLATE_SHEET_CODE_NAME}")
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>{n - 1}</v></c>'
        f'<c r="B{n}" t="b"><v>{int(value)}</v></c></row>'
        for n, (_key, value) in enumerate(CONF_SETTINGS, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetPr codeName="{_TEMPLATE_SHEET_CODE_NAME}"/>'
        f'<dimension ref="A1:B{len(CONF_SETTINGS)}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        '<cols><col min="1" max="1" width="32" customWidth="1"/></cols>'
        f"<sheetData>{rows}</sheetData>"
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
        "</worksheet>"
    ).encode()


def _shared_strings_xml() -> bytes:
    strings = "".join(f"<si><t>{escape(key)}</t></si>" for key, _value in CONF_SETTINGS)
    count = len(CONF_SETTINGS)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="{count}" uniqueCount="{count}">{strings}</sst>'
    ).encode()


# --- the VBA project name ----------------------------------------------------------------------


def _renamed_vba_project(vba_bin: bytes) -> bytes:
    """``vbaProject.bin`` with the project named ImportMapper in PROJECT and in ``dir``.

    pyOpenVBA has no call for it. The name is in two places ([MS-OVBA] 2.3.1.2 and
    2.3.4.2.1.6); both change, nothing else refers to it.
    """
    from pyopenvba.cfb import CFB
    from pyopenvba.vba import compress, decompress

    cfb = CFB.from_bytes(vba_bin)
    project = cfb.get_stream("PROJECT")
    old_line = f'\r\nName="{_TEMPLATE_PROJECT_NAME}"\r\n'.encode("ascii")
    if project.count(old_line) != 1:
        raise AddinBuildError(f"the VBA project is no longer named {_TEMPLATE_PROJECT_NAME}")
    new_line = f'\r\nName="{VBA_PROJECT_NAME}"\r\n'.encode("ascii")
    cfb.write_stream("PROJECT", project.replace(old_line, new_line))
    records = decompress(cfb.get_stream_in_storage("VBA", "dir"), stream_name="dir")
    records = _renamed_dir_records(records, VBA_PROJECT_NAME.encode("ascii"))
    cfb.write_stream_in_storage("VBA", "dir", compress(records))
    return cfb.to_bytes()


def _renamed_dir_records(records: bytes, name: bytes) -> bytes:
    """The decompressed ``dir`` stream with its PROJECTNAME record (id 0x0004) set to ``name``."""
    for record_id, start, end in _leading_dir_records(records):
        if record_id == 0x0004:
            if records[start + 6 : end] != _TEMPLATE_PROJECT_NAME.encode("ascii"):
                raise AddinBuildError(f"the dir stream does not name {_TEMPLATE_PROJECT_NAME}")
            return records[:start] + struct.pack("<HI", 0x0004, len(name)) + name + records[end:]
    raise AddinBuildError("the dir stream has no PROJECTNAME record")


def _leading_dir_records(records: bytes) -> Iterator[tuple[int, int, int]]:
    """(id, start, end) of the records up to PROJECTNAME: SYSKIND, COMPATVERSION, LCID,
    LCIDINVOKE, CODEPAGE, in that order; all are plain id-size-data records."""
    position = 0
    while position + 6 <= len(records):
        record_id, size = struct.unpack_from("<HI", records, position)
        end = position + 6 + size
        yield record_id, position, end
        if record_id not in (0x0001, 0x004A, 0x0002, 0x0014, 0x0003):
            return
        position = end
