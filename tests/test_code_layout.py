"""The code's shape: test modules share helpers only through non-test modules (tests/ribbonbooks.py,
tests/mapping.py, ...), so each test file can be read, run and changed on its own."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_test_modules(source: str) -> list[str]:
    """The test_*.py modules (by name) that `source` imports, at any depth of the code."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return sorted({n for n in names if any(part.startswith("test_") for part in n.split("."))})


def test_the_detector_sees_imports_of_test_modules_at_any_depth() -> None:
    source = ("import json\nfrom ribbonbooks import cell\nfrom test_ribbon import cell\n"
              "def f():\n    import test_cli\n    from tests.test_mapper import plan\n")

    assert imported_test_modules(source) == ["test_cli", "test_ribbon", "tests.test_mapper"]


def test_no_test_module_imports_from_another_test_module() -> None:
    offenders = {path.relative_to(TESTS).as_posix(): found
                 for path in sorted(TESTS.rglob("*.py"))
                 if (found := imported_test_modules(path.read_text(encoding="utf-8")))}

    assert offenders == {}


def test_the_dev_hypothesis_profile_is_quick_and_ci_stays_the_bounded_default() -> None:
    from hypothesis import settings

    assert settings.get_profile("dev").max_examples <= 10
    assert settings.get_profile("dev").deadline is None
    assert settings.get_profile("ci").max_examples == 200
    assert "HYPOTHESIS_PROFILE=dev .venv/bin/pytest" in (TESTS.parent / "README.md").read_text(
        encoding="utf-8")
