"""Normalized views of a message, each with an offset map back to the original text.

Views (all derived from the original, code-point offsets):
- ``raw``: the original (lone surrogates replaced by U+FFFD, same length);
- ``folded``: format/zero-width characters removed, NFKC per character, casefold, traditional to
  simplified Chinese (OpenCC, per character);
- ``compact``: ``folded`` without separators (anything that is not a letter, a digit or a line break);
- ``digits``: ``folded`` with numeral forms (①, ❶, 一, 壹, 〇 ...) mapped to ASCII digits.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import accumulate
from typing import Final

import regex

__all__ = [
    "DIGIT_CLASS", "DIGIT_LIKE", "VIEWS", "Text", "View", "char_class", "compact", "digits", "fold", "scrub",
]  # fmt: skip

VIEWS: Final = ("raw", "folded", "compact", "digits")

_SURROGATE = re.compile(r"[\ud800-\udfff]")  # escapes for `re`: mypyc rejects lone surrogates in literals
_IGNORABLE = regex.compile(r"[\p{Cf}\p{Default_Ignorable_Code_Point}]")
# The compact view drops every separator but line breaks, so words on different lines never join.
_SEPARATORS = regex.compile(r"[^\p{L}\p{N}\n]+")
_SEPARATOR_RUNS = regex.compile(r"([^\p{L}\p{N}\n]+)")  # for split: the runs are kept in the result
_IGNORABLE_RUN = regex.compile(r"[\p{Cf}\p{Default_Ignorable_Code_Point}]+")
SPLIT_ABOVE = 2000  # longer texts build the compact view and its offsets with one split
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
    table[ord("幺")] = "1"  # spoken "one" in phone numbers
    for base in (0x2776, 0x2780, 0x278A):  # dingbat circled digits 1..10 (three styles)
        for k in range(9):
            table[base + k] = str(k + 1)
    for cp in (0x24FF, 0x24EA, 0x1F10B, 0x1F10C):  # negative/positive circled zero variants
        table[cp] = "0"
    return table


_DIGITS: Final = _digit_table()
_NUMERALS: Final = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_DIGITS)) + "]+")
# A character class body: the characters of a folded text that are digits in its digits view.
DIGIT_CLASS: Final = "0-9" + "".join(re.escape(chr(cp)) for cp in sorted(_DIGITS))
DIGIT_LIKE: Final = re.compile(f"[{DIGIT_CLASS}]")  # one class: the search skips other characters fast


def _to_digits(text: str) -> str:
    """Numeral characters mapped to ASCII digits; other characters unchanged (same length)."""
    if text.isascii():
        return text
    runs = _NUMERALS.findall(text)
    for ch in set("".join(runs)) if runs else ():
        text = text.replace(ch, _DIGITS[ord(ch)])  # a few C-level replaces beat a callback per run
    return text


def scrub(text: str) -> str:
    """Replace lone surrogates with U+FFFD so native libraries accept the text (same length)."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub("\ufffd", text)


# A view offset -> the original offset of the character there. Every view character comes from exactly
# one original character (one that folded to several gives each of them its offset), so it ends one later.
Origins = Callable[[int], int]


class Shifts:
    """Offsets of a text some runs of characters were removed from: each kept run is shifted by the
    number of characters removed before it (one entry per removed run, not per character)."""

    __slots__ = ("_base", "_shifts", "_starts")

    def __init__(self, starts: list[int], shifts: list[int], base: Origins | None) -> None:
        self._starts = starts  # where each kept run starts in the shortened text
        self._shifts = shifts  # characters removed before it
        self._base = base  # the offsets of the text the runs were removed from, None when original

    @classmethod
    def of(cls, text: str, removed: re.Pattern[str] | regex.Pattern[str], base: Origins | None) -> Shifts:
        """The offsets of `text` without the runs `removed` matches."""
        spans = [m.span() for m in removed.finditer(text)]
        shifts = list(accumulate([e - s for s, e in spans]))
        starts = [0, *(e - shift for (_s, e), shift in zip(spans, shifts, strict=True))]
        return cls(starts, [0, *shifts], base)

    @classmethod
    def split(
        cls, text: str, removed: re.Pattern[str] | regex.Pattern[str], base: Origins | None
    ) -> tuple[str, Shifts]:
        """`text` without the runs `removed` (a pattern with one group around the run) matches, and its
        offsets, from one split: cheaper than a substitution and a search for long texts."""
        parts = removed.split(text)  # kept, removed, kept, ..., kept
        lengths = list(map(len, parts))
        shifts = [0, *accumulate(lengths[1::2])]
        starts = [0, *accumulate(lengths[0:-1:2])]
        return "".join(parts[0::2]), cls(starts, shifts, base)

    def __call__(self, index: int) -> int:
        k = bisect_right(self._starts, index) - 1
        at = index + self._shifts[k]
        return at if self._base is None else self._base(at)


class View:
    """One view of a message: its text and a map from view offsets to original offsets.

    The map is built only when a span is asked for, so messages where nothing matches never pay for it.
    """

    __slots__ = ("_build_maps", "_origins", "name", "plain", "text")

    def __init__(
        self, name: str, text: str, build_maps: Callable[[], Origins | None] | None = None, plain: bool | None = None
    ) -> None:
        self.name = name
        self.text = text
        self._build_maps = build_maps
        # Known without building the maps: view offsets equal original offsets.
        self.plain = build_maps is None if plain is None else plain
        self._origins: Origins | None = None

    def maps(self) -> Origins | None:
        """View offset -> original offset, or None when offsets are identical."""
        if self._build_maps is not None:
            self._origins = self._build_maps()
            self._build_maps = None
        return self._origins

    @property
    def identity(self) -> bool:
        """True when view offsets equal original offsets."""
        return self.maps() is None

    def origin(self, index: int) -> int:
        """Original offset of the character at view `index`."""
        maps = self.maps()
        return index if maps is None else maps(index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the view span [start, end) to a span of the original message."""
        maps = self.maps()
        if maps is None:
            return start, end
        if end <= start:
            size = len(self.text)
            pos = maps(start) if start < size else (maps(size - 1) + 1 if size else 0)
            return pos, pos
        return maps(start), maps(end - 1) + 1

    def __repr__(self) -> str:
        return f"View({self.name!r}, {self.text!r})"


def _fold_maps(text: str, folded: str) -> Origins:
    """Offsets of the folded view when characters were removed or expanded."""
    if len(folded) == len(text) - len(_IGNORABLE.findall(text)):
        return Shifts.of(text, _IGNORABLE_RUN, None)  # only removals: the kept characters shift by runs
    origins: list[int] = []
    table = _FOLD
    for i, ch in enumerate(text):
        n = len(table[ord(ch)])
        if n == 1:
            origins.append(i)
        elif n:
            origins.extend([i] * n)
    return origins.__getitem__


# Blocks whose characters chat text is mostly made of: ASCII, Latin-1, general and CJK punctuation,
# full-width forms, symbols, emoji and the CJK Unified Ideographs.
_CJK = (0x4E00, 0xA000)
_COMMON = (
    (0x80, 0x100), (0x2000, 0x2070), (0x20A0, 0x20D0), (0x2190, 0x2800), (0x3000, 0x3040), (0xFE00, 0xFE10),
    (0xFEFF, 0xFFF0), (0x1F300, 0x1FB00),
)  # fmt: skip


def _fold_chars(chars: list[str]) -> list[str]:
    """`_fold_char` of many characters, with one OpenCC call for all of them."""
    joined = "\n".join(chars)
    stable = unicodedata.normalize("NFKC", joined) == joined and joined.casefold() == joined
    if stable and not _IGNORABLE.search(joined):
        pre = chars  # a block NFKC and case folding leave alone (the CJK ideographs): no per-character work
    else:
        pre = [
            "" if _IGNORABLE.match(ch) else unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", ch).casefold())
            for ch in chars
        ]
    # A line break between the characters keeps OpenCC from converting phrases across them.
    converted: str = _opencc().convert("\n".join(pre))  # type: ignore[attr-defined]
    out = converted.split("\n")
    if len(out) != len(pre):  # a folding that holds a line break itself: one at a time
        return [_fold_char(ch) for ch in chars]
    return [c if not p.isascii() and c else p for p, c in zip(pre, out, strict=True)]


_FULL_WIDTH_COMMA = "\uff0c"


class _FastFold:
    """Folding of texts made only of common characters that fold to at most one character.

    Such texts fold with one substitution that looks up only the characters that change, instead of a
    per-character `str.translate`. Their offsets stay the same unless a zero-width character or a
    variation selector (❤️) was removed; their compact view drops separators with a plain character class.
    """

    __slots__ = ("changed", "comma", "known", "mapping", "other", "separator_runs", "separators")

    def __init__(self) -> None:
        known = [(0, 0x7F)]  # code point ranges the fast path folds
        mapping = {chr(cp): chr(cp).lower() for cp in range(ord("A"), ord("Z") + 1)}  # only what changes
        outputs = {chr(cp) for cp in range(0x80)}  # small blocks' foldings (for the separator class)
        cjk = _fold_cjk()
        blocks = _COMMON if cjk is not None else (*_COMMON, _CJK)
        for lo, hi in blocks:
            chars = [chr(cp) for cp in range(lo, hi)]
            for ch, folded in zip(chars, _fold_chars(chars), strict=True):
                if len(folded) <= 1:  # "" for ignorable characters: removed
                    known.append((ord(ch), ord(ch)))
                    outputs.add(folded)
                    if folded != ch:
                        mapping[ch] = folded
        separators = set("".join(_SEPARATORS.findall("".join(outputs))))
        if cjk is not None:
            known.append((_CJK[0], _CJK[1] - 1))
            mapping.update(cjk)  # their foldings are ideographs: letters, never separators
        self.known = "".join(chr(cp) for lo, hi in known for cp in range(lo, hi + 1))
        self.other = re.compile("[^" + char_class(known) + "]")
        # "[S][S]*", not "[S]+": `re` skips to a character of a leading class in C, not to a repeat's.
        one = "[" + char_class((ord(c), ord(c)) for c in separators) + "]"
        self.separators = re.compile(one + one + "*")
        self.separator_runs = re.compile("(" + self.separators.pattern + ")")
        self.mapping = mapping
        # The full-width comma is half of what changes in Chinese chat: one `str.replace` (in C) folds it,
        # the substitution (a Python call per character) the rest.
        self.comma = mapping.get(_FULL_WIDTH_COMMA, _FULL_WIDTH_COMMA)
        rest = (c for c in mapping if c != _FULL_WIDTH_COMMA)
        self.changed = re.compile("[" + char_class((ord(c), ord(c)) for c in rest) + "]")

    def fold(self, text: str) -> tuple[str, bool] | None:
        """The folded text and whether its offsets are the original's (nothing removed), or None when a
        character is not a common one."""
        if self.other.search(text) is not None:
            return None
        # One substitution pass, the replacement looked up only where a character changes (a replace per
        # distinct character copied a long paste a hundred times).
        folded = text.replace(_FULL_WIDTH_COMMA, self.comma) if _FULL_WIDTH_COMMA in text else text
        folded = self.changed.sub(self._replacement, folded)
        return folded, len(folded) == len(text)  # each character folds to one character or is removed

    def _replacement(self, m: re.Match[str]) -> str:
        return self.mapping[m.group()]


def _fold_cjk() -> dict[str, str] | None:
    """The CJK ideographs that fold to another ideograph (traditional -> simplified), or None when
    some ideograph does not fold to exactly one character (then they go one by one)."""
    # Not `_fold_chars`: its lists of 21k one-character strings raise the peak RSS by about 2 MB.
    block = "".join(map(chr, range(*_CJK)))
    joined = "\n".join(block)  # a line break between characters keeps OpenCC from converting phrases
    if unicodedata.normalize("NFKC", joined) != joined or joined.casefold() != joined or _IGNORABLE.search(joined):
        return None
    converted: str = _opencc().convert(joined)  # type: ignore[attr-defined]
    if len(converted) != len(joined) or converted[1::2] != joined[1::2]:
        return None
    return {a: b for a, b in zip(block, converted[::2], strict=True) if a != b}


def char_class(ranges: Iterable[tuple[int, int]]) -> str:
    """A character class body (for `re` and `regex`) of inclusive code point ranges, adjacent ones merged."""
    merged: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return "".join(_class_char(lo) if lo == hi else f"{_class_char(lo)}-{_class_char(hi)}" for lo, hi in merged)


def _class_char(cp: int) -> str:
    ch = chr(cp)
    return "\\" + ch if ch in "\\]^-[&~|" else ch


_fast: _FastFold | None = None
# Building the fast path's tables takes about 25 ms: worth it for a stream of messages, not for one
# `linkguard check`. Both paths give the same views; the fast path starts after this many texts.
_WARM_UP = 200
_slow_texts = 0


def _fast_fold() -> _FastFold:
    """The fast path's tables, built on first use."""
    global _fast
    if _fast is None:
        _fast = _FastFold()  # built twice by two threads at worst: the same tables
    return _fast


def _fold_text(text: str) -> tuple[str, bool, bool]:
    """The folded text, whether its offsets equal the original's, and whether the fast path folded it."""
    global _slow_texts
    if text.isascii():
        return text.lower(), True, _fast is not None  # the fast path's separator class, once it exists
    if _fast is not None or _slow_texts >= _WARM_UP:
        fast = _fast_fold().fold(text)
        if fast is not None:
            return fast[0], fast[1], True
    else:
        _slow_texts += 1
    folded = text.translate(_FOLD)
    # Each character folds to at least one character unless it is ignorable: equal lengths and no
    # ignorables mean every character mapped to exactly one.
    return folded, len(folded) == len(text) and not _IGNORABLE.search(text), False


class Text:
    """A message with lazily built views; every view maps its offsets back to the original."""

    __slots__ = ("_fast", "_views", "original")

    def __init__(self, original: str) -> None:
        self.original = scrub(original)
        self._views: dict[str, View] = {}
        self._fast = False  # the folded view came from the fast path (known characters only)

    def view(self, name: str) -> View:
        """The named view ("raw", "folded", "compact" or "digits"), built on first use."""
        found = self._views.get(name)
        if found is None:
            found = self._build(name)
            self._views[name] = found
        return found

    def _build(self, name: str) -> View:
        if name == "raw":
            return View("raw", self.original)
        if name == "folded":
            text, same, self._fast = _fold_text(self.original)
            original = self.original
            if same:
                return View("folded", text)
            if self._fast:  # the fast path only removes characters (zero-width ones, variation selectors)
                return View("folded", text, lambda: Shifts.of(original, _IGNORABLE_RUN, None))
            return View("folded", text, lambda: _fold_maps(original, text))
        base = self.view("folded")
        if name == "compact":
            if len(base.text) > SPLIT_ABOVE:  # long text: spans will be asked for, offsets come cheap here
                runs = _fast_fold().separator_runs if self._fast else _SEPARATOR_RUNS
                compacted, shifts = Shifts.split(base.text, runs, base.maps())
                if len(compacted) == len(base.text):
                    return View("compact", compacted, base.maps, base.plain)
                return View("compact", compacted, lambda: shifts, False)
            separators = _fast_fold().separators if self._fast else _SEPARATORS
            compacted = separators.sub("", base.text)
            if len(compacted) == len(base.text):
                return View("compact", compacted, base.maps, base.plain)
            return View("compact", compacted, lambda: Shifts.of(base.text, separators, base.maps()), False)
        if name == "digits":
            return View("digits", _to_digits(base.text), base.maps, base.plain)
        raise ValueError(f"unknown view {name!r}; expected one of {', '.join(VIEWS)}")


def fold(text: str) -> str:
    """The ``folded`` form of a plain string (used to fold rule keywords at load time)."""
    clean = scrub(text)
    return clean.lower() if clean.isascii() else clean.translate(_FOLD)  # what both paths give


def compact(text: str) -> str:
    """The ``compact`` form of a plain string."""
    return _SEPARATORS.sub("", fold(text))


def digits(text: str) -> str:
    """The ``digits`` form of a plain string."""
    return _to_digits(fold(text))
