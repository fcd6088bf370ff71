"""The add-in's package edits: our ribbon XML, the conf sheet renamed and holding only
CONF_SETTINGS, and the VBA project named ImportMapper, in a copy of xlwings' template."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

from addin.excel.build_sources import AddinBuildError
from addin.excel.xlwings_patches import PROJECT_NAME

VBA_PROJECT_NAME = "ImportMapper"
CONF_SHEET = f"{PROJECT_NAME}.conf"  # no leading underscore: xlwings reads it
# Key (column A) and value (column B) of each conf sheet row, read by xlwings' GetConfig.
CONF_SETTINGS: tuple[tuple[str, bool], ...] = (("ADD_WORKBOOK_TO_PYTHONPATH", False),)
_TEMPLATE_PROJECT_NAME = "MyAddin"
_TEMPLATE_SHEET = "_myaddin.conf"
_TEMPLATE_SHEET_CODE_NAME = "Sheet2"  # must keep matching the document module of that name
_CUSTOM_UI_PART = "customUI/customUI.xml"
_EDITED_PARTS = (_CUSTOM_UI_PART, "xl/workbook.xml", "xl/sharedStrings.xml", "xl/vbaProject.bin")


def rewrite_package(source: Path, target: Path, custom_ui: str) -> None:
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
