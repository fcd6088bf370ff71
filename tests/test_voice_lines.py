"""A column of CaseClock voice lines ("0.1 — email to client re next steps — Jones file") is
split into duration, narrative and matter: asked for (--split, the setting `split`) or
recognised from its values; a line that does not split is a row problem, never a guess."""

from __future__ import annotations

import pytest
from clihelp import run
from hypothesis import given
from hypothesis import strategies as st
from mapping import column, map_with

from addin.core.line_split import split_line

KIMAI = ["-t", "kimai-timesheet", "--set", "customer=Jones Family Trust", "--set",
         "activity=Legal work", "--set", "email=maria@example-law.com"]
SETTINGS = {"customer": "Jones Family Trust", "activity": "Legal work",
            "email": "maria@example-law.com"}
LINES = ["Date,Timekeeper,Entry",
         "02/11/2026,Maria Alvarez,0.1 \u2014 email to client re next steps \u2014 Jones file",
         "02/11/2026,Maria Alvarez,0.25 \u2014 follow-up call with opposing counsel \u2014"
         " Jones file",
         "13/11/2026,Maria Alvarez,1:30 \u2014 draft letter to trustee \u2014 Smith estate"]


def test_a_column_of_voice_lines_maps_to_kimai_with_exact_seconds(capsys, tmp_path):
    source = tmp_path / "voice.csv"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    out = tmp_path / "kimai.csv"
    result = run(capsys, "map", source, "-o", out, *KIMAI)
    assert result.code == 0, result.err
    rows = [line.split(",") for line in out.read_text(encoding="utf-8").splitlines()]
    at = [rows[0].index(n) for n in ("Date", "Duration", "Project", "Description")]
    assert [tuple(r[i] for i in at) for r in rows[1:]] == [
        ("2026-11-02", "360", "Jones file", "email to client re next steps"),
        ("2026-11-02", "900", "Jones file", "follow-up call with opposing counsel"),
        ("2026-11-13", "5400", "Smith estate", "draft letter to trustee")]
    assert ("note: 'Entry' holds voice lines (DURATION \u2014 DESCRIPTION \u2014 MATTER),"
            " recognised from its values: read as duration, description, matter; to read it"
            ' otherwise, give --split "Entry=duration,description,matter"\n') in result.err


def test_asked_for_a_column_of_voice_lines_is_split_as_told(capsys, tmp_path):
    source = tmp_path / "voice.csv"
    source.write_text("Date,Timekeeper,Entry,Matter\n"
                      "13/11/2026,Maria Alvarez,0.5 - review lease,Okafor lease\n",
                      encoding="utf-8")
    out = tmp_path / "kimai.csv"
    result = run(capsys, "map", source, "-o", out, *KIMAI, "--split",
                 "Entry=duration,description")
    assert result.code == 0, result.err
    assert "as you asked: read as duration, description" in result.err
    assert ",1800," in out.read_text(encoding="utf-8")


def test_a_line_that_does_not_split_is_an_error_on_its_row(capsys, tmp_path):
    source = tmp_path / "voice.csv"
    source.write_text("\n".join([*LINES, "14/11/2026,Maria Alvarez,call the court"]) + "\n",
                      encoding="utf-8")
    result = run(capsys, "check", source, *KIMAI, "--split",
                 "Entry=duration,description,matter")
    assert result.code == 1
    assert ("row 5, Entry: error: does not read as DURATION \u2014 DESCRIPTION \u2014 MATTER"
            " (no dash separates its parts); write it so, with a dash between the parts, or"
            " correct the entry in the source") in result.err


def test_a_line_that_does_not_split_is_one_problem_not_one_per_part(capsys, tmp_path):
    source = tmp_path / "voice.csv"
    source.write_text("\n".join([*LINES, "14/11/2026,Maria Alvarez,call the court"]) + "\n",
                      encoding="utf-8")
    result = run(capsys, "check", source, *KIMAI, "--split",
                 "Entry=duration,description,matter", "--report", tmp_path / "r.csv")
    assert result.code == 1
    row_5 = [line for line in (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()
             if line.startswith("5,")]
    assert [line.split(",")[:4] for line in row_5] == [["5", "Entry", "error", "unsplit-line"]]


@pytest.mark.parametrize(("line", "why"), [
    ("0.3 \u2014 review \u2014 Jones \u2014 extra", "its dashes make 4 parts, not 3"),
    ("0.3 \u2014\u2014 review \u2014 Jones", "a part between its dashes is empty"),
    ("0.3 review Jones", "no dash separates its parts"),
])
def test_a_line_that_does_not_split_says_why(capsys, tmp_path, line, why):
    source = tmp_path / "voice.csv"
    source.write_text("\n".join([*LINES, f"14/11/2026,Maria Alvarez,{line}"]) + "\n",
                      encoding="utf-8")
    result = run(capsys, "check", source, *KIMAI, "--split",
                 "Entry=duration,description,matter")
    assert (f"row 5, Entry: error: does not read as DURATION \u2014 DESCRIPTION \u2014 MATTER"
            f" ({why}); write it so") in result.err


def voice_file(tmp_path):
    source = tmp_path / "voice.csv"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return source


def test_a_split_and_a_split_setting_that_differ_are_refused(capsys, tmp_path):
    result = run(capsys, "check", voice_file(tmp_path), *KIMAI, "--set",
                 "split=Entry=duration,description,matter", "--split",
                 "Entry=duration,description")
    assert result.code == 2
    assert result.err == ("importmap: error: --set split: given twice"
                          " ('Entry=duration,description,matter', 'Entry=duration,description');"
                          " keep one\n")


def test_a_field_named_twice_in_a_split_is_refused(capsys, tmp_path):
    result = run(capsys, "check", voice_file(tmp_path), *KIMAI, "--split",
                 "Entry=duration,description,duration")
    assert result.code == 2
    assert result.err == ("importmap: error: split 'Entry=duration,description,duration':"
                          " duration is named twice; name each field once\n")


def test_split_fields_in_capitals_are_those_fields(capsys, tmp_path):
    result = run(capsys, "check", voice_file(tmp_path), *KIMAI, "--split",
                 "entry=Duration,Description,MATTER")
    assert result.code == 0, result.err


def test_a_split_of_a_column_the_source_lacks_names_its_columns(capsys, tmp_path):
    result = run(capsys, "check", voice_file(tmp_path), *KIMAI, "--split",
                 "Entri=duration,description")
    assert result.code == 2
    assert result.err == ("importmap: error: split 'Entri=duration,description': the source has"
                          " no column 'Entri'; its columns: 'Date', 'Timekeeper', 'Entry'\n")


def test_voice_lines_with_one_that_does_not_split_are_not_split_but_say_how(capsys, tmp_path):
    source = tmp_path / "voice.csv"
    source.write_text("\n".join([*LINES, "14/11/2026,Maria Alvarez,call the court"]) + "\n",
                      encoding="utf-8")
    result = run(capsys, "check", source, *KIMAI)
    assert result.code == 1
    assert ("Entry: warning: column 'Entry' holds voice lines (3 of its 4 values read as"
            " DURATION \u2014 DESCRIPTION \u2014 MATTER), not all, so it is not split by itself;"
            ' to split it, give --split "Entry=duration,description,matter" (a line that does'
            " not split is then an error on its row)") in result.err.splitlines()


def test_in_excel_the_voice_lines_not_split_name_the_settings_row():
    table = [["Date", "Timekeeper", "Entry"],
             ["02/11/2026", "Maria Alvarez", "0,25 \u2014 research \u2014 Chen dispute"],
             ["03/11/2026", "Maria Alvarez", "0,5 \u2014 call \u2014 Chen dispute"],
             ["04/11/2026", "Maria Alvarez", "call the court"]]
    result = map_with("kimai-timesheet", table, settings=SETTINGS, channel="excel")
    [problem] = [p for p in result.report if p.column == "Entry"]
    assert problem.message.endswith(
        "to split it, give a row 'split' with the value Entry=duration,description,matter on the"
        " sheet 'Import Mapper settings' (a line that does not split is then an error on its"
        " row)")


@pytest.mark.parametrize("asked", [[], ["--split", "Entry=duration,description,matter"]])
def test_the_file_note_counts_the_file_s_own_columns_and_no_assignment_of_the_split(
        capsys, tmp_path, asked):
    result = run(capsys, "check", voice_file(tmp_path), *KIMAI, *asked)
    assert result.code == 0, result.err
    [note] = [line for line in result.err.splitlines() if line.startswith("note: voice.csv")]
    assert "reads 2 of 3 columns" in note
    assert "as you assigned" not in note


def test_a_split_column_also_assigned_a_field_is_refused_naming_the_split(capsys, tmp_path):
    result = run(capsys, "check", voice_file(tmp_path), *KIMAI, "--split",
                 "Entry=duration,description,matter", "--map", "Entry=activity")
    assert (result.code, result.err) == (2, (
        "importmap: error: the column 'Entry' is split as voice lines (--split"
        ' "Entry=duration,description,matter") and also assigned to activity; keep one of the'
        " two\n"))


def test_a_line_with_more_dashes_than_fields_is_not_guessed():
    assert split_line("0.1 \u2014 call \u2014 re costs \u2014 Jones file", 3) is None


@pytest.mark.parametrize("line", [
    "0.1 \u2014 email to client \u2014 Jones file",
    "0.1\u2014email to client\u2014Jones file",
    "0.1 \u2013 email to client \u2013 Jones file",
    "0.1 - email to client - Jones file",
    "0.1 -- email to client -- Jones file",
    "0.1 \u2015 email to client \u2015 Jones file",  # horizontal bar
    "0.1 \u2012 email to client \u2012 Jones file",  # figure dash
    "0.1 \u2212 email to client \u2212 Jones file",  # minus sign
])
def test_every_kind_of_dash_separates_the_parts(line):
    assert split_line(line, 3) == ["0.1", "email to client", "Jones file"]


def test_a_hyphen_inside_the_narrative_is_kept_when_dashes_separate():
    assert split_line("0,25 \u2014 follow-up re e-mail \u2014 Jones file", 3) == [
        "0,25", "follow-up re e-mail", "Jones file"]


def test_in_excel_the_settings_row_splits_the_column():
    table = [["Date", "Timekeeper", "Entry"],
             ["02/11/2026", "Maria Alvarez", "0,25 \u2014 research \u2014 Chen dispute"]]
    result = map_with("kimai-timesheet", table, settings={
        **SETTINGS, "split": "Entry=duration,description,matter"}, channel="excel")
    assert (column(result, "Duration"), column(result, "Project")) == (["900"], ["Chen dispute"])
    assert result.notes[0].endswith(
        "as you asked: read as duration, description, matter; to read it otherwise, change a row"
        " 'split' with the value Entry=duration,description,matter on the sheet 'Import Mapper"
        " settings'")


def test_a_column_with_a_duration_of_its_own_is_not_taken_for_voice_lines():
    table = [["Date", "Hours", "Timekeeper", "Notes"],
             ["02/11/2026", "1", "Maria Alvarez", "0.1 - call - Jones"],
             ["03/11/2026", "1", "Maria Alvarez", "0.2 - call - Jones"]]
    result = map_with("kimai-timesheet", table, settings={**SETTINGS, "project": "P"})
    assert column(result, "Duration") == ["3600", "3600"]
    assert column(result, "Description") == ["0.1 - call - Jones", "0.2 - call - Jones"]


PART = st.text(st.characters(whitelist_categories=("L", "N"), whitelist_characters=" ,.'"),
               min_size=1).map(str.strip).filter(bool)


@given(st.lists(PART, min_size=2, max_size=3), st.sampled_from([" \u2014 ", " \u2013 ", " - "]))
def test_parts_joined_by_a_separator_split_back_into_the_same_parts(parts, separator):
    assert split_line(separator.join(parts), len(parts)) == parts


def test_a_profile_saved_from_split_voice_lines_reads_the_next_file(capsys, tmp_path,
                                                                    monkeypatch):
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path / "mine"))
    (tmp_path / "mine").mkdir()
    source = tmp_path / "voice.csv"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    first = run(capsys, "map", source, "-o", tmp_path / "a.csv", *KIMAI, "--split",
                "Entry=duration,description,matter", "--save-profile", "voice")
    assert first.code == 0, first.err
    again = run(capsys, "map", source, "-o", tmp_path / "b.csv", *KIMAI)
    assert again.code == 0, again.err
    assert "source profile voice reads" in again.err
    assert (tmp_path / "b.csv").read_bytes() == (tmp_path / "a.csv").read_bytes()


def test_an_empty_voice_line_names_the_column_of_lines(capsys, tmp_path):
    source = tmp_path / "voice.csv"
    source.write_text("\n".join([*LINES, "14/11/2026,Maria Alvarez,"]) + "\n", encoding="utf-8")
    result = run(capsys, "check", source, *KIMAI)
    duration = [line for line in result.err.splitlines() if line.startswith("row 5, Duration")]
    assert duration == ["row 5, Duration: error: Kimai 2 (Importer plugin: Timesheet) needs"
                        " Duration; the 'Entry' cell is empty. Fill it in the source"]
