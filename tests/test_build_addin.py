"""The built add-in (.xlam), read back with independent readers: zipfile, olefile, olevba."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import olefile
import pytest
import xlwings
from hypothesis import given
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser
from pyopenvba import ExcelFile, check_file

from addin.excel import build_addin as builder
from addin.excel.build_addin import (
    AddinBuildError,
    build_addin,
    builtin_list_lines,
    patched_xlwings_module,
    render_ribbon_module,
)

VBA_DIR = Path(__file__).resolve().parent.parent / "vba"
INSTALLED_BAS = Path(xlwings.__file__).parent / "xlwings_custom_addin.bas"
TEMPLATES = [
    ("kimai-timesheet", "Kimai timesheet"),
    ("caseclock", "CaseClock"),
    ('my "own" & <best> \U0001f600', 'Mine: A & B <"quoted"> \U0001f600'),
]
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UI = "{http://schemas.microsoft.com/office/2006/01/customui}"
SS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RIBBON_RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"


@pytest.fixture(scope="module")
def xlam(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("build") / "ImportMapper.xlam", TEMPLATES)


def part(xlam: Path, name: str) -> bytes:
    with zipfile.ZipFile(xlam) as package:
        return package.read(name)


def vba_modules(xlam: Path) -> dict[str, str]:
    """Module file name -> source, as olevba reads them."""
    parser = VBA_Parser(str(xlam))
    try:
        return {name: code for _file, _stream, name, code in parser.extract_macros()}
    finally:
        parser.close()


def vba_stream(xlam: Path, path: str) -> bytes:
    with olefile.OleFileIO(part(xlam, "xl/vbaProject.bin")) as ole:
        return ole.openstream(path).read()


def conf_sheet(xlam: Path) -> dict[str, object]:
    """Column A -> column B of the conf sheet, as xlwings' GetConfigFromSheet reads it."""
    shared = ElementTree.fromstring(part(xlam, "xl/sharedStrings.xml"))
    strings = [si.findtext(f"{SS}t", "") for si in shared]
    sheet = ElementTree.fromstring(part(xlam, "xl/worksheets/sheet1.xml"))
    settings: dict[str, object] = {}
    for row in sheet.iter(f"{SS}row"):
        key_cell, value_cell = row.findall(f"{SS}c")
        assert key_cell.get("t") == "s" and value_cell.get("t") == "b"
        key = strings[int(key_cell.findtext(f"{SS}v", ""))]
        settings[key] = value_cell.findtext(f"{SS}v") == "1"
    return settings


def function_body(module: str, name: str) -> str:
    match = re.search(rf"^Function {name}\(.*?^End Function", module, re.M | re.S)
    assert match, name
    return match.group(0)


def lf(text: str) -> str:
    return text.replace("\r\n", "\n")


# --- the package -------------------------------------------------------------------------------


def test_build_writes_and_returns_the_output_path(xlam: Path) -> None:
    assert xlam.is_file() and xlam.name == "ImportMapper.xlam"


def test_build_leaves_nothing_else_in_the_output_folder(xlam: Path) -> None:
    assert [p.name for p in xlam.parent.iterdir()] == ["ImportMapper.xlam"]


def test_package_is_a_valid_zip(xlam: Path) -> None:
    with zipfile.ZipFile(xlam) as package:
        assert package.testzip() is None


def test_content_types_declare_the_workbook_an_addin(xlam: Path) -> None:
    types = ElementTree.fromstring(part(xlam, "[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"


def test_package_relationships_point_to_the_ribbon(xlam: Path) -> None:
    rels = ElementTree.fromstring(part(xlam, "_rels/.rels"))
    targets = [
        r.get("Target")
        for r in rels.iter(f"{REL}Relationship")
        if r.get("Type") == RIBBON_RELATIONSHIP
    ]
    assert targets == ["customUI/customUI.xml"]


def test_ribbon_is_the_vba_folders_xml(xlam: Path) -> None:
    built = part(xlam, "customUI/customUI.xml").decode()
    assert built == (VBA_DIR / "customUI.xml").read_text(encoding="utf-8")


def test_the_target_dropdown_has_no_static_items(xlam: Path) -> None:
    """A dropDown cannot mix static items with getItemCount; the list comes from VBA."""
    dropdown = ElementTree.fromstring(part(xlam, "customUI/customUI.xml")).find(
        f".//{UI}dropDown[@id='imTarget']")
    assert dropdown is not None and list(dropdown) == []
    assert dropdown.get("getItemCount") == "RibbonImportMapper.GetTargetCount"


def vba_list_as_vba_reads_it(module: str) -> list[tuple[str, str]]:
    """A model of BuiltInTemplates and LoadTargets in RibbonImportMapper.bas: the string the
    list's lines build, split at ';' and ':', each part read 4 hex digits a UTF-16 unit."""
    text = "".join(re.findall(r'^    BuiltInTemplates = BuiltInTemplates & "([^"]*)"$',
                              lf(module), re.M))
    pairs = []
    for record in text.split(";"):
        parts = record.split(":")
        if len(parts) == 2:
            pairs.append((units_text(parts[0]), units_text(parts[1])))
    return pairs


def units_text(units: str) -> str:
    codes = []
    for i in range(0, len(units) - 3, 4):
        unit = 0
        for digit in units[i:i + 4]:
            unit = unit * 16 + "0123456789ABCDEF".index(digit.upper())
        codes.append(unit)
    return b"".join(c.to_bytes(2, "big") for c in codes).decode("utf-16-be", "surrogatepass")


def test_built_module_lists_the_built_in_templates(xlam: Path) -> None:
    assert vba_list_as_vba_reads_it(vba_modules(xlam)["RibbonImportMapper.bas"]) == TEMPLATES


def test_every_line_of_the_built_module_fits_vbas_line_limit(xlam: Path) -> None:
    module = lf(vba_modules(xlam)["RibbonImportMapper.bas"])
    assert max(len(line) for line in module.splitlines()) <= 1023


ODD_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   min_size=1, max_size=300)


@given(st.lists(st.tuples(ODD_TEXT, ODD_TEXT), max_size=12, unique_by=lambda t: t[0]))
def test_the_built_in_list_reads_back_whatever_its_ids_and_labels(
        templates: list[tuple[str, str]]) -> None:
    lines = builtin_list_lines(templates)
    assert vba_list_as_vba_reads_it("\n".join(lines)) == templates
    assert all(len(line) <= 1023 and line.count('"') == 2 for line in lines)


def test_the_list_replaces_its_mark_and_nothing_else() -> None:
    source = (VBA_DIR / "RibbonImportMapper.bas").read_bytes().decode("ascii")
    built = render_ribbon_module(source, [("a;b:c", 'A "quoted" label')])
    before, after = lf(source).split("    ' BUILT_IN_TEMPLATES\n")
    assert lf(built).startswith(before) and lf(built).endswith(after)
    assert vba_list_as_vba_reads_it(built) == [("a;b:c", 'A "quoted" label')]
    assert "\r\n" in built and lf(built).count("\n") == built.count("\r\n")


def test_conf_sheet_is_active_and_named_importmapper_conf(xlam: Path) -> None:
    workbook = ElementTree.fromstring(part(xlam, "xl/workbook.xml"))
    assert [s.get("name") for s in workbook.iter(f"{SS}sheet")] == ["importmapper.conf"]


def test_conf_sheet_turns_the_workbook_folder_off_the_python_path(xlam: Path) -> None:
    assert conf_sheet(xlam)["ADD_WORKBOOK_TO_PYTHONPATH"] is False


def test_conf_sheet_leaves_the_interpreter_to_the_users_config_file(xlam: Path) -> None:
    # A key in the sheet, even empty, would hide the user's importmapper.conf.
    assert [
        key for key in conf_sheet(xlam) if key.upper().startswith(("INTERPRETER", "CONDA"))
    ] == []


def test_conf_sheet_keeps_the_code_name_of_its_document_module(xlam: Path) -> None:
    sheet = ElementTree.fromstring(part(xlam, "xl/worksheets/sheet1.xml"))
    sheet_pr = sheet.find(f"{SS}sheetPr")
    assert sheet_pr is not None
    code_name = sheet_pr.get("codeName")
    assert f"{code_name}.cls" in vba_modules(xlam)


# --- the VBA project ---------------------------------------------------------------------------


def test_olevba_lists_exactly_the_expected_modules(xlam: Path) -> None:
    assert sorted(vba_modules(xlam)) == [
        "Dictionary.cls",
        "RibbonImportMapper.bas",
        "Sheet2.cls",
        "ThisWorkbook.cls",
        "xlwings.bas",
    ]


def test_ribbon_module_reads_back_as_the_vba_source_with_the_list(xlam: Path) -> None:
    source = render_ribbon_module(
        (VBA_DIR / "RibbonImportMapper.bas").read_bytes().decode("ascii"), TEMPLATES)
    assert lf(vba_modules(xlam)["RibbonImportMapper.bas"]).rstrip("\n") == lf(source).rstrip("\n")


def built_callbacks(xlam: Path) -> dict[str, str]:
    """Sub name -> body of every callback the built ribbon XML names, as olevba reads them."""
    module = lf(vba_modules(xlam)["RibbonImportMapper.bas"])
    root = ElementTree.fromstring(part(xlam, "customUI/customUI.xml"))
    names = {value.removeprefix("RibbonImportMapper.") for element in root.iter()
             for attribute, value in element.attrib.items() if attribute.startswith(("on", "get"))}
    bodies = {}
    for name in names:
        match = re.search(rf"^Public Sub {name}\(.*?^End Sub", module, re.M | re.S)
        assert match, name
        bodies[name] = match.group(0)
    return bodies


def test_built_ribbon_keeps_itself_on_load_and_invalidates_the_target(xlam: Path) -> None:
    root = ElementTree.fromstring(part(xlam, "customUI/customUI.xml"))
    module = lf(vba_modules(xlam)["RibbonImportMapper.bas"])
    assert root.get("onLoad") == "RibbonImportMapper.OnRibbonLoad"
    assert "Set ribbonUI = ribbon" in built_callbacks(xlam)["OnRibbonLoad"]
    assert 'ribbonUI.InvalidateControl TARGET_CONTROL' in module
    assert 'TARGET_CONTROL As String = "imTarget"' in module
    assert root.find(f".//{UI}dropDown[@id='imTarget']") is not None


# The Target list's callbacks need no workbook: they list templates, not a workbook's choice.
LIST_CALLBACKS = ("GetTargetCount", "GetTargetID", "GetTargetLabel")


def test_every_built_callback_guards_against_no_workbook(xlam: Path) -> None:
    """Each action goes through RunRibbon or HasWorkbook, or tests ActiveWorkbook itself."""
    unguarded = [name for name, body in built_callbacks(xlam).items()
                 if name not in ("OnRibbonLoad", *LIST_CALLBACKS) and not re.search(
                     r"RunRibbon |HasWorkbook\(\)|ActiveWorkbook Is Nothing", body)]
    assert unguarded == []
    assert "RunPython " not in "".join(built_callbacks(xlam).values())


def test_built_commands_drop_the_current_folder_from_sys_path_first(xlam: Path) -> None:
    module = lf(vba_modules(xlam)["RibbonImportMapper.bas"])
    prefix = re.search(r'PY_PREFIX As String = "(.*)"', module)
    assert prefix is not None
    assert prefix.group(1).startswith("import sys, os; sys.path = list(filter(os.getcwd().__ne__,"
                                      " filter(None, sys.path))); import addin.excel.ribbon")


def test_xlwings_module_reads_back_as_the_patched_installed_bas(xlam: Path) -> None:
    read_back = lf(vba_modules(xlam)["xlwings.bas"]).rstrip("\n")
    assert read_back == lf(patched_xlwings_module()).rstrip("\n")


def test_vba_project_cache_is_version_ffff_so_excel_compiles_from_source(xlam: Path) -> None:
    assert vba_stream(xlam, "VBA/_VBA_PROJECT")[:4] == bytes.fromhex("cc61ffff")


def test_vba_project_has_no_srp_cache_streams(xlam: Path) -> None:
    with olefile.OleFileIO(part(xlam, "xl/vbaProject.bin")) as ole:
        assert [p for p in ole.listdir() if p[-1].startswith("__SRP_")] == []


def test_vba_project_is_named_importmapper_in_project_stream(xlam: Path) -> None:
    assert 'Name="ImportMapper"' in vba_stream(xlam, "PROJECT").decode("cp1252").splitlines()


def test_vba_project_is_named_importmapper_in_dir_stream(xlam: Path) -> None:
    with ExcelFile(xlam) as book:
        assert book.vba_project().name == "ImportMapper"


def test_pyopenvba_check_file_reports_ok(xlam: Path) -> None:
    report = check_file(xlam)
    assert report.ok, report.issues


# --- the xlwings module patches ------------------------------------------------------------------


def test_project_name_is_importmapper() -> None:
    assert 'Public Const PROJECT_NAME As String = "importmapper"' in patched_xlwings_module()


def test_get_config_no_longer_reads_the_active_workbooks_conf_sheet() -> None:
    body = function_body(lf(patched_xlwings_module()), "GetConfig")
    assert "GetConfigFromSheet(ThisWorkbook)" in body  # our own sheet still counts
    assert "ActiveWorkbook" not in body


def test_get_config_no_longer_reads_a_conf_file_beside_the_active_workbook() -> None:
    body = function_body(lf(patched_xlwings_module()), "GetConfig")
    assert "GetConfigFilePath()" in body  # the user's own file still counts
    assert "GetDirectoryConfigFilePath" not in body


def test_workbook_folder_is_off_the_python_path_by_default() -> None:
    module = patched_xlwings_module()
    assert module.count('GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "false")') == 2
    assert '"ADD_WORKBOOK_TO_PYTHONPATH", "true"' not in module


def test_run_python_looks_for_embedded_code_only_in_the_add_in() -> None:
    body = function_body(
        lf(patched_xlwings_module()).replace("Public Function", "Function"), "RunPython"
    )
    assert "For i = 2 To 2" in body and "For i = 1 To 2" not in body


def test_python_starts_without_the_current_folder_on_sys_path() -> None:
    module = patched_xlwings_module()
    assert module.count(' -B -P -c ""import ') == 2 and ' -B -c ""' not in module


def test_xlwings_module_is_the_installed_one_apart_from_the_patches() -> None:
    module = lf(patched_xlwings_module())
    for patch in reversed(builder.XLWINGS_PATCHES):
        module = module.replace(patch.new, patch.old)
    assert module == lf(INSTALLED_BAS.read_bytes().decode("utf-8"))


def test_a_patch_whose_upstream_text_changed_fails_loudly() -> None:
    with pytest.raises(AddinBuildError, match="GetConfig ignores a conf sheet"):
        builder.XLWINGS_PATCHES[1].apply("Function GetConfig()\nEnd Function\n")


# --- failures ------------------------------------------------------------------------------------


def test_build_without_pyopenvba_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyopenvba", None)  # makes the import fail
    with pytest.raises(AddinBuildError, match=re.escape('pip install "import-mapper[addin]"')):
        build_addin(tmp_path / "x.xlam", TEMPLATES)


def test_failed_build_keeps_the_previous_file_and_no_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "ImportMapper.xlam"
    output.write_bytes(b"previous build")

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(builder, "rewrite_package", broken)
    with pytest.raises(OSError, match="disk full"):
        build_addin(output, TEMPLATES)
    assert output.read_bytes() == b"previous build"
    assert [p.name for p in tmp_path.iterdir()] == ["ImportMapper.xlam"]


def test_duplicate_template_ids_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AddinBuildError, match="appears twice"):
        build_addin(tmp_path / "x.xlam", [("a", "A"), ("a", "Other A")])


def test_a_label_with_a_control_character_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AddinBuildError, match="XML cannot hold"):
        build_addin(tmp_path / "x.xlam", [("a", "bell\x07")])


def test_vba_sources_come_from_the_source_tree_when_not_packaged() -> None:
    assert builder.vba_source("customUI.xml") == (VBA_DIR / "customUI.xml").read_bytes().decode()
