"""Worker pools: a process running other threads is never forked; the results do not depend on how workers start."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import textwrap
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from linkguard import Scanner
from linkguard.pipeline import filter_lines
from linkguard.workers import start_method

MESSAGES = [
    "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=1",
    "【拼多多客服】您的订单异常，请把收到的验证码发给我办理退款",
    "加我薇信，日结兼职，先交押金200",
    "谢谢大家，已助力",
] * 150

# The platform's default (listed first), read without fixing this process's start method
FORK_BY_DEFAULT = multiprocessing.get_all_start_methods()[0] == "fork"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


@pytest.fixture
def busy_thread() -> Iterator[threading.Thread]:
    """Another thread running in this process, as in a web app or a bot."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, args=(30,), daemon=True)
    thread.start()
    yield thread
    stop.set()
    thread.join(5)


def test_a_single_threaded_process_keeps_the_platform_default() -> None:
    # In a fresh interpreter: threads other tests leave running would make this one a threaded process.
    probe = "import multiprocessing as mp, linkguard.workers as w; print(w.start_method(), mp.get_start_method())"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    chosen, default = run.stdout.split()
    assert chosen == default


def test_the_callers_start_method_is_kept_and_left_unfixed(tmp_path: Path) -> None:
    script = tmp_path / "main.py"
    script.write_text(textwrap.dedent("""
        import multiprocessing as mp
        import linkguard
        if __name__ == "__main__":
            texts = ["把验证码发我", "谢谢"] * 300
            list(linkguard.Scanner().scan_many(texts, workers=2))
            mp.set_start_method("spawn")  # scan_many did not fix the process-wide choice
            from linkguard.workers import start_method
            verdicts = list(linkguard.Scanner().scan_many(texts, workers=2))
            print(start_method(), [v.level.value for v in verdicts[:2]])
    """))
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split(maxsplit=1) == ["spawn", "['dangerous', 'safe']\n"]


@pytest.mark.skipif(not FORK_BY_DEFAULT, reason="this platform does not fork by default")
def test_a_process_with_another_thread_is_not_forked(busy_thread: threading.Thread) -> None:
    assert start_method() in ("forkserver", "spawn")


@pytest.mark.skipif(not FORK_BY_DEFAULT, reason="this platform does not fork by default")
def test_scan_many_beside_a_thread_gives_the_serial_verdicts(
    scanner: Scanner, busy_thread: threading.Thread
) -> None:
    serial = [scanner.scan(m) for m in MESSAGES]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parallel = list(scanner.scan_many(MESSAGES, workers=2))
    assert parallel == serial
    # Python 3.12+ warns when a multi-threaded process forks ("may lead to deadlocks in the child")
    assert not [w for w in caught if "fork" in str(w.message)]


@pytest.mark.skipif(not FORK_BY_DEFAULT, reason="this platform does not fork by default")
def test_filter_beside_a_thread_gives_the_serial_lines(scanner: Scanner, busy_thread: threading.Thread) -> None:
    lines = [json.dumps({"id": i, "text": m}, ensure_ascii=False) for i, m in enumerate(MESSAGES)] + ["not json"]
    serial = list(filter_lines(lines, scanner))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parallel = list(filter_lines(iter(lines), scanner, workers=2, chunk_size=64))
    assert parallel == serial
    assert not [w for w in caught if "fork" in str(w.message)]
    assert json.loads(parallel[-1])["linkguard"]["error"].startswith("not JSON")
