"""`importmap review`: exact output, files and exit codes."""

from pathlib import Path

from clihelp import run

SOURCE = """\
Date,Timekeeper,Matter,Duration (hours),Description,Rate,Task code,Activity code
2026-11-02,Maria Alvarez,Jones v. Harbor Bank,6,Draft motion for summary judgment; telephone \
conference with client re deposition schedule; revise privilege log,350,L240,A103
2026-11-02,Maria Alvarez,Smith acquisition,4.5,Review file,350,P300,A104
2026-11-02,maria alvarez,Smith acquisition,2,Review distributor's comments re territory and \
term,350,L170,A104
2026-11-03,Priya Raman,Chen supply dispute,0.25,Research Delaware law on advancement of \
defense costs,225,L120,A102
2026-11-03,Priya Raman,Chen supply dispute,0.25,research Delaware law on advancement of \
defense costs,225,L120,A102
"""
INCREMENT = ("0.25 h is not a multiple of the billing increment 0.1h; it is billed as 0.3 h"
             " (rounded up). Enter the time in whole increments, or round otherwise with --set"
             " rounding=down or --set rounding=nearest")


def test_review_prints_each_problem_and_the_totals_and_exits_1_on_errors(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(SOURCE, encoding="utf-8")
    result = run(capsys, "review", source, "--set", "increment=0.1h")
    assert result.code == 1
    assert result.out.splitlines() == [
        "Maria Alvarez: 3 entries, 12.5 hours in, 12.5 out, amount 4,375.00",
        "Priya Raman: 2 entries, 0.5 hours in, 0.6 out, amount 135.00",
        "all: 5 entries, 13 hours in, 13.1 out, amount 4,510.00",
        "5 rows read, 5 mapped, 1 with errors; 13 hours in, 13.1 out (+0.1 rounded to the"
        " increment you set); 1 error, 7 warnings",
    ]
    assert result.err.splitlines()[1:] == [
        "Duration (hours): warning: 2 durations rounded up to the increment you set (0.1h),"
        " +0.1 h in all",
        "row 2, Description: warning: 3 tasks under one time: 1) Draft motion for summary"
        " judgment; 2) telephone conference with client re deposition schedule; 3) revise"
        " privilege log. Enter each task with its own time, or give each its time in the"
        " narrative (\"(0.3)\"); clients and courts cut block-billed time",
        "row 2, Duration (hours): warning: Maria Alvarez has 12.5 hours on 2026-11-02 (rows 2,"
        " 3, 4), more than the firm's 12 hours (long_day_hours in the review rules); check each"
        " row's date and duration (a mistyped date, minutes entered as hours, a timer left"
        " running)",
        "row 3, Description: warning: the narrative does not say what was done or to what:"
        " 'review file' is a phrase that names no task. Name the task and its subject (\"Review"
        " bank's answer and affirmative defenses\"); clients and courts cut vague entries",
        "row 4, Task code: error: 'L170' is not an ABA UTBMS task code (litigation L110-L530,"
        " bankruptcy B110-B420, counseling C100-C400, project P100-P800); an e-billing portal"
        " rejects the line. Correct it in the source",
        f"row 5, Duration (hours): warning: {INCREMENT}",
        f"row 6, Duration (hours): warning: {INCREMENT}",
        "row 6, Description: warning: the same entry as row 5: Priya Raman, 2026-11-03, Chen"
        " supply dispute, 0.25 h, 'research Delaware law on advancement of defense costs';"
        " delete one of rows 5 and 6 if the entry was exported twice",
    ]


def test_review_writes_the_summary_and_report_asked_for(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(SOURCE, encoding="utf-8")
    summary, report = tmp_path / "s.csv", tmp_path / "r.csv"
    result = run(capsys, "review", source, "--set", "increment=0.1h", "--summary", summary,
                 "--report", report)
    assert result.out.splitlines()[-1].endswith(f"; wrote {summary}")
    assert summary.read_text(encoding="utf-8-sig").splitlines() == [
        "kind,timekeeper,matter,date,entries,hours_in,hours_out,amount",
        "day,Maria Alvarez,Jones v. Harbor Bank,2026-11-02,1,6,6,2100.00",
        "day,Maria Alvarez,Smith acquisition,2026-11-02,2,6.5,6.5,2275.00",
        "timekeeper,Maria Alvarez,,,3,12.5,12.5,4375.00",
        "day,Priya Raman,Chen supply dispute,2026-11-03,2,0.5,0.6,135.00",
        "timekeeper,Priya Raman,,,2,0.5,0.6,135.00",
        "total,,,,5,13,13.1,4510.00",
    ]
    codes = [line.split(",")[3] for line in report.read_text(encoding="utf-8-sig").splitlines()]
    assert codes == ["code", "rounded", "block-billing", "long-day", "vague-narrative",
                     "bad-utbms", "increment", "increment", "duplicate-entry"]


def test_a_clean_export_exits_0(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(SOURCE.splitlines()[0] + "\n" + SOURCE.splitlines()[4] + "\n",
                      encoding="utf-8")
    result = run(capsys, "review", source)
    assert result.code == 0
    assert result.out.splitlines() == [
        "Priya Raman: 1 entry, 0.25 hours in, 0.25 out, amount 56.25",
        "all: 1 entry, 0.25 hours in, 0.25 out, amount 56.25",
        "1 row read, 1 mapped; 0.25 hours in, 0.25 out; 0 errors, 0 warnings",
    ]


def test_an_existing_summary_is_replaced_only_with_overwrite(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(SOURCE, encoding="utf-8")
    summary = tmp_path / "s.csv"
    summary.write_text("keep", encoding="utf-8")
    result = run(capsys, "review", source, "--summary", summary)
    assert (result.code, result.out) == (2, "")
    assert result.err == f"importmap: error: {summary} exists; choose another name or add" \
        " --overwrite\n"
    assert summary.read_text(encoding="utf-8") == "keep"


def test_the_summary_may_not_replace_the_input_or_the_report(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(SOURCE, encoding="utf-8")
    assert run(capsys, "review", source, "--summary", source, "--overwrite").code == 2
    both = tmp_path / "out.csv"
    result = run(capsys, "review", source, "--summary", both, "--report", both)
    assert result.code == 2 and "must be two files" in result.err
    assert source.read_text(encoding="utf-8") == SOURCE


LEDES_SOURCE = """\
Date,Timekeeper,Client,Matter,Duration (hours),Description,Rate,Task code,Activity code
2026-11-02,Maria Alvarez,Jones Family Trust,Jones v. Harbor Bank,1.5,Review bank's answer \
and affirmative defenses,350,L170,A104
2026-11-03,Maria Alvarez,Jones Family Trust,Jones v. Harbor Bank,0.5,Review file,350,L120,A104
"""
BAD_TASK = ("row 2, Task code: error: 'L170' is not an ABA UTBMS task code (litigation"
            " L110-L530, bankruptcy B110-B420, counseling C100-C400, project P100-P800); an"
            " e-billing portal rejects the line. Correct it in the source")
VAGUE_ROW = "row 3, Description: warning: the narrative does not say what was done"


def test_check_to_ledes_always_reports_codes_outside_the_utbms_sets(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(LEDES_SOURCE, encoding="utf-8")
    result = run(capsys, "check", source, "-t", "ledes-1998b")
    assert result.code == 1
    assert BAD_TASK in result.err.splitlines()
    assert VAGUE_ROW not in result.err  # the other review codes only with --review


def test_map_to_ledes_writes_nothing_for_a_code_outside_the_utbms_sets(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(LEDES_SOURCE, encoding="utf-8")
    out = tmp_path / "ledes.txt"
    result = run(capsys, "map", source, "-t", "ledes-1998b", "-o", out, "--set",
                 "invoice_number=INV1", "--set", "invoice_date=2026-11-30", "--set",
                 "law_firm_id=12-3456789", "--set", "client_id=C1")
    assert result.code == 1 and BAD_TASK in result.err.splitlines()
    assert not out.exists()


def test_check_with_review_reports_every_review_code_and_without_it_none(capsys, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(LEDES_SOURCE, encoding="utf-8")
    plain = run(capsys, "check", source, "-t", "harvest")
    assert "bad-utbms" not in plain.err and VAGUE_ROW not in plain.err
    assert "L170" not in plain.err
    reviewed = run(capsys, "check", source, "-t", "harvest", "--review")
    lines = reviewed.err.splitlines()
    assert BAD_TASK in lines and any(line.startswith(VAGUE_ROW) for line in lines)
    assert reviewed.code == 1


def test_a_broken_firm_rules_file_fails_only_the_runs_that_use_it(capsys, tmp_path,
                                                                    monkeypatch):
    (tmp_path / "review").mkdir()
    (tmp_path / "review" / "rules.toml").write_text("[thresholds]\nlong_day_hours = 'x'\n",
                                                    encoding="utf-8")
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path))
    source = tmp_path / "in.csv"
    source.write_text(LEDES_SOURCE, encoding="utf-8")
    assert "long_day_hours" not in run(capsys, "check", source, "-t", "harvest").err
    for args in (["review", source], ["check", source, "-t", "harvest", "--review"],
                 ["check", source, "-t", "ledes-1998b"]):
        result = run(capsys, *args)
        assert result.code == 2
        assert result.err.splitlines()[-1] == (
            f"importmap: error: {tmp_path / 'review' / 'rules.toml'}, key"
            " 'thresholds.long_day_hours': must be a number of hours above 0, such as \"12\"")


def test_the_readme_review_example_is_what_review_prints(capsys, tmp_path, monkeypatch):
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("$ importmap review examples/"):]
    command, *shown = block[:block.index("```")].strip().splitlines()
    monkeypatch.chdir(tmp_path)
    result = run(capsys, *[str(root / a) if a.startswith("examples/") else a
                           for a in command.split()[2:]])
    assert result.code == 0 and result.out.splitlines() == shown
