Attribute VB_Name = "RibbonImportMapper"
' Ribbon callbacks of the Import Mapper add-in; customUI.xml names them as RibbonImportMapper.<Sub>.
' Each callback only hands a fixed Python call to xlwings' RunPython: the work is done in addin.excel.ribbon.
' A command must hold no double quote and no percent sign, because RunPython wraps it in
' cmd.exe /C python -c "..." on Windows and in a shell string (via AppleScript) on Mac.
' Text from the user or the file system therefore travels as hex (HexUnits) and is decoded by r.arg.
' Every callback first checks that a workbook is open (RunPython needs ActiveWorkbook) and then
' invalidates the Target drop-down, so it shows the active workbook's choice after a switch.
Option Explicit

' Workbook-level name in which the Python side keeps the chosen template id, as ="<id>".
Private Const TEMPLATE_NAME As String = "ImportMapper_Template"
' Dropdown item ids are this prefix plus the template's name in HexUnits form (its id, or a user
' template's file name without .toml), because a ribbon id cannot hold every character a name can.
Private Const ITEM_PREFIX As String = "tpl_"
' The user templates folder, resolved as addin/files/registry.py resolves it: this variable, else
' USER_FOLDER_WIN under %USERPROFILE% (Windows) or USER_FOLDER_MAC under HOME, which the sandboxed
' Excel on a Mac gives as its container's Data folder (~/Library/Containers/com.microsoft.Excel/Data).
Private Const USER_FOLDER_VAR As String = "IMPORTMAP_TEMPLATES"
Private Const USER_FOLDER_WIN As String = "\.importmapper\templates"
Private Const USER_FOLDER_MAC As String = "/importmapper-templates"
Private Const TEMPLATE_EXTENSION As String = ".toml"
' The extension must match the filter, or Excel drops the suggestion.
Private Const CSV_SUGGESTED_NAME As String = "import.csv"
Private Const CSV_FILTER As String = "CSV files (*.csv), *.csv"
Private Const OPEN_FILTER As String = "Time entries (*.csv;*.txt;*.tsv;*.xlsx;*.xlsm),*.csv;*.txt;*.tsv;*.xlsx;*.xlsm"
Private Const TARGET_CONTROL As String = "imTarget"
Private Const TITLE As String = "Import Mapper"
' Before addin is imported: xlwings' prepare_sys_path puts "" (the current folder) back at the
' front of sys.path, so a stray addin package in Excel's current folder would run instead of ours.
Private Const PY_PREFIX As String = "import sys, os; sys.path = list(filter(os.getcwd().__ne__, filter(None, sys.path))); import addin.excel.ribbon as r; r."

' The ribbon, kept by OnRibbonLoad; Nothing until Excel has loaded it.
Private ribbonUI As IRibbonUI
' The Target list, read again at each invalidation (GetTargetCount): names and labels.
Private targetNames() As String
Private targetLabels() As String
Private targetCount As Long

' --- Ribbon ------------------------------------------------------------------------------------

Public Sub OnRibbonLoad(ribbon As IRibbonUI)
    Set ribbonUI = ribbon
End Sub

' --- Source -------------------------------------------------------------------------------------

' Reads a CSV or workbook with Import Mapper's own readers into a new sheet, so Excel's locale
' never parses its dates and numbers. With no workbook open, a new one receives it.
Public Sub OnOpenFile(control As IRibbonControl)
    Dim path As Variant
    path = Application.GetOpenFilename(FileFilter:=OPEN_FILTER, Title:="Open time entries")
    If VarType(path) = vbBoolean Then Exit Sub ' Cancel gives False
    If ActiveWorkbook Is Nothing Then Workbooks.Add
    RunRibbon "open_file(r.arg('" & HexUnits(CStr(path)) & "'))"
End Sub

' --- Template -----------------------------------------------------------------------------------

Public Sub OnSelectTemplate(control As IRibbonControl, selectedId As String, selectedIndex As Integer)
    ' The item id already holds the template id as hex, written by the build.
    RunRibbon "select_template(r.arg('" & Mid$(selectedId, Len(ITEM_PREFIX) + 1) & "'))"
End Sub

Public Sub GetSelectedTemplate(control As IRibbonControl, ByRef itemID)
    Dim refersTo As String
    itemID = ""
    If ActiveWorkbook Is Nothing Then Exit Sub ' asked by Excel itself: no message box here
    On Error Resume Next ' no workbook open, or no template chosen in it: nothing is selected
    refersTo = ActiveWorkbook.Names(TEMPLATE_NAME).RefersTo
    ' Only a plain text constant ="..." counts: nothing from the workbook is evaluated.
    If Len(refersTo) >= 3 And Left$(refersTo, 2) = "=""" And Right$(refersTo, 1) = """" Then
        itemID = ITEM_PREFIX & HexUnits(Replace(Mid$(refersTo, 3, Len(refersTo) - 3), """""", """"))
    End If
End Sub

' The Target list: the built-in templates the build wrote into BuiltInTemplates, then each
' *.toml of the user templates folder by its file name (a user file named as a built-in id
' replaces it, as in Python). Excel asks for the count first, so the folder is listed there.
Public Sub GetTargetCount(control As IRibbonControl, ByRef count)
    LoadTargets
    count = targetCount
End Sub

Public Sub GetTargetID(control As IRibbonControl, index As Integer, ByRef itemID)
    itemID = ""
    If index >= 0 And index < targetCount Then itemID = ITEM_PREFIX & HexUnits(targetNames(index))
End Sub

Public Sub GetTargetLabel(control As IRibbonControl, index As Integer, ByRef label)
    label = ""
    If index >= 0 And index < targetCount Then label = targetLabels(index)
End Sub

Public Sub OnApplyTemplate(control As IRibbonControl)
    RunRibbon "apply_template()"
End Sub

Public Sub OnEditMapping(control As IRibbonControl)
    RunRibbon "edit_mapping()"
End Sub

' --- Convert -------------------------------------------------------------------------------------

Public Sub OnHoursToMinutes(control As IRibbonControl)
    RunRibbon "hours_to_minutes()"
End Sub

Public Sub OnHoursToSeconds(control As IRibbonControl)
    RunRibbon "hours_to_seconds()"
End Sub

Public Sub OnReformatDatesIso(control As IRibbonControl)
    RunRibbon "reformat_dates('YYYY-MM-DD')"
End Sub

Public Sub OnReformatDatesUs(control As IRibbonControl)
    RunRibbon "reformat_dates('MM/DD/YYYY')"
End Sub

Public Sub OnReformatDatesDayFirst(control As IRibbonControl)
    RunRibbon "reformat_dates('DD/MM/YYYY')"
End Sub

Public Sub OnReformatDatesDotted(control As IRibbonControl)
    RunRibbon "reformat_dates('DD.MM.YYYY')"
End Sub

Public Sub OnReformatDatesCompact(control As IRibbonControl)
    RunRibbon "reformat_dates('YYYYMMDD')"
End Sub

Public Sub OnReformatDatesUsShort(control As IRibbonControl)
    RunRibbon "reformat_dates('M/D/YYYY')"
End Sub

' --- Check ---------------------------------------------------------------------------------------

Public Sub OnCheckRequired(control As IRibbonControl)
    RunRibbon "check_required()"
End Sub

Public Sub OnClearHighlights(control As IRibbonControl)
    RunRibbon "clear_highlights()"
End Sub

Public Sub OnReview(control As IRibbonControl)
    RunRibbon "review()"
End Sub

' --- Output and help -----------------------------------------------------------------------------

Public Sub OnSaveCsv(control As IRibbonControl)
    Dim path As Variant
    If Not HasWorkbook() Then Exit Sub
    path = Application.GetSaveAsFilename(InitialFileName:=CSV_SUGGESTED_NAME, FileFilter:=CSV_FILTER)
    If VarType(path) = vbBoolean Then Exit Sub ' Cancel gives False
    RunRibbon "save_csv(r.arg('" & HexUnits(CStr(path)) & "'))"
End Sub

Public Sub OnUndo(control As IRibbonControl)
    RunRibbon "undo()"
End Sub

Public Sub OnHelp(control As IRibbonControl)
    RunRibbon "show_help()"
End Sub

' --- Your system --------------------------------------------------------------------------------

' Drafts a target from the active sheet (a billing system's own import template) on a sheet to edit.
Public Sub OnNewTarget(control As IRibbonControl)
    RunRibbon "new_target()"
End Sub

' Saves the edited draft to the user templates folder; RunRibbon's RefreshTarget lists it.
Public Sub OnSaveTarget(control As IRibbonControl)
    RunRibbon "save_target()"
End Sub

' --- Helpers ------------------------------------------------------------------------------------

' Runs addin.excel.ribbon.<pythonCall> for the active workbook, or explains why not.
Private Sub RunRibbon(ByVal pythonCall As String)
    If Not HasWorkbook() Then Exit Sub
    RunPython PY_PREFIX & pythonCall
    ' The call may have changed the workbook's chosen target. On a Mac RunPython returns before
    ' Python is done, so there the drop-down catches up at the next click.
    RefreshTarget
End Sub

' Whether a workbook is open; if not, says so (RunPython would stop at ActiveWorkbook.Name).
Private Function HasWorkbook() As Boolean
    RefreshTarget
    If ActiveWorkbook Is Nothing Then
        MsgBox "Open a workbook first (or click Open file): Import Mapper works on the active" & _
            " workbook.", vbInformation, TITLE
        Exit Function
    End If
    HasWorkbook = True
End Function

' The Target list anew: built-in templates, then the user's.
Private Sub LoadTargets()
    Dim records() As String, pair() As String, i As Long
    targetCount = 0
    ReDim targetNames(0 To 0)
    ReDim targetLabels(0 To 0)
    records = Split(BuiltInTemplates(), ";")
    For i = LBound(records) To UBound(records)
        pair = Split(records(i), ":")
        If UBound(pair) = 1 Then AddTarget FromHexUnits(pair(0)), FromHexUnits(pair(1))
    Next i
    AddUserTargets
End Sub

' Each *.toml of the user templates folder, labelled by its file name without .toml. Dir is
' given the folder alone: a Mac's Dir takes no wildcard. No folder means no user templates.
Private Sub AddUserTargets()
    Dim folder As String, fileName As String, stem As String
    folder = UserTemplatesFolder()
    If Len(folder) = 0 Then Exit Sub
    On Error GoTo Unlisted
    fileName = Dir(folder, vbNormal)
    Do While Len(fileName) > 0
        If Len(fileName) > Len(TEMPLATE_EXTENSION) And LCase$(Right$(fileName, Len(TEMPLATE_EXTENSION))) = TEMPLATE_EXTENSION Then
            stem = Left$(fileName, Len(fileName) - Len(TEMPLATE_EXTENSION))
            AddTarget stem, stem
        End If
        fileName = Dir()
    Loop
Unlisted:
End Sub

' The user templates folder with a trailing separator, as addin/files/registry.py resolves it.
Private Function UserTemplatesFolder() As String
    Dim folder As String
    folder = Trim$(Environ(USER_FOLDER_VAR))
    #If Mac Then
        If Len(folder) = 0 Then folder = Environ("HOME") & USER_FOLDER_MAC
        If Right$(folder, 1) <> "/" Then folder = folder & "/"
    #Else
        If Len(folder) = 0 Then folder = Environ("USERPROFILE") & USER_FOLDER_WIN
        If Right$(folder, 1) <> "\" Then folder = folder & "\"
    #End If
    UserTemplatesFolder = folder
End Function

' Adds a Target item; a name already listed (a built-in id) gets the new label instead.
Private Sub AddTarget(ByVal name As String, ByVal label As String)
    Dim i As Long
    For i = 0 To targetCount - 1
        If targetNames(i) = name Then
            targetLabels(i) = label
            Exit Sub
        End If
    Next i
    ReDim Preserve targetNames(0 To targetCount)
    ReDim Preserve targetLabels(0 To targetCount)
    targetNames(targetCount) = name
    targetLabels(targetCount) = label
    targetCount = targetCount + 1
End Sub

' The text HexUnits wrote: 4 hex digits per UTF-16 code unit, read digit by digit so no
' conversion of "&H..." text can read a unit from 8000 up as a negative Integer.
Private Function FromHexUnits(ByVal units As String) As String
    Dim i As Long, j As Long, unit As Long
    For i = 1 To Len(units) - 3 Step 4
        unit = 0
        For j = 0 To 3
            unit = unit * 16 + InStr(1, "0123456789ABCDEF", Mid$(units, i + j, 1), vbTextCompare) - 1
        Next j
        FromHexUnits = FromHexUnits & ChrW(unit)
    Next i
End Function

' Built-in templates as "<id>:<label>;" pairs, each in HexUnits form; written by the build
' (addin/excel/build_addin.py) in place of the BUILT_IN_TEMPLATES line, at most 1023
' characters a line.
Private Function BuiltInTemplates() As String
    BuiltInTemplates = ""
    ' BUILT_IN_TEMPLATES
End Function

' Asks Excel to read the Target drop-down again (GetSelectedTemplate).
Private Sub RefreshTarget()
    If Not ribbonUI Is Nothing Then ribbonUI.InvalidateControl TARGET_CONTROL
End Sub

' The text as 4 hex digits per UTF-16 code unit ("C:" gives "0043003A"), decoded by
' addin.excel.vba_args.decode_arg. Hex digits pass cmd.exe, AppleScript and Python unchanged.
Private Function HexUnits(ByVal text As String) As String
    Dim i As Long
    For i = 1 To Len(text)
        ' AscW is negative from U+8000 on; And with a Long gives the unsigned unit.
        ' 65535& is &HFFFF& written in decimal, which every VBA reader parses as a Long.
        HexUnits = HexUnits & Right$("000" & Hex$(AscW(Mid$(text, i, 1)) And 65535&), 4)
    Next i
End Function
