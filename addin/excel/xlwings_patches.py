"""xlwings' VBA module as the add-in ships it: exact, counted text replacements that name the
project and keep a client workbook from changing the add-in's settings or running its own code."""

from __future__ import annotations

from dataclasses import dataclass

import xlwings

from addin.excel.build_sources import AddinBuildError, crlf, xlwings_file

PROJECT_NAME = "importmapper"  # xlwings' PROJECT_NAME: names the conf sheet and the user conf file


@dataclass(frozen=True)
class XlwingsPatch:
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
XLWINGS_PATCHES: tuple[XlwingsPatch, ...] = (
    XlwingsPatch(
        "name the project",
        'Public Const PROJECT_NAME As String = "myaddin"',
        f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"',
    ),
    XlwingsPatch(
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
    XlwingsPatch(
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
    XlwingsPatch(
        "the workbook folder is not on sys.path unless configured",
        'GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "true")',
        'GetConfig("ADD_WORKBOOK_TO_PYTHONPATH", "false")',
        count=2,  # RunPython and the UDF server's XLPyCommand
    ),
    XlwingsPatch(
        "no Python code embedded in a client workbook runs instead of ours",
        "    For i = 1 To 2\n",
        "    For i = 2 To 2 ' Import Mapper: only the add-in, never the active workbook\n",
    ),
    XlwingsPatch(
        "python -P: Excel's current folder, e.g. where Save as CSV went, is not on sys.path",
        ' -B -c ""import ',
        ' -B -P -c ""import ',
        count=2,  # RunPython on Windows and the UDF server's XLPyCommand
    ),
)


def patched_xlwings_module() -> str:
    """The installed ``xlwings_custom_addin.bas`` with ``XLWINGS_PATCHES`` applied, CRLF."""
    text = xlwings_file("xlwings_custom_addin.bas").read_bytes().decode("utf-8")
    text = text.replace("\r\n", "\n")
    for patch in XLWINGS_PATCHES:
        text = patch.apply(text)
    return crlf(text)
