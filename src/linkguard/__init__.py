"""linkguard: how risky is a chat message or share link? A score, a level and the reasons behind it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from .engine import Scanner
from .rules.errors import RulesError
from .verdict import Finding, Level, Link, Reason, Verdict

__all__ = ["Finding", "Level", "Link", "Reason", "RulesError", "Scanner", "Verdict", "scan", "scan_many"]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def _default() -> Scanner:
    return Scanner()


def scan(text: str) -> Verdict:
    """Scan one message with the packaged default rules."""
    return _default().scan(text)


def scan_many(texts: Iterable[str], workers: int = 1) -> Iterator[Verdict]:
    """Scan many messages with the default rules, lazily and in input order."""
    return _default().scan_many(texts, workers=workers)
