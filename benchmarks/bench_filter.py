"""Throughput and memory of `linkguard filter`: msgs/s with 1 and 2 workers, peak RSS on a large stream.

Usage: python benchmarks/bench_filter.py [--lines 100000] [--rss-lines 1000000] [--workers 1 2]
Messages are generated here (seeded mix of group chatter, official task posts and scams, ~5% broken
lines). Each run is a fresh `linkguard filter` process reading a file on stdin, writing to /dev/null;
peak RSS is the largest process of the run (the filter or one of its workers), from
getrusage(RUSAGE_CHILDREN) in a wrapper process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

CLI = "import sys; from linkguard.cli import main; sys.exit(main())"

# The wrapper runs one filter process and reports its wall time and peak RSS (ru_maxrss: KiB on Linux).
_WRAPPER = """
import json, resource, subprocess, sys, time
cmd, path = json.loads(sys.argv[1]), sys.argv[2]
with open(path, "rb") as stdin, open("/dev/null", "wb") as out:
    start = time.perf_counter()
    rc = subprocess.run(cmd, stdin=stdin, stdout=out, stderr=subprocess.PIPE).returncode
    seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": rc, "seconds": seconds, "rss_kb": rss // 1024 if sys.platform == "darwin" else rss}))
"""

_CHAT = ["谢谢大家帮忙砍价，已经拿到了", "好的收到", "已助力，帮我也点一下", "今天的互助帖在哪", "刚下单，等发货",
         "群里有人用过这个吗", "晚安各位", "这个链接打不开怎么办", "求互助，互点必回", "感谢群主"]
_OFFICIAL = ["帮我砍一刀，砍价免费拿 https://mobile.yangkeduo.com/goods.html?goods_id={n}",
             "助力一下，谢谢 https://p.pinduoduo.com/{code}", "福袋口令 {digits}，帮忙点一下",
             "拼多多砍价免费拿，还差一点 https://mobile.yangkeduo.com/bargain.html?id={n}"]
_SCAM = ["【客服】您的订单异常，把收到的验证码发我，马上给您退款",
         "兼职刷单日结{n}元，加我微信 wx{digits}",
         "恭喜中奖，点击领取 http://pinduoduo-{code}.top/prize 填写银行卡",
         "官方退款通道 http://yangkeduo.com.{code}.xyz/refund 输入支付密码",
         "客服不会向你要验证码，千万别给"]


def messages(n: int, seed: int = 0) -> Iterator[str]:
    """n JSON lines: 60% chatter, 20% official task posts, 15% scams, 5% broken lines."""
    rng = random.Random(seed)
    for i in range(n):
        roll = rng.random()
        if roll < 0.05:
            yield rng.choice(['{"text": "半截', "", "not json", '{"msg": "no text field"}'])
            continue
        pool = _CHAT if roll < 0.65 else _OFFICIAL if roll < 0.85 else _SCAM
        text = rng.choice(pool).format(n=rng.randrange(10**6, 10**9), digits=rng.randrange(10**7, 10**8),
                                       code=f"{rng.getrandbits(24):06x}")
        yield json.dumps({"id": i, "user": f"用户{rng.randrange(500)}", "text": text}, ensure_ascii=False)


def _write(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for line in messages(n):
            out.write(line + "\n")


def _run(path: Path, workers: int) -> dict[str, float]:
    cmd = [sys.executable, "-c", CLI, "filter", "--workers", str(workers)]
    done = subprocess.run([sys.executable, "-c", _WRAPPER, json.dumps(cmd), str(path)],
                          capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    if result["rc"] != 0:
        raise SystemExit(f"linkguard filter failed with exit code {result['rc']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=100_000, help="lines for the throughput runs")
    parser.add_argument("--rss-lines", type=int, default=1_000_000, help="lines for the memory run (0: skip)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="lg-bench-") as tmp:
        small = Path(tmp) / "small.jsonl"
        _write(small, args.lines)
        for workers in args.workers:
            r = _run(small, workers)
            rows.append((f"{args.lines:,} lines", workers, r["seconds"], args.lines / r["seconds"], r["rss_kb"]))
        if args.rss_lines:
            big = Path(tmp) / "big.jsonl"
            _write(big, args.rss_lines)
            workers = max(args.workers)
            r = _run(big, workers)
            rows.append((f"{args.rss_lines:,} lines", workers, r["seconds"], args.rss_lines / r["seconds"],
                         r["rss_kb"]))
            big.unlink()
    print(f"linkguard filter (cpus: {os.cpu_count()}, python {sys.version.split()[0]})")
    print(f"{'input':>16}  {'workers':>7}  {'seconds':>8}  {'msgs/s':>9}  {'peak RSS':>9}")
    for label, workers, seconds, rate, rss in rows:
        print(f"{label:>16}  {workers:>7}  {seconds:>8.2f}  {rate:>9,.0f}  {rss / 1024:>7.1f}MB")


if __name__ == "__main__":
    main()
