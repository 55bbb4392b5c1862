"""DESIGN invariants 1-3 as properties over the rules' own examples mixed with random text."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from linkguard import Scanner

SCANNER = Scanner()
REVEAL = Scanner(reveal_pii=True)
EXAMPLES = sorted({e for r in SCANNER.rules for e in (*r.match_examples, *r.ignore_examples)}) or ["把验证码发我"]
HOSTILE = ["\u202e", "\u200b", "\x1b[31m", "\ud800", "\U0001f469\u200d\U0001f4bb", "e\u0301", "\n", "。", "，"]

pieces = st.one_of(
    st.sampled_from(EXAMPLES),
    st.text(max_size=30),
    st.sampled_from(HOSTILE),
    st.text(alphabet="验证码发我加微信vx①③⑧ 一二三,.。点com/:httpsyangkeduo", max_size=20),
)
MATCH = sorted({e for r in SCANNER.rules if r.weight > 0 for e in r.match_examples}) or ["把验证码发我"]


def _insert(parts: tuple[str, list[str], int]) -> str:
    risky, others, at = parts
    others.insert(min(at, len(others)), risky)
    return "".join(others)


plain = st.lists(pieces, min_size=1, max_size=4).map("".join)
risky = st.tuples(st.sampled_from(MATCH), st.lists(pieces, max_size=3), st.integers(0, 3)).map(_insert)
messages = st.one_of(plain, risky)
SCORES: list[int] = []


@given(messages)
def test_never_raises_scores_in_range_and_deterministic(text: str) -> None:
    verdict = SCANNER.scan(text)
    assert 0 <= verdict.score <= 100
    assert SCANNER.scan(text) == verdict
    SCORES.append(verdict.score)


def test_properties_were_not_vacuous() -> None:
    assert len(SCORES) >= 50
    assert sum(1 for s in SCORES if s > 0) / len(SCORES) >= 0.2


@given(messages)
def test_every_span_is_inside_the_message_and_quotes_it(text: str) -> None:
    verdict = REVEAL.scan(text)
    for reason in verdict.reasons:
        assert len(reason.spans) == len(reason.evidence)
        for (start, end), evidence in zip(reason.spans, reason.evidence, strict=True):
            assert 0 <= start < end <= len(text)
            assert text[start:end] == evidence or "\ufffd" in evidence
    for link in verdict.links:
        start, end = link.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == link.text or "\ufffd" in link.text


@given(messages, messages)
@example("我", "账户被冻结了，交解冻费才能提现")  # a member's own 我 on the line above excused the script
def test_no_dilution(a: str, b: str) -> None:
    joined = SCANNER.scan(a + "\n" + b).score
    assert joined >= SCANNER.scan(a).score
    assert joined >= SCANNER.scan(b).score


huge = st.tuples(st.sampled_from([*HOSTILE, "验证码", "a.", "1", "①", "http://"]), st.integers(1_000, 20_000)).map(
    lambda piece: piece[0] * piece[1]
)


@settings(max_examples=15)
@given(huge, st.sampled_from(MATCH))
def test_huge_repeats_keep_every_invariant(filler: str, scam: str) -> None:
    alone = SCANNER.scan(scam).score
    for text in (filler + "\n" + scam, scam + "\n" + filler):
        verdict = REVEAL.scan(text)
        assert 0 <= verdict.score <= 100 and verdict.score >= alone
        for reason in verdict.reasons:
            for (start, end), evidence in zip(reason.spans, reason.evidence, strict=True):
                assert text[start:end] == evidence or "\ufffd" in evidence
