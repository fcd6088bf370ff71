"""Hypothesis profiles: `ci` (the default) keeps property and fuzz tests bounded; `dev` runs a
few examples each, for a quick edit loop (`HYPOTHESIS_PROFILE=dev pytest`); `long` runs many
more, e.g. `HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py`."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=10, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_homes = itertools.count()


@pytest.fixture(autouse=True)
def _own_home(tmp_path_factory: pytest.TempPathFactory,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test runs with a home folder of its own that does not exist yet, and without
    IMPORTMAP_TEMPLATES: the default user templates folder (under the home) is then empty, and
    no test reads or writes the real home's templates and profiles (subprocesses inherit it)."""
    home = tmp_path_factory.getbasetemp() / "homes" / f"home{next(_homes)}"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))  # what Path.home() reads on Windows
    monkeypatch.delenv("IMPORTMAP_TEMPLATES", raising=False)
    yield home
