"""Count rules: how many emoji, lines, copies of one line, links or hosts a message has."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import accumulate, islice

import regex

from ..verdict import Link

__all__ = ["at_least", "count_items"]

_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
# Every Extended_Pictographic character is in this class (a test checks it against `regex`): counting it
# with `re` rules out most non-ASCII chat before the exact count.
_MAYBE_EMOJI = re.compile("[\u00a9\u00ae\u203c-\u2b55\u3030\u303d\u3297\u3299\U0001f004-\U0001fffd]")
_MAX_SPANS = 20
_FLOOD_SHARE = 3  # a repeated line is a flood when it is at least one line in three


def at_least(of: str, original: str, links: tuple[Link, ...], least: int) -> bool:
    """Cheap check that the message could have `least` items of `of` (False means it cannot)."""
    if len(original) < least:  # every item takes at least one character
        return False
    if of in ("links", "hosts"):
        return len(links) >= least
    if of == "emoji":
        return (
            not original.isascii()
            and len(_MAYBE_EMOJI.findall(original)) >= least
            and _emoji_at_least(least).match(original) is not None
        )
    return original.count("\n") + 1 >= least


@lru_cache(maxsize=64)
def _emoji_at_least(least: int) -> regex.Pattern[str]:
    """Matches at the start of a text that has at least `least` emoji (linear: possessive skips)."""
    return regex.compile(r"(?:[^\p{Extended_Pictographic}]*+\p{Extended_Pictographic}){" + str(least) + "}")


def count_items(
    of: str, original: str, links: tuple[Link, ...], least: int = 1
) -> tuple[int, list[tuple[int, int]]]:
    """The count of `of` items in the message and the spans of (up to 20 of) them.

    Line spans are only collected when the count reaches `least`.
    """
    if of == "links":
        return len(links), [link.span for link in links[:_MAX_SPANS]]
    if of == "hosts":
        hosts = {link.host for link in links if link.host}
        return len(hosts), [link.span for link in links[:_MAX_SPANS]]
    if of == "emoji":
        if original.isascii():
            return 0, []
        # Counted in C; spans built only for the first few. A flood has an emoji per line or more: a pasted
        # conversation whose lines end in 🙏 or 👍 now and then counts 0, like a line that recurs in it.
        n = len(_EMOJI.findall(original))
        if "\n" in original and n < sum(1 for line in original.split("\n") if line.strip()):
            return 0, []
        return n, [m.span() for m in islice(_EMOJI.finditer(original), _MAX_SPANS)]
    if "\n" not in original:
        line = original.strip()
        return (1, [(0, len(original))]) if line and of == "lines" else (0, [])
    # One key per line: the line without any whitespace (lines equal but for spacing are repeats).
    pieces = original.split("\n")
    keys = [key.strip() for key in original.replace(" ", "").replace("\u3000", "").split("\n")]
    if of == "lines":
        n = len(keys) - keys.count("")
        chosen = [k for k, key in enumerate(keys) if key] if n >= least else []
    else:
        # A flood repeats one line; a pasted conversation repeats "谢谢" or "已砍" now and then. The count
        # is the copies of the most repeated line when they make up a third of the lines or more (0 in a
        # long paste where a line recurs), and the spans are the lines repeated that often.
        counts = Counter(keys)
        counts.pop("", None)
        n = max(counts.values(), default=0)
        if n < 2 or n * _FLOOD_SHARE < len(keys) - keys.count(""):
            return 0, []
        chosen = [k for k, key in enumerate(keys) if key and counts[key] == n] if n >= least else []
    if not chosen:
        return n, []
    # Line k spans [ends[k] + k, ends[k + 1] + k): its start is the lengths before it plus k line breaks.
    ends = list(accumulate(map(len, pieces), initial=0))
    return n, [(ends[k] + k, ends[k + 1] + k) for k in chosen[:_MAX_SPANS]]
