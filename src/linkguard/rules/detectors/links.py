"""Link detectors: a message that names a brand and links to a lookalike of that same brand."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from ...domains import LOOKALIKE_KINDS, Domains
from ...normalize import fold
from ...verdict import Link
from . import Context, Hit, detector

__all__ = ["brand_lookalike_mention", "brand_mentions", "lookalike_brands"]

# Lower than the stand-alone lookalike rule: naming the brand is itself evidence.
_MIN_STRENGTH = 0.4
# Findings that only count with a brand mention when the host is also dubious.
_PATH_KINDS = frozenset({"brand-in-path"})
_DUBIOUS = frozenset({"ip-host", "risky-tld", "shortener", "userinfo", "port", "punycode"})


@lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    """Brand words folded like the `folded` view -> brand id."""
    out: dict[str, str] = {}
    for word, brand in Domains.brand_words().items():
        out.setdefault(fold(word), brand)
    return out


@lru_cache(maxsize=1)
def _mention_re() -> re.Pattern[str]:
    words = sorted(_words(), key=len, reverse=True)
    parts = []
    for w in words:
        if w.isascii():
            parts.append(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])")
        else:
            parts.append(re.escape(w))
    return re.compile("|".join(parts))


def brand_mentions(ctx: Context, only: set[str] | None = None) -> Iterator[tuple[str, tuple[int, int]]]:
    """(brand id, original span) for every brand word outside the message's links (of `only` brands)."""
    view = ctx.text.view("folded")
    words = _words()
    starts = [link.span[0] for link in ctx.links]  # links come in message order and never overlap
    for m in _mention_re().finditer(view.text):
        brand = words[m.group()]
        if only is not None and brand not in only:
            continue
        span = view.span(m.start(), m.end())
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
def brand_lookalike_mention(ctx: Context) -> Iterator[Hit]:
    """The message names a brand and links to a lookalike of that same brand."""
    targets = [(link, lookalike_brands(link)) for link in ctx.links]
    targets = [(link, brands) for link, brands in targets if brands]
    if not targets:
        return
    mentions = list(brand_mentions(ctx, {b for _link, brands in targets for b in brands}))
    for link, brands in targets:
        spans = [span for brand, span in mentions if brand in brands]
        if spans:
            yield Hit((spans[0], link.span), detail=",".join(sorted(brands)))


@detector("official_link", links=True)
def official_link(ctx: Context) -> Iterator[Hit]:
    """Links to a brand's own official host (info)."""
    for link in ctx.links:
        if link.official and link.brand:
            yield Hit((link.span,), detail=link.brand)
