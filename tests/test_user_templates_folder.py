"""The user templates folder: $IMPORTMAP_TEMPLATES, else a default folder beside the add-in's
conf file (so Excel, whose Python rarely has the variable, finds the same templates); a default
folder that does not exist means no user templates. Every test has a home of its own
(conftest.py), so the default folder is under a temporary home."""

from __future__ import annotations

from pathlib import Path

import pytest
from clihelp import run

from addin.core.errors import UsageError
from addin.files.registry import default_user_dir, find_template, list_templates, user_dir

MINE = ('[template]\nid = "{id}"\nname = "My target"\ntarget = "Mine"\n'
        '[[columns]]\nname = "Date"\nsource = "date"\ntype = "date"\nformat = "YYYY-MM-DD"\n')


def test_the_default_folder_is_beside_the_addins_conf_file() -> None:
    home = Path.home()
    assert default_user_dir("win32") == home / ".importmapper" / "templates"
    assert default_user_dir("darwin") == home.joinpath(
        "Library", "Containers", "com.microsoft.Excel", "Data", "importmapper-templates")
    assert default_user_dir("linux") == home / ".importmapper" / "templates"


def test_the_test_suite_never_sees_the_real_home() -> None:
    assert not Path.home().exists() or not any(Path.home().iterdir())


def test_a_missing_default_folder_means_no_user_templates() -> None:
    assert user_dir() is None
    assert {e.origin for e in list_templates()} == {"built-in"}


def test_a_variable_naming_a_missing_folder_is_still_an_error(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path / "nowhere"))
    with pytest.raises(UsageError, match="IMPORTMAP_TEMPLATES names .*nowhere, which is not a"):
        list_templates()


def test_a_template_in_the_default_folder_is_listed_and_found() -> None:
    folder = default_user_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(MINE.format(id="mine"), encoding="utf-8")
    assert [e.template.id for e in list_templates() if e.origin == "user"] == ["mine"]
    assert find_template("mine").name == "My target"


def test_a_user_template_is_found_by_its_file_stem_too() -> None:
    folder = default_user_dir()
    folder.mkdir(parents=True)
    path = folder / "Our Billing.toml"
    path.write_text(MINE.format(id="our-billing"), encoding="utf-8")
    assert find_template("Our Billing").id == "our-billing"
    [entry] = [e for e in list_templates() if e.origin == "user"]
    assert entry.path == path


def test_the_variable_wins_over_the_default_folder(monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path) -> None:
    default_user_dir().mkdir(parents=True)
    (default_user_dir() / "mine.toml").write_text(MINE.format(id="mine"), encoding="utf-8")
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(tmp_path))
    (tmp_path / "theirs.toml").write_text(MINE.format(id="theirs"), encoding="utf-8")
    assert [e.template.id for e in list_templates() if e.origin == "user"] == ["theirs"]


def test_importmap_templates_lists_a_template_of_the_default_folder(
        capsys: pytest.CaptureFixture[str]) -> None:
    default_user_dir().mkdir(parents=True)
    (default_user_dir() / "mine.toml").write_text(MINE.format(id="mine"), encoding="utf-8")
    result = run(capsys, "templates")
    assert result.code == 0
    [line] = [line for line in result.out.splitlines() if line.startswith("mine ")]
    assert line.split()[-1] == "user"
