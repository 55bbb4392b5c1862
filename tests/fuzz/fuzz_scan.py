"""Coverage-guided fuzzing of linkguard.scan with atheris (outside the normal test suite).

Run:  pip install atheris && python tests/fuzz/fuzz_scan.py -atheris_runs=1000000
Each input is decoded as text (with lone surrogates and control characters kept), optionally mixed with
one of the rules' own examples, scanned, and checked against the DESIGN invariants.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import linkguard

SCANNER = linkguard.Scanner(reveal_pii=True)
EXAMPLES = [e for r in SCANNER.rules for e in (*r.match_examples, *r.ignore_examples)] or ["把验证码发我"]


def check(text: str) -> None:
    verdict = SCANNER.scan(text)
    assert 0 <= verdict.score <= 100, verdict.score
    for reason in verdict.reasons:
        for (start, end), evidence in zip(reason.spans, reason.evidence, strict=True):
            assert 0 <= start < end <= len(text), (reason.rule, start, end, len(text))
            assert text[start:end] == evidence or "\ufffd" in evidence, (reason.rule, evidence)
    for link in verdict.links:
        assert 0 <= link.span[0] < link.span[1] <= len(text)


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 3)
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes()) if mode == 3 else fdp.ConsumeUnicode(4096)
    if mode == 1:
        text = EXAMPLES[len(text) % len(EXAMPLES)] + text
    elif mode == 2:
        text = text + EXAMPLES[len(text) % len(EXAMPLES)]
    check(text)
    if len(text) < 200:
        a, b = text[: len(text) // 2], text[len(text) // 2 :]
        joined = SCANNER.scan(a + "\n" + b).score
        assert joined >= SCANNER.scan(a).score and joined >= SCANNER.scan(b).score, (a, b)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
