"""The README's promises: its commands work, and every code and option it must list is there."""

import os
import re
import shlex
from pathlib import Path

import pytest
from clihelp import run

from addin.cli.main import build_parser
from addin.core.problems import CODES
from addin.core.profiles import list_profiles
from addin.files.registry import builtin_dir, list_templates

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def block_after(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\s*```bash\n(.+?)\n```", README, re.S)
    assert match, f"README has no block after <!-- {marker} -->"
    return match.group(1)


def test_readme_starts_with_the_install_and_run_command_then_the_test_command():
    assert README.index("<!-- main-command -->") < README.index("<!-- test-command -->") < 1500


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_problem_code_is_documented(code):
    assert f"| `{code}` |" in README


def test_every_map_option_is_documented():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    mapper = commands.choices["map"]  # type: ignore[attr-defined]
    options = {s for a in mapper._actions for s in a.option_strings if s.startswith("--")}
    missing = {o for o in options - {"--help", "--output", "--template"} if f"`{o}" not in README}
    assert missing == set()


def test_the_main_command_maps_the_sample_without_errors(capsys, tmp_path, monkeypatch):
    words = shlex.split(block_after("main-command").split("&& .venv/bin/importmap ", 1)[1])
    monkeypatch.chdir(ROOT)
    out = tmp_path / "kimai-timesheet.csv"
    words[words.index("-o") + 1] = str(out)
    result = run(capsys, *words)
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"Date,From,To,Duration,User,Email,")


def test_the_own_system_walk_through_runs_as_the_readme_says(capsys, tmp_path, monkeypatch):
    # Each command of the block, from the repository's folder, writing into a scratch folder;
    # only `check` on the unassigned sheet ends with errors (exit 1), as the text says.
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path / "mine"))
    (tmp_path / "mine").mkdir()
    monkeypatch.chdir(ROOT)
    results = []
    for line in block_after("own-system").splitlines():
        words = shlex.split(line)[1:]  # without "importmap"
        if "-o" in words:
            words[words.index("-o") + 1] = str(tmp_path / words[words.index("-o") + 1])
        words = [str(tmp_path / w) if w == "birdview.toml" else w for w in words]
        results.append(run(capsys, *words))
    assert [r.code for r in results] == [0, 1, 0, 0, 0, 0, 0]
    assert "assign it: --map \"COLUMN=duration\"" in results[1].err
    assert "source profile feuille-de-temps reads 5 of 5 columns" in results[3].err
    assert (tmp_path / "birdview.csv").read_text(encoding="utf-8").startswith(
        "Entry Date,Duration,Description,Billable\n11/2/2026,0.1,")


def test_builtin_templates_ship_inside_the_installed_package():
    import addin

    packaged = Path(addin.__file__).parent / "templates"
    if not packaged.is_dir() and not os.environ.get("IMPORTMAP_REQUIRE_INSTALLED"):
        pytest.skip("running from a source checkout (editable install)")
    assert builtin_dir() == packaged
    assert (packaged / "kimai-timesheet.toml").is_file()
    assert (packaged / "profiles" / "caseclock.toml").is_file()


def table_rows(marker: str) -> dict[str, str]:
    """id -> the rest of its row, from the table that follows `marker` in the README."""
    text = README.split(marker, 1)[1]
    rows = {}
    for line in text.strip().splitlines()[2:]:
        if not line.startswith("| `"):
            break
        ident, rest = line[3:].split("` |", 1)
        rows[ident] = rest
    return rows


def test_the_templates_table_lists_exactly_the_built_in_templates():
    assert sorted(table_rows("<!-- templates-table -->")) == sorted(
        e.template.id for e in list_templates() if e.origin == "built-in")


def test_the_templates_table_names_every_setting_a_template_cannot_do_without():
    rows = table_rows("<!-- templates-table -->")
    for entry in list_templates():
        template = entry.template
        needed = {c.setting for c in template.columns if c.required and c.setting and not (
            c.source or c.derive or c.constant is not None)}
        needed |= {key for line in template.dialect.preamble for key in
                   re.findall(r"\{(\w+)\}", line)}
        needed |= {"timezone"} if any(c.utc for c in template.columns) else set()
        missing = sorted(k for k in needed if template.settings[k].default is None
                         and k not in rows[template.id])
        assert missing == [], template.id


def test_the_profiles_table_lists_exactly_the_built_in_profiles():
    assert sorted(table_rows("<!-- profiles-table -->")) == sorted(
        p.id for p in list_profiles())
