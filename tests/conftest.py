"""Hypothesis profiles: `ci` (the default) keeps property and fuzz tests bounded; `dev` runs a
few examples each, for a quick edit loop (`HYPOTHESIS_PROFILE=dev pytest`); `long` runs many
more, e.g. `HYPOTHESIS_PROFILE=long pytest tests/test_fuzz.py`."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("dev", max_examples=10, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
