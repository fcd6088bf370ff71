"""Columns the profile cannot read are assigned to fields on the command line (--map), and the
reading is saved as a user profile (--save-profile) so the next file maps with no argument."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from clihelp import run

KIMAI = ["-t", "kimai-timesheet", "--set", "customer=Dupont SA", "--set", "activity=Conseil",
         "--set", "user=mcurie", "--set", "email=m@cabinet.fr"]
SHEET = ("Jour;Dossier;Heures passées;Nature des travaux\n"
         "02/11/2026;Bail commercial;1,5;Relecture du bail\n"
         "13/11/2026;Bail commercial;0,25;Appel au client\n")


@pytest.fixture
def sheet(tmp_path):
    path = tmp_path / "feuille.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def written(path):
    rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
    at = [rows[0].index(n) for n in ("Date", "Duration", "Project", "Description")]
    return [tuple(r[i] for i in at) for r in rows[1:]]


def test_two_assigned_columns_map_a_french_sheet_to_kimai_exactly(capsys, sheet, tmp_path):
    out = tmp_path / "kimai.csv"
    result = run(capsys, "map", sheet, "-o", out, *KIMAI, "--map", "Heures passées=duration",
                 "--map", "Nature des travaux=description")
    assert result.code == 0, result.err
    assert written(out) == [("2026-11-02", "5400", "Bail commercial", "Relecture du bail"),
                            ("2026-11-13", "900", "Bail commercial", "Appel au client")]
    assert ("as you assigned: 'Heures passées' as duration, 'Nature des travaux' as"
            " description") in result.err


def test_without_the_assignment_the_unread_columns_are_named(capsys, sheet, tmp_path):
    result = run(capsys, "check", sheet, *KIMAI)
    assert result.code == 1
    assert "column 'Heures passées' is not used" in result.err


def test_an_assignment_replaces_the_profile_s_reading_of_that_field(capsys, tmp_path):
    source = tmp_path / "two.csv"
    source.write_text("Date,Project,Duration,Billed hours\n2026-11-02,Audit,2,1.5\n",
                      encoding="utf-8")
    out = tmp_path / "o.csv"
    result = run(capsys, "map", source, "-o", out, *KIMAI, "--map", "Billed hours=duration")
    assert result.code == 0, result.err
    assert written(out)[0][1] == "5400"
    assert "column 'Duration' is not used" in result.err


def test_a_column_assigned_nothing_is_left_out_without_a_warning(capsys, tmp_path):
    source = tmp_path / "extra.csv"
    source.write_text("Date,Project,Duration,Internal note\n2026-11-02,Audit,2,x\n",
                      encoding="utf-8")
    result = run(capsys, "check", source, *KIMAI, "--map", "Internal note=")
    assert (result.code, "Internal note" in result.err.split("; as you assigned")[0]) == (0, False)
    assert "'Internal note' left out" in result.err
    assert "warning" not in result.err


def test_an_assigned_column_the_source_lacks_exits_2_naming_the_columns(capsys, sheet, tmp_path):
    result = run(capsys, "check", sheet, *KIMAI, "--map", "Temps=duration")
    assert result.code == 2
    assert result.err == ("importmap: error: --map 'Temps': the source has no such column; its"
                          " columns: 'Jour', 'Dossier', 'Heures passées', 'Nature des travaux'\n")


def test_an_unknown_field_exits_2_pointing_to_the_field_list(capsys, sheet):
    result = run(capsys, "check", sheet, *KIMAI, "--map", "Heures passées=hours")
    assert result.code == 2
    assert "'hours' is not a field; the fields are date, start, end, duration," in result.err
    assert result.err.endswith("(see 'importmap fields')\n")


def test_a_saved_profile_maps_the_next_file_with_no_argument(capsys, sheet, tmp_path,
                                                             monkeypatch):
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path / "mine"))
    (tmp_path / "mine").mkdir()
    first = run(capsys, "map", sheet, "-o", tmp_path / "a.csv", *KIMAI, "--map",
                "Heures passées=duration", "--map", "Nature des travaux=description",
                "--save-profile", "cabinet")
    assert first.code == 0, first.err
    assert (tmp_path / "mine" / "profiles" / "cabinet.toml").is_file()
    later = tmp_path / "novembre.csv"
    later.write_text(SHEET.replace("1,5", "2"), encoding="utf-8")
    again = run(capsys, "map", later, "-o", tmp_path / "b.csv", *KIMAI)
    assert again.code == 0, again.err
    assert "source profile cabinet reads 4 of 4 columns" in again.err
    assert [row[1] for row in written(tmp_path / "b.csv")] == ["7200", "900"]


def test_saving_a_profile_without_the_variable_uses_the_default_folder(capsys, sheet, tmp_path,
                                                                       monkeypatch):
    monkeypatch.delenv("IMPORTMAP_TEMPLATES", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    result = run(capsys, "check", sheet, *KIMAI, "--map", "Heures passées=duration", "--map",
                 "Nature des travaux=description", "--save-profile", "cabinet")
    assert result.code == 0, result.err
    saved = Path.home() / ".importmapper" / "templates" / "profiles" / "cabinet.toml"
    assert f"saved source profile cabinet to {saved}" in result.err
    later = tmp_path / "novembre.csv"
    later.write_text(SHEET.replace("1,5", "2"), encoding="utf-8")
    again = run(capsys, "check", later, *KIMAI)
    assert "source profile cabinet reads 4 of 4 columns" in again.err


def test_fields_lists_every_field_with_its_meaning(capsys):
    result = run(capsys, "fields")
    assert result.code == 0
    assert "duration          duration  Time worked\n" in result.out
    assert result.out.count("\n") >= 30


def test_a_column_nothing_reads_says_how_to_assign_it(capsys, tmp_path):
    source = tmp_path / "export.csv"
    source.write_text("Date,Hours,Category\n2026-11-02,1,Writing\n", encoding="utf-8")
    result = run(capsys, "check", source, "-t", "toggl")
    assert ("Category: warning: column 'Category' is not used: no field of profile caseclock and"
            " no column of toggl reads it. To read it as a field, assign it: --map"
            ' "Category=FIELD" (importmap fields lists the fields); or choose another profile'
            " with --profile ID") in result.err.splitlines()


def test_a_required_field_no_column_gives_names_the_unread_columns_to_assign(capsys, sheet):
    result = run(capsys, "check", sheet, *KIMAI)
    assert ("Duration: error: Kimai 2 (Importer plugin: Timesheet) needs Duration on every row,"
            " and the source has no column for time worked. Supply it: if a column nothing"
            " reads ('Heures passées', 'Nature des travaux') holds it, assign it: --map"
            ' "COLUMN=duration"; or add the column to the source') in result.err.splitlines()


def test_a_start_worked_out_from_the_duration_says_so_when_neither_is_read(capsys, sheet):
    result = run(capsys, "check", sheet, *KIMAI)
    from_line = next(line for line in result.err.splitlines() if line.startswith("From: "))
    assert ("the source has no column for time worked, or start and end times (a start and an"
            " end are worked out from the date and the time worked)") in from_line
    assert '--map "COLUMN=duration"' in from_line


# --- assignments that contradict each other, or that nothing writes --------------------------


def test_one_column_assigned_two_fields_is_refused_naming_both(capsys, sheet):
    result = run(capsys, "check", sheet, *KIMAI, "--map", "Heures passées=duration", "--map",
                 "Nature des travaux=description", "--map", "nature des travaux=activity")
    assert result.code == 2
    assert result.err == (
        "importmap: error: --map 'nature des travaux=activity': the column 'Nature des travaux'"
        " is assigned twice (description, activity); a column is read as one field, so keep"
        " one of the two\n")


def test_one_field_assigned_two_columns_is_refused_naming_both(capsys, sheet):
    result = run(capsys, "check", sheet, *KIMAI, "--map", "Heures passées=duration", "--map",
                 "Nature des travaux=description", "--map", "Dossier=description")
    assert result.code == 2
    assert result.err == (
        "importmap: error: --map 'Dossier=description': description is assigned twice ('Nature"
        " des travaux', 'Dossier'); a field is read from one column, so keep one of the two\n")


def test_the_same_assignment_given_twice_is_read_once(capsys, sheet, tmp_path):
    out = tmp_path / "kimai.csv"
    result = run(capsys, "map", sheet, "-o", out, *KIMAI, "--map", "Heures passées=duration",
                 "--map", "Nature des travaux=description", "--map", "Heures passées=duration")
    assert result.code == 0, result.err
    assert written(out)[0] == ("2026-11-02", "5400", "Bail commercial", "Relecture du bail")


def test_a_field_written_in_capitals_or_with_spaces_is_that_field(capsys, sheet, tmp_path):
    out = tmp_path / "kimai.csv"
    result = run(capsys, "map", sheet, "-o", out, *KIMAI, "--map", "Heures passées= Duration ",
                 "--map", "Nature des travaux=DESCRIPTION")
    assert result.code == 0, result.err
    assert written(out)[0] == ("2026-11-02", "5400", "Bail commercial", "Relecture du bail")


def test_a_column_assigned_a_field_the_target_writes_nowhere_is_a_dropped_field_warning(
        capsys, tmp_path):
    source = tmp_path / "extra.csv"
    source.write_text("Date,Project,Duration,VAT number\n2026-11-02,Audit,2,FR123\n",
                      encoding="utf-8")
    result = run(capsys, "check", source, *KIMAI, "--map", "VAT number=client_tax_id")
    assert result.code == 0, result.err
    assert ("VAT number: warning: the source's 'VAT number' column (client's vat or tax id) is not"
            " written: kimai-timesheet has no column for it") in result.err.splitlines()


# --- the name of a saved profile -------------------------------------------------------------


def test_an_empty_profile_name_is_refused(capsys, sheet, tmp_path, monkeypatch):
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path))
    result = run(capsys, "check", sheet, *KIMAI, "--map", "Heures passées=duration",
                 "--save-profile", "")
    assert result.code == 2
    assert result.err == ("importmap: error: --save-profile '': use letters, digits, '-' and"
                          " '_' only\n")


@pytest.mark.parametrize("name", ["generic", "CaseClock"])
def test_a_built_in_profile_s_id_is_refused_as_a_saved_profile_s_name(capsys, sheet, tmp_path,
                                                                      monkeypatch, name):
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path))
    result = run(capsys, "check", sheet, *KIMAI, "--map", "Heures passées=duration",
                 "--save-profile", name)
    assert result.code == 2
    assert result.err == (f"importmap: error: --save-profile {name!r}: {name.lower()} is a"
                          " built-in source profile, which it would replace for every file;"
                          " choose another name\n")
    assert not (tmp_path / "profiles").exists()


def test_a_profile_that_cannot_be_saved_is_a_message_not_a_traceback(capsys, sheet, tmp_path,
                                                                      monkeypatch):
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path))
    (tmp_path / "profiles").write_text("a file where the folder would be", encoding="utf-8")
    result = run(capsys, "check", sheet, *KIMAI, "--map", "Heures passées=duration",
                 "--save-profile", "cabinet")
    assert result.code == 2
    assert result.err.startswith(f"importmap: error: {tmp_path / 'profiles' / 'cabinet.toml'}:"
                                 " cannot save the profile (")
