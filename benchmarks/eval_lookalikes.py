"""Lookalike evaluation: dnstwist recall per fuzzer kind, false positives on the Tranco top 10k.

Usage: python benchmarks/eval_lookalikes.py [--tranco PATH] [--threshold 0.6] [--show N]
Needs `dnstwist` (pip install dnstwist) for this script only; it is not a linkguard dependency.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from linkguard.domains import LOOKALIKE_KINDS, Domains, split_host

DEFAULT_TRANCO = Path(__file__).resolve().parents[2] / "shared/data/benign_domains_tranco_top10k.jsonl"
TLD_SWAPS = ["net", "cn", "com.cn", "org", "top", "xyz", "vip", "cc", "shop", "info", "icu", "app"]


def flagged(domains: Domains, host: str, threshold: float) -> tuple[bool, str]:
    """Whether `host` has a lookalike-type finding at or above `threshold`, and which."""
    info = domains.judge(host)
    for f in info.findings:
        if f.kind in LOOKALIKE_KINDS and f.strength >= threshold:
            return True, f"{f.kind}:{f.brand}:{f.strength}"
    return False, ",".join(f"{f.kind}:{f.brand}:{f.strength}" for f in info.findings) or (
        "official" if info.official else "-"
    )


def targets(domains: Domains) -> list[str]:
    """One official domain per brand label of 4+ characters."""
    out = []
    for brand in Domains.brands().values():
        for label in brand.labels:
            if len(label) < 4:
                continue
            dom = next((d for d in brand.domains if d.split(".")[0] == label), None)
            if dom is not None:
                out.append(dom)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--tranco", type=Path, default=DEFAULT_TRANCO)
    ap.add_argument("--threshold", type=float, default=0.6)
    ap.add_argument("--show", type=int, default=8, help="examples of misses / false positives to print")
    args = ap.parse_args()
    import dnstwist  # type: ignore[import-untyped]

    domains = Domains()
    tranco = [json.loads(line)["url"].strip().lower() for line in args.tranco.open(encoding="utf-8")]
    tranco_set = set(tranco)

    # False positives on popular benign sites.
    fps = []
    t0 = time.perf_counter()
    for host in tranco:
        ok, why = flagged(domains, host, args.threshold)
        if ok:
            fps.append((host, why))
    dt = time.perf_counter() - t0
    print(
        f"Tranco: {len(fps)}/{len(tranco)} flagged = {100 * len(fps) / len(tranco):.2f}% "
        f"({1e6 * dt / len(tranco):.1f} us/host cold)"
    )
    for host, why in fps[: args.show * 4]:
        print(f"  FP {host}  {why}")

    # Recall on dnstwist permutations of official domains.
    total: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    misses: dict[str, list[str]] = {}
    skipped_real = 0
    tlist = targets(domains)
    for dom in tlist:
        fz = dnstwist.Fuzzer(dom, tld_dictionary=list(TLD_SWAPS))
        fz.generate()
        for p in fz.domains:
            kind, host = p["fuzzer"], p["domain"]
            if kind == "*original":
                continue
            _sub, label, suffix = split_host(host)
            reg = f"{label}.{suffix}"
            if reg in tranco_set or host in tranco_set:
                skipped_real += 1
                continue
            if domains.judge(host).official:
                skipped_real += 1
                continue
            total[kind] += 1
            ok, why = flagged(domains, host, args.threshold)
            if ok:
                hit[kind] += 1
            else:
                misses.setdefault(kind, []).append(f"{host} ({why})")
    all_t, all_h = sum(total.values()), sum(hit.values())
    print(
        f"\nRecall on dnstwist permutations of {len(tlist)} official domains "
        f"(threshold {args.threshold}; {skipped_real} real/official permutations left out)"
    )
    print(f"  overall (per permutation): {all_h}/{all_t} = {100 * all_h / all_t:.1f}%")
    macro = sum(hit[k] / total[k] for k in total) / len(total)
    print(f"  mean over kinds: {100 * macro:.1f}%")
    for kind in sorted(total, key=lambda k: hit[k] / total[k]):
        print(f"  {kind:14s} {hit[kind]:6d}/{total[kind]:<6d} {100 * hit[kind] / total[kind]:5.1f}%")
    for kind, ms in misses.items():
        print(f"  misses {kind}: {', '.join(ms[: args.show])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
