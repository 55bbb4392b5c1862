"""The labeled group-chat corpus (tests/data/corpus.jsonl) against the default rules.

Run with `pytest -s tests/test_corpus.py` to see the per-category table. The corpus was written
before the rules were tuned; a seeded quarter of it is marked "holdout" and was not looked at
while tuning. The assertions hold on the dev split and on all rows.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

import linkguard

CORPUS = Path(__file__).parent / "data" / "corpus.jsonl"
LABELS = ("safe", "credential", "money", "spam", "violation", "malware", "pii", "phishing")
RISKY = LABELS[1:]
EVASIONS = (
    "zero-width", "full-width", "traditional", "spaced", "homophone", "dot-obfuscation",
    "circled-digits", "emoji-interleave", "chinese-numerals",
)  # fmt: skip
SPLITS = ("dev", "all")

MIN_PER_CATEGORY = 0.90  # share of each risky label flagged (level >= suspicious)
MIN_RISKY = 0.95  # share of all risky rows flagged
MAX_SAFE = 0.02  # share of safe rows flagged
MIN_EVASION = 0.90  # share of risky rows written with an evasion trick that are flagged


@dataclass(frozen=True, slots=True)
class Row:
    text: str
    label: str
    evasion: str | None
    kind: str
    split: str


@lru_cache(maxsize=1)
def rows() -> tuple[Row, ...]:
    with CORPUS.open(encoding="utf-8") as fh:
        return tuple(Row(**json.loads(line)) for line in fh if line.strip())


@lru_cache(maxsize=1)
def flagged() -> tuple[bool, ...]:
    scanner = linkguard.Scanner()
    return tuple(v.flagged for v in scanner.scan_many(r.text for r in rows()))


def selected(split: str) -> list[tuple[Row, bool]]:
    return [(r, f) for r, f in zip(rows(), flagged(), strict=True) if split == "all" or r.split == split]


def share(pairs: list[tuple[Row, bool]]) -> float:
    return sum(f for _, f in pairs) / len(pairs) if pairs else 0.0


def has_phishing_rules() -> bool:
    return any(rule.category == "phishing" and rule.weight > 0 for rule in linkguard.Scanner().rules)


# -- the corpus itself ------------------------------------------------------------------------


def test_corpus_shape() -> None:
    data = rows()
    assert len(data) >= 560
    assert len({r.text for r in data}) == len(data), "duplicate texts"
    labels = Counter(r.label for r in data)
    assert set(labels) == set(LABELS)
    assert 0.40 <= labels["safe"] / len(data) <= 0.50
    assert 20 <= labels["phishing"] <= 40
    assert {r.evasion for r in data} - {None} == set(EVASIONS)
    assert {r.split for r in data} == {"dev", "holdout"}
    for label in LABELS:
        in_label = [r for r in data if r.label == label]
        hold = sum(r.split == "holdout" for r in in_label) / len(in_label)
        assert 0.15 <= hold <= 0.35, (label, hold)
    for label in ("credential", "money", "spam", "violation", "malware"):
        tricks = {r.evasion for r in data if r.label == label}
        assert {"zero-width", "full-width", "traditional", "spaced", "emoji-interleave"} <= tricks, label


def test_corpus_covers_group_traffic() -> None:
    safe = " ".join(r.text for r in rows() if r.label == "safe")
    for must in ("mobile.yangkeduo.com", "p.pinduoduo.com", "#小程序://拼多多", "福袋", "微信支付", "微信公众号",
                 "安徽信息工程学院", "订单号", "取件码", "客服不会向你要验证码，千万别给", "本群禁止刷单，发现踢出",
                 "谨防加微信的骗子"):  # fmt: skip
        assert must in safe, must


# -- detection quality ------------------------------------------------------------------------


def print_table(split: str) -> None:
    pairs = selected(split)
    print(f"\n[{split}] label        flagged / rows")
    for label in LABELS:
        sub = [p for p in pairs if p[0].label == label]
        print(f"[{split}] {label:12s} {sum(f for _, f in sub):4d} / {len(sub):4d}  {100 * share(sub):5.1f}%")
    ev = [p for p in pairs if p[0].label != "safe" and p[0].evasion]
    print(f"[{split}] evasion      {sum(f for _, f in ev):4d} / {len(ev):4d}  {100 * share(ev):5.1f}%")
    for trick in EVASIONS:
        sub = [p for p in ev if p[0].evasion == trick]
        if sub:
            print(f"[{split}]   {trick:18s} {sum(f for _, f in sub):3d} / {len(sub):3d}")


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("label", RISKY)
def test_each_risky_category_is_flagged(split: str, label: str) -> None:
    if label == "phishing" and not has_phishing_rules():
        pytest.skip("no phishing (link) rules in the default rule set yet")
    pairs = [p for p in selected(split) if p[0].label == label]
    missed = [r.text for r, f in pairs if not f]
    assert share(pairs) >= MIN_PER_CATEGORY, f"{label}: missed {missed}"


@pytest.mark.parametrize("split", SPLITS)
def test_risky_overall(split: str) -> None:
    print_table(split)
    labels = RISKY if has_phishing_rules() else RISKY[:-1]
    pairs = [p for p in selected(split) if p[0].label in labels]
    assert share(pairs) >= MIN_RISKY, [r.text for r, f in pairs if not f]


@pytest.mark.parametrize("split", SPLITS)
def test_safe_rarely_flagged(split: str) -> None:
    pairs = [p for p in selected(split) if p[0].label == "safe"]
    wrong = [r.text for r, f in pairs if f]
    assert share(pairs) <= MAX_SAFE, wrong


@pytest.mark.parametrize("split", SPLITS)
def test_evasions_are_flagged(split: str) -> None:
    labels = RISKY if has_phishing_rules() else RISKY[:-1]
    pairs = [p for p in selected(split) if p[0].label in labels and p[0].evasion]
    assert share(pairs) >= MIN_EVASION, [(r.evasion, r.text) for r, f in pairs if not f]


def test_task_posts_and_warnings_are_all_safe() -> None:
    """The group's own traffic kinds must never be flagged, not even one."""
    wrong = [r.text for r, f in selected("all") if r.kind in ("task-link", "fudai-code", "mini-program") and f]
    assert not wrong
