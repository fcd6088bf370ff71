"""The Mapping sheet and the Edit mapping button: which column each field reads, chosen in a
drop-down, used by Apply template as the command line uses --map, and kept in the workbook for
the next sheet with the same column titles (addin/excel/column_mapping.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from clihelp import run
from excel_double import ExcelDouble
from ribbonbooks import problem_lines

from addin.excel import ribbon

pytest_plugins = ["excel_double"]  # the `excel` fixture

FRENCH = ("Jour;Dossier;Heures passées;Nature des travaux\n"
          "02/11/2026;Bail commercial;1,5;Relecture du bail\n"
          "13/11/2026;Bail commercial;0,25;Appel au client\n")
SETTINGS = {"customer": "Dupont SA", "activity": "Conseil", "user": "mcurie",
            "email": "m@cabinet.fr"}
HEADER = ["Jour", "Dossier", "Heures passées", "Nature des travaux"]
FLAG = re.compile(r"(?<![\w-])--[a-z]")


def french_book(excel: ExcelDouble, tmp_path: Path, text: str = FRENCH) -> xw.Book:
    """The French sheet read by Open file into a workbook holding the settings and the target."""
    path = tmp_path / "feuille.csv"
    path.write_text(text, encoding="utf-8")
    book = excel.new_book({"Import Mapper settings": [["key", "value"],
                                                      *[[k, v] for k, v in SETTINGS.items()]]})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", '="kimai-timesheet"')
    ribbon.open_file(str(path))
    excel.alerts.clear()
    return book


def literal_book(excel: ExcelDouble, rows: list[list[Any]], target: str = "kimai-timesheet",
                 sheet: str = "Feuille") -> xw.Book:
    book = excel.new_book({sheet: rows, "Import Mapper settings": [
        ["key", "value"], *[[k, v] for k, v in SETTINGS.items()]]})
    book.set_mock_caller()
    book.names.add("ImportMapper_Template", f'="{target}"')
    excel.select(book.sheets[sheet], "A1")
    excel.reset_calls()
    return book


def mapping_rows(excel: ExcelDouble, book: xw.Book) -> dict[str, list[Any]]:
    """field -> its row on the Mapping sheet (field, meaning, needed by, column read, suggested,
    how sure, why), read without Excel calls."""
    rows = list(excel.workbook(book)["Mapping"].iter_rows(min_row=5, max_col=7,
                                                          values_only=True))
    return {r[0]: list(r) for r in rows if r[0]}


def choose(excel: ExcelDouble, book: xw.Book, field: str, column: str) -> None:
    """Pick `column` in the field's drop-down on the Mapping sheet, as the user would."""
    fields = [r[0] for r in excel.workbook(book)["Mapping"].iter_rows(min_row=5, max_col=1,
                                                                      values_only=True)]
    book.sheets["Mapping"].range(f"D{5 + fields.index(field)}").value = column


# --- Apply template with a chosen mapping gives what --map gives -----------------------------


def test_the_french_sheet_mapped_on_the_mapping_sheet_is_the_command_line_s_file(
        excel: ExcelDouble, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "cli.csv"
    source.write_text(FRENCH, encoding="utf-8")
    settings = [a for k, v in SETTINGS.items() for a in ("--set", f"{k}={v}")]
    cli = run(capsys, "map", source, "-t", "kimai-timesheet", "-o", tmp_path / "cli-out.csv",
              *settings, "--map", "Heures passées=duration", "--map",
              "Nature des travaux=description")
    assert cli.code == 0, cli.err
    book = french_book(excel, tmp_path)

    ribbon.apply_template()  # duration is read from nothing: the Mapping sheet is made
    choose(excel, book, "duration", "Heures passées")
    choose(excel, book, "description", "Nature des travaux")
    ribbon.apply_template()  # from the Mapping sheet: maps the sheet it was made for
    ribbon.save_csv(str(tmp_path / "excel-out.csv"))

    assert (tmp_path / "excel-out.csv").read_bytes() == (tmp_path / "cli-out.csv").read_bytes()
    mapped = excel.alerts[1].prompt
    assert mapped.startswith("2 rows mapped to Kimai timesheet. Columns read as the mapping"
                             " kept in this workbook for these column titles says")
    assert "'Heures passées' as duration, 'Nature des travaux' as description" in mapped


def test_a_field_set_to_nothing_leaves_its_column_out_as_an_empty_map_does(
        excel: ExcelDouble, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["Date", "Project", "Duration", "Notes"], ["2026-11-02", "Audit", "2", "private"]]
    source = tmp_path / "notes.csv"
    source.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    settings = [a for k, v in SETTINGS.items() for a in ("--set", f"{k}={v}")]
    cli = run(capsys, "map", source, "-t", "kimai-timesheet", "-o", tmp_path / "cli-out.csv",
              *settings, "--map", "Notes=")
    assert cli.code == 0, cli.err
    book = literal_book(excel, rows)
    ribbon.edit_mapping()
    choose(excel, book, "description", "(nothing)")
    excel.select(book.sheets["Feuille"], "A1")

    ribbon.apply_template()
    ribbon.save_csv(str(tmp_path / "excel-out.csv"))

    assert (tmp_path / "excel-out.csv").read_bytes() == (tmp_path / "cli-out.csv").read_bytes()
    assert "'Notes' left out." in excel.alerts[0].prompt
    assert b"private" not in (tmp_path / "excel-out.csv").read_bytes()


# --- the Mapping sheet's content -------------------------------------------------------------


def test_edit_mapping_lists_every_field_needed_ones_first_with_column_and_how_sure(
        excel: ExcelDouble) -> None:
    book = literal_book(excel, [["Jour", "Dossier", "Durée (en heures)", "Remarque libre"],
                                ["2026-11-02", "Bail", "1,5", "x"]])

    ribbon.edit_mapping()

    assert book.sheets.active.name == "Mapping"
    rows = mapping_rows(excel, book)
    assert len(rows) == 35
    assert rows["date"] == ["date", "Day the work was done", "Date", "Jour", "Jour", "sure",
                            "'Jour' is one of profile generic's names for date"]
    assert rows["duration"][2:6] == ["From, To, Duration", "Durée (en heures)",
                                     "Durée (en heures)", "likely"]
    assert rows["duration"][6] == ("'Durée (en heures)' begins with 'durée', which profile"
                                   " generic reads as duration")
    assert rows["client"][2:7] == ["Customer", "(nothing)", None, None, "no column found"]
    order = list(rows)
    assert order.index("billable") < order.index("start")  # needed by Kimai first
    assert all(rows[f][2] for f in order[:order.index("start")])


def test_fields_of_recognised_voice_lines_and_a_fallback_name_are_likely(
        excel: ExcelDouble) -> None:
    book = literal_book(excel, [["Date", "Entry", "Name"],
                                ["2026-11-02", "0.1 — email to client — Jones file", "Ann"],
                                ["2026-11-03", "0,25 — call — Smith", "Ann"]])

    ribbon.edit_mapping()

    rows = mapping_rows(excel, book)
    split = ("split from the voice lines of column 'Entry', recognised by their shape; keep"
             " (nothing) here to read it so")
    for name in ("duration", "description", "matter"):
        assert rows[name][3:] == ["(nothing)", None, "likely", split]
    assert rows["timekeeper"][3:] == [
        "Name", "Name", "likely", "profile generic reads 'Name' as timekeeper because no other"
        " column is"]


def test_the_drop_down_lists_nothing_and_the_sheet_s_column_titles(excel: ExcelDouble) -> None:
    book = literal_book(excel, [HEADER, ["2026-11-02", "Bail", "1,5", "x"]])

    ribbon.edit_mapping()

    sheet = book.sheets["Mapping"]
    validation = sheet.range("D5:D39").data_validation
    assert (validation.type, validation.source, validation.in_cell_dropdown) == (
        "list", "=ImportMapper_MappingColumns", True)
    assert book.names["ImportMapper_MappingColumns"].refers_to == "='Mapping'!$I$5:$I$9"
    assert sheet.range("I5:I9").value == ["(nothing)", *HEADER]
    assert sheet.range("D40").data_validation.type == "none"


def test_a_column_only_another_profile_reads_is_a_possible_suggestion(
        excel: ExcelDouble) -> None:
    # Grandtotal's customer list calls the client "Organization"; generic, which wins this
    # header, has no such name for it.
    book = literal_book(excel, [["Date", "Project", "Duration", "Organization"],
                                ["2026-11-02", "Audit", 2, "Dupont SA"]])

    ribbon.edit_mapping()

    assert mapping_rows(excel, book)["client"][3:] == [
        "(nothing)", "Organization", "possible",
        "profile grandtotal reads 'Organization' as client; profile generic, which reads this"
        " sheet, does not"]


def test_the_mapping_sheet_costs_the_same_excel_calls_for_2_or_300_rows(
        excel: ExcelDouble) -> None:
    counts = []
    for size in (2, 300):
        literal_book(excel, [HEADER, *[["2026-11-02", "Bail", "1,5", "x"]] * size])
        ribbon.edit_mapping()
        counts.append(excel.count())
    assert counts[0] == counts[1]


def test_apply_template_with_a_kept_mapping_costs_the_same_calls_for_2_or_300_rows(
        excel: ExcelDouble) -> None:
    counts = []
    for size in (2, 300):
        rows = [[f"2026-11-{n % 28 + 1:02d}", "Bail", "0,25", "x"] for n in range(size)]
        book = literal_book(excel, [HEADER, *rows])
        ribbon.apply_template()
        choose(excel, book, "duration", "Heures passées")
        excel.select(book.sheets["Feuille"], "A1")
        excel.reset_calls()
        ribbon.apply_template()
        counts.append(excel.count())
        assert excel.alerts[-1].prompt.startswith(f"{size} rows mapped")
    assert counts[0] == counts[1]


# --- kept for the next sheet with the same header ---------------------------------------------


def mapped_french(excel: ExcelDouble, tmp_path: Path) -> xw.Book:
    book = french_book(excel, tmp_path)
    ribbon.apply_template()
    choose(excel, book, "duration", "Heures passées")
    choose(excel, book, "description", "Nature des travaux")
    ribbon.apply_template()
    excel.alerts.clear()
    return book


def open_another(excel: ExcelDouble, tmp_path: Path, name: str, text: str) -> None:
    """Another export opened with Open file into the same workbook (its sheet active)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    ribbon.open_file(str(path))
    excel.alerts.clear()


def test_a_second_sheet_with_the_same_header_is_mapped_with_the_kept_mapping(
        excel: ExcelDouble, tmp_path: Path) -> None:
    book = mapped_french(excel, tmp_path)
    book.sheets["Mapping"].delete()  # kept in the workbook, not only on the Mapping sheet
    open_another(excel, tmp_path, "novembre.csv", FRENCH.replace("1,5", "2"))

    ribbon.apply_template()

    [alert] = excel.alerts
    assert alert.prompt.startswith("2 rows mapped to Kimai timesheet. Columns read as the mapping"
                                   " kept in this workbook")
    out = book.sheets["Kimai timesheet"]
    header = out.range("A1").expand("right").value
    assert out.range((2, header.index("Duration") + 1)).value == 7200
    assert out.range((2, header.index("Description") + 1)).value == "Relecture du bail"


def test_a_sheet_with_another_header_is_not_mapped_with_it(excel: ExcelDouble,
                                                           tmp_path: Path) -> None:
    book = mapped_french(excel, tmp_path)
    open_another(excel, tmp_path, "autre.csv", FRENCH.replace("Nature des travaux", "Travaux"))

    ribbon.apply_template()

    [alert] = excel.alerts
    assert "kept" not in alert.prompt.split("The workbook")[0]
    assert alert.prompt.startswith("Kimai 2 (Importer plugin: Timesheet) needs From, To,"
                                   " Duration, and no column of autre is read for them")
    assert book.sheets.active.name == "Mapping"
    assert mapping_rows(excel, book)["duration"][3] == "(nothing)"


def test_edit_mapping_on_a_sheet_with_a_kept_mapping_shows_it(excel: ExcelDouble,
                                                               tmp_path: Path) -> None:
    book = mapped_french(excel, tmp_path)
    book.sheets["Mapping"].delete()
    excel.select(book.sheets["feuille"], "A1")

    ribbon.edit_mapping()

    rows = mapping_rows(excel, book)
    assert rows["duration"][3] == "Heures passées"
    assert rows["description"][3] == "Nature des travaux"
    assert rows["matter"][3] == "Dossier"


# --- Apply template opens the Mapping sheet once -----------------------------------------------


def test_apply_template_on_an_unreadable_required_field_opens_the_mapping_sheet_once(
        excel: ExcelDouble, tmp_path: Path) -> None:
    book = french_book(excel, tmp_path)

    ribbon.apply_template()

    assert book.sheets.active.name == "Mapping"
    assert "Kimai timesheet" not in [s.name for s in book.sheets]  # nothing mapped yet
    [alert] = excel.alerts
    assert alert.prompt.endswith("then click Apply template again. Nothing was mapped yet.")
    excel.select(book.sheets["feuille"], "A1")
    excel.alerts.clear()

    ribbon.apply_template()  # nothing chosen: maps, and reports the missing duration

    assert book.sheets.active.name == "Kimai timesheet"
    [alert] = excel.alerts
    assert alert.prompt.startswith("2 rows mapped to Kimai timesheet.")
    assert "error" in alert.prompt


def test_a_sheet_whose_columns_are_all_read_is_mapped_without_the_mapping_sheet(
        excel: ExcelDouble) -> None:
    book = literal_book(excel, [["Date", "Project", "Duration"], ["2026-11-02", "Audit", 2]])

    ribbon.apply_template()

    assert "Mapping" not in [s.name for s in book.sheets]
    assert book.sheets.active.name == "Kimai timesheet"


# --- mistakes on the Mapping sheet, in Excel's words -------------------------------------------


def test_a_column_the_sheet_does_not_have_is_refused_naming_the_cell(excel: ExcelDouble) -> None:
    book = literal_book(excel, [HEADER, ["2026-11-02", "Bail", "1,5", "x"]])
    ribbon.edit_mapping()
    choose(excel, book, "duration", "Heures")  # typed over the drop-down

    ribbon.apply_template()

    [alert] = excel.alerts
    row = 5 + list(mapping_rows(excel, book)).index("duration")
    assert alert.prompt == (f"On the sheet Mapping, cell D{row} (field duration) names 'Heures',"
                            " which is no column of Feuille. Pick one from the cell's list"
                            " ((nothing) for none), then click Apply template again.")
    assert alert.mode == "critical"
    assert "Kimai timesheet" not in [s.name for s in book.sheets]


def test_a_chosen_column_the_sheet_no_longer_has_is_refused_naming_the_cell(
        excel: ExcelDouble, tmp_path: Path) -> None:
    book = mapped_french(excel, tmp_path)
    book.sheets["feuille"]["C1"].value = "H. passées"  # the title changed since the choice
    excel.select(book.sheets["feuille"], "A1")

    ribbon.apply_template()

    [alert] = excel.alerts
    row = 5 + list(mapping_rows(excel, book)).index("duration")
    assert alert.prompt == (f"On the sheet Mapping, cell D{row} (field duration) names 'Heures"
                            " passées', which feuille no longer has. Click Edit mapping to list"
                            " its columns again, choose ((nothing) for none), then click Apply"
                            " template again.")


def test_one_column_chosen_for_two_fields_is_refused(excel: ExcelDouble) -> None:
    book = literal_book(excel, [HEADER, ["2026-11-02", "Bail", "1,5", "x"]])
    ribbon.edit_mapping()
    choose(excel, book, "duration", "Heures passées")
    choose(excel, book, "description", "Heures passées")

    ribbon.apply_template()

    [alert] = excel.alerts
    assert "names 'Heures passées', as the row of duration does" in alert.prompt
    assert not FLAG.search(alert.prompt)


def test_no_message_of_the_mapping_names_a_command_line_option(excel: ExcelDouble,
                                                                tmp_path: Path) -> None:
    mapped_french(excel, tmp_path)
    book = french_book(excel, tmp_path)
    ribbon.apply_template()
    ribbon.edit_mapping()
    texts = [a.prompt for a in excel.alerts] + [
        str(v) for line in excel.workbook(book)["Mapping"].iter_rows(values_only=True)
        for v in line if v]
    assert not [t for t in texts if FLAG.search(t)]


def test_edit_mapping_on_the_add_in_s_own_sheet_alerts(excel: ExcelDouble) -> None:
    book = literal_book(excel, [["Date", "Project", "Duration"], ["2026-11-02", "Audit", 2]])
    ribbon.apply_template()
    excel.alerts.clear()

    ribbon.edit_mapping()

    [alert] = excel.alerts
    assert alert.prompt.startswith("The active sheet is Import Mapper's own.")
    assert book.sheets.active.name == "Kimai timesheet"


def test_a_column_chosen_for_a_field_the_target_writes_nowhere_is_a_dropped_field_warning(
        excel: ExcelDouble) -> None:
    book = literal_book(excel, [["Date", "Project", "Duration", "VAT number"],
                                ["2026-11-02", "Audit", "2", "FR123"]])
    ribbon.edit_mapping()
    choose(excel, book, "client_tax_id", "VAT number")
    excel.alerts.clear()

    ribbon.apply_template()

    lines = problem_lines(excel, book)
    assert [line[2:5] for line in lines if line[4] == "dropped-field"] == [
        ["VAT number", "warning", "dropped-field"]]


def test_one_row_mapped_is_said_in_the_singular(excel: ExcelDouble) -> None:
    literal_book(excel, [["Date", "Project", "Duration"], ["2026-11-02", "Audit", "2"]])
    excel.alerts.clear()
    ribbon.apply_template()
    assert excel.alerts[0].prompt.startswith("1 row mapped to Kimai timesheet.")


def test_edit_mapping_after_a_title_changed_lists_the_sheet_s_columns_again(
        excel: ExcelDouble, tmp_path: Path) -> None:
    book = mapped_french(excel, tmp_path)
    book.sheets["feuille"]["C1"].value = "H. passées"  # Apply template now refuses the choice
    excel.select(book.sheets["feuille"], "A1")

    ribbon.edit_mapping()

    assert book.sheets.active.name == "Mapping"
    listed = [v for v in book.sheets["Mapping"].range("I:I").value if v]
    assert "H. passées" in listed and "Heures passées" not in listed


def test_a_mapping_sheet_whose_rows_were_deleted_is_refused_not_replaced(
        excel: ExcelDouble) -> None:
    book = literal_book(excel, [HEADER, ["2026-11-02", "Bail", "1,5", "x"]])
    ribbon.edit_mapping()
    choose(excel, book, "duration", "Heures passées")
    mapping = book.sheets["Mapping"]
    kept = mapping.used_range.value[3:]  # the first rows deleted, the choices still below
    mapping.clear_contents()
    mapping["A1"].value = kept
    excel.select(book.sheets["Feuille"], "A1")
    excel.alerts.clear()

    ribbon.apply_template()

    [alert] = excel.alerts
    assert alert.prompt.startswith("The sheet Mapping is no longer laid out as Edit mapping made"
                                   " it")
    assert book.sheets["Mapping"].used_range.value[0] == kept[0]  # not replaced
