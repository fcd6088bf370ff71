"""Contract tests for the Excel double: xlwings' public API, run headless against openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw
from excel_double import Alert, Call, ConditionalFormatRule, ExcelDouble, ExcelError, open_workbook

pytest_plugins = ["excel_double"]  # the `excel` fixture

PINK = (255, 199, 206)


def first_sheet(excel: ExcelDouble, rows: list[list] | None = None) -> xw.Sheet:
    return excel.book_from_rows(rows or []).sheets[0]


# --- installing and opening ------------------------------------------------------------------


def test_book_caller_returns_the_mock_caller(excel: ExcelDouble) -> None:
    book = excel.book_from_rows([["Matter"]])
    book.set_mock_caller()

    assert xw.Book.caller() == book
    assert xw.Book.caller().sheets[0]["A1"].value == "Matter"


def test_uninstalling_removes_the_engine_and_the_mock_caller() -> None:
    double = ExcelDouble()
    with double.installed():
        double.book_from_rows([["x"]]).set_mock_caller()
        assert xw.engines.active.impl is double

    assert all(engine.impl is not double for engine in xw.engines)
    assert "_mock_caller" not in vars(xw.Book)


def test_open_workbook_reads_an_xlsx_file(excel: ExcelDouble, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Kimai"
    workbook.active.append(["Date", "Hours"])
    workbook.active.append([dt.date(2024, 1, 5), 1.5])
    workbook.save(tmp_path / "timesheet.xlsx")

    book = open_workbook(tmp_path / "timesheet.xlsx")

    assert book.name == "timesheet.xlsx"
    assert book.sheets["Kimai"].used_range.value == [
        ["Date", "Hours"],
        [dt.datetime(2024, 1, 5), 1.5],
    ]


def test_xw_book_opens_a_path_through_the_double(excel: ExcelDouble, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "from disk"
    workbook.save(tmp_path / "export.xlsx")

    book = xw.Book(tmp_path / "export.xlsx")

    assert book.fullname == str((tmp_path / "export.xlsx").resolve())
    assert book.sheets[0]["A1"].value == "from disk"


def test_open_workbook_wraps_an_openpyxl_workbook_and_writes_into_it(excel: ExcelDouble) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["B2"] = "hello"

    book = excel.open_workbook(workbook, name="clients.xlsx")
    book.sheets[0]["C3"].value = 5

    assert book.name == "clients.xlsx"
    assert book.sheets[0]["B2"].value == "hello"
    assert workbook.active["C3"].value == 5


def test_new_books_are_named_like_excel_names_them(excel: ExcelDouble) -> None:
    assert [excel.new_book().name, excel.new_book().name] == ["Book1", "Book2"]


def test_the_last_opened_book_and_its_active_sheet_are_active(excel: ExcelDouble) -> None:
    excel.new_book({"First": []})
    excel.new_book({"Second": []})

    assert xw.books.active.name == "Book2"
    assert xw.sheets.active.name == "Second"


def test_save_writes_a_file_openpyxl_reads_back(excel: ExcelDouble, tmp_path: Path) -> None:
    book = excel.new_book({"Out": []})
    book.sheets[0]["A1"].value = [["Minutes"], [90]]
    book.sheets[0]["A2"].number_format = "0"
    book.sheets[0]["A2"].color = PINK

    book.save(tmp_path / "out.xlsx")

    saved = openpyxl.load_workbook(tmp_path / "out.xlsx")["Out"]
    assert (saved["A1"].value, saved["A2"].value) == ("Minutes", 90)
    assert saved["A2"].number_format == "0"
    assert saved["A2"].fill.fgColor.rgb == "FFFFC7CE"
    assert book.name == "out.xlsx"


def test_saving_as_csv_fails_as_xlwings_does_on_windows(excel: ExcelDouble, tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        excel.new_book().save(tmp_path / "out.csv")


# --- values ----------------------------------------------------------------------------------


def test_numbers_read_as_floats_and_empty_cells_as_none(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["Hours", None], [2, "x"]])

    assert sheet.used_range.value == [["Hours", None], [2.0, "x"]]
    assert type(sheet["A2"].value) is float


def test_writing_a_block_is_a_single_value_write(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    excel.reset_calls()

    sheet["A1"].value = [["a", 1], ["b", 2], ["c", 3]]

    assert excel.count("Range", "set raw_value") == 1
    assert sheet["A1:B3"].value == [["a", 1.0], ["b", 2.0], ["c", 3.0]]


def test_a_scalar_fills_the_whole_target_range(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["A1:B2"].value = 0

    assert sheet["A1:B2"].value == [[0.0, 0.0], [0.0, 0.0]]


def test_dates_are_stored_as_dates_and_read_as_datetimes(excel: ExcelDouble) -> None:
    book = excel.new_book()

    book.sheets[0]["A1"].value = [[dt.date(2024, 1, 5), dt.datetime(2024, 1, 5, 9, 30)]]

    assert book.sheets[0]["A1:B1"].value == [
        dt.datetime(2024, 1, 5),
        dt.datetime(2024, 1, 5, 9, 30),
    ]
    assert excel.workbook(book).active["A1"].is_date


def test_numeric_text_becomes_a_number_in_a_general_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["A1"].value = "007"

    assert sheet["A1"].value == 7.0


def test_numeric_text_stays_text_in_a_text_formatted_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    sheet["A1"].number_format = "@"

    sheet["A1"].value = "007"

    assert sheet["A1"].value == "007"


def test_long_digit_text_keeps_only_15_significant_digits(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["A1"].value = "1234567890123456"

    assert sheet["A1"].value == 1234567890123450.0


def test_iso_date_text_becomes_a_date_in_a_general_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["A1"].value = "2024-01-05"

    assert sheet["A1"].value == dt.datetime(2024, 1, 5)


def test_true_and_false_text_become_booleans_in_a_general_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["A1"].value = [["TRUE", "false"]]

    assert sheet["A1:B1"].value == [True, False]


def test_a_leading_apostrophe_keeps_text_and_is_not_stored(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["A1"].value = "'007"

    assert sheet["A1"].value == "007"


def test_formula_text_becomes_a_formula_in_a_general_cell(excel: ExcelDouble) -> None:
    book = excel.new_book()

    book.sheets[0]["A1"].value = "=B1*2"

    assert excel.workbook(book).active["A1"].data_type == "f"
    assert book.sheets[0]["A1"].formula == "=B1*2"


def test_formula_text_stays_text_in_a_text_formatted_cell(excel: ExcelDouble) -> None:
    book = excel.new_book()
    book.sheets[0]["A1"].number_format = "@"

    book.sheets[0]["A1"].value = "=B1*2"

    assert excel.workbook(book).active["A1"].data_type == "s"
    assert book.sheets[0]["A1"].value == "=B1*2"


def test_hyperlink_formulas_written_as_a_block_stay_formulas(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    links = [['=HYPERLINK("#\'Sheet1\'!B7","B7")'], ['=HYPERLINK("#\'Sheet1\'!B9","B9")']]

    sheet["D1"].value = links

    assert sheet["D1:D2"].formula == (tuple(links[0]), tuple(links[1]))
    assert sheet["D1"].hyperlink == "#'Sheet1'!B7"


def test_add_hyperlink_links_a_cell_to_a_sheet_location(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["A1"].add_hyperlink("#'Sheet1'!B7", "B7")

    assert sheet["A1"].value == "B7"
    assert sheet["A1"].hyperlink == "#'Sheet1'!B7"


def test_an_empty_string_empties_the_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["old"]])

    sheet["A1"].value = ""

    assert sheet["A1"].value is None


def test_error_cells_read_as_none_or_as_their_text(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["#N/A"]])

    assert sheet["A1"].value is None
    assert sheet["A1"].options(err_to_str=True).value == "#N/A"


def test_time_cells_read_as_datetimes_on_excels_day_zero(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [[dt.time(1, 30)], [dt.timedelta(hours=25, minutes=30)]])

    assert sheet["A1:A2"].value == [dt.datetime(1899, 12, 30, 1, 30),
                                    dt.datetime(1899, 12, 31, 1, 30)]


def test_durations_saved_by_excel_read_as_com_dates(excel: ExcelDouble, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    for row, (serial, number_format) in enumerate(
            [(0.0625, "h:mm"), (1.0625, "[h]:mm"), (1.0625, "h:mm"), (59.5, "[h]:mm")], start=1):
        workbook.active.cell(row, 1, serial).number_format = number_format
    workbook.save(tmp_path / "times.xlsx")

    sheet = open_workbook(tmp_path / "times.xlsx").sheets[0]

    assert sheet["A1:A4"].value == [  # COM counts days from 1899-12-30 (serial 1 = 12-31)
        dt.datetime(1899, 12, 30, 1, 30), dt.datetime(1899, 12, 31, 1, 30),
        dt.datetime(1899, 12, 31, 1, 30), dt.datetime(1900, 2, 27, 12)]


def test_datetimes_of_excels_first_days_are_written_as_serials(
        excel: ExcelDouble, tmp_path: Path) -> None:
    book = excel.new_book(name="times.xlsx")
    book.sheets[0]["A1"].value = dt.datetime(1899, 12, 31, 1, 30)
    book.save(tmp_path / "times.xlsx")

    assert book.sheets[0]["A1"].value == dt.datetime(1899, 12, 31, 1, 30)
    cell = openpyxl.load_workbook(tmp_path / "times.xlsx").active["A1"]
    assert cell.value == dt.timedelta(days=1, hours=1, minutes=30)  # serial 1.0625


# --- hidden rows, filters and selections -----------------------------------------------------


def test_a_filter_hides_the_rows_whose_value_is_not_shown(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["Who", "Hours"], ["Ann", 1], ["Bob", 2], ["Ann", 3], ["Cy", 4]])

    excel.filter(sheet, "A1:B5", 1, ["Ann"])

    assert [sheet[f"A{row}"].rows.hidden for row in range(1, 6)] == [
        False, False, True, False, True]
    assert sheet["A1:A5"].rows.hidden is None  # some hidden, some not
    assert excel.workbook(sheet.book).active.auto_filter.ref == "A1:B5"


def test_values_of_hidden_rows_are_read_and_written_like_any_other(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["Hours"], [1], [2], [3]])
    excel.filter(sheet, "A1:A4", 1, [1, 3])

    sheet["A2:A4"].value = [[10], [20], [30]]  # Range.Value ignores filters

    assert sheet["A2:A4"].value == [10, 20, 30]


def test_visible_cells_are_the_areas_between_hidden_rows(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["Who", "Hours"], ["Ann", 1], ["Bob", 2], ["Ann", 3], ["Cy", 4]])
    excel.filter(sheet, "A1:B5", 1, ["Ann", "Cy"])

    areas = sheet["B2:B5"].get_special_cells("visible")

    assert [area.address for area in areas] == ["$B$2", "$B$4:$B$5"]


def test_hidden_columns_split_the_visible_cells_too(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [[1, 2, 3]])
    sheet["B1"].columns.hidden = True

    assert [a.address for a in sheet["A1:C1"].get_special_cells("visible")] == ["$A$1", "$C$1"]
    assert sheet["B1"].columns.hidden is True


def test_a_selection_of_several_areas_reads_its_first_area(excel: ExcelDouble) -> None:
    book = excel.book_from_rows([[1, 2, 3], [4, 5, 6]])
    excel.select(book.sheets[0], "A1:A2,C1:C2")

    selection = book.app.selection

    assert selection.address == "$A$1:$A$2,$C$1:$C$2"
    assert (selection.value, selection.shape, selection.count) == ([1, 4], (2, 1), 4)


# --- range geometry --------------------------------------------------------------------------


def test_used_range_spans_the_filled_cells(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [[], [None, "x", None, "y"]])

    assert sheet.used_range.address == "$B$2:$D$2"


def test_expand_finds_the_table_around_its_top_left_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["Date", "Hours"], ["a", 1], ["b", 2], [], ["c", 3]])

    assert sheet["A1"].expand().address == "$A$1:$B$3"


def test_end_down_stops_at_the_last_cell_of_a_filled_block(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["a"], ["b"], ["c"], [], ["e"]])

    assert sheet["A1"].end("down").address == "$A$3"


def test_end_down_from_a_block_end_jumps_to_the_next_filled_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["a"], ["b"], ["c"], [], ["e"]])

    assert sheet["A3"].end("down").address == "$A$5"


def test_end_down_after_the_last_filled_cell_reaches_the_last_row(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["a"]])

    assert sheet["A1"].end("down").address == "$A$1048576"


def test_end_left_stops_at_the_first_column(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [[None, None, "c"]])

    assert sheet["C1"].end("left").address == "$A$1"


def test_resize_keeps_the_top_left_cell(excel: ExcelDouble) -> None:
    assert first_sheet(excel)["B2"].resize(2, 3).address == "$B$2:$D$3"


def test_offset_moves_the_whole_range(excel: ExcelDouble) -> None:
    assert first_sheet(excel)["B2:C3"].offset(1, 2).address == "$D$3:$E$4"


def test_last_cell_is_the_bottom_right_cell(excel: ExcelDouble) -> None:
    assert first_sheet(excel)["B2:C4"].last_cell.address == "$C$4"


def test_rows_and_columns_count_the_shape(excel: ExcelDouble) -> None:
    rng = first_sheet(excel)["A1:B3"]

    assert (len(rng.rows), rng.columns.count) == (3, 2)


def test_a_linear_index_runs_row_by_row(excel: ExcelDouble) -> None:
    assert first_sheet(excel)["B2:C3"][2].address == "$B$3"


def test_a_range_between_two_cells_spans_both(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    assert sheet.range(sheet["C1"], sheet["A3"]).address == "$A$1:$C$3"


def test_get_address_can_drop_the_dollars(excel: ExcelDouble) -> None:
    assert first_sheet(excel)["b2:c3"].get_address(False, False) == "B2:C3"


def test_a_union_address_lists_every_area(excel: ExcelDouble) -> None:
    union = first_sheet(excel).range("B3,C5:C6")

    assert union.address == "$B$3,$C$5:$C$6"
    assert union.get_address(False, False) == "B3,C5:C6"


def test_whole_columns_have_column_addresses(excel: ExcelDouble) -> None:
    assert first_sheet(excel)["B:C"].address == "$B:$C"


def test_external_addresses_quote_names_with_spaces(excel: ExcelDouble) -> None:
    sheet = excel.new_book({"Time sheet": []}, name="Client export.xlsx").sheets[0]

    assert sheet["A1"].get_address(external=True) == "'[Client export.xlsx]Time sheet'!$A$1"
    assert sheet["A1"].get_address(include_sheetname=True) == "'Time sheet'!$A$1"


# --- formatting ------------------------------------------------------------------------------


def test_number_format_is_set_on_a_block_in_one_call(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    excel.reset_calls()

    sheet["A1:C3"].number_format = "@"

    assert excel.count("Range", "set number_format") == 1
    assert sheet["A1:C3"].number_format == "@"


def test_number_format_of_a_mixed_range_is_none(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    sheet["A1"].number_format = "@"

    assert sheet["A1:A2"].number_format is None
    assert sheet["A2"].number_format == "General"


def test_color_accepts_rgb_hex_and_excel_color_integers(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["A1"].color = PINK
    sheet["A2"].color = "#ffc7ce"
    sheet["A3"].color = 13551615  # Excel packs colours as blue * 65536 + green * 256 + red

    assert excel.filled_cells(sheet) == {"A1": PINK, "A2": PINK, "A3": PINK}
    assert sheet["A1:A3"].color == PINK


def test_color_none_removes_the_fill(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    sheet["A1:B1"].color = PINK

    sheet["A1"].color = None

    assert excel.filled_cells(sheet) == {"B1": PINK}


def test_a_union_address_colours_all_its_areas_in_one_call(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    excel.reset_calls()

    sheet.range("B3,B17,C20:C21").color = PINK

    assert excel.count("Range", "set color") == 1
    assert excel.filled_cells(sheet) == {"B3": PINK, "B17": PINK, "C20": PINK, "C21": PINK}


def test_an_address_of_255_characters_is_accepted(excel: ExcelDouble) -> None:
    address = ",".join(["A1"] * 84 + ["A10"])
    assert len(address) == 255

    assert first_sheet(excel).range(address).address.startswith("$A$1,")


def test_an_address_over_255_characters_is_rejected(excel: ExcelDouble) -> None:
    address = ",".join(["A1"] * 84 + ["A100"])
    assert len(address) == 256

    with pytest.raises(ExcelError, match="255"):
        first_sheet(excel).range(address)


def test_set_colors_colours_cell_by_cell_in_one_call(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    sheet["B1"].color = (0, 0, 255)
    excel.reset_calls()

    sheet["A1:C1"].set_colors([[PINK, None, ...]])

    assert excel.count("Range", "call set_colors") == 1
    assert excel.filled_cells(sheet) == {"A1": PINK}


def test_clear_contents_keeps_formats(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [[1, 2]])
    sheet["A1:B1"].number_format = "0.00"
    sheet["A1"].color = PINK

    sheet["A1:B1"].clear_contents()

    assert sheet["A1:B1"].value == [None, None]
    assert (sheet["A1:B1"].number_format, sheet["A1"].color) == ("0.00", PINK)


def test_clear_empties_cells_and_resets_their_formats(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [[1, 2]])
    sheet["A1:B1"].number_format = "0.00"
    sheet["A1"].color = PINK

    sheet["A1:B1"].clear()

    assert sheet["A1:B1"].value == [None, None]
    assert (sheet["A1:B1"].number_format, sheet["A1"].color) == ("General", None)


def test_sheet_clear_also_removes_conditional_formats(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [[1]])
    sheet["A1"].conditional_formats.add_custom("=TRUE", fill_color=PINK)

    sheet.clear()

    assert (sheet["A1"].value, excel.conditional_formats(sheet)) == (None, [])


# --- conditional formats ---------------------------------------------------------------------


def test_a_custom_rule_is_recorded_with_range_formula_and_fill(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    excel.select(sheet, "A2")  # the formula is read from the active cell

    sheet["A2:D20"].conditional_formats.add_custom('=$D2="Late"', fill_color=PINK)

    assert excel.conditional_formats(sheet) == [
        ConditionalFormatRule(
            "A2:D20", "custom", formula='=$D2="Late"', fill_color=PINK, stop_if_true=False
        )
    ]


def test_a_cell_value_rule_is_recorded_with_operator_and_bound(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["B2:B12"].conditional_formats.add_cell_value("less_than", 60, font_italic=True)

    [rule] = excel.conditional_formats(sheet)
    assert (rule.type, rule.operator, rule.formula1, rule.font_italic) == (
        "cell_value",
        "less_than",
        "=60",
        True,
    )


def test_a_rule_on_a_union_applies_to_every_area(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet.range("B3,C20:C25").conditional_formats.add_custom("=TRUE", fill_color=PINK)

    assert [rule.applies_to for rule in excel.conditional_formats(sheet)] == ["B3,C20:C25"]


def test_a_new_rule_takes_the_top_priority(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["A1:A9"].conditional_formats.add_custom("=A1>1")
    sheet["A1:A9"].conditional_formats.add_custom("=A1>2")

    assert [rule.formula for rule in excel.conditional_formats(sheet)] == ["=A1>2", "=A1>1"]


def test_rules_touching_a_range_are_readable_through_xlwings(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    sheet["A1:A9"].conditional_formats.add_custom("=A1>1", fill_color=PINK)

    formats = sheet["A5"].conditional_formats

    assert len(formats) == 1
    assert (formats[0].formula, formats[0].fill_color) == ("=A1>1", PINK)
    assert len(sheet["B5"].conditional_formats) == 0


def test_clearing_a_range_removes_its_rules_only_there(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    sheet["A1:A4"].conditional_formats.add_custom("=TRUE")

    sheet["A3:A4"].conditional_formats.clear()

    assert [rule.applies_to for rule in excel.conditional_formats(sheet)] == ["A1:A2"]


def test_clearing_all_cells_removes_every_rule(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    sheet["A1:A4"].conditional_formats.add_custom("=TRUE")
    sheet["C1"].conditional_formats.add_cell_value("equal_to", 1)

    sheet.cells.conditional_formats.clear()

    assert excel.conditional_formats(sheet) == []


def test_deleting_a_rule_keeps_the_others(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    sheet["A1"].conditional_formats.add_custom("=A1>1")
    sheet["A1"].conditional_formats.add_custom("=A1>2")

    sheet["A1"].conditional_formats[0].delete()

    assert [rule.formula for rule in excel.conditional_formats(sheet)] == ["=A1>1"]


def test_conditional_formats_are_saved_with_the_book(excel: ExcelDouble, tmp_path: Path) -> None:
    book = excel.new_book(name="rules.xlsx")
    excel.select(book.sheets[0], "A2")
    book.sheets[0]["A2:B3"].conditional_formats.add_custom("=$B2>8", fill_color=PINK)
    book.save(tmp_path / "rules.xlsx")
    book.close()

    reopened = open_workbook(tmp_path / "rules.xlsx")

    assert excel.conditional_formats(reopened.sheets[0]) == [
        ConditionalFormatRule(
            "A2:B3", "custom", formula="=$B2>8", fill_color=PINK, stop_if_true=False
        )
    ]


def test_a_rule_formula_is_read_relative_to_the_active_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    excel.select(sheet, "D7")

    sheet["A2:A9"].conditional_formats.add_custom("=LEN(TRIM(D7))=0", fill_color=PINK)

    [rule] = excel.conditional_formats(sheet)
    assert rule.formula == "=LEN(TRIM(A2))=0"  # as stored: seen from A2, the rule's first cell


def test_absolute_references_stay_put_whichever_cell_is_active(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    excel.select(sheet, "D7")

    sheet["B2:B9"].conditional_formats.add_custom("=$B$1+$B7+D$3=0")

    assert excel.conditional_formats(sheet)[0].formula == "=$B$1+$B2+B$3=0"


def test_references_moved_past_the_top_come_in_from_the_bottom(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    excel.select(sheet, "A5")

    sheet["A2:A3"].conditional_formats.add_custom("=A2=1")

    assert excel.conditional_formats(sheet)[0].formula == "=A1048575=1"


def test_a_rule_formula_reads_back_relative_to_the_active_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    excel.select(sheet, "A2")
    sheet["A2:A9"].conditional_formats.add_custom("='Other sheet'!A2=1")
    excel.select(sheet, "C4")

    assert sheet["A2"].conditional_formats[0].formula == "='Other sheet'!C4=1"


def test_changing_a_rule_formula_reads_it_from_the_active_cell(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)
    excel.select(sheet, "A2")
    sheet["A2:A9"].conditional_formats.add_custom("=A2>1")
    excel.select(sheet, "B3")

    sheet["A2"].conditional_formats[0].set(formula="=B3>2")

    assert excel.conditional_formats(sheet)[0].formula == "=A2>2"


def test_colour_scales_are_not_emulated(excel: ExcelDouble) -> None:
    with pytest.raises(NotImplementedError):
        first_sheet(excel)["A1:A9"].conditional_formats.add_color_scale([PINK, (0, 0, 0)])


# --- sheets ----------------------------------------------------------------------------------


def test_sheets_add_after_a_sheet_names_and_activates_it(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Notes": []})

    added = book.sheets.add("Minutes", after=book.sheets["Data"])

    assert book.sheet_names == ["Data", "Minutes", "Notes"]
    assert book.sheets.active == added


def test_sheets_add_before_a_sheet(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Notes": []})

    book.sheets.add("Minutes", before=book.sheets["Notes"])

    assert book.sheet_names == ["Data", "Minutes", "Notes"]


def test_sheets_add_without_position_goes_before_the_active_sheet(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Notes": []})
    book.sheets["Notes"].activate()

    book.sheets.add("Minutes")

    assert book.sheet_names == ["Data", "Minutes", "Notes"]


def test_sheets_add_without_name_numbers_the_sheet(excel: ExcelDouble) -> None:
    book = excel.new_book()

    assert book.sheets.add().name == "Sheet2"


def test_a_sheet_can_be_renamed(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": []})

    book.sheets[0].name = "Input"

    assert book.sheet_names == ["Input"]


def test_renaming_to_an_existing_name_in_any_case_fails(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Notes": []})

    with pytest.raises(ExcelError):
        book.sheets["Notes"].name = "DATA"


def test_sheet_index_is_the_one_based_position(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Notes": []})

    assert [sheet.index for sheet in book.sheets] == [1, 2]


def test_deleting_the_active_sheet_activates_the_next(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Minutes": [], "Notes": []})
    book.sheets["Minutes"].activate()

    book.sheets["Minutes"].delete()

    assert book.sheet_names == ["Data", "Notes"]
    assert book.sheets.active.name == "Notes"


def test_the_last_visible_sheet_can_be_neither_deleted_nor_hidden(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Undo": []})
    book.sheets["Undo"].visible = False

    with pytest.raises(ExcelError):
        book.sheets["Data"].delete()
    with pytest.raises(ExcelError):
        book.sheets["Data"].visible = False


def test_a_hidden_sheet_stays_in_the_book_and_reports_invisible(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Undo": []})

    book.sheets["Undo"].visible = False

    assert book.sheet_names == ["Data", "Undo"]
    assert (book.sheets["Data"].visible, book.sheets["Undo"].visible) == (True, False)


def test_hiding_the_active_sheet_activates_the_next_visible_one(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Undo": [], "Notes": []})
    book.sheets["Notes"].visible = False
    book.sheets["Undo"].activate()

    book.sheets["Undo"].visible = False

    assert book.sheets.active.name == "Data"


def test_hiding_the_last_sheet_when_active_activates_the_one_before(
    excel: ExcelDouble,
) -> None:
    book = excel.new_book({"Data": [], "Notes": []})
    added = book.sheets.add("Undo", after=book.sheets["Notes"])

    added.visible = False

    assert book.sheets.active.name == "Notes"


def test_a_hidden_sheet_cannot_be_activated(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Undo": []})
    book.sheets["Undo"].visible = False

    with pytest.raises(ExcelError):
        book.sheets["Undo"].activate()


def test_hidden_sheets_stay_hidden_after_saving(excel: ExcelDouble, tmp_path: Path) -> None:
    book = excel.new_book({"Data": [], "Undo": []})
    book.sheets["Undo"].visible = False

    book.save(tmp_path / "hidden.xlsx")

    assert openpyxl.load_workbook(tmp_path / "hidden.xlsx")["Undo"].sheet_state == "hidden"


def test_a_missing_sheet_fails_as_in_excel(excel: ExcelDouble) -> None:
    with pytest.raises(ExcelError):
        excel.new_book().sheets["Nope"]


def test_name_in_sheets_is_refused_as_windows_excel_always_answers_false(
    excel: ExcelDouble,
) -> None:
    with pytest.raises(NotImplementedError, match="sheet_names"):
        _ = "Sheet1" in excel.new_book().sheets


# --- defined names ---------------------------------------------------------------------------


def test_a_hidden_name_keeps_the_template_id_through_saving(
    excel: ExcelDouble, tmp_path: Path
) -> None:
    book = excel.new_book(name="kimai.xlsx")
    book.names.add("ImportMapper_Template", '="kimai-timesheet"')
    book.names["ImportMapper_Template"].api.Visible = False
    book.save(tmp_path / "kimai.xlsx")
    book.close()

    name = open_workbook(tmp_path / "kimai.xlsx").names["ImportMapper_Template"]

    assert name.refers_to == '="kimai-timesheet"'
    assert name.api.Visible is False


def test_names_are_found_in_any_case(excel: ExcelDouble) -> None:
    book = excel.new_book()
    book.names.add("ImportMapper_Template", '="kimai"')

    assert book.names["importmapper_template"].name == "ImportMapper_Template"
    assert "IMPORTMAPPER_TEMPLATE" in book.names


def test_a_deleted_name_is_gone(excel: ExcelDouble) -> None:
    book = excel.new_book()
    book.names.add("ImportMapper_Template", '="kimai"')

    book.names["ImportMapper_Template"].delete()

    assert "ImportMapper_Template" not in book.names
    assert len(book.names) == 0


def test_adding_an_existing_name_redefines_it(excel: ExcelDouble) -> None:
    book = excel.new_book()
    book.names.add("ImportMapper_Template", '="kimai"')

    book.names.add("ImportMapper_Template", '="clockify"')

    assert [name.refers_to for name in book.names] == ['="clockify"']


def test_a_name_can_refer_to_a_range(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [["Hours"], [1], [2]]})

    book.names.add("Hours", "=Data!$A$2:$A$3")

    assert book.names["Hours"].refers_to_range.value == [1.0, 2.0]


def test_sheet_names_are_scoped_to_their_sheet(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Out put": []})

    book.sheets["Out put"].names.add("ImportMapper_Output", "=TRUE")

    assert [name.name for name in book.sheets["Out put"].names] == ["'Out put'!ImportMapper_Output"]
    assert len(book.sheets["Data"].names) == 0
    assert [name.name for name in book.names] == ["'Out put'!ImportMapper_Output"]


def test_a_sheet_name_is_found_by_its_short_name_on_its_sheet(excel: ExcelDouble) -> None:
    sheet = excel.new_book({"Data": []}).sheets[0]
    sheet.names.add("ImportMapper_Output", "=TRUE")

    assert sheet.names["ImportMapper_Output"].refers_to == "=TRUE"


def test_sheet_names_are_saved_with_their_sheet(excel: ExcelDouble, tmp_path: Path) -> None:
    book = excel.new_book({"Data": [], "Out": []})
    book.sheets["Out"].names.add("ImportMapper_Output", "=TRUE")

    book.save(tmp_path / "scoped.xlsx")

    saved = openpyxl.load_workbook(tmp_path / "scoped.xlsx")
    assert list(saved["Out"].defined_names) == ["ImportMapper_Output"]
    assert list(saved.defined_names) == []


def test_deleting_a_sheet_deletes_its_names(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Out": []})
    book.sheets["Out"].names.add("ImportMapper_Output", "=TRUE")

    book.sheets["Out"].delete()

    assert len(book.names) == 0


# --- the application -------------------------------------------------------------------------


def test_status_bar_history_records_every_value_set(excel: ExcelDouble) -> None:
    app = excel.new_book().app

    app.status_bar = "Reading 1/2"
    app.status_bar = "Reading 2/2"
    app.status_bar = False

    assert excel.status_bar_history == ["Reading 1/2", "Reading 2/2", False]
    assert app.status_bar is False


def test_app_properties_are_restored_after_the_block(excel: ExcelDouble) -> None:
    app = excel.app
    settings = ("screen_updating", "calculation", "display_alerts", "enable_events")

    with app.properties(
        screen_updating=False, calculation="manual", display_alerts=False, enable_events=False
    ):
        assert [getattr(app, name) for name in settings] == [False, "manual", False, False]

    assert [getattr(app, name) for name in settings] == [True, "automatic", True, True]


def test_an_unknown_calculation_mode_is_rejected(excel: ExcelDouble) -> None:
    with pytest.raises(ValueError):
        excel.app.calculation = "sometimes"


def test_alerts_return_scripted_answers_then_the_first_button(excel: ExcelDouble) -> None:
    app = excel.app
    excel.alert_answers.extend(["no", "cancel"])

    answers = [
        app.alert("Overwrite?", buttons="yes_no"),
        app.alert("Continue?", buttons="ok_cancel"),
        app.alert("Done"),
        app.alert("Undo?", buttons="yes_no"),
    ]

    assert answers == ["no", "cancel", "ok", "yes"]


def test_alerts_are_recorded(excel: ExcelDouble) -> None:
    excel.app.alert("Column Hours is missing", title="Import Mapper", mode="critical")

    assert excel.alerts == [
        Alert("Column Hours is missing", "Import Mapper", "ok", "critical", "ok")
    ]


def test_a_scripted_answer_the_alert_does_not_offer_fails(excel: ExcelDouble) -> None:
    excel.alert_answers.append("yes")

    with pytest.raises(ValueError, match="not offered"):
        excel.app.alert("Done")


def test_a_selection_made_by_the_test_is_the_app_selection(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [["a"], ["b"], ["c"]], "Notes": []})

    excel.select(book.sheets["Data"], "A2:A3")

    assert excel.app.selection.address == "$A$2:$A$3"
    assert book.selection.value == ["b", "c"]
    assert xw.sheets.active.name == "Data"


def test_selecting_a_range_makes_it_the_selection(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel)

    sheet["B2:C3"].select()

    assert excel.app.selection.address == "$B$2:$C$3"


def test_selecting_on_an_inactive_sheet_fails_as_in_excel(excel: ExcelDouble) -> None:
    book = excel.new_book({"Data": [], "Notes": []})

    with pytest.raises(ExcelError):
        book.sheets["Notes"]["A1"].select()


# --- counting round trips --------------------------------------------------------------------


def calls_to_read_used_range(excel: ExcelDouble, row_count: int) -> int:
    sheet = first_sheet(excel, [[row, f"matter {row}", 1.5] for row in range(row_count)])
    excel.reset_calls()
    _ = sheet.used_range.value
    return len(excel.calls)


def test_reading_10000_rows_costs_as_many_calls_as_reading_100(excel: ExcelDouble) -> None:
    assert calls_to_read_used_range(excel, 10_000) == calls_to_read_used_range(excel, 100)


def calls_to_read_cell_by_cell(excel: ExcelDouble, row_count: int) -> int:
    sheet = first_sheet(excel, [[row] for row in range(row_count)])
    excel.reset_calls()
    for row in range(1, row_count + 1):
        _ = sheet.range((row, 1)).value
    return len(excel.calls)


def test_reading_cell_by_cell_costs_calls_per_cell(excel: ExcelDouble) -> None:
    ten = calls_to_read_cell_by_cell(excel, 10)

    assert ten > 10
    assert calls_to_read_cell_by_cell(excel, 20) == 2 * ten


def test_calls_name_the_object_kind_and_the_operation(excel: ExcelDouble) -> None:
    rng = first_sheet(excel)["A1"]
    excel.reset_calls()

    rng.color = PINK

    assert excel.calls == [Call("Range", "set color")]


def test_reset_calls_forgets_earlier_calls(excel: ExcelDouble) -> None:
    first_sheet(excel)["A1"].value = 1

    excel.reset_calls()

    assert excel.calls == []


def test_inspecting_through_the_double_is_not_counted(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["x"]])
    excel.reset_calls()

    excel.filled_cells(sheet), excel.conditional_formats(sheet), excel.app, excel.select(sheet)

    assert excel.calls == []


# --- what is not emulated --------------------------------------------------------------------


def test_unemulated_range_members_raise_not_implemented(excel: ExcelDouble) -> None:
    with pytest.raises(NotImplementedError):
        _ = first_sheet(excel)["A1"].font


def test_using_the_native_api_raises_not_implemented(excel: ExcelDouble) -> None:
    with pytest.raises(NotImplementedError, match="Font"):
        _ = first_sheet(excel)["A1"].api.Font


def test_formatting_whole_columns_raises_not_implemented(excel: ExcelDouble) -> None:
    with pytest.raises(NotImplementedError, match="whole columns"):
        first_sheet(excel)["A:A"].number_format = "@"


def test_writing_values_to_a_union_raises_not_implemented(excel: ExcelDouble) -> None:
    with pytest.raises(NotImplementedError):
        first_sheet(excel).range("A1,C1").value = 1


# --- data validation (xlwings' Range.data_validation, as _xlwindows.DataValidation) ----------


def test_a_literal_list_becomes_an_in_cell_drop_down(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["x"]])

    sheet["C1:C3"].data_validation.set_list(["Open", "Closed"])

    validation = sheet["C2"].data_validation
    assert (validation.type, validation.source, validation.in_cell_dropdown) == (
        "list", "Open,Closed", True)


def test_a_range_without_validation_is_none_and_partly_validated_is_mixed(
        excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["x"]])
    assert sheet["C1:C3"].data_validation.type == "none"
    sheet["C1:C2"].data_validation.set_list(["a"])

    assert sheet["C1:C3"].data_validation.type == "mixed_criteria"
    assert sheet["C1:C3"].data_validation.source is None


def test_a_rule_over_cells_with_different_rules_is_refused(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["x"]])
    sheet["C1"].data_validation.set_list(["a"])
    sheet["C2"].data_validation.set_list(["b"])

    assert sheet["C1:C2"].data_validation.type == "inconsistent"
    with pytest.raises(xw.XlwingsError, match="different validation rules"):
        sheet["C1:C2"].data_validation.set_list(["c"])


def test_a_literal_list_longer_than_255_characters_is_refused(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["x"]])

    with pytest.raises(ValueError, match="255 characters"):
        sheet["C1"].data_validation.set_list(["x" * 200, "y" * 60])


def test_a_range_or_a_name_is_a_list_s_source(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["Open"], ["Closed"]])
    book = sheet.book
    book.names.add("States", "=Sheet1!$A$1:$A$2")

    sheet["C1"].data_validation.set_list(sheet["A1:A2"])
    sheet["D1"].data_validation.set_list(book.names["States"])

    assert sheet["C1"].data_validation.source == "=Sheet1!$A$1:$A$2"
    assert sheet["D1"].data_validation.source == "=States"


def test_setting_a_list_replaces_the_cells_rule_and_delete_removes_it(
        excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["x"]])
    sheet["C1:C3"].data_validation.set_list(["a"])

    sheet["C2"].data_validation.set_list(["b"])
    assert [sheet[f"C{n}"].data_validation.source for n in (1, 2, 3)] == ["a", "b", "a"]
    sheet["C1:C3"].data_validation.delete()
    assert sheet["C1:C3"].data_validation.type == "none"


def test_a_saved_workbook_keeps_its_drop_downs(excel: ExcelDouble, tmp_path: Path) -> None:
    sheet = first_sheet(excel, [["Open"], ["Closed"]])
    sheet["C1:C5"].data_validation.set_list(sheet["A1:A2"])
    sheet.book.save(tmp_path / "kept.xlsx")

    [rule] = openpyxl.load_workbook(tmp_path / "kept.xlsx").active.data_validations.dataValidation
    assert (rule.type, rule.formula1, str(rule.sqref)) == ("list", "Sheet1!$A$1:$A$2", "C1:C5")


def test_each_data_validation_member_is_one_round_trip(excel: ExcelDouble) -> None:
    sheet = first_sheet(excel, [["x"]])
    target = sheet["C1:C3"]
    excel.reset_calls()

    target.data_validation.set_list(["a"])
    _ = target.data_validation.source

    assert excel.count("DataValidation") == 2
