"""Files the tool writes: the report obeys --overwrite and never replaces a file the run reads;
outputs get the usual file mode; a closed pipe ends the run quietly."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from clihelp import run

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "caseclock-export.csv"
PEOPLE = ROOT / "examples" / "people.csv"


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "caseclock-export.csv"
    shutil.copy(SAMPLE, path)
    return path


@pytest.mark.parametrize("command", ["map", "check"])
def test_an_existing_report_is_not_replaced_without_overwrite(capsys, sample, tmp_path, command):
    report = tmp_path / "problems.csv"
    report.write_text("keep", encoding="utf-8")
    output = ["-o", tmp_path / "o.csv"] if command == "map" else []
    result = run(capsys, command, sample, "-t", "kimai-timesheet", *output, "--report", report)
    assert (result.code, report.read_text(encoding="utf-8")) == (2, "keep")
    assert result.err == (f"importmap: error: {report} exists; choose another name or add"
                          " --overwrite\n")
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("command", ["map", "check"])
def test_an_existing_report_is_replaced_with_overwrite(capsys, sample, tmp_path, command):
    report = tmp_path / "problems.csv"
    report.write_text("keep", encoding="utf-8")
    output = ["-o", tmp_path / "o.csv"] if command == "map" else []
    result = run(capsys, command, sample, "-t", "kimai-timesheet", *output, "--report", report,
                 "--overwrite")
    assert result.code == 1
    assert report.read_text(encoding="utf-8-sig").startswith("row,column,severity,code")


def test_the_report_may_not_name_a_lookup_file(capsys, sample, tmp_path):
    people = tmp_path / "people.csv"
    shutil.copy(PEOPLE, people)
    result = run(capsys, "check", sample, "-t", "kimai-timesheet", "--lookup",
                 f"people={people}", "--report", people, "--overwrite")
    assert result.code == 2 and "lookup" in result.err
    assert people.read_bytes() == PEOPLE.read_bytes()


@pytest.mark.parametrize("which", ["input", "output"])
def test_the_report_may_not_name_the_input_or_the_output(capsys, sample, tmp_path, which):
    out = tmp_path / "o.csv"
    out.write_text("keep", encoding="utf-8")
    report = sample if which == "input" else out
    result = run(capsys, "map", sample, "-t", "kimai-timesheet", "-o", out, "--report", report,
                 "--overwrite")
    assert result.code == 2 and "the report must not replace" in result.err
    assert sample.read_bytes() == SAMPLE.read_bytes()


def test_a_report_in_a_missing_folder_is_refused_before_the_output_is_written(capsys, sample,
                                                                              tmp_path):
    report = tmp_path / "missing" / "r.csv"
    result = run(capsys, "map", sample, "-t", "kimai-customer", "--set", "country=US",
                 "-o", tmp_path / "o.csv", "--report", report)
    assert result.code == 2 and "does not exist" in result.err
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_new_output_and_report_get_the_usual_file_mode(capsys, sample, tmp_path):
    old = os.umask(0o022)
    try:
        result = run(capsys, "map", sample, "-t", "kimai-customer", "--set", "country=US",
                     "-o", tmp_path / "o.csv", "--report", tmp_path / "r.csv")
    finally:
        os.umask(old)
    assert result.code == 0, result.err
    modes = {stat.S_IMODE((tmp_path / n).stat().st_mode) for n in ("o.csv", "r.csv")}
    assert modes == {0o644}


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_replaced_output_keeps_its_mode(capsys, sample, tmp_path):
    out = tmp_path / "o.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o664)
    result = run(capsys, "map", sample, "-t", "kimai-customer", "--set", "country=US", "-o", out,
                 "--overwrite")
    assert result.code == 0, result.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o664


@pytest.mark.skipif(os.name != "posix", reason="a shell pipe")
def test_show_into_a_closed_pipe_ends_quietly():
    exe = Path(sys.executable).with_name("importmap")
    done = subprocess.run(f"'{exe}' show kimai-timesheet | head -1", shell=True,
                          capture_output=True, text=True, check=False)
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""


def test_a_closed_pipe_in_process_ends_quietly(monkeypatch, capsys):
    from addin.cli import main as cli

    class ClosedPipe:
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self):
            raise OSError("no file")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = cli.main(["show", "kimai-timesheet"])
    monkeypatch.undo()
    assert code == 141
    assert capsys.readouterr().err == ""
