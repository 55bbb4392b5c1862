"""Normalized views of a message, each with an offset map back to the original text.

Views (all derived from the original, code-point offsets):
- ``raw``: the original (lone surrogates replaced by U+FFFD, same length);
- ``folded``: format/zero-width characters removed, NFKC per character, casefold, traditional to
  simplified Chinese (OpenCC, per character);
- ``compact``: ``folded`` without separators (anything that is not a letter or a digit);
- ``digits``: ``folded`` with numeral forms (①, ❶, 一, 壹, 〇 ...) mapped to ASCII digits.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

import regex

__all__ = ["VIEWS", "Text", "View", "compact", "digits", "fold", "scrub"]

VIEWS: Final = ("raw", "folded", "compact", "digits")

_SURROGATE = regex.compile(r"[\ud800-\udfff]")
_IGNORABLE = regex.compile(r"[\p{Cf}\p{Default_Ignorable_Code_Point}]")
_SEPARATORS = regex.compile(r"[^\p{L}\p{N}]+")
_KEEP_RUN = regex.compile(r"[\p{L}\p{N}]+")
_NON_DIGIT_NUMERAL = regex.compile(r"[^\x00-\x7f]")
_TABLE_CAP = 200_000


@lru_cache(maxsize=1)
def _opencc() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def _fold_char(ch: str) -> str:
    """Fold one character: drop ignorables, NFKC, casefold, traditional to simplified."""
    if _IGNORABLE.match(ch):
        return ""
    out = unicodedata.normalize("NFKC", ch)
    out = unicodedata.normalize("NFKC", out.casefold())
    if not out.isascii():
        converted: str = _opencc().convert(out)  # type: ignore[attr-defined]
        out = converted or out
    return out


class _FoldTable(dict[int, str]):
    """A `str.translate` table that computes and remembers each character's folding on first use."""

    def __missing__(self, cp: int) -> str:
        value = _fold_char(chr(cp))
        if len(self) < _TABLE_CAP:
            self[cp] = value
        return value


_FOLD: Final = _FoldTable()


def _digit_table() -> dict[int, str]:
    """Numeral characters that NFKC leaves alone, mapped to ASCII digits."""
    table: dict[int, str] = {}
    for digits_str in ("〇一二三四五六七八九", "零壹贰叁肆伍陆柒捌玖"):
        for value, ch in enumerate(digits_str):
            table[ord(ch)] = str(value)
    table[ord("两")] = "2"
    for base in (0x2776, 0x2780, 0x278A):  # dingbat circled digits 1..10 (three styles)
        for k in range(9):
            table[base + k] = str(k + 1)
    for cp in (0x24FF, 0x24EA, 0x1F10B, 0x1F10C):  # negative/positive circled zero variants
        table[cp] = "0"
    return table


_DIGITS: Final = _digit_table()


def scrub(text: str) -> str:
    """Replace lone surrogates with U+FFFD so native libraries accept the text (same length)."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


class View:
    """One view of a message: its text and a map from view offsets to original offsets."""

    __slots__ = ("_ends", "_starts", "name", "text")

    def __init__(self, name: str, text: str, starts: list[int] | None, ends: list[int] | None) -> None:
        self.name = name
        self.text = text
        self._starts = starts
        self._ends = ends

    @property
    def identity(self) -> bool:
        """True when view offsets equal original offsets."""
        return self._starts is None

    def origin(self, index: int) -> int:
        """Original offset of the character at view `index`."""
        return index if self._starts is None else self._starts[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the view span [start, end) to a span of the original message."""
        if self._starts is None or self._ends is None:
            return start, end
        if end <= start:
            pos = self._starts[start] if start < len(self._starts) else (self._ends[-1] if self._ends else 0)
            return pos, pos
        return self._starts[start], self._ends[end - 1]

    def __repr__(self) -> str:
        return f"View({self.name!r}, {self.text!r})"


def _fold_mapped(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Fold `text`, returning the folded string and its offset maps (None when identical offsets)."""
    if text.isascii():
        return text.lower(), None, None
    folded = text.translate(_FOLD)
    if len(folded) == len(text) and not _IGNORABLE.search(text):
        return folded, None, None
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    table = _FOLD
    for i, ch in enumerate(text):
        mapped = table[ord(ch)]
        if not mapped:
            continue
        parts.append(mapped)
        n = len(mapped)
        if n == 1:
            starts.append(i)
            ends.append(i + 1)
        else:
            starts.extend([i] * n)
            ends.extend([i + 1] * n)
    return "".join(parts), starts, ends


def _compose(
    keep: list[int], starts: list[int] | None, ends: list[int] | None
) -> tuple[list[int], list[int]]:
    """Offset maps for a view that keeps the base view's characters at `keep`."""
    if starts is None or ends is None:
        return keep, [i + 1 for i in keep]
    return [starts[i] for i in keep], [ends[i] for i in keep]


class Text:
    """A message with lazily built views; every view maps its offsets back to the original."""

    __slots__ = ("_views", "original")

    def __init__(self, original: str) -> None:
        self.original = scrub(original)
        self._views: dict[str, View] = {}

    def view(self, name: str) -> View:
        """The named view ("raw", "folded", "compact" or "digits"), built on first use."""
        found = self._views.get(name)
        if found is None:
            found = self._build(name)
            self._views[name] = found
        return found

    def _build(self, name: str) -> View:
        if name == "raw":
            return View("raw", self.original, None, None)
        if name == "folded":
            text, starts, ends = _fold_mapped(self.original)
            return View("folded", text, starts, ends)
        base = self.view("folded")
        if name == "compact":
            if not _SEPARATORS.search(base.text):
                return View("compact", base.text, base._starts, base._ends)
            keep: list[int] = []
            for m in _KEEP_RUN.finditer(base.text):
                keep.extend(range(m.start(), m.end()))
            text = "".join(m.group() for m in _KEEP_RUN.finditer(base.text))
            starts, ends = _compose(keep, base._starts, base._ends)
            return View("compact", text, starts, ends)
        if name == "digits":
            text = base.text
            if _NON_DIGIT_NUMERAL.search(text):
                text = text.translate(_DIGITS)
            return View("digits", text, base._starts, base._ends)
        raise ValueError(f"unknown view {name!r}; expected one of {', '.join(VIEWS)}")


def fold(text: str) -> str:
    """The ``folded`` form of a plain string (used to fold rule keywords at load time)."""
    return _fold_mapped(scrub(text))[0]


def compact(text: str) -> str:
    """The ``compact`` form of a plain string."""
    return _SEPARATORS.sub("", fold(text))


def digits(text: str) -> str:
    """The ``digits`` form of a plain string."""
    return fold(text).translate(_DIGITS)
