"""Shared test setup: a hypothesis profile that writes no example database."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "linkguard",
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=int(os.environ.get("LINKGUARD_HYPOTHESIS_EXAMPLES", "150")),
)
settings.load_profile("linkguard")
