"""Detectors: named Python checks that rules reference with `detector: NAME`.

A detector gets the scan context (the normalized text and the parsed links) and returns
`Hit`s whose spans point into the original message. Scoring and wording stay in YAML.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...normalize import Text
    from ...verdict import Link

__all__ = ["Context", "Detector", "Hit", "detector", "gate", "get", "names", "needs_links"]


# Hit, Context (and pii's Candidate) are built for every message and stay inside the engine: plain slotted
# dataclasses, whose `__init__` costs less than half a frozen one's in the pure build (+2 % msgs/s on the mix).
@dataclass(slots=True)
class Hit:
    """One detection: spans in the original message, an optional detail, and flags.

    `sensitive` masks the evidence (personal data); `suppress` makes the spans a
    recognized-boilerplate zone where keyword and regex matches of other rules are ignored.
    """

    spans: tuple[tuple[int, int], ...]
    detail: str = ""
    sensitive: bool = False
    suppress: bool = False


@dataclass(slots=True)
class Context:
    """What a detector may look at: the message with its views, and its links."""

    text: Text
    links: tuple[Link, ...]


Detector = Callable[[Context], Iterable[Hit]]

_REGISTRY: dict[str, Detector] = {}
_NEEDS_LINKS: set[Detector] = set()
_GATES: dict[Detector, str] = {}
_MODULES = ("pii", "links", "share")
_loaded = False


def detector(name: str, *, links: bool = False, gate: str | None = None) -> Callable[[Detector], Detector]:
    """Register a detector function under `name`; `links=True`: it finds nothing without links; `gate`: a
    regex that must match a link-free message's folded view for it to find anything there."""

    def register(fn: Detector) -> Detector:
        if name in _REGISTRY and _REGISTRY[name] is not fn:
            raise ValueError(f"detector {name!r} registered twice")
        _REGISTRY[name] = fn
        if links:
            _NEEDS_LINKS.add(fn)
        if gate is not None:
            _GATES[fn] = gate
        return fn

    return register


def needs_links(fn: Detector) -> bool:
    """True when the detector can only fire on a message that has links (the engine skips it otherwise)."""
    return fn in _NEEDS_LINKS


def gate(fn: Detector) -> str | None:
    """The detector's gate for messages without links (see `detector`), or None: it always runs."""
    return _GATES.get(fn)


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for mod in _MODULES:
        importlib.import_module(f"{__name__}.{mod}")
    _loaded = True


def get(name: str) -> Detector | None:
    """The detector registered as `name`, or None."""
    _load()
    return _REGISTRY.get(name)


def names() -> list[str]:
    """All registered detector names, sorted."""
    _load()
    return sorted(_REGISTRY)
