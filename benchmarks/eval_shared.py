"""Evaluate the default rules on the team's shared labeled SMS sets (an evaluation script, not a test).

Prints, per file, the share of messages flagged (level >= suspicious) for each label and, where the
file has one, each `category`; plus the rules that fire most often on the negative label.

    python benchmarks/eval_shared.py [--data DIR] [--examples N] [--top N] [FILE ...]

The data directory defaults to ../shared/data next to the repository; it is never read by tests.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import linkguard

DEFAULT_FILES = ("zh_sms_mudou", "zh_sms_fbs", "zh_telecom_fraud5", "en_sms_uci")
NEGATIVE = "ham"


def _rows(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(path: Path, scanner: linkguard.Scanner, examples: int, top: int) -> None:
    """Scan one labeled file and print flagged shares per label and category."""
    rows = _rows(path)
    total: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    cat_total: Counter[tuple[str, str]] = Counter()
    cat_flagged: Counter[tuple[str, str]] = Counter()
    neg_rules: Counter[str] = Counter()
    pos_rules: Counter[str] = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    texts = [str(r.get("text", "")) for r in rows]
    for row, verdict in zip(rows, scanner.scan_many(texts), strict=True):
        label = str(row.get("label"))
        total[label] += 1
        category = row.get("category")
        if category is not None:
            cat_total[(label, str(category))] += 1
        rules = {r.rule for r in verdict.reasons if r.weight > 0}
        if verdict.flagged:
            flagged[label] += 1
            if category is not None:
                cat_flagged[(label, str(category))] += 1
        if label == NEGATIVE:
            if verdict.flagged:
                neg_rules.update(rules)
                if len(shown["fp"]) < examples:
                    shown["fp"].append(f"{verdict.score:3d} {sorted(rules)} {row['text']!s:.100}")
        else:
            pos_rules.update(rules)
            if not verdict.flagged and len(shown["fn"]) < examples:
                shown["fn"].append(f"{verdict.score:3d} [{category or label}] {row['text']!s:.100}")
    print(f"\n== {path.name}  ({len(rows)} rows)")
    for label in sorted(total):
        n = total[label]
        print(f"  {label:10s} flagged {flagged[label]:5d}/{n:<5d} {100 * flagged[label] / n:6.1f}%")
    if cat_total:
        print("  by category:")
        for (label, category), n in sorted(cat_total.items()):
            k = cat_flagged[(label, category)]
            print(f"    {label:8s} {category:28s} {k:5d}/{n:<5d} {100 * k / n:6.1f}%")
    if neg_rules:
        print(f"  rules firing on flagged {NEGATIVE}: " + ", ".join(f"{r}={c}" for r, c in neg_rules.most_common(top)))
    if pos_rules:
        print("  rules firing on positives: " + ", ".join(f"{r}={c}" for r, c in pos_rules.most_common(top)))
    for kind, title in (("fp", f"flagged {NEGATIVE}"), ("fn", "missed positives")):
        if shown[kind]:
            print(f"  {title}:")
            for line in shown[kind]:
                print("    " + line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", help="file names (without .jsonl) or paths")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--examples", type=int, default=0, help="show N false positives and N misses per file")
    parser.add_argument("--top", type=int, default=8, help="how many rule counts to show")
    args = parser.parse_args(argv)
    scanner = linkguard.Scanner()
    for name in args.files or DEFAULT_FILES:
        path = Path(name)
        if not path.is_file():
            path = args.data / f"{name}.jsonl"
        if not path.is_file():
            print(f"missing: {path}", file=sys.stderr)
            continue
        evaluate(path, scanner, args.examples, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
