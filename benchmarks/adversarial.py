"""Cost per character of hostile inputs: which one is slowest, and does any grow faster than linearly?

Run:  python benchmarks/adversarial.py [--sizes 10000,100000,1000000]
Prints, for every input kind, the scan time per character at each size and the ratio between the
largest and the smallest size (about 1 means linear).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

import linkguard

SCAM = "把验证码发给我"


def _repeat(piece: str) -> Callable[[int], str]:
    return lambda n: (piece * (n // len(piece) + 1))[:n]


KINDS: dict[str, Callable[[int], str]] = {
    "plain chat": _repeat("谢谢大家帮忙砍一刀，已助力。"),
    "combining marks": _repeat("e\u0301\u0302\u0303"),
    "bidi overrides": _repeat("\u202e验证码\u202c"),
    "zero-width between letters": _repeat("验\u200b证\u200b码\u200b"),
    "emoji ZWJ": _repeat("\U0001f469\u200d\U0001f4bb"),
    "ANSI escapes": _repeat("\x1b[31m红\x1b[0m"),
    "lone surrogates": _repeat("\ud800a"),
    "dots": _repeat("a."),
    "chinese dots": _repeat("a点"),
    "schemes": _repeat("http://"),
    "long host": lambda n: "https://" + "a" * (n - 12) + ".com",
    "digits": _repeat("1"),
    "spaced digits": _repeat("1 "),
    "circled digits": _repeat("①"),
    "at signs": _repeat("@"),
    "fences": _repeat("￥abc"),
    "keywords": _repeat("验证码发"),
    "warnings": _repeat("不要"),
    "links": _repeat("https://pinduoduo-help.top/a "),
    "official links": _repeat("https://mobile.yangkeduo.com/goods.html?goods_id=1 "),
    "brand words": _repeat("拼多多淘宝京东"),
    "newlines": _repeat("\n"),
    "repeated lines": _repeat("加我薇信\n"),
}


def measure(scanner: linkguard.Scanner, text: str, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        scanner.scan(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    scanner = linkguard.Scanner()
    rows = []
    for name, make in KINDS.items():
        per_char = []
        for n in sizes:
            text = make(n) + SCAM
            per_char.append(measure(scanner, text) / len(text) * 1e6)
            assert scanner.scan(text).score > 0 or name in ("warnings",), name
        rows.append({"input": name, "us_per_char": per_char, "growth": per_char[-1] / per_char[0]})
    rows.sort(key=lambda r: -r["us_per_char"][-1])
    head = "input".ljust(28) + "".join(f"{n:>12,}" for n in sizes) + "   growth"
    print(head + "\n" + "-" * len(head))
    for r in rows:
        cells = "".join(f"{c:12.3f}" for c in r["us_per_char"])
        print(f"{r['input']:<28}{cells}   {r['growth']:.2f}x")
    print(f"\nslowest per character at {sizes[-1]:,}: {rows[0]['input']} ({rows[0]['us_per_char'][-1]:.3f} µs/char)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"sizes": sizes, "rows": rows}, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
