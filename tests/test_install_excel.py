"""`importmap install-excel`: the add-in in Excel's startup folder and the interpreter config
file xlwings' VBA reads, written into a temporary home folder."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from clihelp import Result, run

from addin.excel.install_excel import check_interpreter

XLSTART = Path("AppData", "Roaming", "Microsoft", "Excel", "XLSTART")
WINDOWS_CONF = Path(".importmapper", "importmapper.conf")
MAC_STARTUP = Path("Library", "Group Containers", "UBF8T346G9.Office", "User Content.localized",
                   "Startup.localized", "Excel")
MAC_CONF = Path("Library", "Containers", "com.microsoft.Excel", "Data", "importmapper.conf")


def windows_python(folder: Path) -> Path:
    """A venv's Scripts folder as on Windows: python.exe with pythonw.exe beside it."""
    scripts = folder / "Scripts"
    scripts.mkdir(parents=True)
    (scripts / "python.exe").write_bytes(b"")
    (scripts / "pythonw.exe").write_bytes(b"")
    return scripts / "python.exe"


def install_windows(capsys: pytest.CaptureFixture[str], home: Path, python: Path) -> Result:
    return run(capsys, "install-excel", "--platform", "windows", "--home", home,
               "--python", python)


def files_under(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_dry_run_on_this_machine_prints_the_steps_and_the_config_and_writes_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = run(capsys, "install-excel", "--dry-run", "--home", tmp_path)
    assert result.code == 0, result.err
    assert "build ImportMapper.xlam" in result.out
    assert f"copy it to Excel's startup folder: {tmp_path / XLSTART / 'ImportMapper.xlam'}" \
        in result.out or f"{tmp_path / MAC_STARTUP / 'ImportMapper.xlam'}" in result.out
    assert '"INTERPRETER_' in result.out and result.out.endswith("nothing changed (dry run)\n")
    assert files_under(tmp_path) == []


def test_install_for_windows_writes_the_addin_and_an_ansi_config_naming_pythonw(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    home = tmp_path / "home"
    python = windows_python(tmp_path / "env")
    result = install_windows(capsys, home, python)
    assert result.code == 0, result.err
    assert files_under(home) == sorted([XLSTART / "ImportMapper.xlam", WINDOWS_CONF])
    conf = (home / WINDOWS_CONF).read_bytes()
    assert conf == f'"INTERPRETER_WIN","{python.parent / "pythonw.exe"}"\r\n'.encode("cp1252")
    assert zipfile.ZipFile(home / XLSTART / "ImportMapper.xlam").testzip() is None
    assert "check skipped" in result.out or "check: ok" in result.out


def test_the_config_holds_an_accented_path_in_windows_1252_without_a_bom(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    home = tmp_path / "home"
    python = windows_python(tmp_path / "José Núñez")
    assert install_windows(capsys, home, python).code == 0
    conf = (home / WINDOWS_CONF).read_bytes()
    assert b"Jos\xe9 N\xfa\xf1ez" in conf and not conf.startswith(b"\xef\xbb\xbf")


def test_a_path_windows_1252_cannot_hold_is_refused_before_anything_is_written(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    home = tmp_path / "home"
    python = windows_python(tmp_path / "日本")
    result = install_windows(capsys, home, python)
    assert result.code == 2
    assert "Excel's VBA cannot read" in result.err and "plain letters" in result.err
    assert not home.exists()


def test_reinstalling_replaces_the_interpreter_line_and_keeps_the_others(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / WINDOWS_CONF).parent.mkdir(parents=True)
    (home / WINDOWS_CONF).write_bytes(b'"INTERPRETER_WIN","C:\\old\\pythonw.exe"\r\n'
                                      b'"PYTHONPATH","C:\\extra"\r\n')
    python = windows_python(tmp_path / "env")
    assert install_windows(capsys, home, python).code == 0
    assert (home / WINDOWS_CONF).read_bytes() == (
        f'"PYTHONPATH","C:\\extra"\r\n"INTERPRETER_WIN","{python.parent / "pythonw.exe"}"\r\n'
        .encode("cp1252"))


def test_without_pythonw_the_config_names_python_and_says_so(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    python = windows_python(tmp_path / "env")
    (python.parent / "pythonw.exe").unlink()
    result = run(capsys, "install-excel", "--dry-run", "--platform", "windows", "--home",
                 tmp_path / "home", "--python", python)
    assert f'"INTERPRETER_WIN","{python}"' in result.out
    assert "pythonw.exe does not exist" in result.out


def test_install_for_mac_copies_the_applescript_and_writes_the_containers_config(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import xlwings

    home = tmp_path / "home"
    script = Path("Library", "Application Scripts", "com.microsoft.Excel",
                  f"xlwings-{xlwings.__version__}.applescript")
    result = run(capsys, "install-excel", "--platform", "mac", "--home", home,
                 "--python", "/Users/anna/importmapper/bin/python")
    assert result.code == 0, result.err
    assert files_under(home) == sorted([MAC_STARTUP / "ImportMapper.xlam", MAC_CONF, script])
    assert (home / MAC_CONF).read_bytes() == \
        b'"INTERPRETER_MAC","/Users/anna/importmapper/bin/python"\r\n'


def test_the_home_folder_can_come_from_the_environment(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPORTMAP_HOME", str(tmp_path))
    result = run(capsys, "install-excel", "--dry-run", "--platform", "mac")
    assert f"write {tmp_path / MAC_CONF}" in result.out


def test_this_python_imports_this_package_as_excel_would_run_it() -> None:
    ok, found = check_interpreter(Path(sys.executable))
    assert ok, found


def test_an_interpreter_that_cannot_run_fails_the_check(tmp_path: Path) -> None:
    ok, found = check_interpreter(tmp_path / "nope" / "python")
    assert not ok and "cannot be run" in found


def test_readme_installs_from_the_checkout_or_a_built_wheel_never_from_an_index() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    install = readme[readme.index("**Install**"):readme.index("**Corporate machines.**")]
    assert "pip install import-mapper" not in readme and '"import-mapper[' not in readme
    assert "python -m build" in install and "importmap install-excel" in install
    assert "d4f940ab-401b-4efc-aadc-ad5f3c50688a" in readme


@pytest.mark.parametrize(("platform", "system"), [("windows", "win32"), ("mac", "darwin")])
def test_the_user_templates_folder_is_beside_the_conf_file_python_reads(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str, system: str) -> None:
    from addin.excel.install_excel import plan_install
    from addin.files.registry import default_user_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    plan = plan_install(tmp_path, platform, Path(sys.executable))  # type: ignore[arg-type]
    assert plan.templates == default_user_dir(system)
    assert plan.templates.parent == plan.conf.parent
    assert f"your own templates (.toml) go in {plan.templates}" in "\n".join(plan.steps())


def test_install_builds_the_list_of_built_in_templates_only(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    """The user's templates are listed by the add-in at each click, not frozen at install."""
    import addin.excel.build_addin as builder
    from addin.files.registry import builtin_dir

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "mine.toml").write_text('[template]\nid = "mine"\nname = "Mine"\ntarget = "M"\n'
                                    '[[columns]]\nname = "D"\nsource = "date"\n', encoding="utf-8")
    monkeypatch.setenv("IMPORTMAP_TEMPLATES", str(mine))
    built: list[list[tuple[str, str]]] = []

    def record(output: Path, templates: list[tuple[str, str]]) -> Path:
        built.append(templates)
        output.write_bytes(b"xlam")
        return output

    monkeypatch.setattr(builder, "build_addin", record)
    result = install_windows(capsys, tmp_path / "home", windows_python(tmp_path / "env"))
    assert result.code == 0, result.err
    [templates] = built
    assert sorted(i for i, _ in templates) == sorted(p.stem for p in builtin_dir().glob("*.toml"))
    assert "mine" not in {i for i, _ in templates}
