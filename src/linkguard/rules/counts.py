"""Count rules: how many emoji, lines, repeated lines, links or hosts a message has."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

from ..verdict import Link

__all__ = ["at_least", "count_items"]

_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
_MAX_SPANS = 20


def at_least(of: str, original: str, links: tuple[Link, ...], least: int) -> bool:
    """Cheap check that the message could have `least` items of `of` (False means it cannot)."""
    if len(original) < least:  # every item takes at least one character
        return False
    if of in ("links", "hosts"):
        return len(links) >= least
    if of == "emoji":
        return not original.isascii() and _emoji_at_least(least).match(original) is not None
    return original.count("\n") + 1 >= least


@lru_cache(maxsize=64)
def _emoji_at_least(least: int) -> regex.Pattern[str]:
    """Matches at the start of a text that has at least `least` emoji (linear: possessive skips)."""
    return regex.compile(r"(?:[^\p{Extended_Pictographic}]*+\p{Extended_Pictographic}){" + str(least) + "}")


def count_items(of: str, original: str, links: tuple[Link, ...]) -> tuple[int, list[tuple[int, int]]]:
    """The count of `of` items in the message and the spans of (up to 20 of) them."""
    if of == "links":
        return len(links), [link.span for link in links[:_MAX_SPANS]]
    if of == "hosts":
        hosts = {link.host for link in links if link.host}
        return len(hosts), [link.span for link in links[:_MAX_SPANS]]
    if of == "emoji":
        if original.isascii():
            return 0, []
        spans = [m.span() for m in _EMOJI.finditer(original)]
        return len(spans), spans[:_MAX_SPANS]
    if "\n" not in original:
        line = original.strip()
        return (1, [(0, len(original))]) if line and of == "lines" else (0, [])
    lines: list[tuple[int, int, str]] = []  # start, end, the line without any whitespace
    pos = 0
    for piece in original.split("\n"):
        key = piece.replace(" ", "").replace("\u3000", "").strip()  # equal but for spacing: repeats
        if key:
            lines.append((pos, pos + len(piece), key))
        pos += len(piece) + 1
    if of == "lines":
        return len(lines), [(s, e) for s, e, _key in lines[:_MAX_SPANS]]
    counts = Counter(key for _s, _e, key in lines)
    if len(counts) == len(lines):
        return 0, []
    repeated = [(s, e) for s, e, key in lines if counts[key] > 1]
    return len(repeated), repeated[:_MAX_SPANS]
