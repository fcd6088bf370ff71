"""LEDES from Excel: invoice values from the settings sheet, ids from the lookup sheets, and Save as
CSV writes the same invoice as the command line, header lines and all."""

from pathlib import Path

from ribbonbooks import ROOT, csv_rows

from addin.excel import ribbon

pytest_plugins = ["excel_double"]
COMPLETE = Path(__file__).resolve().parent / "inputs" / "caseclock-complete.csv"
GOLDEN = Path(__file__).resolve().parent / "golden" / "ledes-1998b.txt"
SETTINGS = [["key", "value"], ["invoice_number", "2026-0042"], ["invoice_date", "2026-11-30"],
            ["law_firm_id", "12-3456789"]]


def ledes_book(excel):
    book = excel.new_book({
        "CaseClock": csv_rows(COMPLETE),
        "Import Mapper settings": SETTINGS,
        "Lookup people": csv_rows(ROOT / "examples" / "people.csv"),
        "Lookup matters": csv_rows(ROOT / "examples" / "matters.csv"),
    })
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", '="ledes-1998b"')
    excel.select(book.sheets["CaseClock"], "A1")
    return book


def test_save_as_csv_writes_the_invoice_the_command_line_writes(excel, tmp_path):
    ledes_book(excel)
    ribbon.apply_template()
    excel.alerts.clear()

    ribbon.save_csv(str(tmp_path / "invoice.txt"))

    assert (tmp_path / "invoice.txt").read_bytes() == GOLDEN.read_bytes()


def test_a_missing_invoice_number_points_to_the_settings_sheet(excel):
    book = ledes_book(excel)
    book.sheets["Import Mapper settings"]["A2:B2"].value = [["other", "x"]]

    ribbon.apply_template()

    assert "a row 'invoice_number' on the sheet 'Import Mapper settings'" in "\n".join(
        str(row) for row in book.sheets["LEDES 1998B problems"].used_range.value)
