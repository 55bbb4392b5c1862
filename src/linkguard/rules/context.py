"""Clause and sentence boundaries and quotations of a message, for `near` and `unless`."""

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
_LINE = re.compile(r"[\n\r]")
_OPENERS = "“「『"
_CLOSERS = "”」』"
_QUOTE_MARKS = re.compile('[“”「」『』"\n]')
_OPENING = re.compile('[“「『"]')
# A quotation this short names a thing (“兼职日结”, “代砍”); a longer one is somebody's speech, which a
# scammer's pasted script is as often as a member's report. (Marks included.)
_QUOTE_LONGEST = 24
# A quotation after one of these names a button, a setting or an app to use (点击“屏幕共享”, 下载“会议通”).
_INSTRUCTION = re.compile(
    r"(?:点击|点开|点|打开|开启|开通|选择|选|勾选|允许|输入|搜索|搜|下载|安装|装|找到|进入|添加|加|关注|名为|叫做|叫)\s*\Z"
)


class Boundaries:
    """Clause and sentence boundaries of the original message, looked up between two offsets.

    Each lookup searches only the stretch asked about (rules ask about a few dozen characters), so a
    long message never pays for boundaries nobody asks for; quotation marks are listed once, on the
    first question about them.
    """

    __slots__ = ("_marks", "_original")

    def __init__(self, original: str) -> None:
        self._original = original
        self._marks: list[tuple[int, str]] | None = None

    def _between(self, marks: re.Pattern[str], a: int, b: int) -> bool:
        if a > b:
            a, b = b, a
        # One character past b: a full stop's look-ahead reads the character after it.
        m = marks.search(self._original, a, b + 1)
        return m is not None and m.start() < b

    def same_clause(self, a: int, b: int) -> bool:
        """True when no clause boundary lies in [a, b) (original offsets)."""
        return not self._between(_CLAUSE, a, b)

    def same_line(self, a: int, b: int) -> bool:
        """True when no line break lies in [a, b) (original offsets)."""
        return not self._between(_LINE, a, b)

    def same_sentence(self, a: int, b: int) -> bool:
        """True when no sentence boundary lies in [a, b) (original offsets)."""
        return not self._between(_SENTENCE, a, b)

    def quoted(self, a: int, b: int) -> bool:
        """True when [a, b) stands inside a short quotation (“…”, 「…」, 『…』 or "…") on its own line."""
        if self._marks is None:  # quotation marks and line breaks, found once per message
            text = self._original
            has_marks = _OPENING.search(text) is not None
            self._marks = [(m.start(), m.group()) for m in _QUOTE_MARKS.finditer(text)] if has_marks else []
        marks = self._marks
        k = bisect_left(marks, (a, ""))  # the first mark at or after a
        if k == 0 or (k < len(marks) and marks[k][0] < b):
            return False  # no mark before the word, or one inside it
        start, opener = marks[k - 1]
        if a - start > _QUOTE_LONGEST or opener == "\n" or opener in _CLOSERS:
            return False
        text = self._original
        if opener == '"' and text.count('"', max(0, a - _QUOTE_LONGEST), a) % 2 == 0:
            return False  # an even number of " before the word: the last one closed a quotation
        if _INSTRUCTION.search(text, max(0, start - 3), start):
            return False
        if k == len(marks):
            return False
        end, closer = marks[k]
        return closer == ('"' if opener == '"' else _CLOSERS[_OPENERS.index(opener)]) and end - start <= _QUOTE_LONGEST
