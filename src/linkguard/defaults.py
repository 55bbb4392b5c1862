"""Where the packaged default rules live: `linkguard/rules.yaml` in a wheel, `rules.yaml` in a checkout."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from .rules.schema import Source

__all__ = ["path", "source"]


def path() -> Path:
    """The default rules file: inside the installed package, else at the root of a source checkout."""
    packaged = resources.files("linkguard").joinpath("rules.yaml")
    if packaged.is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "rules.yaml"
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"linkguard's default rules.yaml is missing (looked in {packaged} and {checkout})")


@lru_cache(maxsize=1)
def source() -> Source:
    """The default rules as a trusted source (read once per process)."""
    p = path()
    return Source(str(p), p.read_text(encoding="utf-8"), trusted=True)
