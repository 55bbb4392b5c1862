"""Personal-data detectors: ID-card numbers, bank-card numbers and mobile numbers, in any digit form.

They read the ``digits`` view (①③⑧, 一三八, full-width and superscript digits are ASCII there),
allow single separators between digits (spaces, hyphens, emoji), validate the number (GB 11643
check digit, Luhn, mobile prefixes) and skip numbers that are order, parcel, transaction, goods,
pickup or help codes by their context or because they sit inside a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, groupby

import regex

from ...normalize import DIGIT_CLASS
from ...verdict import Link
from . import Context, Hit, detector

__all__ = [
    "Candidate",
    "bank_card",
    "candidates",
    "id_card",
    "id_check_digit",
    "is_bank_card",
    "is_id_card",
    "is_mobile",
    "luhn_valid",
    "mobile",
]

# A digit run: digits (and 幺, the spoken "one" of phone numbers) with at most two separator
# characters (space, hyphen, symbol, emoji, keycap marks) between neighbours. The inner repeat
# is bounded, so matching stays linear.
# Runs of fewer than 11 digits are never personal numbers: the pattern skips them itself.
_SEP = r"[ \t\u00a0\u3000\-\u2010-\u2015\p{So}\p{Sk}\ufe0f\u20e3]"
_RUN = regex.compile(rf"[0-9幺](?:{_SEP}{{0,2}}[0-9幺]){{10,}}(?:[ \t-]?x)?")
# The same runs on the folded view, where numerals are not digits yet (they map one to one).
_FOLDED_RUN = regex.compile(rf"[{DIGIT_CLASS}](?:{_SEP}{{0,2}}[{DIGIT_CLASS}]){{10,}}")
# Its pre-check, for `re` (no \p classes): eleven digits with at most two characters of any kind but a
# digit or a line break between neighbours. It holds every run above; "一" alone rarely makes one.
_LOOSE_RUN = re.compile(rf"[{DIGIT_CLASS}](?:[^{DIGIT_CLASS}\n]{{0,2}}[{DIGIT_CLASS}]){{10}}")
# What may not touch a number: letters, digits and URL punctuation make it part of a token
# (SF1234..., goods_id=138..., /13812345678) rather than a number written on its own. A colon after
# a word introduces the number: an ID or card number ("身份证号：…", "卡号：…") counts; a phone number
# does not ("电话：…", "询：…" is how notices and ads give a business line).
_GLUE_BEFORE = regex.compile(r"[a-z0-9_=/&?#%.@-]|(?<=[a-z0-9_]):")
_GLUE_AFTER = regex.compile(r"[a-z0-9_=/&?#%@]")
# One separated group of a digit run (the ID number's "x" can only end a run).
_GROUP = regex.compile(r"[0-9幺]+(?:[ \t-]?x)?")
# Where a split number can start: three digits in one group, or three single digits in a row (one group,
# which is not the whole run only if the run also has a group of two or more digits).
_THREE_DIGITS = regex.compile(r"[0-9幺]{3}")
_THREE_SINGLES = regex.compile(rf"(?<![0-9幺])[0-9幺](?:{_SEP}{{1,2}}[0-9幺](?![0-9幺])){{2}}")
_TWO_DIGITS = regex.compile(r"[0-9幺]{2}")
# Lengths `_classify` accepts: mobile 11 (13 with 86), old ID 15, bank card 16-19, ID 18.
_NUMBER_LENGTHS = (19, 18, 17, 16, 15, 13, 11)  # longest first
_WORD_BEFORE = 14
_WORD_AFTER = 6

# Context words (digits view: folded, simplified, lowercase) that make a number something else.
_NOT_PERSONAL = regex.compile(
    r"订单|单号|单编号|交易号|交易单|流水号|商户单|快递|物流|运单|包裹|取件|取货|提货|驿站|菜鸟|丰巢|柜"
    r"|编号|货号|商品id|商品号|goods|sku|福袋|邀请码|互助码|助力码|组队码|口令|券码|兑换码|激活码"
    r"|房间号|会议号|群号|qq|扣扣|企鹅|价格|售价|原价|[¥￥$]"
    r"|司机|揽投员|快递员|配送员|派件员|骑手|飞信|师傅"
    # a business line, not a member's own number (spam.ad_hotline scores advertised numbers)
    r"|热线|客服|专线|总机|咨询|详询|垂询|致电|请电|欢迎来电|订购|预订|订房|订餐|售楼|报名电话|经理"
)
_NOT_PERSONAL_AFTER = regex.compile(r"[^\S\n\r]?(?:元|块|件|个|次|号楼|分钟|秒|%)")
_ID_CONTEXT = regex.compile(r"身份证|证件号|身份号")
_CARD_CONTEXT = regex.compile(r"卡号|银行卡|储蓄卡|信用卡|借记卡|银行|开户|收款卡|打到|打款")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = regex.compile(r"1[3-9][0-9]{9}")
# Issuer prefixes of cards used in China: UnionPay 62, Visa 4, Mastercard 51-55 / 2221-2720,
# JCB 35, older UnionPay-bank ranges 60 and 9558/9559 (ICBC, ABC).
_CARD_PREFIX = regex.compile(r"62|4|5[1-5]|2[2-7]|35|60|9558|9559")


def id_check_digit(body17: str) -> str:
    """The GB 11643-1999 check character ("0".."9" or "X") for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11]


def _valid_birth(yyyymmdd: str) -> bool:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return 1900 <= born.year <= date.today().year


def is_id_card(number: str) -> bool:
    """True for an 18-character resident ID number with a valid area, birth date and check digit."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if number[0] not in "12345678" or not _valid_birth(number[6:14]):
        return False
    return id_check_digit(number[:17]) == number[17].upper()


def _is_old_id(number: str) -> bool:
    """True for a 15-digit (pre-1999) ID number with a valid area and birth date."""
    return len(number) == 15 and number.isdigit() and number[0] in "12345678" and _valid_birth("19" + number[6:12])


def luhn_valid(number: str) -> bool:
    """True when the digit string passes the Luhn checksum."""
    if not number.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_bank_card(number: str, context: bool = False) -> bool:
    """True for a 16-19 digit number that passes Luhn and has a card prefix (any prefix with `context`)."""
    if not 16 <= len(number) <= 19 or not (context or _CARD_PREFIX.match(number) is not None):
        return False
    return luhn_valid(number)


def is_mobile(number: str) -> bool:
    """True for an 11-digit mainland mobile number (1[3-9] and nine digits)."""
    return len(number) == 11 and _MOBILE.fullmatch(number) is not None


@dataclass(slots=True)  # not frozen: see Hit
class Candidate:
    """A number written in the message: its digits, kind, and span in the original message."""

    kind: str  # "id_card" | "bank_card" | "mobile"
    number: str
    span: tuple[int, int]


def _classify(number: str, id_context: bool, card_context: bool) -> str | None:
    n = len(number)
    if n == 18 and is_id_card(number.upper()):
        return "id_card"
    if n == 15:
        return "id_card" if id_context and _is_old_id(number) else None
    if 16 <= n <= 19:
        return "bank_card" if is_bank_card(number, context=card_context) else None
    if n == 11:
        return "mobile" if is_mobile(number) else None
    if n == 13 and number.startswith("86") and is_mobile(number[2:]):
        return "mobile"
    return None


def _in_links(span: tuple[int, int], links: tuple[tuple[int, int], ...]) -> bool:
    s, e = span
    return any(ls < e and s < le for ls, le in links)


# The three detectors run one after another on the same message: remember the last message's
# candidates. One tuple, replaced atomically, so threads never see a half-written entry.
_last: tuple[object, tuple[Candidate, ...]] = (None, ())


def candidates(ctx: Context) -> tuple[Candidate, ...]:
    """Every personal number in the message (computed once per message for the three detectors)."""
    global _last
    owner, found = _last
    if owner is ctx.text:
        return found
    found = tuple(_find(ctx))
    _last = (ctx.text, found)
    return found


def _find(ctx: Context) -> Iterator[Candidate]:
    folded = ctx.text.view("folded")  # same offsets as the digits view: built only when needed
    if not _enough_digits(folded.text, folded.plain, ctx.links):
        return
    view = ctx.text.view("digits")
    text = view.text
    link_spans = tuple(link.span for link in ctx.links)
    for m in _RUN.finditer(text):
        start, end = m.span()
        if start > 0 and _GLUE_BEFORE.match(text, start - 1):
            continue
        labelled = start > 0 and text[start - 1] == ":"
        if end < len(text) and _GLUE_AFTER.match(text, end):
            continue
        before = text[max(0, start - _WORD_BEFORE) : start]
        before = before[before.rfind("\n") + 1 :]  # context stays on the number's own line
        if _NOT_PERSONAL.search(before):
            continue
        for s, e, kind, number in _numbers(text, start, end, before):
            if (labelled and kind == "mobile") or _NOT_PERSONAL_AFTER.match(text, e, e + _WORD_AFTER):
                continue
            span = view.span(s, e)
            if link_spans and _in_links(span, link_spans):
                continue
            yield Candidate(kind, number, span)


def _numbers(text: str, start: int, end: int, before: str) -> Iterator[tuple[int, int, str, str]]:
    """The personal numbers in one digit run: the whole run, or else runs of its separated groups.

    "张三 330106198709150652 13812345678" is one run of 29 digits: an ID number and a mobile number.
    """
    id_context = _ID_CONTEXT.search(before) is not None
    card_context = _CARD_CONTEXT.search(before) is not None
    number = _digits_of(text[start:end])
    if 11 <= len(number) <= 19:
        kind = _classify(number, id_context, card_context)
        if kind is not None:
            yield start, end, kind, number
            return
    # Else the longest number that starts at a group of three or more digits and ends where a group
    # ends: a few lookups per group, and no work at all in runs of short groups ("1 12 1 12 …").
    if _THREE_DIGITS.search(text, start, end) is None and (
        _TWO_DIGITS.search(text, start, end) is None or _THREE_SINGLES.search(text, start, end) is None
    ):
        return
    groups, digits = _groups(text, start, end)
    offsets = list(accumulate(map(len, digits), initial=0))  # digit offset of each group's start
    ends = {offset: k for k, offset in enumerate(offsets[1:])}  # digit offset after group k -> k
    run = "".join(digits)
    i = 0
    while i < len(groups):
        if len(digits[i]) < 3:
            i += 1
            continue
        at = offsets[i]
        for length in _NUMBER_LENGTHS:
            j = ends.get(at + length)
            if j is None:
                continue
            number = run[at : at + length]
            kind = _classify(number, id_context, card_context)
            if kind is not None:
                yield groups[i][0], groups[j][1], kind, number
                i = j
                break
        i += 1


def _groups(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[str]]:
    """The separated digit groups of a run (spans and digits); digits written one by one are one group."""
    found = [(g.span(), _digits_of(g.group())) for g in _GROUP.finditer(text, start, end)]
    groups: list[tuple[int, int]] = []
    digits: list[str] = []
    for single, block in groupby(found, key=lambda f: len(f[1]) == 1):
        if single:
            parts = list(block)
            groups.append((parts[0][0][0], parts[-1][0][1]))
            digits.append("".join(d for _, d in parts))
        else:
            for span, d in block:
                groups.append(span)
                digits.append(d)
    return groups, digits


def _digits_of(run: str) -> str:
    """The digits (and an ID number's final "x") of a run, 幺 read as 1."""
    digits = run.replace("幺", "1")
    if digits.isascii() and digits.isdigit():
        return digits
    return "".join(ch for ch in digits if "0" <= ch <= "9" or ch == "x")


def _enough_digits(text: str, plain: bool, links: tuple[Link, ...]) -> bool:
    """Pre-check on the folded view: a run of at least 11 digits (numerals included), outside the links
    when the view's offsets are the original's.

    Candidates never lie in a link, and goods ids make most task links digit-rich; "一" makes most
    Chinese text hold eleven digits, but rarely in one run.
    """
    if links and plain:
        parts: list[str] = []
        pos = 0
        for link in links:
            parts.append(text[pos : link.span[0]])
            pos = link.span[1]
        parts.append(text[pos:])
        text = "\n".join(parts)
    return _LOOSE_RUN.search(text) is not None and _FOLDED_RUN.search(text) is not None


def _hits(ctx: Context, kind: str) -> list[Hit]:
    return [Hit((c.span,), detail=kind, sensitive=True) for c in candidates(ctx) if c.kind == kind]


@detector("id_card", gate=_LOOSE_RUN.pattern)
def id_card(ctx: Context) -> list[Hit]:
    """Resident ID numbers (18 digits with a valid GB 11643 check digit; 15 digits next to 身份证)."""
    return _hits(ctx, "id_card")


@detector("bank_card", gate=_LOOSE_RUN.pattern)
def bank_card(ctx: Context) -> list[Hit]:
    """Bank-card numbers: 16-19 digits passing Luhn, with a card prefix or a card word nearby."""
    return _hits(ctx, "bank_card")


@detector("mobile", gate=_LOOSE_RUN.pattern)
def mobile(ctx: Context) -> list[Hit]:
    """Mainland mobile numbers (1[3-9] + 9 digits), in any digit form."""
    return _hits(ctx, "mobile")
