Attribute VB_Name = "RibbonImportMapper"
' Ribbon callbacks of the Import Mapper add-in; customUI.xml names them as RibbonImportMapper.<Sub>.
' Each callback only hands a fixed Python call to xlwings' RunPython: the work is done in addin.ribbon.
' A command must hold no double quote and no percent sign, because RunPython wraps it in
' cmd.exe /C python -c "..." on Windows and in a shell string (via AppleScript) on Mac.
' Text from the user or the file system therefore travels as hex (HexUnits) and is decoded by r.arg.
Option Explicit

' Workbook-level name in which the Python side keeps the chosen template id, as ="<id>".
Private Const TEMPLATE_NAME As String = "ImportMapper_Template"
' Dropdown item ids are this prefix plus the template id in HexUnits form (written by
' addin/build_addin.py), because a ribbon id cannot hold every character a template id can.
Private Const ITEM_PREFIX As String = "tpl_"
' The extension must match the filter, or Excel drops the suggestion.
Private Const CSV_SUGGESTED_NAME As String = "import.csv"
Private Const CSV_FILTER As String = "CSV files (*.csv), *.csv"

' --- Template -----------------------------------------------------------------------------------

Public Sub OnSelectTemplate(control As IRibbonControl, selectedId As String, selectedIndex As Integer)
    ' The item id already holds the template id as hex, written by the build.
    RunPython "import addin.ribbon as r; r.select_template(r.arg('" & Mid$(selectedId, Len(ITEM_PREFIX) + 1) & "'))"
End Sub

Public Sub GetSelectedTemplate(control As IRibbonControl, ByRef itemID)
    Dim refersTo As String
    itemID = ""
    On Error Resume Next ' no workbook open, or no template chosen in it: nothing is selected
    refersTo = ActiveWorkbook.Names(TEMPLATE_NAME).RefersTo
    ' Only a plain text constant ="..." counts: nothing from the workbook is evaluated.
    If Len(refersTo) >= 3 And Left$(refersTo, 2) = "=""" And Right$(refersTo, 1) = """" Then
        itemID = ITEM_PREFIX & HexUnits(Replace(Mid$(refersTo, 3, Len(refersTo) - 3), """""", """"))
    End If
End Sub

Public Sub OnApplyTemplate(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.apply_template()"
End Sub

' --- Convert -------------------------------------------------------------------------------------

Public Sub OnHoursToMinutes(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.hours_to_minutes()"
End Sub

Public Sub OnHoursToSeconds(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.hours_to_seconds()"
End Sub

Public Sub OnReformatDatesIso(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.reformat_dates('YYYY-MM-DD')"
End Sub

Public Sub OnReformatDatesUs(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.reformat_dates('MM/DD/YYYY')"
End Sub

Public Sub OnReformatDatesDayFirst(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.reformat_dates('DD/MM/YYYY')"
End Sub

Public Sub OnReformatDatesDotted(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.reformat_dates('DD.MM.YYYY')"
End Sub

Public Sub OnReformatDatesCompact(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.reformat_dates('YYYYMMDD')"
End Sub

Public Sub OnReformatDatesUsShort(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.reformat_dates('M/D/YYYY')"
End Sub

' --- Check ---------------------------------------------------------------------------------------

Public Sub OnCheckRequired(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.check_required()"
End Sub

Public Sub OnClearHighlights(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.clear_highlights()"
End Sub

' --- Output and help -----------------------------------------------------------------------------

Public Sub OnSaveCsv(control As IRibbonControl)
    Dim path As Variant
    path = Application.GetSaveAsFilename(InitialFileName:=CSV_SUGGESTED_NAME, FileFilter:=CSV_FILTER)
    If VarType(path) = vbBoolean Then Exit Sub ' Cancel gives False
    RunPython "import addin.ribbon as r; r.save_csv(r.arg('" & HexUnits(CStr(path)) & "'))"
End Sub

Public Sub OnUndo(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.undo()"
End Sub

Public Sub OnHelp(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.show_help()"
End Sub

' The text as 4 hex digits per UTF-16 code unit ("C:" gives "0043003A"), decoded by
' addin.vba_args.decode_arg. Hex digits pass cmd.exe, AppleScript and Python unchanged.
Private Function HexUnits(ByVal text As String) As String
    Dim i As Long
    For i = 1 To Len(text)
        ' AscW is negative from U+8000 on; And with a Long gives the unsigned unit.
        ' 65535& is &HFFFF& written in decimal, which every VBA reader parses as a Long.
        HexUnits = HexUnits & Right$("000" & Hex$(AscW(Mid$(text, i, 1)) And 65535&), 4)
    Next i
End Function
