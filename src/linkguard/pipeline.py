"""JSON lines in, the same lines out with a "linkguard" object added (library side of `linkguard filter`).

Order is kept, every input line gives exactly one output line (bad lines become error records),
and read-ahead is bounded: at most `chunk_size * max_in_flight` lines are held at any time.
An empty line is not a message: it becomes an error record too, so line counts always match.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import threading
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any, Protocol

from .verdict import Level, Verdict

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = [
    "IDLE",
    "FilterStats",
    "Idle",
    "LineTooLong",
    "Scans",
    "filter_lines",
    "process_line",
    "read_lines",
]

DEFAULT_CHUNK = 1000
MAX_LINE_BYTES = 8 << 20
_RAW_HEAD = 1000
_ERROR_RANK = -1
_SURROGATE = re.compile("[\ud800-\udfff]")


class Scans(Protocol):
    """Anything that scans one message: `linkguard.Scanner` or a test double (must pickle for workers)."""

    def scan(self, text: str) -> Verdict: ...


class Idle:
    """Input marker: no more input is ready right now, so flush what is pending."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "IDLE"


IDLE = Idle()


@dataclass(frozen=True, slots=True)
class LineTooLong:
    """Input marker for a line longer than the limit: its first bytes and its full size."""

    head: bytes
    size: int


Line = str | bytes | LineTooLong


@dataclass(slots=True)
class FilterStats:
    """Counts of one filter run, for the summary on stderr and the exit code."""

    lines: int = 0
    errors: int = 0
    bad_utf8: int = 0
    dropped: int = 0
    by_level: dict[str, int] = field(default_factory=lambda: {lv.value: 0 for lv in Level})
    worst: Level | None = None

    def reached(self, level: Level) -> bool:
        """True when some line scored at or above `level`."""
        return self.worst is not None and self.worst >= level


@dataclass(frozen=True, slots=True)
class _Config:
    field: str
    lang: str | None


_RANK_LEVEL = {lv.rank: lv for lv in Level}

# Per-process state of a worker, set by _init_worker.
_worker: tuple[Scans, _Config] | None = None


def _decode(line: bytes) -> tuple[str, bool]:
    try:
        return line.decode("utf-8"), False
    except UnicodeDecodeError:
        return line.decode("utf-8", errors="replace"), True


def _dump(obj: dict[str, Any]) -> bytes:
    text = json.dumps(obj, ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (from "\ud800" escapes) can only sit in strings
        return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text).encode("utf-8")


def _error(number: int, message: str, raw: str) -> tuple[int, bytes]:
    return _ERROR_RANK, _dump({"linkguard": {"error": message}, "line": number, "raw": raw})


def process_line(scanner: Scans, line: Line, number: int, field: str = "text",
                 lang: str | None = None) -> tuple[int, bytes, bool]:
    """One input line → (level rank or -1 for an error record, output JSON bytes, had bad UTF-8)."""
    if isinstance(line, LineTooLong):
        head, _ = _decode(line.head)
        return _flag(_error(number, f"line too long ({line.size} bytes)", head), False)
    bad = False
    if isinstance(line, bytes):
        text, bad = _decode(line)
    else:
        text = line
    text = text.rstrip("\r\n")
    if number == 1:
        text = text.removeprefix("\ufeff")
    if not text.strip():
        return _flag(_error(number, "empty line", text), bad)
    try:
        obj = json.loads(text)
    except ValueError as exc:  # json.JSONDecodeError
        return _flag(_error(number, f"not JSON: {exc}", text), bad)
    except RecursionError:
        return _flag(_error(number, "not JSON: nested too deeply", text), bad)
    if not isinstance(obj, dict):
        return _flag(_error(number, f"not a JSON object (got {_json_type(obj)})", text), bad)
    value = obj.get(field)
    if value is None and field not in obj:
        return _flag(_error(number, f"missing field {field!r}", text), bad)
    if not isinstance(value, str):
        return _flag(_error(number, f"field {field!r} is not a string (got {_json_type(value)})", text), bad)
    verdict = scanner.scan(value)
    full = verdict.to_dict(lang)
    obj["linkguard"] = {"score": full["score"], "level": full["level"], "reasons": full["reasons"]}
    return verdict.level.rank, _dump(obj), bad


def _flag(record: tuple[int, bytes], bad: bool) -> tuple[int, bytes, bool]:
    return record[0], record[1], bad


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _init_worker(scanner: Scans, config: _Config) -> None:
    """Worker start-up: Ctrl-C is the parent's business; keep the scanner for every chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _worker
    _worker = (scanner, config)


def _process_chunk(first: int, lines: list[Line]) -> list[tuple[int, bytes, bool]]:
    assert _worker is not None, "worker not initialised"
    scanner, config = _worker
    return [process_line(scanner, line, first + i, config.field, config.lang) for i, line in enumerate(lines)]


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT while worker processes may be started, so they never inherit Python's handler."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def filter_lines(
    lines: Iterable[Line | Idle],
    scanner: Scans,
    *,
    field: str = "text",
    lang: str | None = None,
    drop: Level | None = None,
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK,
    max_in_flight: int | None = None,
    stats: FilterStats | None = None,
) -> Generator[bytes | Idle, None, None]:
    """Scan JSON lines lazily; yield output lines (bytes, no newline) in input order.

    Lines at or above `drop` are left out (and counted); `IDLE` in the input is passed through
    once everything before it has been written, so a live stream can be flushed.
    """
    stats = stats if stats is not None else FilterStats()
    results: Iterator[tuple[int, bytes, bool] | Idle]
    if workers <= 1:
        results = _serial(lines, scanner, _Config(field, lang))
    else:
        in_flight = max_in_flight if max_in_flight is not None else 2 * workers
        results = _parallel(lines, scanner, _Config(field, lang), workers,
                            max(1, chunk_size), max(1, in_flight))
    for item in results:
        if isinstance(item, Idle):
            yield item
            continue
        rank, out, bad = item
        stats.lines += 1
        stats.bad_utf8 += bad
        if rank == _ERROR_RANK:
            stats.errors += 1
            yield out
            continue
        level = _RANK_LEVEL[rank]
        stats.by_level[level.value] += 1
        if stats.worst is None or level > stats.worst:
            stats.worst = level
        if drop is not None and level >= drop:
            stats.dropped += 1
            continue
        yield out


def _serial(lines: Iterable[Line | Idle], scanner: Scans, config: _Config
            ) -> Iterator[tuple[int, bytes, bool] | Idle]:
    number = 0
    for line in lines:
        if isinstance(line, Idle):
            yield line
            continue
        number += 1
        yield process_line(scanner, line, number, config.field, config.lang)


def _parallel(lines: Iterable[Line | Idle], scanner: Scans, config: _Config, workers: int,
              chunk_size: int, in_flight: int) -> Iterator[tuple[int, bytes, bool] | Idle]:
    from .workers import process_pool  # imported on use: keeps start-up fast

    pending: deque[Future[list[tuple[int, bytes, bool]]]] = deque()
    executor = process_pool(workers, _init_worker, (scanner, config))
    try:
        chunk: list[Line] = []
        number = 1  # line number of chunk[0]

        def submit() -> None:
            nonlocal chunk, number
            with _sigint_ignored():  # worker processes are started inside submit()
                pending.append(executor.submit(_process_chunk, number, chunk))
            number += len(chunk)
            chunk = []

        for line in lines:
            if isinstance(line, Idle):
                if chunk:
                    submit()
                while pending:
                    yield from pending.popleft().result()
                yield line
                continue
            chunk.append(line)
            if len(chunk) >= chunk_size:
                submit()
                # Bounded read-ahead: wait for the oldest chunk before reading more.
                while len(pending) >= in_flight:
                    yield from pending.popleft().result()
        if chunk:
            submit()
        while pending:
            yield from pending.popleft().result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def read_lines(stream: IO[bytes], *, block: int = 1 << 16, max_line: int = MAX_LINE_BYTES
               ) -> Iterator[bytes | LineTooLong | Idle]:
    """Split a byte stream into lines (without b"\\n"); yield IDLE before a read that would block.

    A line longer than `max_line` bytes is not kept in memory: it becomes a LineTooLong marker.
    """
    try:
        fd: int | None = stream.fileno()
    except (OSError, AttributeError, ValueError):
        fd = None
    tail: list[bytes] = []  # pieces of the current line, joined once it ends
    tail_len = 0
    overlong: tuple[bytes, int] | None = None  # (head, size so far) of a line being skipped
    while True:
        if fd is not None:
            if not _readable(fd):
                yield IDLE
            data = os.read(fd, block)
        else:
            data = stream.read(block)
        if not data:
            break
        parts = data.split(b"\n")
        last = parts.pop()
        for part in parts:
            if overlong is not None:
                yield LineTooLong(overlong[0], overlong[1] + len(part))
                overlong = None
                continue
            if tail:
                tail.append(part)
                part = b"".join(tail)
                tail, tail_len = [], 0
            yield LineTooLong(part[:_RAW_HEAD], len(part)) if len(part) > max_line else part
        if overlong is not None:
            overlong = (overlong[0], overlong[1] + len(last))
        elif last:
            tail.append(last)
            tail_len += len(last)
            if tail_len > max_line:
                overlong = (b"".join(tail)[:_RAW_HEAD], tail_len)
                tail, tail_len = [], 0
    if overlong is not None:
        yield LineTooLong(*overlong)
    elif tail:
        yield b"".join(tail)


def _readable(fd: int) -> bool:
    """True when a read on `fd` would not block (always True where select() cannot tell)."""
    try:
        ready, _, _ = select.select([fd], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(ready)
