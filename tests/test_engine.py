"""The engine on small rule sets: spans, context words, combinations, scoring, windows, workers."""

from __future__ import annotations

import functools
import pickle
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import linkguard
from linkguard import Level, Scanner, Verdict
from linkguard.rules.regexes import lead_class, led_by_class, reach, required_literals
from linkguard.rules.schema import Source

RULES = r"""
version: 1
thresholds: {suspicious: 30, dangerous: 70}
rules:
  - id: credential.code
    category: credential
    weight: 75
    title: {zh: 索要验证码, en: Asks for a verification code}
    keywords: [验证码, 动态码]
    near: {keywords: [发, 给我, 告诉], within: 6}
    unless:
      keywords: [不要, 千万别, 不会向你要]
      before: 8
      except: [不要担心]
  - id: spam.wechat
    category: spam
    weight: 40
    title: {zh: 引导加微信, en: Moves the chat to WeChat}
    view: compact
    keywords: [加微信, 加vx]
  - id: spam.number
    category: spam
    weight: 20
    title: {zh: 号码, en: A number}
    view: digits
    regex: '(?<!\d)1[3-9]\d{9}(?!\d)'
  - id: money.combo
    category: money
    weight: 15
    title: {zh: 加微信并留号码, en: WeChat plus a number}
    all_of: [spam.wechat, spam.number]
  - id: info.brand
    category: info
    weight: 0
    title: {zh: 提到拼多多, en: Mentions Pinduoduo}
    keywords: [拼多多]
  - id: spam.flood
    category: spam
    weight: 30
    title: {zh: 刷屏, en: Flooding}
    count: {of: repeated_lines, min: 3}
"""


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner.from_sources([Source("test.yaml", RULES)], defaults=False)


def fired(scanner: Scanner, text: str) -> set[str]:
    return {r.rule for r in scanner.scan(text).reasons}


def test_keyword_with_a_request_word_fires_with_the_exact_span(scanner: Scanner) -> None:
    text = "你好，把收到的验证码发我一下"
    verdict = scanner.scan(text)
    assert verdict.score == 75 and verdict.level is Level.DANGEROUS
    (reason,) = verdict.reasons
    assert reason.rule == "credential.code"
    assert [text[s:e] for s, e in reason.spans] == ["验证码"]
    assert reason.evidence == ("验证码",)


def test_without_a_request_word_nearby_the_keyword_is_not_enough(scanner: Scanner) -> None:
    assert fired(scanner, "验证码一直收不到怎么办") == set()


def test_warning_before_the_keyword_in_the_same_clause_suppresses(scanner: Scanner) -> None:
    assert fired(scanner, "客服不会向你要验证码，千万别给") == set()
    assert fired(scanner, "不要把验证码发给别人") == set()


def test_counter_phrase_is_not_a_warning(scanner: Scanner) -> None:
    assert fired(scanner, "不要担心验证码发我就行") == {"credential.code"}


def test_warning_in_another_clause_does_not_suppress(scanner: Scanner) -> None:
    assert fired(scanner, "不要怕。验证码发我") == {"credential.code"}


def test_near_word_in_another_sentence_does_not_count(scanner: Scanner) -> None:
    assert fired(scanner, "验证码！发") == set()


def test_spaced_and_emoji_evasion_on_the_compact_view(scanner: Scanner) -> None:
    text = "加 微✨信 了解一下"
    verdict = scanner.scan(text)
    (reason,) = verdict.reasons
    (span,) = reason.spans
    assert text[span[0] : span[1]] == "加 微✨信"


def test_digit_view_finds_circled_and_chinese_numerals(scanner: Scanner) -> None:
    text = "号码①③⑧一二三四五六七八"
    verdict = scanner.scan(text)
    (reason,) = verdict.reasons
    assert reason.rule == "spam.number"
    assert reason.evidence == ("①③⑧一二三四五六七八",)


def test_combination_fires_on_its_components_and_scores_each_rule_once(scanner: Scanner) -> None:
    text = "加微信 13812345678，加vx 13912345678"
    verdict = scanner.scan(text)
    rules = [r.rule for r in verdict.reasons]
    assert sorted(rules) == ["money.combo", "spam.number", "spam.wechat"]
    assert verdict.score == 40 + 20 + 15
    combo = next(r for r in verdict.reasons if r.rule == "money.combo")
    assert len(combo.spans) == 4
    assert [r.weight for r in verdict.reasons] == sorted((r.weight for r in verdict.reasons), reverse=True)


def test_info_rules_are_reported_with_no_weight(scanner: Scanner) -> None:
    verdict = scanner.scan("拼多多砍价")
    assert verdict.score == 0 and verdict.level is Level.SAFE
    assert [r.rule for r in verdict.reasons] == ["info.brand"]


def test_score_is_capped_at_100() -> None:
    many = "rules:\n" + "".join(
        f"  - {{id: spam.r{i}, category: spam, weight: 60, title: {{zh: 规则{i}, en: rule {i}}}, keywords: [词{i}]}}\n"
        for i in range(3)
    )
    scanner = Scanner.from_sources([Source("m.yaml", many)], defaults=False)
    verdict = scanner.scan("词0 词1 词2")
    assert verdict.score == 100 and len(verdict.reasons) == 3


def test_count_rule(scanner: Scanner) -> None:
    text = "砍一刀\n砍一刀\n 砍一刀 \n好的"
    verdict = scanner.scan(text)
    (reason,) = verdict.reasons
    assert reason.rule == "spam.flood" and len(reason.spans) == 3 and reason.detail == "repeated_lines=3"


def test_non_text_input_raises_type_error_naming_the_type(scanner: Scanner) -> None:
    # "got NoneType" from linkguard's own check, "got None" from the compiled build's argument check.
    for bad, name in ((None, "None(Type)?"), (b"abc", "bytes"), (42, "int")):
        with pytest.raises(TypeError, match=f"got {name}$"):
            scanner.scan(bad)  # type: ignore[arg-type]


def test_lone_surrogates_do_not_crash(scanner: Scanner) -> None:
    verdict = scanner.scan("\ud800验证码发我\udfff")
    assert verdict.score == 75
    assert verdict.reasons[0].evidence == ("验证码",)


def test_long_message_is_scanned_in_windows_to_the_end() -> None:
    scanner = Scanner.from_sources([Source("t.yaml", RULES)], defaults=False, max_window=1000)
    text = "正常聊天内容。" * 2000 + "把验证码发我"
    verdict = scanner.scan(text)
    (reason,) = verdict.reasons
    (span,) = reason.spans
    assert text[span[0] : span[1]] == "验证码"
    boundary = "好" * 995 + "把验证码发我"  # straddles the first window's end
    assert scanner.scan(boundary + "。" * 3000).score == 75


# Each runs about a second without its timeout on a fast machine (so a lost timeout fails, it does not hang).
@pytest.mark.parametrize(
    ("pattern", "pad", "n"),
    [
        ("(?:a|aa)+$", 0, 32),  # tried where its literal starts
        ("x?(?:a|aa)+$", 0, 32),  # searched, gated by its literal
        ("x?(?:a|aa){1,40}$", 2100, 32),  # bounded: searched near its literal only in a long text
        ("(?:[^b]|[^b][^b])+$", 0, 24),  # searched in every message (no literal)
    ],
)
def test_user_regex_timeout_adds_an_info_reason_and_keeps_the_rest(pattern: str, pad: int, n: int) -> None:
    slow = RULES + (
        "  - id: spam.slow\n    category: spam\n    weight: 10\n    title: {zh: 慢, en: slow}\n"
        f"    regex: '{pattern}'\n"
    )
    scanner = Scanner.from_sources([Source("slow.yaml", slow)], defaults=False, regex_timeout=0.02)
    verdict = scanner.scan("好" * pad + "把验证码发我 " + "a" * n + "b")
    rules = {r.rule: r for r in verdict.reasons}
    assert "credential.code" in rules
    assert rules["engine.regex_timeout"].detail == "spam.slow"
    assert rules["engine.regex_timeout"].weight == 0


def test_regex_prefilter_literals() -> None:
    assert required_literals(r"加(?:微|薇)信") == ("加",)
    assert required_literals(r"(?:验证码|动态码).{0,5}发") == ("动态码", "验证码")
    assert required_literals(r"\d{6}") is None
    assert required_literals(r"(?i)apk") is None


def test_regex_reach_bounds_the_match_and_its_look_arounds() -> None:
    assert reach(r"押金[0-9]{1,6}") == (8, 0)
    assert reach(r"\bopt ?out\b") == (7, 2)  # a word boundary looks at one character on each side
    assert reach(r"(?<![0-9])[0-9]{1,3}元(?!.{0,5}?骗子)") == (4, 8)
    assert reach(r"加[0-9]+") is None  # unbounded match
    assert reach(r"a(?=b+)") is None  # unbounded look-ahead
    assert reach(r"x?") is None  # can match nothing
    assert reach(r"\p{Han}{2}") is None  # syntax only the regex module knows


def test_lead_class_holds_the_first_character_of_every_match() -> None:
    assert lead_class(r"[67][0-9]{7}") == "6-7"
    assert lead_class(r"[$€]|:/|口令") == "$:€口"
    assert lead_class(r"(?:验证码|动态码).{0,5}发") == "动验"
    assert lead_class(r"(?<![0-9])(?=1)[0-9]{11}") == "0-9"  # look-arounds before the first character
    assert lead_class(r"(?:ab){2,}c") == "a"
    assert lead_class(r"[\]\\^-]x") == r"\-\\-\^"  # class metacharacters escaped
    assert lead_class(r"x?y") is None  # the first character may be y
    assert lead_class(r"(?:a|)b") is None
    assert lead_class(r"\d{6}") is None  # categories and negated classes are too wide to lead
    assert lead_class(r"[^a]b") is None
    assert lead_class(r"(?i)apk") is None
    assert lead_class(r"(?i:a)b") is None
    assert lead_class(r"\p{Han}") is None  # syntax only the regex module knows
    assert led_by_class(r"\d+") == r"\d+"


_LEAD_PATTERNS = [
    r"[$€]|:/|口令", r"[67][0-9]{7}", r"(?:a|bc)+d", r"(?<!1)[12](?:[^12\n]{0,2}[12]){3}", r"(?=a)[ab]b|\nx",
    r"口令|(?:[0-9]\s?){4}",
]  # fmt: skip


@given(st.sampled_from(_LEAD_PATTERNS), st.text(alphabet="ab12$€:/口令\n x67", max_size=40))
@example(r"(?=a)[ab]b|\nx", "bb\nx")
@example(r"(?<!1)[12](?:[^12\n]{0,2}[12]){3}", "112 2 1")
def test_a_pattern_led_by_its_class_finds_what_it_finds_where_it_finds_it(pattern: str, text: str) -> None:
    plain, led = re.compile(pattern), re.compile(led_by_class(pattern))
    assert led.pattern != pattern
    for pos in range(len(text) + 1):  # from every position: look-behinds see the text before it
        expected, found = plain.search(text, pos), led.search(text, pos)
        assert (None if found is None else found.start()) == (None if expected is None else expected.start())


# Gated, not anchored (a match need not start at its literal), bounded, with look-arounds on both sides.
_NEAR_RULES = r"""
version: 1
rules:
  - id: money.fee
    category: money
    weight: 60
    title: {zh: 收费, en: Fee}
    view: compact
    regex: '(?<![0-9])[0-9]{1,6}(?:元|块)?(?:押金|会员费)(?!.{0,5}?(?:骗子|千万))|(?:押金|会员费)[0-9]{1,6}(?![0-9天])'
  - id: spam.stop
    category: spam
    weight: 40
    title: {zh: 退订, en: Stop code}
    view: folded
    regex: '\b(?:txt|send) ?stop\b|[0-9]p ?(?:/|per) ?(?:msg|min)\b|code[0-9]{1,8}(?!x)'
"""
_NEAR_PIECES = [
    "押金", "会员费", "100", "2", "元", "骗子", "千万", "天", "txt stop", "sendstop", "150p/msg", "3p per min", "stopx",
    "code", "code123", "code12345678", "12345678", "x", "9", " ", "，", "a", "\n", "谢谢大家",
]  # fmt: skip


_NEAR = Scanner.from_sources([Source("near.yaml", _NEAR_RULES)], defaults=False, cache_size=0)


def _scan_searching_near_above(threshold: int, text: str, scanner: Scanner | None = None) -> Verdict:
    """Scan with texts over `threshold` characters searched only near their literals and matches."""
    import linkguard.engine as engine

    saved = engine._NEAR_ONLY
    engine._NEAR_ONLY = threshold
    try:
        return (scanner or _NEAR).scan(text)
    finally:
        engine._NEAR_ONLY = saved


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_NEAR_PIECES), min_size=1, max_size=400).map("".join))
@example("code12345678x")  # the longest match, whose look-ahead needs the character after the window
@example("押金" * 3000 + "12元押金千万")
def test_near_search_finds_what_a_whole_text_search_finds(text: str) -> None:
    assert all(rr.reach for plan in _NEAR._views for rr in plan.gated.values())
    assert _scan_searching_near_above(0, text) == _scan_searching_near_above(10**9, text)


def test_near_search_finds_every_match_of_a_long_message() -> None:
    near = Scanner.from_sources([Source("near.yaml", _NEAR_RULES)], defaults=False, cache_size=0)
    text = "大家好，今天的任务是砍一刀。\n" * 300 + "入群先交200元押金，然后发你链接\n" + "谢谢\n" * 300 + "会员费88\n"
    reasons = {r.rule: r for r in near.scan(text).reasons}
    assert reasons["money.fee"].evidence == ("200元押金", "会员费88")
    assert "spam.stop" not in reasons


# The default rules' context words (requests, warnings, reports, counter-phrases) and the words they qualify.
_CONTEXT_PIECES = [
    "验证码", "发我", "给我", "不要", "千万别", "别担心", "不要担心", "拉黑了", "我被骗了", "先交", "押金", "加微信",
    "官方", "不是", "拼多多", "贷款", "额度", "骗取", "为由", "提供", "银行卡", "请勿向任何人", "登录", "链接",
    "谢谢大家", "，", "。", "\n", " ", "x", "12",
]  # fmt: skip
_DEFAULTS_NO_CACHE = Scanner(cache_size=0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_CONTEXT_PIECES), min_size=1, max_size=300).map("".join))
@example("谢谢大家。" * 500 + "谨防刚刚收到的那个验证码发我" + "谢谢大家。" * 500 + "验证码发我")  # a warning 9 back
def test_context_words_near_the_matches_are_all_the_rules_need(text: str) -> None:
    # Long texts look for context words only around the matches that ask for them: same verdicts.
    near, whole = (_scan_searching_near_above(n, text, _DEFAULTS_NO_CACHE) for n in (0, 10**9))
    assert near == whole


def test_context_reach_covers_every_rules_distance_and_the_longest_word() -> None:
    plans = {plan.name: plan for plan in _DEFAULTS_NO_CACHE._views}
    checked = 0
    for rule in _DEFAULTS_NO_CACHE.rules:
        if rule.view not in plans or not (rule.near or rule.unless):
            continue
        plan = plans[rule.view]
        for distance in (
            rule.near.within if rule.near else 0,
            rule.unless.before if rule.unless else 0,
            rule.unless.after.within if rule.unless and rule.unless.after else 0,
        ):
            assert plan.reach >= distance + plan.index.longest_context, (rule.id, distance)
        checked += 1
    assert checked >= 30 and plans["compact"].index.longest_context >= len("千万不要")


def test_scanner_pickles_as_its_sources(scanner: Scanner) -> None:
    data = pickle.dumps(scanner)
    assert len(data) < 20_000
    copy = pickle.loads(data)
    assert copy.rules_version == scanner.rules_version
    assert copy.scan("加微信 13812345678") == scanner.scan("加微信 13812345678")


MESSAGES = [
    "把验证码发我", "加 微 信 13812345678", "拼多多砍一刀", "谢谢大家", "客服不会向你要验证码，千万别给",
] * 40  # fmt: skip


def test_threads_share_one_scanner(scanner: Scanner) -> None:
    serial = [scanner.scan(m) for m in MESSAGES]
    results: dict[int, list[object]] = {}

    def work(k: int) -> None:
        results[k] = [scanner.scan(m) for m in MESSAGES]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == serial for k in range(4))


def test_scan_many_is_lazy_ordered_and_equal_to_serial(scanner: Scanner) -> None:
    serial = [scanner.scan(m) for m in MESSAGES]
    assert list(scanner.scan_many(MESSAGES)) == serial
    assert list(scanner.scan_many(iter(MESSAGES), workers=2)) == serial


@pytest.mark.parametrize("workers", [1, 2])
def test_scan_many_raises_type_error_in_place(scanner: Scanner, workers: int) -> None:
    items: list[object] = ["把验证码发我", "谢谢", None, "x"]
    it = scanner.scan_many(items, workers=workers)  # type: ignore[arg-type]
    assert next(it).score == 75
    assert next(it).score == 0
    with pytest.raises(TypeError, match="got None"):
        next(it)


def test_scan_many_in_one_process_reads_its_input_lazily(scanner: Scanner) -> None:
    read = 0

    def endless() -> Iterator[str]:
        nonlocal read
        while True:
            read += 1
            yield "把验证码发我"

    it = scanner.scan_many(endless())
    assert read == 0  # nothing is read before the first verdict is asked for
    assert next(it).score == 75 and next(it).score == 75
    assert read == 2


def test_result_cache_returns_the_same_verdicts_and_stays_bounded() -> None:
    cached = Scanner.from_sources([Source("t.yaml", RULES)], defaults=False, cache_size=8)
    plain = Scanner.from_sources([Source("t.yaml", RULES)], defaults=False, cache_size=0)
    texts = [f"把验证码发我 {i % 12}" for i in range(60)] + MESSAGES
    assert [cached.scan(t) for t in texts] == [plain.scan(t) for t in texts]
    assert len(cached._cache) <= 8 and plain._cache == {}
    again = cached.scan(texts[-1])
    assert again is cached.scan(texts[-1])  # a repeat is answered from the cache
    with pytest.raises(ValueError, match="cache_size"):
        Scanner.from_sources([Source("t.yaml", RULES)], defaults=False, cache_size=-1)


def test_a_timed_out_scan_is_not_remembered() -> None:
    slow = RULES + (
        "  - id: spam.slow\n    category: spam\n    weight: 10\n    title: {zh: 慢, en: slow}\n"
        "    regex: '(?:a|aa)+$'\n"
    )
    scanner = Scanner.from_sources([Source("slow.yaml", slow)], defaults=False, regex_timeout=0.02)
    text = "a" * 60 + "b"
    assert any(r.rule == "engine.regex_timeout" for r in scanner.scan(text).reasons)
    assert text not in scanner._cache


def test_unless_after_takes_report_words_in_the_same_sentence_only() -> None:
    rules = (
        "rules:\n"
        "  - id: money.deposit\n    category: money\n    weight: 70\n    title: {zh: 押金, en: Deposit}\n"
        "    keywords: [押金]\n"
        "    unless: {keywords: [不要], before: 6, after: {keywords: [拉黑了, 举报了], within: 10}}\n"
    )
    scanner = Scanner.from_sources([Source("r.yaml", rules)], defaults=False)
    assert scanner.scan("他让我先交押金，我直接拉黑了").score == 0
    assert scanner.scan("先交押金。我直接拉黑了").score == 70  # another sentence
    assert scanner.scan("先交押金，名额有限，先到先得，过时不候，拉黑了").score == 70  # too far after
    assert scanner.scan("先交押金\n拉黑了").score == 70  # another line


_EDGE_RULES = (
    "rules:\n"
    "  - id: money.deposit\n    category: money\n    weight: 70\n    title: {zh: 押金, en: Deposit}\n"
    "    keywords: [押金]\n    near: {keywords: [交], within: 3}\n"
    "    unless: {keywords: [不要], before: 3, after: {keywords: [拉黑了], within: 3}, except: [不要怕]}\n"
)


@pytest.mark.parametrize(
    ("piece", "flagged"),
    [("交xx押金。", True), ("押金xx交。", True), ("交xxx押金。", False), ("不要x押金交。", False),
     ("交押金xx拉黑了。", False), ("不要怕押金交。", True)],
)  # fmt: skip
def test_context_words_at_the_edges_of_their_reach_count_alike_in_a_dense_paste(piece: str, flagged: bool) -> None:
    # 40 copies hold more context words than are scanned whole (long lists are bisected): each copy,
    # its words at the edge of their distance, must still be judged alone.
    scanner = Scanner.from_sources([Source("r.yaml", _EDGE_RULES)], defaults=False)
    assert (scanner.scan(piece).score == 70) is flagged
    reasons = scanner.scan(piece * 40).reasons
    assert sum(len(r.spans) for r in reasons) == (40 if flagged else 0)


def test_digits_view_rules_join_the_folded_automaton_only_when_their_literals_hold_no_digit() -> None:
    from linkguard.rules.schema import Source

    plain = """
rules:
  - id: t.qq
    category: spam
    weight: 50
    title: {zh: 留QQ, en: QQ}
    view: digits
    regex: 'qq[^0-9]{0,3}[0-9]{5,12}'
"""
    numeral = plain.replace("qq[^0-9]", "qq1[^0-9]").replace("t.qq", "t.qq1")  # written in digits form
    a = Scanner.from_sources([Source("a.yaml", plain)], defaults=False)
    b = Scanner.from_sources([Source("b.yaml", numeral)], defaults=False)
    assert [p.name for p in a._views] == ["folded"]  # one automaton; the digits view only when needed
    assert [p.name for p in b._views] == ["digits"]
    hit = a.scan("加QQ：①②③④⑤⑥⑦")
    assert [r.rule for r in hit.reasons] == ["t.qq"]
    assert hit.reasons[0].evidence == ("QQ：①②③④⑤⑥⑦",)
    assert [r.rule for r in b.scan("QQ一：1234567").reasons] == ["t.qq1"]  # "一" is "1" in the digits view
    assert a.scan("加QQ群聊天").reasons == ()


def test_line_counts_and_their_spans() -> None:
    from linkguard.rules.counts import count_items

    text = "免费领\n谢谢\n 免 费 领\n\n免费领\nok"
    assert count_items("lines", text, ()) == (5, [(0, 3), (4, 6), (7, 13), (15, 18), (19, 21)])
    # copies of the most repeated line, equal but for spacing; spans come only at the minimum
    assert count_items("repeated_lines", text, (), 3) == (3, [(0, 3), (7, 13), (15, 18)])
    assert count_items("repeated_lines", text, (), 4) == (3, [])
    assert count_items("repeated_lines", "a\nb\nc", (), 1) == (0, [])
    chat = "谢谢\n已砍\n谢谢\n已砍\n好的\n砍了"  # a conversation repeats itself a little; ties share the spans
    assert count_items("repeated_lines", chat, (), 2) == (2, [(0, 2), (3, 5), (6, 8), (9, 11)])
    # a line that recurs in a long paste is no flood unless it is one line in three or more
    paste = "\n".join(["早上好", "互助互助", *(f"第{k}条" for k in range(13)), "早上好", "早上好", "早上好"])
    assert count_items("repeated_lines", paste, (), 4) == (0, [])
    assert count_items("repeated_lines", "\n".join(["早上好", "a", "b"] * 4), (), 4)[0] == 4
    assert count_items("repeated_lines", "\n".join(["早上好", "a", "b", "c"] * 4), (), 4)[0] == 0
    many = "\n".join(["刷屏"] * 30)
    n, spans = count_items("repeated_lines", many, (), 4)
    assert n == 30 and len(spans) == 20 and spans[-1] == (57, 59)


def test_default_regexes_that_re_compiles_match_as_they_do_with_regex() -> None:
    import json
    from pathlib import Path

    import regex

    from linkguard.normalize import Text
    from linkguard.rules.regexes import compile_regex, compile_trusted

    scanner = Scanner(cache_size=0)
    corpus = Path(__file__).parent / "data" / "corpus.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    texts += [t for rule in scanner.rules for t in (*rule.match_examples, *rule.ignore_examples)]
    views = [Text(t).view(v).text for t in texts for v in ("raw", "folded", "compact", "digits")]
    on_re = 0
    for rule in scanner.rules:
        if rule.matcher != "regex":
            continue
        trusted, reference = compile_trusted(rule.spec), compile_regex(rule.spec)
        if isinstance(trusted, regex.Pattern):
            continue
        on_re += 1
        for view in views:
            assert [m.span() for m in trusted.finditer(view)] == [m.span() for m in reference.finditer(view)], (
                rule.id, view,
            )  # fmt: skip
    assert on_re >= 10  # most default regexes run on re
    assert isinstance(compile_trusted(r"\p{Han}{2}"), regex.Pattern)  # syntax only regex knows
    assert isinstance(compile_trusted(r"(?<=a+)b"), regex.Pattern)  # variable-width look-behind


def test_trusted_regexes_compile_without_touching_the_warning_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    import warnings

    import regex

    from linkguard.rules.regexes import compile_trusted

    def shared_state(*args: object, **kwargs: object) -> None:
        raise AssertionError("the warning filters are process-wide: another thread may be warning")

    monkeypatch.setattr(warnings, "catch_warnings", shared_state)
    monkeypatch.setattr(warnings, "simplefilter", shared_state)
    monkeypatch.setattr(warnings, "filterwarnings", shared_state)
    assert isinstance(compile_trusted(r"[[a]b]"), regex.Pattern)  # re would warn of a possible nested set
    assert isinstance(compile_trusted(r"[a-z&&b]x"), regex.Pattern)  # ... or a set intersection
    assert not isinstance(compile_trusted(r"[0-9]{1,6}元"), regex.Pattern)


def test_user_regexes_run_on_regex_with_their_timeout() -> None:
    import regex

    user = Scanner.from_sources([Source("user.yaml", RULES)], defaults=False)
    ran = [rr for plan in user._views for rr in (*plan.always, *plan.gated.values())]
    assert ran and all(rr.timeout == 0.05 for rr in ran)
    assert "spam.number" in {r.rule for r in user.scan("有事打我电话 13812345678").reasons}
    assert all(isinstance(rr.pattern, regex.Pattern) for rr in ran)
    vetted = Scanner(cache_size=0)
    assert {rr.timeout for plan in vetted._views for rr in (*plan.always, *plan.gated.values())} == {None}


def test_an_anchored_regex_with_rarer_required_literals_runs_only_when_one_occurs() -> None:
    scanner = Scanner(cache_size=0)
    gated = {scanner.rules[rr.rule].id: rr for plan in scanner._views for rr in plan.gated.values() if rr.required}
    assert {"money.red_packet_fee", "malware.download_push"} <= set(gated)  # 发…红包, 装…软件
    for text in ("帮我发一下链接，谢谢", "快递到了，我去装柜子"):  # the leading literal alone
        assert scanner.scan(text).reasons == ()
    assert gated["money.red_packet_fee"]._compiled is None  # never run, so never compiled
    assert gated["malware.download_push"]._compiled is None
    for rule_id in ("money.red_packet_fee", "malware.download_push"):
        rule = next(r for r in scanner.rules if r.id == rule_id)
        for text in rule.match_examples:
            assert rule_id in {r.rule for r in scanner.scan(text).reasons}, text


def test_required_literals_change_no_verdict() -> None:
    import json
    from pathlib import Path

    corpus = Path(__file__).parent / "data" / "corpus.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    gated = Scanner(cache_size=0)
    texts += [t for rule in gated.rules for t in (*rule.match_examples, *rule.ignore_examples)]
    texts += ["入群先发\u200b个红包", "发 个 红 包 进群", "下 载 这个 A P P 提现", "You have won £500 ha"]
    ungated = Scanner(cache_size=0)
    for plan in ungated._views:
        for rr in plan.gated.values():
            rr.required = False  # every anchored regex runs wherever its leading literals occur
    for text in texts:
        assert gated.scan(text).to_dict() == ungated.scan(text).to_dict(), text


def test_the_emoji_pre_count_holds_every_pictographic_character() -> None:
    import regex

    from linkguard.rules import counts

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    pictographic = regex.findall(r"\p{Extended_Pictographic}", every)
    assert len(pictographic) > 1000  # 2,830 with regex 2026.11
    assert len(counts._MAYBE_EMOJI.findall("".join(pictographic))) == len(pictographic)
    # chat without emoji passes over it: Chinese, punctuation, full-width forms
    assert counts._MAYBE_EMOJI.findall("谢谢大家…“帮我砍一刀”——已砍！（１２）、。") == []
    flood = "🧧" * 11 + "©抢红包啦"
    assert counts.at_least("emoji", flood, (), 12) and counts.count_items("emoji", flood, (), 12)[0] == 12
    assert not counts.at_least("emoji", "🧧" * 11 + "抢红包啦①②③", (), 12)  # circled digits pass the pre-count


# -- the gate of the detectors that run on messages without links --------------------------------------

_GATE_PIECES = [
    "口令", "￥", "¥", "$", "€", "🔐", ":/", "Z:/", "https:/", "http:/J0Xa2Lx9k", "RayhbNUl0YP", "#吱口令#",
    "72463725", "62345678", "6222021234567890128", "330106198709150652", "13812345678", "138", "1234", "5678",
    "一三八", "①③⑧", "３８", "幺", "x", " ", "-", "🔥", "\n", "，", "\u200b", "身份证", "卡号", "福袋", "助力码",
    "转账", "代付", "给我打", "淘宝", "复制", "打开", "谢谢", "abc",
]  # fmt: skip


@functools.cache
def _gated_detectors() -> list[tuple[Any, str | None]]:
    from linkguard.rules import detectors

    return [(fn, detectors.gate(fn)) for _i, fn in Scanner()._linkless_detectors]


@given(st.lists(st.sampled_from(_GATE_PIECES), max_size=12).map("".join))
@example("给我转账 Z:/DIxHmJU82hZ#")
@example("帮我转账 #吱口令# 谢谢")
@example("福袋助力码 72463725 谢谢大家")
@example("我的卡号 6222 0212 3456 7890 128")
def test_each_gate_holds_every_message_without_links_its_detector_finds_something_in(text: str) -> None:
    from linkguard.normalize import Text
    from linkguard.rules import detectors

    gated = _gated_detectors()
    assert len(gated) == 6 and all(gate for _fn, gate in gated)
    for fn, gate in gated:
        message = Text(text)
        if list(fn(detectors.Context(message, ()))):
            assert gate is not None and re.search(gate, message.view("folded").text), (text, gate)


def test_the_gate_changes_no_verdict_and_spares_most_plain_chat() -> None:
    import json
    from pathlib import Path

    from linkguard.normalize import Text

    corpus = Path(__file__).parent / "data" / "corpus.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line]
    gated = Scanner(cache_size=0)
    texts += [t for rule in gated.rules for t in (*rule.match_examples, *rule.ignore_examples)]
    ungated = Scanner(cache_size=0)
    ungated._linkless_gate = None  # every detector runs on every message
    gate = gated._linkless_gate
    assert gate is not None
    spared = 0
    for text in texts:
        verdict = gated.scan(text)
        assert verdict.to_dict() == ungated.scan(text).to_dict(), text
        spared += not verdict.links and gate.search(Text(text).view("folded").text) is None
    assert spared > len(texts) // 4  # the chat, thanks and warnings


def test_a_link_flood_of_the_members_own_task_links_is_excused_but_not_with_one_other_link() -> None:
    own = [f"https://mobile.yangkeduo.com/duo_cut.html?cut_id={n}" for n in range(6)]
    post = "帮我点这几个，都回\n" + "\n".join(own)
    assert "spam.flood_links" not in {r.rule for r in linkguard.scan(post).reasons}
    tainted = linkguard.scan(post + "\nhttp://pdd-fuli.vip/x")
    flood = next(r for r in tainted.reasons if r.rule == "spam.flood_links")
    assert len(flood.spans) == 7


def test_unless_official_links_drops_a_match_when_every_link_is_the_brands_own() -> None:
    text = """\
version: 1
rules:
  - id: credential.login
    category: credential
    weight: 70
    title: {zh: 登录, en: Log in}
    keywords: [登录]
    unless_official_links: true
"""
    scanner = Scanner.from_sources([Source("group.yaml", text)], defaults=False)

    def fires(message: str) -> bool:
        return any(r.rule == "credential.login" for r in scanner.scan(message).reasons)

    assert not fires("先登录一下 https://p.pinduoduo.com/TY7mctJv 再帮我砍")
    assert not fires("登录拼多多 https://mobile.yangkeduo.com/goods.html?goods_id=1 和 https://u.jd.com/AbCdEf1")
    assert fires("点我发的链接登录一下")  # no link here: the page was sent before
    assert fires("登录 https://p.pinduoduo.com/TY7mctJv 后再去 https://pdd-login.top/a 领")  # one link is not official
    assert fires("用这个登录 https://docs.qq.com/form/page/DAbc123")  # a platform-hosted page is anyone's
    # The official link must be on the match's line: a task link posted below never excuses (no dilution).
    assert fires("点我发的链接登录一下拼多多账号\n#小程序://拼多多/aBcDeFgHiJkLmNo 帮我点一下 https://p.pinduoduo.com/TY7mctJv")


@pytest.fixture
def built_views(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the views messages ask for, in order (the list is cleared by the test as it goes)."""
    from linkguard import normalize

    built: list[str] = []
    view = normalize.Text.view

    def counting(self: normalize.Text, name: str) -> Any:
        built.append(name)
        return view(self, name)

    monkeypatch.setattr(normalize.Text, "view", counting)
    return built


def test_ordinary_posts_build_only_the_views_their_rules_read(built_views: list[str]) -> None:
    # The default rules' context words hold numerals ("一看就是" reads "1看就是" in the digits view); when
    # that gave the digits view an automaton of its own, every message built it (7 % of the mix's time).
    built = built_views
    scanner = Scanner()
    for text in ["谢谢大家，帮我砍一刀", "已助力，互助必回", "我砍了三天了还差一点点"]:
        built.clear()
        assert scanner.scan(text).level is Level.SAFE
        assert "digits" not in built, text


def test_a_numeral_in_a_context_word_does_not_cost_a_digits_pass(built_views: list[str]) -> None:
    rules = (
        "rules:\n"
        "  - id: spam.q\n    category: spam\n    weight: 45\n    title: {zh: 留QQ号, en: QQ number}\n"
        "    view: digits\n    regex: 'q[0-9]{5,12}'\n"
        "    unless: {keywords: [一律别加], before: 12, after: {keywords: [踢一下], within: 12}}\n"
    )
    scanner = Scanner.from_sources([Source("group.yaml", rules)], defaults=False)
    assert scanner.scan("加我 q12345678 拉你进群").score == 45
    assert scanner.scan("一律别加 q12345678").score == 0
    assert scanner.scan("加 q②③④⑤⑥⑦ 的广告，管理员踢一下").score == 0
    built_views.clear()
    scanner.scan("谢谢大家，帮我砍一刀")
    assert "digits" not in built_views


TOLD = """\
rules:
  - id: spam.part_time
    category: spam
    weight: 50
    title: {zh: 兼职广告, en: Part-time job ad}
    view: compact
    keywords: [兼职日结]
    unless: {keywords: [别信], before: 8, told: {keywords: [被骗了, 钱没了], within: 30}, except: [被骗了找我]}
"""


def test_a_members_story_on_the_line_excuses_the_match() -> None:
    scanner = Scanner.from_sources([Source("group.yaml", TOLD)], defaults=False)
    assert scanner.scan("兼职日结，一天三百").score == 50
    assert scanner.scan("我表姐被骗了 做那个兼职日结 后来还要交钱").score == 0  # before it
    assert scanner.scan("做那个兼职日结 后来还要交会员费 钱没了").score == 0  # after it
    assert scanner.scan("被骗了找我 兼职日结 帮你回本").score == 50  # an exception: a recovery pitch
    assert scanner.scan("我表姐被骗了\n兼职日结，一天三百").score == 50  # another line of a paste
    far = "我表姐被骗了" + "，今天天气很好" * 6 + "，兼职日结"
    assert scanner.scan(far).score == 50  # beyond `within` (view characters: the compact view has no commas)
