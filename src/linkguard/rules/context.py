"""Clause and sentence boundaries of a message, for `near` and `unless`."""

from __future__ import annotations

import re

__all__ = ["Boundaries"]

# Full-width forms are listed too: boundaries are found on the original message.
# A full stop between digits or inside a host name ("9.9", "9．9", "a.com") ends nothing. "、" separates
# list items, which a leading warning still covers ("不要把银行卡号、验证码发给别人").
# (One leading class, so the search skips other characters fast.)
_SENTENCE = re.compile(r"[。！？!?；;\n\r｡….．](?:(?<![.．])|(?=\s|\Z))")
_CLAUSE = re.compile(r"[。！？!?；;\n\r｡…，,：:~～.．](?:(?<![.．])|(?=\s|\Z))")


class Boundaries:
    """Clause and sentence boundaries of the original message, looked up between two offsets.

    Each lookup searches only the stretch asked about (rules ask about a few dozen characters), so a
    long message never pays for boundaries nobody asks for.
    """

    __slots__ = ("_original",)

    def __init__(self, original: str) -> None:
        self._original = original

    def _between(self, marks: re.Pattern[str], a: int, b: int) -> bool:
        if a > b:
            a, b = b, a
        # One character past b: a full stop's look-ahead reads the character after it.
        m = marks.search(self._original, a, b + 1)
        return m is not None and m.start() < b

    def same_clause(self, a: int, b: int) -> bool:
        """True when no clause boundary lies in [a, b) (original offsets)."""
        return not self._between(_CLAUSE, a, b)

    def same_sentence(self, a: int, b: int) -> bool:
        """True when no sentence boundary lies in [a, b) (original offsets)."""
        return not self._between(_SENTENCE, a, b)
