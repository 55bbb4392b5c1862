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
    REQUIRED = 6  # an anchored regex runs only when one of these occurs too (rarer than its leading literals)
    TOLD = 7  # a story of somebody's loss on the match's line (表姐被骗, 钱没了, 报警了)


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
    """The literals of one view in two automata: primary (MAIN, PREFILTER, REQUIRED) and context (NEAR, ...).

    Context words ("别", "不要", "发") hit in most messages; they are searched only when a rule that
    uses them matched, so a message that matches nothing costs one pass over primary literals.
    """

    __slots__ = ("_context_ac", "_primary_ac", "context", "longest_context", "primary", "view")

    def __init__(self, view: str, entries: Iterable[tuple[str, int, Role]]) -> None:
        self.view = view
        primary: dict[str, list[tuple[int, Role]]] = {}
        context: dict[str, dict[int, list[Role]]] = {}
        fold_of: dict[str, str] = {}  # rules share their context lists: fold each word once
        for word, rule, role in entries:
            folded = fold_of.get(word)
            if folded is None:
                folded = fold_of[word] = fold_for_view(view, word)
            if not folded:
                continue
            if role in (Role.MAIN, Role.PREFILTER, Role.REQUIRED):
                primary.setdefault(folded, []).append((rule, role))
            else:
                roles = context.setdefault(folded, {}).setdefault(rule, [])
                if role not in roles:  # the same context words may come from two views merged into one
                    roles.append(role)
        # Per primary pattern: its (rule, role) targets. Per context pattern: context group -> roles.
        self.primary: list[tuple[tuple[int, Role], ...]] = [tuple(v) for v in primary.values()]
        self.context: list[dict[int, tuple[Role, ...]]] = [
            {r: tuple(roles) for r, roles in by_rule.items()} for by_rule in context.values()
        ]
        self.longest_context = max(map(len, context), default=0)
        # The primary automaton runs on every message: a DFA, about 1 % more messages per second than the
        # contiguous NFA the crate picks for the compact view's 600 literals, for 2 MB and 3 ms at start-up.
        self._primary_ac = _automaton(list(primary), ahocorasick_rs.Implementation.DFA)
        self._context_ac = _automaton(list(context))

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(primary pattern index, start, end) of every occurrence, overlapping ones included."""
        if self._primary_ac is None or not text:
            return []
        found: list[tuple[int, int, int]] = self._primary_ac.find_matches_as_indexes(text, overlapping=True)
        return found

    def find_context(self, text: str) -> list[tuple[int, int, int]]:
        """(context pattern index, start, end) of every occurrence of a context word."""
        if self._context_ac is None or not text:
            return []
        found: list[tuple[int, int, int]] = self._context_ac.find_matches_as_indexes(text, overlapping=True)
        return found


def _automaton(
    patterns: list[str], implementation: ahocorasick_rs.Implementation | None = None
) -> ahocorasick_rs.AhoCorasick | None:
    if not patterns:
        return None
    standard = ahocorasick_rs.MatchKind.Standard
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=standard, implementation=implementation)
