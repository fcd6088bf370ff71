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
' Dropdown item ids are this prefix plus the template id in HexUnits form (written by
' addin/excel/build_addin.py), because a ribbon id cannot hold every character a template id can.
Private Const ITEM_PREFIX As String = "tpl_"
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
