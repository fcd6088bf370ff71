"""The ribbon's text sources in vba/: customUI.xml and the callback module RibbonImportMapper.bas.

The callbacks run in pyOpenVBA's VBA interpreter against an in-memory Excel, with a stub
RunPython that records each command instead of starting Python.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pyopenvba.apps.excel import Application, ExcelApplication
from pyopenvba.interpreter._objects import MemberSpec
from pyopenvba.interpreter._values import MISSING, NOTHING

from addin.excel.build_addin import item_id
from addin.excel.vba_args import decode_arg

VBA_DIR = Path(__file__).resolve().parent.parent / "vba"
RIBBON_BAS = VBA_DIR / "RibbonImportMapper.bas"
CUSTOM_UI = VBA_DIR / "customUI.xml"
NS = "{http://schemas.microsoft.com/office/2006/01/customui}"
MODULE = "RibbonImportMapper"

# Callback signatures Office calls, by (element, attribute), as (passing, type) per parameter;
# VBA passes ByRef and types as Variant unless told otherwise.
CONTROL = ("ByRef", "IRibbonControl")
SIGNATURES = {
    ("customUI", "onLoad"): (("ByRef", "IRibbonUI"),),
    ("button", "onAction"): (CONTROL,),
    ("dropDown", "onAction"): (CONTROL, ("ByRef", "String"), ("ByRef", "Integer")),
    ("dropDown", "getSelectedItemID"): (CONTROL, ("ByRef", "Variant")),
    ("dropDown", "getItemCount"): (CONTROL, ("ByRef", "Variant")),
    ("dropDown", "getItemID"): (CONTROL, ("ByRef", "Integer"), ("ByRef", "Variant")),
    ("dropDown", "getItemLabel"): (CONTROL, ("ByRef", "Integer"), ("ByRef", "Variant")),
}

# Every command first drops "" and the current folder from sys.path (xlwings' prepare_sys_path
# puts "" back), then imports addin.excel.ribbon.
PREFIX = ("import sys, os; sys.path = list(filter(os.getcwd().__ne__, filter(None, sys.path)));"
          " import addin.excel.ribbon as r; r.")
# What each button runs. Text from the user or the file system goes through r.arg (hex).
BUTTON_COMMANDS = {sub: PREFIX + call for sub, call in {
    "OnOpenFile": "open_file(r.arg('0043003A005C0069006E002E006300730076'))",
    "OnApplyTemplate": "apply_template()",
    "OnEditMapping": "edit_mapping()",
    "OnHoursToMinutes": "hours_to_minutes()",
    "OnHoursToSeconds": "hours_to_seconds()",
    "OnReformatDatesIso": "reformat_dates('YYYY-MM-DD')",
    "OnReformatDatesUs": "reformat_dates('MM/DD/YYYY')",
    "OnReformatDatesDayFirst": "reformat_dates('DD/MM/YYYY')",
    "OnReformatDatesDotted": "reformat_dates('DD.MM.YYYY')",
    "OnReformatDatesCompact": "reformat_dates('YYYYMMDD')",
    "OnReformatDatesUsShort": "reformat_dates('M/D/YYYY')",
    "OnCheckRequired": "check_required()",
    "OnClearHighlights": "clear_highlights()",
    "OnReview": "review()",
    "OnSaveCsv": "save_csv(r.arg('0043003A005C0061002E006300730076'))",
    "OnUndo": "undo()",
    "OnHelp": "show_help()",
    "OnNewTarget": "new_target()",
    "OnSaveTarget": "save_target()",
}.items()}
DATE_FORMATS = ["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "YYYYMMDD", "M/D/YYYY"]
SAVE_AS_ANSWER = "C:\\a.csv"  # what the stubbed Save-As dialog returns unless a test says otherwise
OPEN_ANSWER = "C:\\in.csv"  # what the stubbed Open dialog returns unless a test says otherwise
COMMAND = re.compile(re.escape(PREFIX) + r"(?P<function>\w+)\((?P<args>.*)\)")
# RunPython puts the command inside "..." for cmd.exe and for a shell: none of its specials.
SAFE_COMMAND = re.compile(r"[A-Za-z0-9_ .;()',/=-]*")

# Text a user or the file system may hand over, keyed by what makes it tricky.
TRICKY_TEXT = {
    "quotes-percent-caret": 'C:\\Users\\Anna "AJ" O\'Neil\\100% & more ^ !\\Zeit.csv',
    "accents-euro": "/Users/anna/Löhne März/€ 5 ✓.csv",
    "unc-cjk-hebrew": "\\\\server\\share\\日本語\\שלום.csv",
    "emoji-zwj-sequence": "C:\\emoji \U0001f600\U0001f3f3\ufe0f\u200d\U0001f308.csv",
    "high-units-controls-shell": "\uffff\u8000\u7fff\x01\t\n%PATH%$(whoami)`id`",
    "empty": "",
}


def as_vba_string(text: str) -> str:
    """``text`` as VBA holds it: one character per UTF-16 code unit (surrogates apart).

    pyOpenVBA keeps strings as Python code points; real VBA sees an emoji as two units.
    """
    data = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(data[i : i + 2], "little")) for i in range(0, len(data), 2))


def callbacks() -> list[tuple[str, str, str]]:
    """(element, attribute, value) for every callback attribute in customUI.xml."""
    found = []
    for element in ElementTree.parse(CUSTOM_UI).iter():
        tag = element.tag.removeprefix(NS)
        for attribute, value in element.attrib.items():
            if attribute.startswith(("on", "get")):
                found.append((tag, attribute, value))
    return found


def public_subs() -> dict[str, tuple[tuple[str, str], ...]]:
    """Public Sub name -> parameters as (passing, type), from RibbonImportMapper.bas."""
    subs = {}
    for match in re.finditer(r"^Public Sub (\w+)\((.*)\)\r?$", RIBBON_BAS.read_text(), re.M):
        params = []
        for param in filter(None, (p.strip() for p in match.group(2).split(","))):
            found = re.fullmatch(r"(?:(ByRef|ByVal) )?\w+(?: As (\w+))?", param)
            assert found, param
            params.append((found.group(1) or "ByRef", found.group(2) or "Variant"))
        subs[match.group(1)] = tuple(params)
    return subs


def excel_application(monkeypatch: pytest.MonkeyPatch, source: str | None = None) -> Any:
    """An in-memory Excel with no workbook, our module, and RunPython/dialog stubs.

    ``excel.commands`` lists what RunPython received; ``excel.save_as`` and ``excel.open_as``
    queue dialog answers and ``excel.save_as_calls`` records the dialog's (InitialFileName,
    FileFilter). The stub RunPython reads ActiveWorkbook.Name as xlwings' does, so a callback
    run with no workbook open fails as it would in Excel (error 91).
    """
    app = ExcelApplication()
    app.add_module(source or RIBBON_BAS.read_bytes().decode("ascii"), name=MODULE)
    # Stands in for xlwings' module: RunPython records, plus helpers to reach the state.
    app.add_module(
        "Option Explicit\r\n"
        "Public Function RunPython(PythonCommand As String)\r\n"
        "    Dim caller As String\r\n"
        "    caller = ActiveWorkbook.Name\r\n"
        "    Debug.Print PythonCommand\r\n"
        "End Function\r\n"
        "Public Sub LoadRibbon()\r\n"
        "    Dim ribbon As New StubRibbon\r\n"
        "    OnRibbonLoad ribbon\r\n"
        "End Sub\r\n"
        "Public Function SelectedItemID() As Variant\r\n"
        "    Dim itemID As Variant\r\n"
        "    GetSelectedTemplate Nothing, itemID\r\n"
        "    SelectedItemID = itemID\r\n"
        "End Function\r\n"
        "Public Function TargetItems() As String\r\n"
        "    Dim count As Variant, itemID As Variant, label As Variant, i As Integer\r\n"
        "    GetTargetCount Nothing, count\r\n"
        "    For i = 0 To count - 1\r\n"
        "        GetTargetID Nothing, i, itemID\r\n"
        "        GetTargetLabel Nothing, i, label\r\n"
        "        TargetItems = TargetItems & itemID & vbTab & label & vbLf\r\n"
        "    Next i\r\n"
        "End Function\r\n"
        "Public Sub SetTemplateName(ByVal refersTo As String)\r\n"
        '    ActiveWorkbook.Names.Add Name:="ImportMapper_Template", RefersTo:=refersTo\r\n'
        "End Sub\r\n",
        name="xlwings",
    )
    # Stands in for Office's IRibbonUI: records which controls were invalidated.
    app.add_module(
        "Option Explicit\r\n"
        "Public Sub InvalidateControl(ByVal controlID As String)\r\n"
        '    Debug.Print "invalidate " & controlID\r\n'
        "End Sub\r\n",
        name="StubRibbon", kind="class",
    )
    app.save_as = []
    app.save_as_calls = []
    app.open_as = []

    # pyOpenVBA does not model Application.GetSaveAsFilename; this stands in for the dialog.
    def get_save_as_filename(
        _application: object,
        InitialFileName: object = MISSING,  # noqa: N803 - VBA's argument names
        FileFilter: object = MISSING,  # noqa: N803
        *_rest: object,
    ) -> object:
        app.save_as_calls.append((InitialFileName, FileFilter))
        return app.save_as.pop(0) if app.save_as else as_vba_string(SAVE_AS_ANSWER)

    spec = MemberSpec(
        name="GetSaveAsFilename",
        kind="method",
        getter=get_save_as_filename,
        parameters=("InitialFileName", "FileFilter", "FilterIndex", "Title", "ButtonText"),
    )
    monkeypatch.setitem(Application._vba_members, "getsaveasfilename", spec)

    def get_open_filename(_application: object, *_arguments: object, **_named: object) -> object:
        return app.open_as.pop(0) if app.open_as else as_vba_string(OPEN_ANSWER)

    spec = MemberSpec(name="GetOpenFilename", kind="method", getter=get_open_filename,
                      parameters=("FileFilter", "FilterIndex", "Title", "ButtonText",
                                  "MultiSelect"))
    monkeypatch.setitem(Application._vba_members, "getopenfilename", spec)
    app.console_lines = app.console  # Debug.Print output: RunPython calls and invalidations
    return app


class Commands:
    """The RunPython commands among the console lines (invalidations are left out)."""

    def __init__(self, console: list[str]) -> None:
        self.console = console

    def _commands(self) -> list[str]:
        return [line for line in self.console if not line.startswith("invalidate ")]

    def __iter__(self) -> Iterator[str]:
        return iter(self._commands())

    def __getitem__(self, index: int) -> str:
        return self._commands()[index]

    def __eq__(self, other: object) -> bool:
        return self._commands() == other

    def __len__(self) -> int:
        return len(self._commands())


@pytest.fixture
def excel(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The Excel above with one workbook open."""
    app = excel_application(monkeypatch)
    app.add_workbook()
    app.commands = Commands(app.console)
    yield app


@pytest.fixture
def bare_excel(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The Excel above with no workbook open, and the ribbon loaded."""
    app = excel_application(monkeypatch)
    app.commands = Commands(app.console)
    app.run("LoadRibbon")
    yield app


def run_button(excel: Any, sub: str) -> list[str]:
    excel.run(sub, NOTHING)
    return list(excel.commands)


def hex_argument(command: str) -> str:
    match = re.search(r"r\.arg\('([0-9A-F]*)'\)", command)
    assert match, command
    return match.group(1)


# --- customUI.xml --------------------------------------------------------------------------


def test_custom_ui_is_well_formed_xml() -> None:
    assert ElementTree.parse(CUSTOM_UI).getroot() is not None


def test_custom_ui_uses_the_office_2007_customui_namespace() -> None:
    assert ElementTree.parse(CUSTOM_UI).getroot().tag == f"{NS}customUI"


def test_custom_ui_tab_is_labelled_import_mapper() -> None:
    tabs = ElementTree.parse(CUSTOM_UI).getroot().iter(f"{NS}tab")
    assert [tab.get("label") for tab in tabs] == ["Import Mapper"]


def test_the_target_dropdown_is_listed_by_callbacks_not_static_items() -> None:
    (dropdown,) = ElementTree.parse(CUSTOM_UI).getroot().iter(f"{NS}dropDown")
    assert list(dropdown) == []  # a dropDown cannot mix static items with getItemCount
    assert {a for a in dropdown.attrib if a.startswith("getItem")} == {
        "getItemCount", "getItemID", "getItemLabel"}


def test_date_menu_offers_the_six_formats() -> None:
    (menu,) = ElementTree.parse(CUSTOM_UI).getroot().iter(f"{NS}menu")
    labels = [button.get("label") for button in menu.iter(f"{NS}button")]
    assert labels == DATE_FORMATS


def test_every_group_control_has_an_icon_and_a_screentip() -> None:
    root = ElementTree.parse(CUSTOM_UI).getroot()
    lacking = [
        control.get("id")
        for group in root.iter(f"{NS}group")
        for control in group
        if not control.get("screentip")
        or (control.tag != f"{NS}dropDown" and not control.get("imageMso"))
    ]
    assert lacking == []


def test_every_callback_is_qualified_with_the_ribbon_module() -> None:
    unqualified = [v for _tag, _attr, v in callbacks() if not v.startswith(f"{MODULE}.")]
    assert unqualified == []


@pytest.mark.parametrize(("tag", "attribute", "value"), callbacks())
def test_callback_is_a_public_sub_with_the_signature_office_calls(
    tag: str, attribute: str, value: str
) -> None:
    expected = SIGNATURES[(tag, attribute)]
    assert public_subs().get(value.removeprefix(f"{MODULE}.")) == expected


def test_every_public_sub_is_wired_to_the_ribbon() -> None:
    wired = {value.removeprefix(f"{MODULE}.") for _tag, _attr, value in callbacks()}
    assert set(public_subs()) == wired


# --- RibbonImportMapper.bas as text --------------------------------------------------------


def test_ribbon_module_has_crlf_line_endings_only() -> None:
    data = RIBBON_BAS.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 0


def test_ribbon_module_is_plain_ascii() -> None:
    RIBBON_BAS.read_bytes().decode("ascii")  # the VBA project's code page is 1252


def test_ribbon_module_is_named_and_declares_option_explicit() -> None:
    lines = RIBBON_BAS.read_text().splitlines()
    assert lines[0] == f'Attribute VB_Name = "{MODULE}"'
    assert "Option Explicit" in lines


# --- the callbacks, run ------------------------------------------------------------------------


@pytest.mark.parametrize(("sub", "command"), BUTTON_COMMANDS.items())
def test_button_runs_its_python_command(excel: Any, sub: str, command: str) -> None:
    assert run_button(excel, sub) == [command]


@pytest.mark.parametrize("sub", BUTTON_COMMANDS)
def test_button_command_holds_no_shell_special_character(excel: Any, sub: str) -> None:
    (command,) = run_button(excel, sub)
    assert SAFE_COMMAND.fullmatch(command), command


@pytest.mark.parametrize("sub", [*BUTTON_COMMANDS, "OnSelectTemplate"])
def test_command_calls_a_function_that_addin_ribbon_has(excel: Any, sub: str) -> None:
    args = (NOTHING, item_id("kimai-timesheet"), 0) if sub == "OnSelectTemplate" else (NOTHING,)
    excel.run(sub, *args)
    match = COMMAND.fullmatch(excel.commands[-1])
    assert match, excel.commands[-1]
    ribbon = importlib.import_module("addin.excel.ribbon")
    assert hasattr(ribbon, match["function"])
    if "r.arg(" in match["args"]:
        assert hasattr(ribbon, "arg")


def test_save_csv_offers_a_csv_filter_and_a_csv_name(excel: Any) -> None:
    run_button(excel, "OnSaveCsv")
    [(name, file_filter)] = excel.save_as_calls
    assert str(name).endswith(".csv") and str(file_filter).endswith("*.csv")


# The buttons that ask for a file, and the queue of answers their dialog takes.
FILE_DIALOGS = {"OnSaveCsv": "save_as", "OnOpenFile": "open_as"}


@pytest.mark.parametrize(("sub", "answers"), FILE_DIALOGS.items())
def test_a_cancelled_file_dialog_runs_nothing(excel: Any, sub: str, answers: str) -> None:
    getattr(excel, answers).append(False)
    assert run_button(excel, sub) == []


@pytest.mark.parametrize("path", list(TRICKY_TEXT.values()), ids=list(TRICKY_TEXT))
@pytest.mark.parametrize(("sub", "answers"), FILE_DIALOGS.items())
def test_a_chosen_path_reaches_python_intact(excel: Any, sub: str, answers: str,
                                             path: str) -> None:
    getattr(excel, answers).append(as_vba_string(path))
    (command,) = run_button(excel, sub)
    assert SAFE_COMMAND.fullmatch(command)
    assert decode_arg(hex_argument(command)) == path


@pytest.mark.parametrize("template_id", list(TRICKY_TEXT.values())[:-1], ids=list(TRICKY_TEXT)[:-1])
def test_selected_template_id_reaches_python_intact(excel: Any, template_id: str) -> None:
    excel.run("OnSelectTemplate", NOTHING, item_id(template_id), 1)
    (command,) = excel.commands
    assert command.startswith(PREFIX + "select_template(r.arg('")
    assert SAFE_COMMAND.fullmatch(command)
    assert decode_arg(hex_argument(command)) == template_id


def test_selected_item_is_empty_without_a_stored_template(excel: Any) -> None:
    assert excel.run("SelectedItemID") == ""


def test_selected_item_is_the_workbooks_stored_template(excel: Any) -> None:
    excel.run("SetTemplateName", '="kimai-timesheet"')
    assert excel.run("SelectedItemID") == item_id("kimai-timesheet")


def test_selected_item_undoubles_quotes_and_keeps_emoji(excel: Any) -> None:
    excel.run("SetTemplateName", as_vba_string('="my ""best"" \U0001f600"'))
    assert excel.run("SelectedItemID") == item_id('my "best" \U0001f600')


@pytest.mark.parametrize("refers_to", ["=Sheet1!$A$1", '=UPPER("x")', "=1"])
def test_selected_item_ignores_a_stored_name_that_is_not_a_text_constant(
    excel: Any, refers_to: str
) -> None:
    excel.run("SetTemplateName", refers_to)
    assert excel.run("SelectedItemID") == ""


SHEET_NAMES = {"quote-apostrophe": "O'Neil \"AJ\" 100%", "accents": "Löhne März €",
               "shell": "$(id)`x`^&"}


@pytest.mark.parametrize("name", list(SHEET_NAMES.values()), ids=list(SHEET_NAMES))
@pytest.mark.parametrize("sub", BUTTON_COMMANDS)
def test_sheet_and_workbook_names_never_reach_the_command(excel: Any, sub: str,
                                                         name: str) -> None:
    """The Python side finds the workbook itself (Book.caller), so no name travels as text."""
    excel.add_module("Public Function RenameSheet(ByVal n As String) As String\r\n"
                     "    ActiveSheet.Name = n\r\n    RenameSheet = ActiveSheet.Name\r\n"
                     "End Function\r\n", name="Helpers")
    assert excel.run("RenameSheet", name) == name
    assert run_button(excel, sub) == [BUTTON_COMMANDS[sub]]


# --- robustness: the ribbon kept, no workbook open, sys.path ----------------------------------

ACTIONS = [*BUTTON_COMMANDS, "OnSelectTemplate"]


def action_args(sub: str) -> tuple[object, ...]:
    return (NOTHING, item_id("kimai-timesheet"), 0) if sub == "OnSelectTemplate" else (NOTHING,)


def test_custom_ui_keeps_the_ribbon_on_load() -> None:
    root = ElementTree.parse(CUSTOM_UI).getroot()
    assert root.get("onLoad") == f"{MODULE}.OnRibbonLoad"


@pytest.mark.parametrize("sub", ACTIONS)
def test_every_action_invalidates_the_target_dropdown(bare_excel: Any, sub: str) -> None:
    bare_excel.add_workbook()
    bare_excel.run(sub, *action_args(sub))
    assert "invalidate imTarget" in bare_excel.console_lines
    assert bare_excel.console_lines[-1] == "invalidate imTarget"  # after Python changed it


@pytest.mark.parametrize("sub", [s for s in ACTIONS if s != "OnOpenFile"])
def test_an_action_with_no_workbook_open_shows_a_message_instead_of_an_error(
        bare_excel: Any, sub: str) -> None:
    bare_excel.run(sub, *action_args(sub))
    assert list(bare_excel.commands) == []
    [(kind, prompt, title, _style)] = bare_excel.dialogs
    assert (kind, title) == ("MsgBox", "Import Mapper")
    assert prompt.startswith("Open a workbook first")


def test_the_dropdown_asks_quietly_with_no_workbook_open(bare_excel: Any) -> None:
    item = bare_excel.run("SelectedItemID")
    assert (item, bare_excel.dialogs) == ("", [])


def test_open_file_with_no_workbook_open_opens_into_a_new_workbook(bare_excel: Any) -> None:
    bare_excel.run("OnOpenFile", NOTHING)
    assert list(bare_excel.commands) == [BUTTON_COMMANDS["OnOpenFile"]]
    assert len(bare_excel.workbooks()) == 1 and bare_excel.dialogs == []


def test_the_command_imports_our_addin_not_one_in_the_current_folder(excel: Any,
                                                                      tmp_path: Path) -> None:
    """Run as RunPython does: python -B -P -c "import xlwings.utils; prepare_sys_path(...); ..."
    in a folder holding an impostor addin package; xlwings' PYTHONPATH setting is empty, which
    puts "" back on sys.path."""
    impostor = tmp_path / "addin"
    impostor.mkdir()
    (impostor / "__init__.py").write_text("raise SystemExit('impostor imported')\n")
    (impostor / "ribbon.py").write_text("raise SystemExit('impostor imported')\n")
    command = run_button(excel, "OnHelp")[0].replace("r.show_help()", "print(r.__file__)")
    result = subprocess.run(
        [sys.executable, "-B", "-P", "-c", "import xlwings.utils;xlwings.utils.prepare_sys_path("
         "'false;C:/book.xlsx;C:/ImportMapper.xlam;;;;'); " + command],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    ribbon = importlib.import_module("addin.excel.ribbon")
    assert Path(result.stdout.strip()) == Path(ribbon.__file__)


# --- the Target list: built-in templates written by the build, the user's listed by VBA ------

BUILT_IN = [("kimai-timesheet", "Kimai timesheet"), ("clio", "Clio activities"),
            ('odd "id" 100% \U0001f600', 'Label: "quoted" & <b> \u8000\uf8ff \U0001f600')]


class FakeMachine:
    """What VBA's Environ and Dir see (pyOpenVBA leaves both out: they read the real machine):
    an environment, and the real folders of the test, listed file by file as Dir does."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.environment = environment
        self.listing: list[str] = []

    def environ(self, _interpreter: object, args: list[object], _named: object) -> str:
        return self.environment.get(str(args[0]), "")

    def dir(self, _interpreter: object, args: list[object], _named: object) -> str:
        if args:  # Dir(folder, attributes): a new listing; a missing folder lists nothing
            folder = Path(str(args[0]).replace("\\", "/"))
            self.listing = sorted(p.name for p in folder.iterdir() if p.is_file()) \
                if folder.is_dir() else []
        return self.listing.pop(0) if self.listing else ""


@pytest.fixture
def listing_excel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    """The built module (its built-in list written) in an Excel whose USERPROFILE is tmp_path."""
    from pyopenvba.interpreter._intrinsics import INTRINSICS

    from addin.excel.build_addin import render_ribbon_module

    machine = FakeMachine({"USERPROFILE": str(tmp_path)})
    monkeypatch.setitem(INTRINSICS, "environ", machine.environ)
    monkeypatch.setitem(INTRINSICS, "dir", machine.dir)
    source = render_ribbon_module(RIBBON_BAS.read_bytes().decode("ascii"), BUILT_IN)
    app = excel_application(monkeypatch, source)
    app.add_workbook()
    app.commands = Commands(app.console)
    app.machine = machine
    yield app


def target_items(excel: Any) -> list[tuple[str, str]]:
    text = excel.run("TargetItems")
    return [tuple(line.split("\t")) for line in text.split("\n") if line]  # type: ignore[misc]


def expected(*names: tuple[str, str]) -> list[tuple[str, str]]:
    return [(item_id(name), as_vba_string(label)) for name, label in names]


def user_folder(home: Path) -> Path:
    from addin.files.registry import WINDOWS_DEFAULT

    folder = home.joinpath(*WINDOWS_DEFAULT)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_list_holds_the_built_in_templates_the_build_wrote(listing_excel: Any) -> None:
    assert target_items(listing_excel) == expected(*BUILT_IN)


def test_a_user_template_is_listed_by_its_file_name_after_the_built_in_ones(
        listing_excel: Any, tmp_path: Path) -> None:
    folder = user_folder(tmp_path)
    (folder / "Our Billing.toml").write_text("", encoding="utf-8")
    (folder / "notes.txt").write_text("", encoding="utf-8")
    (folder / "old.toml.bak").write_text("", encoding="utf-8")
    assert target_items(listing_excel) == expected(*BUILT_IN, ("Our Billing", "Our Billing"))


def test_a_template_added_later_appears_at_the_next_refresh_without_a_rebuild(
        listing_excel: Any, tmp_path: Path) -> None:
    assert len(target_items(listing_excel)) == len(BUILT_IN)
    (user_folder(tmp_path) / "birdview.toml").write_text("", encoding="utf-8")
    assert target_items(listing_excel)[-1] == (item_id("birdview"), "birdview")


def test_a_user_template_with_its_extension_in_capitals_is_listed(listing_excel: Any,
                                                                 tmp_path: Path) -> None:
    # Windows lists Our.TOML for *.toml, as Python's glob there does.
    (user_folder(tmp_path) / "Ours.TOML").write_text("", encoding="utf-8")
    assert target_items(listing_excel)[-1] == (item_id("Ours"), "Ours")


def test_a_user_file_named_as_a_built_in_id_replaces_it(listing_excel: Any,
                                                        tmp_path: Path) -> None:
    (user_folder(tmp_path) / "clio.toml").write_text("", encoding="utf-8")
    items = target_items(listing_excel)
    assert [i for i, _ in items] == [item_id(name) for name, _ in BUILT_IN]  # no duplicate id
    assert items[1] == (item_id("clio"), "clio")


def test_the_variable_names_the_folder_over_the_default(listing_excel: Any,
                                                        tmp_path: Path) -> None:
    (user_folder(tmp_path) / "default.toml").write_text("", encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "theirs.toml").write_text("", encoding="utf-8")
    listing_excel.machine.environment["IMPORTMAP_TEMPLATES"] = str(mine)
    assert target_items(listing_excel)[len(BUILT_IN):] == [(item_id("theirs"), "theirs")]


def test_no_user_folder_lists_the_built_in_templates_quietly(listing_excel: Any) -> None:
    assert target_items(listing_excel) == expected(*BUILT_IN)
    assert listing_excel.dialogs == []


def test_choosing_a_user_item_passes_its_file_name_to_python(listing_excel: Any,
                                                            tmp_path: Path) -> None:
    (user_folder(tmp_path) / "Our Billing.toml").write_text("", encoding="utf-8")
    item, _label = target_items(listing_excel)[-1]
    listing_excel.run("OnSelectTemplate", NOTHING, item, len(BUILT_IN))
    assert decode_arg(hex_argument(listing_excel.commands[-1])) == "Our Billing"


def test_the_folder_is_resolved_as_python_resolves_it() -> None:
    """The VBA names the same variable and default folders as addin/files/registry.py (the Mac
    branch cannot run here: VBA's HOME on a Mac is Excel's container Data folder)."""
    from addin.files.registry import ENV_VAR, MAC_DEFAULT, WINDOWS_DEFAULT

    module = RIBBON_BAS.read_text()
    constants = dict(re.findall(r'^Private Const (\w+) As String = "(.*)"\r?$', module, re.M))
    assert constants["USER_FOLDER_VAR"] == ENV_VAR
    assert constants["USER_FOLDER_WIN"] == "\\" + "\\".join(WINDOWS_DEFAULT)
    assert constants["USER_FOLDER_MAC"] == "/" + MAC_DEFAULT[-1]
    assert MAC_DEFAULT[:-1] == ("Library", "Containers", "com.microsoft.Excel", "Data")
    assert 'Environ("HOME") & USER_FOLDER_MAC' in module
    assert 'Environ("USERPROFILE") & USER_FOLDER_WIN' in module
    assert "Environ(USER_FOLDER_VAR)" in module
