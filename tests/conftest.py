"""Shared test setup: a hypothesis profile that writes no example database; no stale compiled modules."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "linkguard",
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    max_examples=int(os.environ.get("LINKGUARD_HYPOTHESIS_EXAMPLES", "150")),
)
settings.load_profile("linkguard")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to test sources that sit next to compiled modules of an in-tree build.

    An editable install imports those instead of the sources, so every edit would go untested.
    """
    spec = importlib.util.find_spec("linkguard")  # found, not imported: a broken leftover must not crash here
    if spec is None or not spec.submodule_search_locations:
        return
    package = Path(next(iter(spec.submodule_search_locations)))
    if package.parent.name != "src":
        return  # an installed build (site-packages): compiled modules belong there
    leftovers = sorted(str(p.relative_to(package.parent)) for p in package.rglob("*.so"))
    leftovers += [p.name for p in package.parent.glob("*__mypyc*")]
    if leftovers:
        raise pytest.UsageError(
            "compiled modules from an in-tree build shadow the sources: "
            + ", ".join(leftovers[:4])
            + (" ..." if len(leftovers) > 4 else "")
            + "; remove them (git clean -fX src) or build through the sdist (python -m build)"
        )
