"""Clause and sentence boundaries of a message, for `near` and `unless`."""

from __future__ import annotations

import re
from bisect import bisect_left

__all__ = ["Boundaries"]

# Full-width forms are listed too: boundaries are found on the original message.
# A full stop between digits or inside a host name ("9.9", "9．9", "a.com") ends nothing. "、" separates
# list items, which a leading warning still covers ("不要把银行卡号、验证码发给别人").
# (One leading class, so the search skips other characters fast.)
_SENTENCE = re.compile(r"[。！？!?；;\n\r｡….．](?:(?<![.．])|(?=\s|\Z))")
_CLAUSE = re.compile(r"[。！？!?；;\n\r｡…，,：:~～.．](?:(?<![.．])|(?=\s|\Z))")


class Boundaries:
    """Positions in the original message that end a clause or a sentence."""

    __slots__ = ("_clause", "_sentence")

    def __init__(self, original: str) -> None:
        self._clause = [m.start() for m in _CLAUSE.finditer(original)]
        self._sentence = [m.start() for m in _SENTENCE.finditer(original)]

    @staticmethod
    def _between(marks: list[int], a: int, b: int) -> bool:
        if a > b:
            a, b = b, a
        i = bisect_left(marks, a)
        return i < len(marks) and marks[i] < b

    def same_clause(self, a: int, b: int) -> bool:
        """True when no clause boundary lies in [a, b) (original offsets)."""
        return not self._between(self._clause, a, b)

    def same_sentence(self, a: int, b: int) -> bool:
        """True when no sentence boundary lies in [a, b) (original offsets)."""
        return not self._between(self._sentence, a, b)
