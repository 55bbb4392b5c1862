"""One Aho-Corasick automaton per view for every literal the rules look for."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

import ahocorasick_rs

from .. import normalize

__all__ = ["KeywordIndex", "Role", "fold_for_view"]


class Role(IntEnum):
    """What a literal is for in a rule."""

    MAIN = 0
    NEAR = 1
    UNLESS = 2
    EXCEPT = 3
    PREFILTER = 4
    AFTER = 5


def fold_for_view(view: str, word: str) -> str:
    """Fold a keyword with the same function as the message view it is matched on."""
    if view == "raw":
        return word
    if view == "compact":
        return normalize.compact(word)
    if view == "digits":
        return normalize.digits(word)
    return normalize.fold(word)


class KeywordIndex:
    """All literals of one view in one automaton; a match maps to (rule index, role) targets."""

    __slots__ = ("_automaton", "context", "primary", "view")

    def __init__(self, view: str, entries: Iterable[tuple[str, int, Role]]) -> None:
        self.view = view
        index: dict[str, list[tuple[int, Role]]] = {}
        for word, rule, role in entries:
            folded = fold_for_view(view, word)
            if folded:
                index.setdefault(folded, []).append((rule, role))
        # Per pattern: MAIN/PREFILTER targets (looked at on every hit) and context targets (NEAR, UNLESS,
        # EXCEPT: looked at only for rules whose main pattern matched).
        self.primary: list[tuple[tuple[int, Role], ...]] = [
            tuple(t for t in v if t[1] in (Role.MAIN, Role.PREFILTER)) for v in index.values()
        ]
        self.context: list[dict[int, tuple[Role, ...]]] = []
        for v in index.values():
            by_rule: dict[int, list[Role]] = {}
            for rule, role in v:
                if role not in (Role.MAIN, Role.PREFILTER):
                    by_rule.setdefault(rule, []).append(role)
            self.context.append({r: tuple(roles) for r, roles in by_rule.items()})
        patterns = list(index)
        self._automaton = (
            ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.Standard)
            if patterns
            else None
        )

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) of every occurrence, overlapping ones included."""
        if self._automaton is None or not text:
            return []
        found: list[tuple[int, int, int]] = self._automaton.find_matches_as_indexes(text, overlapping=True)
        return found
