"""Worker pools: a process running other threads is never forked; the results do not depend on how workers start."""

from __future__ import annotations

import json
import multiprocessing
import threading
import warnings
from collections.abc import Iterator

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

FORK_BY_DEFAULT = multiprocessing.get_start_method() == "fork"


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner()


@pytest.fixture
def busy_thread() -> Iterator[threading.Thread]:
    """Another thread running in this process, as in a web app or a bot, holding a lock the whole time."""
    lock, stop = threading.Lock(), threading.Event()
    started = threading.Event()

    def hold() -> None:
        with lock:
            started.set()
            stop.wait(30)

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    started.wait(5)
    yield thread
    stop.set()
    thread.join(5)


def test_a_single_threaded_process_keeps_the_platform_default() -> None:
    if threading.active_count() > 1:
        pytest.skip("another test left a thread running")
    assert start_method() == multiprocessing.get_start_method()


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
