"""Link detectors: a message that names a brand and links to a lookalike of that same brand."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

import ahocorasick_rs

from ...domains import LOOKALIKE_KINDS, Domains
from ...normalize import fold
from ...verdict import Link
from ..loader import load_lines
from . import Context, Hit, detector

__all__ = ["brand_lookalike_mention", "brand_mentions", "lookalike_brands"]

# Lower than the stand-alone lookalike rule: naming the brand is itself evidence.
_MIN_STRENGTH = 0.4
# Findings that only count with a brand mention when the host is also dubious.
_PATH_KINDS = frozenset({"brand-in-path"})
_DUBIOUS = frozenset({"ip-host", "risky-tld", "shortener", "userinfo", "port", "punycode"})
# A denial word (data/denials.txt) ends at most this many characters before the brand it denies.
_DENIAL_REACH = 4


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    """Brand words folded like the `folded` view -> brand id."""
    out: dict[str, str] = {}
    for word, brand in Domains.brand_words().items():
        out.setdefault(fold(word), brand)
    return out


@lru_cache(maxsize=1)
def _mention_automaton() -> tuple[ahocorasick_rs.AhoCorasick, list[str]]:
    """All brand words in one automaton, longest match first (like an alternation sorted by length)."""
    patterns = list(_words())
    return ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest), patterns


@lru_cache(maxsize=1)
def _denial() -> tuple[re.Pattern[str], int]:
    """A denial word (data/denials.txt) ending a stretch, but for a few characters and no clause boundary;
    and how far back such a word can start."""
    words = sorted({fold(w) for w in load_lines("denials.txt")}, key=len, reverse=True)
    pattern = re.compile(rf"(?:{'|'.join(map(re.escape, words))})[^，,。！？!?；;：:\n]{{0,{_DENIAL_REACH}}}\Z")
    return pattern, len(words[0]) + _DENIAL_REACH


def _glued(text: str, start: int, end: int) -> bool:
    """True when an ASCII brand word (pdd, jd) is part of a longer ASCII word or number."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum())


def brand_mentions(ctx: Context, only: set[str] | None = None) -> Iterator[tuple[str, tuple[int, int]]]:
    """(brand id, original span) for every brand word outside the message's links (of `only` brands)."""
    view = ctx.text.view("folded")
    text = view.text
    words = _words()
    automaton, patterns = _mention_automaton()
    denial, reach = _denial()
    starts = [link.span[0] for link in ctx.links]  # links come in message order and never overlap
    for index, start, end in automaton.find_matches_as_indexes(text):
        word = patterns[index]
        brand = words[word]
        if (only is not None and brand not in only) or (word.isascii() and _glued(text, start, end)):
            continue
        if denial.search(text, max(0, start - reach), start) is not None:
            continue  # "那不是拼多多官方的": a denied brand
        span = view.span(start, end)
        k = bisect_right(starts, span[0]) - 1
        if k >= 0 and span[0] < ctx.links[k].span[1]:
            continue  # inside a link
        yield brand, span


def lookalike_brands(link: Link) -> set[str]:
    """Brands that `link` imitates (lookalike-type findings of at least the mention strength)."""
    if link.official:
        return set()
    out = set()
    dubious = any(f.kind in _DUBIOUS for f in link.findings)
    for f in link.findings:
        if f.brand is None or f.strength < _MIN_STRENGTH:
            continue
        if f.kind in LOOKALIKE_KINDS or f.kind == "userinfo" or (f.kind in _PATH_KINDS and dubious):
            out.add(f.brand)
    return out


@detector("brand_lookalike_mention", links=True)
def brand_lookalike_mention(ctx: Context) -> list[Hit]:
    """The message names a brand and links to a lookalike of that same brand."""
    targets = [(link, lookalike_brands(link)) for link in ctx.links]
    targets = [(link, brands) for link, brands in targets if brands]
    if not targets:
        return []
    mentions = list(brand_mentions(ctx, {b for _link, brands in targets for b in brands}))
    hits = []
    for link, brands in targets:
        spans = [span for brand, span in mentions if brand in brands]
        if spans:
            hits.append(Hit((spans[0], link.span), detail=",".join(sorted(brands))))
    return hits


@detector("official_link", links=True)
def official_link(ctx: Context) -> list[Hit]:
    """Links to a brand's own official host (info)."""
    return [Hit((link.span,), detail=link.brand) for link in ctx.links if link.official and link.brand]
