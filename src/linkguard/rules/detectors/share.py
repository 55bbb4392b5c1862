"""Share-text recognizers: platform share pastes, Pinduoduo activities, help codes, transfer tokens.

Legitimate share texts disguise their own boilerplate (咑閞, 復·制, 淘♂寳, Dou音, 亰#栋) to dodge
filters. `share_text` recognizes that boilerplate next to an official link or token of the same
platform and returns it as a suppression zone, so the disguises do not raise the score. The zone
covers only boilerplate pieces chained to the anchor, never titles or the rest of the message.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ahocorasick_rs

from ...normalize import fold
from ...verdict import Link
from ..loader import load_data
from . import Context, Hit, detector

__all__ = ["PLATFORMS", "Platform", "SharePattern", "pdd_activities", "share_spans"]

_CURRENCY = "￥¥€₤¤₴$£₳₰₵₲₱₮₭🔐"
# Taobao-style password token between currency fences (at least one letter; never "_").
_FENCE = re.compile(rf"[{_CURRENCY}](?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{{6,20}}[{_CURRENCY}]")
# JD's one-slash pseudo link: http:/J<token>
_JD_SLASH = re.compile(r"https?:/(?!/)[Jj][A-Za-z0-9]{6,}")
# What may stand between two pieces of one share text.
_GAP_MAX = 4
_GAP = re.compile(rf"[\s，,；;。.!！~、:：…]{{0,{_GAP_MAX}}}\Z")
_NEAR = 200


@dataclass(frozen=True, slots=True)
class SharePattern:
    """A boilerplate regex, and optionally its locator: a literal-led regex that matches within `back`
    characters after the start of every match, found far faster than the class-led regex itself."""

    regex: re.Pattern[str]
    locate: re.Pattern[str] | None = None
    back: int = 0

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The spans of `self.regex.finditer(text)`, empty matches left out."""
        if self.locate is None:
            return [m.span() for m in self.regex.finditer(text) if m.end() > m.start()]
        out: list[tuple[int, int]] = []
        match = self.regex.match
        pos = 0  # every position before this one was tried, or lies inside a match
        for hit in self.locate.finditer(text):
            q = hit.start()
            p = max(q - self.back, pos)
            while p <= q:  # leftmost first, like finditer: a match may start anywhere in q - back .. q
                m = match(text, p)
                if m is not None and m.end() > p:
                    out.append((p, m.end()))
                    p = m.end()
                else:
                    p += 1
            pos = p
        return out


@dataclass(frozen=True, slots=True)
class Platform:
    """A share-text format: the brands whose official links anchor it, and its boilerplate."""

    id: str
    brands: frozenset[str]
    patterns: tuple[SharePattern, ...]  # each starts with a class or a literal: searched one by one
    words: tuple[str, ...]


def _share_pattern(spec: object) -> SharePattern:
    if isinstance(spec, dict):
        return SharePattern(re.compile(str(spec["match"])), re.compile(str(spec["locate"])), int(spec["back"]))
    return SharePattern(re.compile(str(spec)))


def _load_platforms() -> tuple[Platform, ...]:
    raw = load_data("share_texts.yaml")
    out = []
    for pid, spec in raw["platforms"].items():
        # Separate searches: `re` skips fast to where a class-led pattern can start, an alternation
        # of such patterns is tried at every position.
        patterns = tuple(_share_pattern(p) for p in spec.get("patterns") or ())
        out.append(
            Platform(str(pid), frozenset(spec["brands"]), patterns, tuple(str(w) for w in spec.get("words", ())))
        )
    return tuple(out)


PLATFORMS: tuple[Platform, ...] = _load_platforms()
# One automaton per platform: only the platforms whose anchor is present are searched, and common
# one-character words of one platform (后, 或, 到) do not cost the others anything.
_AUTOMATA: dict[str, ahocorasick_rs.AhoCorasick] = {
    p.id: ahocorasick_rs.AhoCorasick(list(p.words), matchkind=ahocorasick_rs.MatchKind.Standard)
    for p in PLATFORMS
    if p.words
}


# All platforms' words in one automaton, for messages (long pastes) where several platforms are anchored.
_ALL_WORDS = sorted({w for p in PLATFORMS for w in p.words})
_WORD_PLATFORMS = [tuple(p.id for p in PLATFORMS if w in p.words) for w in _ALL_WORDS]
_ALL_AUTOMATON = ahocorasick_rs.AhoCorasick(_ALL_WORDS, matchkind=ahocorasick_rs.MatchKind.Standard)


def _all_word_hits(original: str) -> dict[str, set[tuple[int, int]]]:
    """Spans of every platform's boilerplate words in `original`, by platform, in one pass."""
    out: dict[str, set[tuple[int, int]]] = {p.id: set() for p in PLATFORMS}
    for i, s, e in _ALL_AUTOMATON.find_matches_as_indexes(original, overlapping=True):
        for pid in _WORD_PLATFORMS[i]:
            out[pid].add((s, e))
    return out


def _word_hits(platform: Platform, original: str) -> set[tuple[int, int]]:
    """Spans of `platform`'s boilerplate words in `original` (overlapping hits included)."""
    automaton = _AUTOMATA.get(platform.id)
    if automaton is None:
        return set()
    return {(s, e) for _i, s, e in automaton.find_matches_as_indexes(original, overlapping=True)}


def _anchors(platform: Platform, original: str, links: tuple[Link, ...]) -> list[tuple[int, int]]:
    spans = [link.span for link in links if link.official and link.brand in platform.brands]
    if platform.id == "taobao":
        spans.extend(m.span() for m in _FENCE.finditer(original))
    elif platform.id == "jd":
        spans.extend(m.span() for m in _JD_SLASH.finditer(original))
    return spans


def share_spans(
    platform: Platform,
    original: str,
    links: tuple[Link, ...],
    words: set[tuple[int, int]] | None = None,
    seen: dict[re.Pattern[str], list[tuple[int, int]]] | None = None,
) -> list[tuple[int, int]]:
    """Boilerplate zones of `platform`'s share texts in `original` (empty when there is none); `words`:
    its words' spans when already found; `seen`: the spans of patterns searched for other platforms."""
    anchors = _anchors(platform, original, links)
    if not anchors:
        return []
    anchor_set = set(anchors)
    found = _word_hits(platform, original) if words is None else set(words)
    for pattern in platform.patterns:
        # Keyed by the regex (hashed in C): the dataclass's hash of its fields cost 0.5 us per lookup.
        spans = None if seen is None else seen.get(pattern.regex)
        if spans is None:
            spans = pattern.spans(original)
            if seen is not None:
                seen[pattern.regex] = spans
        found.update(spans)
    if not found - anchor_set:
        return []  # a zone needs boilerplate besides the anchor itself
    # Chain pieces into groups: [start, end, has an anchor, has boilerplate].
    groups: list[list[Any]] = []
    current: list[Any] = [0, -1, False, False]
    gap = _GAP.match
    for piece in sorted({*anchors, *found}):
        s, e = piece
        is_anchor = piece in anchor_set
        end = current[1]
        if groups and (s <= end or (s - end <= _GAP_MAX and gap(original, end, s))):
            if e > end:
                current[1] = e
            current[2 if is_anchor else 3] = True
        else:
            current = [s, e, is_anchor, not is_anchor]
            groups.append(current)
    anchored = [(g[0], g[1]) for g in groups if g[2]]
    starts = [a[0] for a in anchored]
    out: list[tuple[int, int]] = []
    for start, end, has_anchor, has_token in groups:
        if not has_token:
            continue
        if not has_anchor:
            # Groups never overlap, so the nearest anchored group on either side is the only candidate;
            # it must lie on the same line, at most _NEAR characters away.
            k = bisect_left(starts, start)
            if k > 0:
                a_start, a_end = anchored[k - 1]
                near = start - a_end <= _NEAR and original.find("\n", a_start, end) < 0
            else:
                near = False
            if not near and k < len(anchored):
                a_start, a_end = anchored[k]
                near = a_start - end <= _NEAR and original.find("\n", start, a_end) < 0
            if not near:
                continue
        out.append((start, end))
    return out


# Anchors of share texts that are not official links: currency-fenced tokens, JD's "http:/".
# (Separate searches: a pattern that starts with one class scans fast, an alternation does not.)
_CURRENCY_RE = re.compile(rf"[{_CURRENCY}]")
_ONE_SLASH = re.compile(r"tps?:/(?!/)")
# In a message without links, share texts and transfer tokens need one of these (on the folded view).
_FOLDED_CURRENCY = "".join(sorted(set(_CURRENCY + fold(_CURRENCY))))
_TOKEN_GATE = rf"[{_FOLDED_CURRENCY}]|:/"


def _quick_anchor(original: str) -> bool:
    return _CURRENCY_RE.search(original) is not None or (":/" in original and _ONE_SLASH.search(original) is not None)


@detector("share_text", gate=_TOKEN_GATE)
def share_text(ctx: Context) -> list[Hit]:
    """Recognized platform share texts: their boilerplate becomes a suppression zone (info)."""
    original = ctx.text.original
    brands = {link.brand for link in ctx.links if link.official}
    quick = _quick_anchor(original)
    if not brands and not quick:
        return []
    spans: list[tuple[int, int]] = []
    names: list[str] = []
    candidates = [
        p for p in PLATFORMS if (quick and p.id in ("taobao", "jd")) or not p.brands.isdisjoint(brands)
    ]  # the others cannot have an anchor here
    words = _all_word_hits(original) if len(candidates) > 1 else None
    seen: dict[re.Pattern[str], list[tuple[int, int]]] = {}  # Taobao and JD share a pattern
    for platform in candidates:
        found = share_spans(platform, original, ctx.links, None if words is None else words[platform.id], seen)
        if found:
            spans.extend(found)
            names.append(platform.id)
    return [Hit(tuple(sorted(spans)), detail=",".join(names), suppress=True)] if spans else []


# ---------------------------------------------------------------- Pinduoduo activities

# Words that name a Pinduoduo activity, in the message text and (lowercase) in a link's path and query.
_PDD_TEXT = {
    "bargain": ("砍一刀", "砍价", "帮我砍", "帮砍", "砍成", "砍到", "免费拿", "砍一下"),
    "assist": ("助力", "免单", "帮我点", "帮点", "点一下", "帮忙点"),
    "spin": ("大转盘", "转盘", "转一下", "抽现金", "现金红包", "提现"),
    "group": ("拼单", "参团", "拼团", "成团", "一起拼"),
    "lucky-bag": ("福袋", "组队", "互助码", "邀请码", "助力码"),
}
_PDD_URL = {
    "bargain": ("bargain", "kanjia", "cutprice", "cut_price"),
    "assist": ("assist", "help", "freeorder", "free_order", "miandan", "zhuli"),
    "spin": ("turntable", "lottery", "spin", "wheel", "cash", "red_packet", "redpacket"),
    "group": ("group", "pincard", "pintuan"),
}


def _activity_finder(table: dict[str, tuple[str, ...]]) -> Callable[[str], set[str]]:
    """One automaton for all of a table's words: text -> the activity names whose words occur."""
    words = [w for ws in table.values() for w in ws]
    names = [name for name, ws in table.items() for _w in ws]
    automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.Standard)
    return lambda text: {names[i] for i, _s, _e in automaton.find_matches_as_indexes(text, overlapping=True)}


_pdd_text_activities = _activity_finder(_PDD_TEXT)
_pdd_url_activities = _activity_finder(_PDD_URL)
_HELP_CODE = re.compile(r"[67](?<![0-9A-Za-z][67])[0-9]{7}(?![0-9A-Za-z])")  # class-led: skips fast
_HELP_HINT = re.compile(r"福袋|助力|互助|组队|拼单|帮点|砍价|砍一刀|帮我点|邀请码|助力码|拼多多")


def _pdd_links(links: tuple[Link, ...]) -> list[Link]:
    return [link for link in links if link.official and link.brand == "pinduoduo"]


def pdd_activities(text: str, links: tuple[Link, ...]) -> list[str]:
    """Pinduoduo activities a message shares (bargain, assist, spin, group, lucky-bag, goods)."""
    pdd = _pdd_links(links)
    # One pass over every link's path and query ("\n" ends each: no URL word spans it).
    in_urls = _pdd_url_activities("".join(f"{link.path}?{link.query}\n" for link in pdd).lower()) if pdd else set()
    in_text = _pdd_text_activities(text)
    found = [name for name in _PDD_URL if name in in_urls]
    found += [name for name in _PDD_TEXT if name in in_text and name not in found]
    if not found and any("goods" in link.path for link in pdd):
        found.append("goods")
    return found


@detector("official_pdd_link", links=True)
def official_pdd_link(ctx: Context) -> list[Hit]:
    """Official Pinduoduo links (web, short link, app scheme, mini program), with the activity."""
    pdd = _pdd_links(ctx.links)
    if not pdd:
        return []
    text = ctx.text.view("folded").text
    detail = ",".join(pdd_activities(text, ctx.links)) or "pinduoduo"
    return [Hit(tuple(link.span for link in pdd), detail=detail)]


@detector("pdd_help_code", gate=r"[67][0-9]{7}")
def pdd_help_code(ctx: Context) -> list[Hit]:
    """8-digit Pinduoduo lucky-bag / team-up help codes (start with 6 or 7) next to a hint word."""
    original = ctx.text.original
    if _HELP_CODE.search(original) is None or _HELP_HINT.search(ctx.text.view("folded").text) is None:
        return []  # (a search costs half of collecting every match; three messages in a hundred have a code)
    return [Hit(tuple(m.span() for m in _HELP_CODE.finditer(original)), detail="pinduoduo:lucky-bag", suppress=True)]


# ---------------------------------------------------------------- transfer tokens

# Alipay's "X:/token" and "#吱口令#"; each pattern leads with a class or literals, so `re` skips ahead fast.
# The letter-led one is tried only after its located ":/", like the located share patterns; the
# currency-fenced Taobao token is the third.
_TOKENS = (
    SharePattern(
        re.compile(r"[A-Za-z](?<![A-Za-z0-9][A-Za-z]):/[A-Za-z0-9]{6,20}#?"),
        re.compile(r":/(?<=[A-Za-z]:/)(?=[A-Za-z0-9]{6})"),
        1,
    ),
    SharePattern(re.compile(r"#吱口令#?|吱口令#?")),
    SharePattern(_FENCE),
)
_TRANSFER = re.compile(r"转账|轉賬|转钱|轉錢|代付|付款|打款|汇款|匯款|给我转|给我打")
_SLASH_TOKEN = re.compile(r":/[A-Za-z0-9]")
_WARNED = re.compile(r"(?:不要|千万|别|切勿|谨防|小心|骗|勿|不会)[^，,。.!！？?\n]{0,8}\Z")
_WARNED_REACH = 10  # a warning word (at most 2 characters) and up to 8 more before the ask


@detector("transfer_token", gate=_TOKEN_GATE + "|口令")
def transfer_token(ctx: Context) -> list[Hit]:
    """An Alipay 吱口令 or Taobao 口令 that asks for a transfer or a pay-for-me (代付)."""
    original = ctx.text.original
    if not (
        "口令" in original
        or _CURRENCY_RE.search(original) is not None
        or (":/" in original and _SLASH_TOKEN.search(original) is not None)
    ):
        return []
    tokens = [span for pattern in _TOKENS for span in pattern.spans(original)]
    if not tokens:
        return []
    asks = [
        m.span()
        for m in _TRANSFER.finditer(original)
        if not _WARNED.search(original, max(0, m.start() - _WARNED_REACH), m.start())
    ]
    return [Hit(tuple(sorted({*tokens, *asks})), detail="transfer-token")] if asks else []
