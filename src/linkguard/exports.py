"""Read messages from a file: plain text, JSON lines, or a chat-log export (auto-detected).

Chat exports: `2024-05-01 12:03:04 昵称: message` on one line, or a `2024-05-01 12:03:04 昵称`
header line followed by the message lines (QQ style, `昵称(12345)` kept as the sender).
Blank lines are not messages; broken JSON lines become `ErrorItem`s and are never dropped.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from typing import IO, Literal, TypeVar

__all__ = [
    "ErrorItem",
    "Format",
    "Message",
    "count_lines",
    "detect_format",
    "json_rows",
    "progress",
    "read_messages",
    "text_lines",
]

Format = Literal["auto", "text", "jsonl", "chat"]
T = TypeVar("T")

_SAMPLE = 64
_SENDER_KEYS = ("sender", "from", "user", "nickname")
_TIME_KEYS = ("time", "timestamp", "date")

_HEADER = re.compile(
    r"^\s*(?P<time>(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)"
    r"[ T\t]+\d{1,2}:\d{2}(?::\d{2})?)(?:[ \t]+(?P<rest>.*?))?\s*$"
)
# `昵称: message` / `昵称：message`; a sender has no colon and is at most 64 characters long.
_SENDER_TEXT = re.compile(r"^(?P<sender>[^:：\s][^:：]{0,63}?)\s*(?::(?!//)|：)\s?(?P<text>.*)$")


@dataclass(frozen=True, slots=True)
class Message:
    """One message to scan: its text, the 1-based line its text starts on, sender and time if known."""

    text: str
    line: int
    sender: str | None = None
    time: str | None = None


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """A line that could not be read as a message (broken JSON, missing field): kept, never dropped."""

    line: int
    error: str
    raw: str


Item = Message | ErrorItem


def read_messages(source: str | os.PathLike[str] | IO[str] | IO[bytes], field: str = "text",
                  format: Format = "auto", invalid: list[int] | None = None) -> Iterator[Item]:
    """Yield the messages of a file, path "-" (stdin) or open stream, lazily and in file order.

    Line numbers with invalid UTF-8 (replaced by U+FFFD) are appended to `invalid` when given.
    """
    if isinstance(source, (str, os.PathLike)):
        if os.fspath(source) == "-":
            yield from _read(text_lines(sys.stdin.buffer, invalid), field, format)
            return
        with open(source, "rb") as stream:
            yield from _read(text_lines(stream, invalid), field, format)
        return
    yield from _read(text_lines(source, invalid), field, format)


def text_lines(stream: IO[str] | IO[bytes], invalid: list[int] | None = None) -> Iterator[str]:
    """Lines without line ends; bytes decoded as UTF-8 with U+FFFD for invalid bytes, BOM removed."""
    first = True
    for number, raw in enumerate(stream, 1):
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("utf-8", errors="replace")
                if invalid is not None:
                    invalid.append(number)
        else:
            line = str(raw)
        line = line.rstrip("\r\n")
        if first:
            line = line.removeprefix("\ufeff")
            first = False
        yield line


def _read(lines: Iterator[str], field: str, format: Format) -> Iterator[Item]:
    sample = list(islice(lines, _SAMPLE))
    kind = detect_format(sample) if format == "auto" else format
    every = chain(sample, lines)
    if kind == "jsonl":
        return _jsonl(every, field)
    if kind == "chat":
        return _chat(every)
    return _text(every)


def detect_format(sample: Iterable[str]) -> Literal["text", "jsonl", "chat"]:
    """Guess the layout from the first lines: JSON lines, chat export, or plain text."""
    lines = [line for line in sample if line.strip()]
    if not lines:
        return "text"
    objects = sum(1 for line in lines if line.lstrip().startswith("{"))
    if lines[0].lstrip().startswith("{") and objects * 2 >= len(lines):
        return "jsonl"
    headers = sum(1 for line in lines if _HEADER.match(line))
    if headers >= min(2, len(lines)) and headers * 5 >= len(lines):
        return "chat"
    return "text"


def _text(lines: Iterable[str]) -> Iterator[Item]:
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield Message(line, number)


def json_rows(lines: Iterable[str]) -> Iterator[tuple[int, str, dict[str, object]] | ErrorItem]:
    """(line number, line, object) for each non-blank JSON-lines row, or the ErrorItem in its place."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield ErrorItem(number, f"not JSON: {exc}", line)
            continue
        if not isinstance(obj, dict):
            yield ErrorItem(number, "not a JSON object", line)
            continue
        yield number, line, obj


def _jsonl(lines: Iterable[str], field: str) -> Iterator[Item]:
    for row in json_rows(lines):
        if isinstance(row, ErrorItem):
            yield row
            continue
        number, line, obj = row
        text = obj.get(field)
        if not isinstance(text, str):
            problem = "missing field" if field not in obj else "not a string:"
            yield ErrorItem(number, f"{problem} {field!r}", line)
            continue
        yield Message(text, number, _first_str(obj, _SENDER_KEYS), _first_str(obj, _TIME_KEYS))


def _first_str(obj: dict[str, object], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
    return None


def _chat(lines: Iterable[str]) -> Iterator[Item]:
    """Chat export: header lines start messages; lines before the first header are plain messages."""
    sender: str | None = None
    time: str | None = None
    body: list[str] = []
    start = 0  # line of body[0]
    in_header_message = False

    def flush() -> Iterator[Item]:
        while body and not body[-1].strip():
            body.pop()
        if body:
            yield Message("\n".join(body), start, sender, time)
        body.clear()

    for number, line in enumerate(lines, 1):
        match = _HEADER.match(line)
        if match is not None:
            yield from flush()
            in_header_message = True
            time, rest = match["time"], match["rest"] or ""
            split = _SENDER_TEXT.match(rest)
            if split is not None:
                sender = split["sender"].strip()
                if split["text"].strip():
                    body.append(split["text"])
                    start = number
            else:
                sender = rest or None
            continue
        if not in_header_message:
            if line.strip():
                yield Message(line, number)
            continue
        if not body:
            if not line.strip():
                continue
            start = number
        body.append(line)
    yield from flush()


def count_lines(path: str | os.PathLike[str], block: int = 1 << 20) -> int:
    """Number of lines in a file (for a progress bar's total), read in binary blocks."""
    count = 0
    last = b"\n"
    with open(path, "rb") as stream:
        while data := stream.read(block):
            count += data.count(b"\n")
            last = data[-1:]
    return count + (last != b"\n")


def progress(items: Iterable[T], total: int | None, enabled: bool, *, desc: str = "scanning",
             file: IO[str] | None = None) -> Iterator[T]:
    """Wrap `items` in a tqdm bar on stderr when `enabled` (e.g. stderr is a TTY and the file is large).

    `total` is a line count: items with a `line` attribute (Message, ErrorItem) move the bar
    to their line, other items move it by one.
    """
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=desc, unit="line", file=file or sys.stderr, leave=False,
              mininterval=0.25, dynamic_ncols=True) as bar:
        for item in items:
            line = getattr(item, "line", None)
            if isinstance(line, int) and line > bar.n:
                bar.update(line - bar.n)
            elif not isinstance(line, int):
                bar.update(1)
            yield item
