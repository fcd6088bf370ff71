"""The README's promises: its commands work, and every code and option it must list is there."""

import os
import re
import shlex
from pathlib import Path

import pytest
from clihelp import run

from addin.cli.main import build_parser
from addin.problems import CODES
from addin.registry import builtin_dir

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


def test_builtin_templates_ship_inside_the_installed_package():
    import addin

    packaged = Path(addin.__file__).parent / "templates"
    if not packaged.is_dir() and not os.environ.get("IMPORTMAP_REQUIRE_INSTALLED"):
        pytest.skip("running from a source checkout (editable install)")
    assert builtin_dir() == packaged
    assert (packaged / "kimai-timesheet.toml").is_file()
    assert (packaged / "profiles" / "caseclock.toml").is_file()
