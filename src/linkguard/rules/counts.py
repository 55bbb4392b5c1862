"""Count rules: how many emoji, lines, repeated lines, links or hosts a message has."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import regex

from ..verdict import Link

__all__ = ["at_least", "count_items"]

_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
_LINE = re.compile(r"[^\r\n]+")
_MAX_SPANS = 20


def at_least(of: str, original: str, links: tuple[Link, ...], least: int) -> bool:
    """Cheap check that the message could have `least` items of `of` (False means it cannot)."""
    if len(original) < least:  # every item takes at least one character
        return False
    if of in ("links", "hosts"):
        return len(links) >= least
    if of == "emoji":
        return not original.isascii() and _emoji_at_least(least).match(original) is not None
    return original.count("\n") + original.count("\r") + 1 >= least


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
    if "\n" not in original and "\r" not in original:
        line = original.strip()
        return (1, [(0, len(original))]) if line and of == "lines" else (0, [])
    lines = [m for m in _LINE.finditer(original) if not m.group().isspace()]
    if of == "lines":
        return len(lines), [m.span() for m in lines[:_MAX_SPANS]]
    keys = [" ".join(m.group().split()) for m in lines]  # lines equal but for spacing count as repeats
    counts = Counter(keys)
    repeated = [m for m, key in zip(lines, keys, strict=True) if counts[key] > 1]
    return len(repeated), [m.span() for m in repeated[:_MAX_SPANS]]
