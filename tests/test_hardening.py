"""Hostile input: linear time on adversarial text, every window scanned, threads and processes agree."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

import pytest

from linkguard import Scanner
from linkguard.rules.regexes import compile_regex, required_literals

SCANNER = Scanner()
CHAT = [
    "谢谢大家帮忙砍一刀", "已助力，麻烦回一下", "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=123",
    "今天的福袋还差两个人", "好的收到", "群主辛苦了🙏", "有没有人互助现金大转盘", "晚上好",
]  # fmt: skip
EXAMPLES = [e for r in SCANNER.rules for e in r.match_examples]


def corpus(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    pool = CHAT + EXAMPLES
    return [" ".join(rnd.choice(pool) for _ in range(rnd.randint(1, 3))) for _ in range(n)]


def best_time(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def test_eight_threads_agree_with_serial() -> None:
    messages = corpus(10_000)
    serial = [SCANNER.scan(m) for m in messages]
    assert sum(v.score > 0 for v in serial) > 1000  # the mix really is risky
    out: list[list[object]] = [[] for _ in range(8)]

    def work(k: int) -> None:
        out[k] = [SCANNER.scan(m) for m in messages[k::8]]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(8):
        assert out[k] == serial[k::8]


def test_processes_agree_with_serial() -> None:
    messages = corpus(3000, seed=3)
    assert list(SCANNER.scan_many(messages, workers=2)) == [SCANNER.scan(m) for m in messages]


def _adversarial(pattern: str, n: int) -> list[str]:
    """Inputs that make backtracking regexes slow: long runs of what the pattern's pieces accept."""
    seeds = [*(required_literals(pattern) or ()), "1", "a", " ", "1 ", "1-", ".", "a.", "/", "%"]
    return [(seed * (n // len(seed) + 1))[:n] + "!" for seed in seeds]


REGEX_RULES = [r for r in SCANNER.rules if r.matcher == "regex"]


@pytest.mark.parametrize("rule", REGEX_RULES, ids=[r.id for r in REGEX_RULES])
def test_default_regexes_stay_linear_on_adversarial_input(rule: object) -> None:
    pattern = compile_regex(rule.spec)  # type: ignore[attr-defined]
    small, big = 2_000, 32_000
    for short, long in zip(_adversarial(rule.spec, small), _adversarial(rule.spec, big), strict=True):  # type: ignore[attr-defined]
        t_small = best_time(lambda s=short: list(pattern.finditer(s)))  # type: ignore[misc]
        t_big = best_time(lambda s=long: list(pattern.finditer(s)))  # type: ignore[misc]
        per_char_small = max(t_small, 2e-5) / small
        per_char_big = t_big / big
        assert per_char_big <= 6 * per_char_small, (rule.id, long[:20], t_small, t_big)  # type: ignore[attr-defined]


def test_whole_scan_cost_per_character_is_flat() -> None:
    filler = "".join(corpus(400, seed=11))
    small_text = (filler * 4)[:10_000] + "把验证码发给我"
    big_text = (filler * 100)[:320_000] + "把验证码发给我"
    t_small = best_time(lambda: SCANNER.scan(small_text))
    t_big = best_time(lambda: SCANNER.scan(big_text), repeat=2)
    assert (t_big / len(big_text)) <= 4 * (t_small / len(small_text))


def test_scam_after_a_megabyte_of_filler_is_found() -> None:
    scam = "把验证码发给我"
    verdict = SCANNER.scan("谢谢大家。" * 200_000 + scam)
    assert verdict.level == "dangerous"
    start = 5 * 200_000
    assert any(span[0] >= start for r in verdict.reasons for span in r.spans)


def test_pathological_unicode_does_not_crash() -> None:
    nasty = [
        "\u0301" * 50_000, "\u202e" * 1000 + "验证码发我", "\U0001f469\u200d\U0001f4bb" * 5000, "\ud800" * 1000,
        "\x00\x1b[2J\x07" * 1000, "。" * 50_000, "点" * 50_000, "http://" * 10_000, "a." * 50_000, "1" * 100_000,
        "①" * 30_000, "https://" + "a" * 100_000 + ".com", "@" * 50_000, "[.]" * 30_000,
    ]  # fmt: skip
    for text in nasty:
        verdict = SCANNER.scan(text)
        assert 0 <= verdict.score <= 100


HOSTILE_PIECES = {
    "dots": "a.", "chinese dots": "a点", "schemes": "http://", "at signs": "@", "spaced digits": "1 ",
    "digit groups": "6222 0212 3456 ", "short digit groups": "1 12 ",
    "zero-width": "验\u200b证\u200b码\u200b", "bidi": "\u202e验证码\u202c", "links": "https://pinduoduo-help.top/a ",
    "keywords": "验证码发", "fences": "￥abc", "repeated lines": "加我薇信\n", "emoji": "\U0001f469\u200d\U0001f4bb",
    # written-out dots: every label could start a host running to the end of the chain
    "defanged dots": "a[.]", "spaced defanged dots": "a [.] ", "dot words": "a dot ", "bracketed dot words": "a(dot)",
    "spaced chinese dots": "a 点 ", "pinyin dots": "a dian com ", "hours": "8点a", "numbers and dots": "111点",
    # every match with context words all around it (near, warnings, exceptions to warnings)
    "asks": "验证码发我", "warnings": "不要验证码吗", "excused warnings": "别担心验证码发我",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE_PIECES))
def test_hostile_repeats_cost_about_what_plain_chat_costs(name: str) -> None:
    def per_char(piece: str, n: int) -> float:
        text = (piece * (n // len(piece) + 1))[:n] + "把验证码发给我"
        return best_time(lambda: SCANNER.scan(text), repeat=2) / len(text)

    plain = per_char("谢谢大家帮忙砍一刀，已助力。", 20_000)
    small, big = per_char(HOSTILE_PIECES[name], 5_000), per_char(HOSTILE_PIECES[name], 40_000)
    # A keyword every few characters costs the most (each match has its context checked in Python), plain chat
    # looks for context words only around its few matches and spends its time in C: measured up to ~17x plain
    # chat on Python 3.11 and 3.12, and up to ~26x on 3.10, whose interpreter is slower against the same C.
    assert big <= 35 * plain, f"{name}: {big * 1e6:.2f} µs/char against {plain * 1e6:.2f} for plain chat"
    assert big <= 3 * small, f"{name} grows faster than linearly: {small * 1e6:.2f} -> {big * 1e6:.2f} µs/char"
