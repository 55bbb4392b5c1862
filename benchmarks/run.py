"""linkguard performance benchmark: one command, a table on stdout, JSON in a file.

Usage: python benchmarks/run.py [--quick] [--out FILE] [--size N] [--seed S]
Figures: msgs/s on one core, latency p50/p99, cost per character from 1 KB to 1 MB, import time,
CLI cold start, peak RSS, scan_many speed-up with 2 workers, and the NFKC + Aho-Corasick floor.
See benchmarks/README.md for what each figure means and the targets.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from generate import LONG_SIZES, generate, long_message  # noqa: E402

DEFAULT_OUT = HERE / "results.json"
COLD_MESSAGE = "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=123456789"


@dataclass(frozen=True, slots=True)
class Settings:
    """How much work each measurement does."""

    quick: bool
    size: int  # messages in the mix
    parallel_size: int  # messages for the scan_many comparison
    seed: int
    repeats: int  # timed passes over the mix
    latency_passes: int  # timed calls per message for the latency percentiles
    long_min_runs: int
    long_min_seconds: float
    parallel_repeats: int
    subprocess_runs: int  # import time and cold start


@dataclass(frozen=True, slots=True)
class Target:
    """A figure, its goal and whether it was met."""

    name: str
    value: float
    op: str  # "<=" or ">="
    goal: float
    unit: str

    @property
    def passed(self) -> bool:
        """Whether the figure meets its goal."""
        return self.value <= self.goal if self.op == "<=" else self.value >= self.goal


def _progress(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def _median_runs(fn: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    """Median wall time of `runs` calls of `fn` (seconds), and every run."""
    times: list[float] = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, math.ceil(q / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def _maxrss_mb() -> float:
    """ru_maxrss in MB (bytes on macOS, KiB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1 << 20) if sys.platform == "darwin" else rss / 1024


def _peak_rss_mb() -> tuple[float, str]:
    """This process's own peak RSS in MB, and where it came from.

    On Linux, ru_maxrss of a freshly exec'd child also counts the parent's memory (the vfork'd
    address space before exec), so the per-process high-water mark VmHWM is used when present.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024, "VmHWM"
    except OSError:
        pass
    return _maxrss_mb(), "ru_maxrss"


# -- measurements -------------------------------------------------------------------------------


def measure_throughput(scanner: Any, texts: list[str], s: Settings) -> dict[str, Any]:
    """Messages per second on one core, warm scanner, median of several passes."""
    scan = scanner.scan

    def one_pass() -> None:
        for t in texts:
            scan(t)

    median, runs = _median_runs(one_pass, s.repeats)
    return {
        "messages": len(texts),
        "repeats": s.repeats,
        "seconds": [round(r, 4) for r in runs],
        "median_s": round(median, 4),
        "msgs_per_s": round(len(texts) / median, 1),
    }


def measure_cached(make_scanner: Any, texts: list[str], s: Settings) -> dict[str, Any]:
    """Messages per second with the default result cache, emptied before each pass (repeats within the
    mix hit it, as repeats within real chat do; repeats across passes do not)."""
    warm = generate(1000, seed=s.seed + 1)
    runs = []
    for _ in range(s.repeats):
        scanner = make_scanner()
        for t in warm:
            scanner.scan(t)
        scanner._cache.clear()
        start = time.perf_counter()
        for t in texts:
            scanner.scan(t)
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    return {"seconds": [round(r, 4) for r in runs], "msgs_per_s": round(len(texts) / median, 1),
            "unique_messages": len(set(texts)), "messages": len(texts)}


def measure_latency(scanner: Any, texts: list[str], s: Settings) -> dict[str, Any]:
    """Per-message latency percentiles; each message's time is the median of its timed calls."""
    scan = scanner.scan
    clock = time.perf_counter_ns
    short = [t for t in texts if len(t) <= 500]
    samples: list[list[int]] = [[] for _ in short]
    for _ in range(s.latency_passes):
        gc.collect()
        for i, t in enumerate(short):
            t0 = clock()
            scan(t)
            samples[i].append(clock() - t0)
    per_message = sorted(statistics.median(x) / 1000 for x in samples)
    return {
        "messages": len(short),
        "max_chars": 500,
        "passes": s.latency_passes,
        "p50": round(_percentile(per_message, 50), 2),
        "p90": round(_percentile(per_message, 90), 2),
        "p99": round(_percentile(per_message, 99), 2),
        "max": round(per_message[-1], 2) if per_message else float("nan"),
    }


def default_keywords(scanner: Any) -> list[str]:
    """Every keyword of the loaded keyword rules, as the floor's automaton uses them."""
    words = [w for r in scanner.rules if r.matcher == "keywords" for w in r.spec]
    return list(dict.fromkeys(w for w in words if w))


def measure_floor(keywords: list[str], texts: list[str], s: Settings, linkguard_s: float) -> dict[str, Any]:
    """The least any scanner must do: NFKC plus one overlapping Aho-Corasick pass with all keywords."""
    import ahocorasick_rs

    normalize = unicodedata.normalize
    if keywords:
        automaton = ahocorasick_rs.AhoCorasick(keywords, matchkind=ahocorasick_rs.MatchKind.Standard)
        find = automaton.find_matches_as_indexes

        def one_pass() -> None:
            for t in texts:
                find(normalize("NFKC", t), overlapping=True)

    else:  # no keyword rules loaded: the floor is NFKC alone

        def one_pass() -> None:
            for t in texts:
                normalize("NFKC", t)

    one_pass()  # warm
    median, runs = _median_runs(one_pass, max(s.repeats, 3))
    return {
        "keywords": len(keywords),
        "messages": len(texts),
        "seconds": [round(r, 5) for r in runs],
        "median_s": round(median, 5),
        "msgs_per_s": round(len(texts) / median, 1),
        "ratio": round(linkguard_s / median, 2),
    }


def measure_long(scanner: Any, s: Settings) -> dict[str, Any]:
    """Seconds and microseconds per character for one long message of each size (scam at the end)."""
    out: dict[str, Any] = {}
    for label, chars in LONG_SIZES.items():
        text = long_message(chars, seed=s.seed)
        times: list[float] = []
        total = 0.0
        verdict = None
        while len(times) < s.long_min_runs or total < s.long_min_seconds:
            gc.collect()
            t0 = time.perf_counter()
            verdict = scanner.scan(text)  # the scanner is already warm from the mix
            dt = time.perf_counter() - t0
            times.append(dt)
            total += dt
        assert verdict is not None
        median = statistics.median(times)
        out[label] = {
            "chars": chars,
            "runs": len(times),
            "seconds": round(median, 6),
            "us_per_char": round(median / chars * 1e6, 4),
            "score": verdict.score,
            "level": str(verdict.level.value),
        }
    first, last = out["1KB"]["us_per_char"], out["1MB"]["us_per_char"]
    out["ratio_1MB_1KB"] = round(last / first, 2) if first else float("nan")
    return out


def _first_run(command: list[str]) -> None:
    """Run `command` once, untimed, as a user's first run: the page cache is warm after it, and Python has
    cached the bytecode of linkguard's modules, as it does by default. An installed wheel has that bytecode
    from pip already; an editable checkout gets it now, also where PYTHONDONTWRITEBYTECODE is set (this
    machine sets it), which would otherwise make every start compile linkguard's sources again (~60 ms)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, capture_output=True, check=False, env=env)


def measure_import(s: Settings) -> dict[str, Any]:
    """Time around `import linkguard` in fresh interpreters (ms), median."""
    code = "import time; t = time.perf_counter(); import linkguard; print(time.perf_counter() - t)"
    _first_run([sys.executable, "-c", "import linkguard"])
    runs: list[float] = []
    for _ in range(s.subprocess_runs):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        runs.append(float(done.stdout.strip()) * 1000)
    return {"runs": [round(r, 1) for r in runs], "median": round(statistics.median(runs), 1)}


def _console_script() -> list[str]:
    """The installed `linkguard` console script next to this interpreter, else on PATH, else `-m`."""
    for where in (str(Path(sys.executable).parent), None):
        found = shutil.which("linkguard", path=where)
        if found:
            return [found]
    return [sys.executable, "-m", "linkguard"]


def measure_cold_start(s: Settings) -> dict[str, Any]:
    """Wall time of `linkguard check "…"` as a fresh process (ms), median."""
    command = [*_console_script(), "check", COLD_MESSAGE]
    _first_run(command)  # the timed runs are a user's second and later calls
    runs: list[float] = []
    codes: set[int] = set()
    for _ in range(s.subprocess_runs):
        t0 = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        runs.append((time.perf_counter() - t0) * 1000)
        codes.add(done.returncode)
    if not codes <= {0, 1}:
        raise RuntimeError(f"{' '.join(command[:2])} exited with {sorted(codes)}")
    return {
        "command": [Path(command[0]).name, *command[1:]],
        "runs": [round(r, 1) for r in runs],
        "median": round(statistics.median(runs), 1),
    }


def measure_rss(s: Settings) -> dict[str, Any]:
    """Peak RSS of a fresh process that scans the mix (MB)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child-rss", "--size", str(s.size)]
    command += ["--seed", str(s.seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _child_rss(size: int, seed: int) -> None:
    """In a fresh process: import, build the default scanner, scan the mix, report ru_maxrss."""
    import linkguard

    scanner = linkguard.Scanner()
    after_import, _ = _peak_rss_mb()
    texts = generate(size, seed=seed)
    for t in texts:
        scanner.scan(t)
    peak, source = _peak_rss_mb()
    result = {
        "messages": size,
        "after_import": round(after_import, 1),
        "peak": round(peak, 1),
        "source": source,
        "ru_maxrss": round(_maxrss_mb(), 1),
    }
    print(json.dumps(result))


_bound_scanner: Any = None


def _keep_scanner(scanner: Any) -> None:
    global _bound_scanner
    _bound_scanner = scanner


def _scan_unsent(chunk: list[str]) -> int:
    """Scan a chunk in a helper process and send back only how many messages it scanned."""
    scan = _bound_scanner.scan
    for text in chunk:
        scan(text)
    return len(chunk)


def measure_parallel(scanner: Any, s: Settings) -> dict[str, Any]:
    """Wall time of scan_many with 1 and 2 workers over the same messages (pool start-up included), and
    the bound: 2 helper processes scanning the same chunks but sending no verdicts back."""
    from concurrent.futures import ProcessPoolExecutor

    texts = generate(s.parallel_size, seed=s.seed + 1)
    chunks = [texts[i : i + 256] for i in range(0, len(texts), 256)]  # scan_many's chunk size

    def run(workers: int) -> Callable[[], None]:
        def go() -> None:
            for _ in scanner.scan_many(texts, workers=workers):
                pass

        return go

    def unsent() -> None:
        with ProcessPoolExecutor(max_workers=2, initializer=_keep_scanner, initargs=(scanner,)) as pool:
            scanned = sum(pool.map(_scan_unsent, chunks))
        if scanned != len(texts):
            raise RuntimeError(f"the helpers scanned {scanned} of {len(texts)} messages")

    def cpu(who: int) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    one: list[float] = []
    two: list[float] = []
    bound: list[float] = []
    parent_cpu: list[float] = []
    worker_cpu: list[float] = []
    for _ in range(s.parallel_repeats):  # interleaved, so background load hits all three alike
        one.extend(_median_runs(run(1), 1)[1])
        own, children = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
        two.extend(_median_runs(run(2), 1)[1])
        parent_cpu.append(cpu(resource.RUSAGE_SELF) - own)
        worker_cpu.append(cpu(resource.RUSAGE_CHILDREN) - children)
        bound.extend(_median_runs(unsent, 1)[1])
    t1, t2, tb = statistics.median(one), statistics.median(two), statistics.median(bound)
    return {
        "messages": len(texts),
        "repeats": s.parallel_repeats,
        "workers1_s": round(t1, 3),
        "workers2_s": round(t2, 3),
        "speedup": round(t1 / t2, 2),
        # CPU seconds of the 2-worker runs: workers' CPU close to workers1_s with a wall time well above
        # half of it means the machine did not give the workers two free cores.
        "workers2_parent_cpu_s": round(statistics.median(parent_cpu), 3),
        "workers2_worker_cpu_s": round(statistics.median(worker_cpu), 3),
        # What two processes give on this machine when no verdict is sent back: the ceiling for the
        # speed-up, which scan_many approaches as the cost of sending verdicts shrinks.
        "unsent2_s": round(tb, 3),
        "unsent_speedup": round(t1 / tb, 2),
        "cpu_count": os.cpu_count(),
    }


# -- report -------------------------------------------------------------------------------------


def targets(r: dict[str, Any]) -> list[Target]:
    """Every figure that has a goal."""
    return [
        Target("linkguard / floor", r["floor"]["ratio"], "<=", 3.0, "x"),
        Target("msgs/s, one core", r["throughput"]["msgs_per_s"], ">=", 25_000, "msgs/s"),
        Target("latency p99 (<=500 chars)", r["latency_us"]["p99"], "<=", 250, "µs"),
        Target("1MB message", r["long"]["1MB"]["seconds"], "<=", 0.5, "s"),
        Target("µs/char 1MB / 1KB", r["long"]["ratio_1MB_1KB"], "<=", 2.0, "x"),
        Target("CLI cold start", r["cold_start_ms"]["median"], "<=", 250, "ms"),
        Target("peak RSS (mix)", r["rss_mb"]["peak"], "<=", 80, "MB"),
        Target("scan_many 2 workers vs 1", r["parallel"]["speedup"], ">=", 1.5, "x"),
    ]


def _fmt(value: float) -> str:
    if value != value:  # NaN
        return "n/a"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 0.1 else f"{value:.2f}"


def table(r: dict[str, Any], goals: list[Target]) -> str:
    """The results as a plain-text table: figure, value, target, PASS/MISS."""
    rows: list[tuple[str, str, str, str]] = []
    by_name = {g.name: g for g in goals}

    def goal(name: str) -> None:
        g = by_name[name]
        result = "PASS" if g.passed else "MISS"
        rows.append((name, f"{_fmt(g.value)} {g.unit}", f"{g.op} {_fmt(g.goal)} {g.unit}", result))

    def info(name: str, value: str) -> None:
        rows.append((name, value, "-", ""))

    lat, fl, lg = r["latency_us"], r["floor"], r["long"]
    goal("msgs/s, one core")
    cached = r["throughput_cached"]
    info("msgs/s with the result cache", f"{_fmt(cached['msgs_per_s'])} msgs/s "
         f"({cached['unique_messages']:,} distinct of {cached['messages']:,})")
    info("floor msgs/s (NFKC + Aho-Corasick)", f"{_fmt(fl['msgs_per_s'])} msgs/s ({fl['keywords']} keywords)")
    goal("linkguard / floor")
    info("latency p50 (<=500 chars)", f"{_fmt(lat['p50'])} µs")
    goal("latency p99 (<=500 chars)")
    for label in LONG_SIZES:
        cost = lg[label]
        info(f"cost per char, {label} message", f"{cost['us_per_char']:.3f} µs/char ({_fmt(cost['seconds'])} s)")
    goal("1MB message")
    goal("µs/char 1MB / 1KB")
    info("import linkguard", f"{_fmt(r['import_ms']['median'])} ms")
    goal("CLI cold start")
    info("RSS after import + Scanner()", f"{_fmt(r['rss_mb']['after_import'])} MB")
    goal("peak RSS (mix)")
    info("scan_many 1 / 2 workers", f"{r['parallel']['workers1_s']:.2f} s / {r['parallel']['workers2_s']:.2f} s")
    goal("scan_many 2 workers vs 1")
    info("2 workers sending nothing back vs 1", f"{_fmt(r['parallel']['unsent_speedup'])} x "
         f"({r['parallel']['unsent2_s']:.2f} s; the machine's bound for scan_many)")

    widths = [max(len(row[i]) for row in [("figure", "value", "target", "result"), *rows]) for i in range(4)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(("figure", "value", "target", "result"), widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    passed = sum(g.passed for g in goals)
    lines.append(f"\n{passed}/{len(goals)} targets met")
    return "\n".join(lines)


def settings(quick: bool, size: int | None, seed: int) -> Settings:
    """Work per measurement for a full or a quick run."""
    if quick:
        n = size or 2_000
        return Settings(True, n, 2 * n, seed, 2, 1, 1, 0.05, 1, 3)
    n = size or 10_000
    return Settings(False, n, 4 * n, seed, 7, 3, 3, 0.3, 3, 5)


def run(s: Settings) -> dict[str, Any]:
    """Every measurement, in one process plus a few short-lived subprocesses."""
    started = time.perf_counter()
    load_start = os.getloadavg()
    _progress("importing linkguard and building the default scanner")
    import linkguard

    # Every figure but one measures the pure scan: the result cache for repeated short messages is off.
    scanner = linkguard.Scanner(cache_size=0)
    texts = generate(s.size, seed=s.seed)
    for t in texts[:1000]:  # warm: caches, lazy imports, branch predictors
        scanner.scan(t)
    r: dict[str, Any] = {}
    _progress(f"throughput over {len(texts):,} messages x{s.repeats}")
    r["throughput"] = measure_throughput(scanner, texts, s)
    _progress("throughput with the default result cache (empty at the start of each pass)")
    r["throughput_cached"] = measure_cached(linkguard.Scanner, texts, s)
    _progress("floor: NFKC + one Aho-Corasick pass")
    r["floor"] = measure_floor(default_keywords(scanner), texts, s, r["throughput"]["median_s"])
    _progress(f"latency per message x{s.latency_passes}")
    r["latency_us"] = measure_latency(scanner, texts, s)
    _progress("long messages 1 KB .. 1 MB")
    r["long"] = measure_long(scanner, s)
    _progress("import time (fresh interpreters)")
    r["import_ms"] = measure_import(s)
    _progress("CLI cold start")
    r["cold_start_ms"] = measure_cold_start(s)
    _progress("peak RSS (subprocess)")
    r["rss_mb"] = measure_rss(s)
    _progress(f"scan_many 1 vs 2 workers over {s.parallel_size:,} messages")
    r["parallel"] = measure_parallel(scanner, s)
    goals = targets(r)
    r["targets"] = {
        g.name: {"value": g.value, "op": g.op, "goal": g.goal, "unit": g.unit, "pass": g.passed} for g in goals
    }
    r["all_pass"] = all(g.passed for g in goals)
    r["meta"] = {
        "quick": s.quick,
        "seed": s.seed,
        "mix_size": s.size,
        "linkguard_version": getattr(linkguard, "__version__", "?"),
        "rules_version": scanner.rules_version,
        "rules": len(scanner.rules),
        "build": build_kind(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "loadavg_start": [round(x, 2) for x in load_start],
        "loadavg_end": [round(x, 2) for x in os.getloadavg()],
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "duration_s": round(time.perf_counter() - started, 1),
    }
    return r


def build_kind() -> str:
    """Which linkguard build is measured: the default pure-Python one or the optional compiled one."""
    import linkguard.engine

    compiled = Path(linkguard.engine.__file__ or "").suffix in (".so", ".pyd")
    return "compiled (mypyc)" if compiled else "pure Python"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description="linkguard performance benchmark")
    parser.add_argument("--quick", action="store_true", help="fast smoke run (fewer messages and repeats)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON results (default {DEFAULT_OUT})")
    parser.add_argument("--size", type=int, default=None, help="messages in the mix (default 10000, quick 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child-rss", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.size is not None and args.size < 1:
        parser.error("--size must be at least 1")
    if args.child_rss:
        _child_rss(args.size or 10_000, args.seed)
        return 0
    result = run(settings(args.quick, args.size, args.seed))
    print(f"linkguard {result['meta']['linkguard_version']}, {result['meta']['build']} build\n")
    print(table(result, targets(result)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {args.out} (run took {result['meta']['duration_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
