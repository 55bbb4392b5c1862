"""Worker processes for `Scanner.scan_many` and `linkguard filter`: a pool that is safe to start."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["process_pool", "start_method"]


def _threads() -> int:
    """Threads of this process, native ones included where the system tells (Linux)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def start_method() -> str:
    """How to start workers: the platform's default, except that a process running other threads is not
    forked (a lock another thread held at the fork stays held in the child forever), but uses a fork server.

    Forking copies the compiled rules for free; a fork server's workers rebuild them (0.1-0.3 s a pool).
    """
    # The caller's choice, else the platform's (listed first); get_start_method() would fix the choice for good.
    available = multiprocessing.get_all_start_methods()
    default = multiprocessing.get_start_method(allow_none=True) or available[0]
    if default != "fork" or _threads() <= 1:
        return default
    return "forkserver" if "forkserver" in available else "spawn"


def process_pool(workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> ProcessPoolExecutor:
    """A pool of `workers` processes, each set up by `initializer(*initargs)` (the arguments must pickle)."""
    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "forkserver":
        # Workers fork from a server that has imported linkguard once (no effect once the server runs).
        context.set_forkserver_preload(["linkguard.engine"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer, initargs=initargs)
