"""In Excel, the duration unit is given on the settings sheet and the choice is stated on the
problems sheet."""

from __future__ import annotations

from excel_double import ExcelDouble

from addin.excel import ribbon

pytest_plugins = ["excel_double"]  # the `excel` fixture


def test_the_settings_sheet_gives_the_duration_unit_and_the_problems_sheet_states_it(
        excel: ExcelDouble) -> None:
    book = excel.new_book({
        "Entries": [["Date", "Client", "Matter", "Duration"], ["2026-11-02", "Acme", "Audit", 90]],
        "Import Mapper settings": [["key", "value"], ["duration_unit", "min"],
                                   ["email", "a@x.com"], ["user", "anna"], ["activity", "Work"]],
    })
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", '="kimai-timesheet"')
    excel.select(book.sheets["Entries"], "A1")

    ribbon.apply_template()

    output = excel.workbook(book)["Kimai timesheet"]
    assert output["D2"].value == 5400
    lines = list(excel.workbook(book)["Kimai timesheet problems"].iter_rows(
        values_only=True, max_col=2))
    assert ("Note", "numbers in 'Duration' read as minutes, as you set (duration_unit)") in lines
    assert ("Errors", 0) in lines
