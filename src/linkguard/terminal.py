"""Showing hostile text on a terminal: escape control, bidi and ANSI characters; highlight spans."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TextIO

import regex

__all__ = ["escape", "highlight", "use_color"]

# C0/C1 controls (ESC included), DEL, format characters (bidi overrides, zero-width), line/paragraph
# separators, and lone surrogates.
_UNSAFE = regex.compile(r"[\x00-\x1f\x7f-\x9f\p{Cf}\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}

RED = "\x1b[1;31m"
YELLOW = "\x1b[1;33m"
GREEN = "\x1b[32m"
DIM = "\x1b[2m"
RESET = "\x1b[0m"


def _sub(m: regex.Match[str]) -> str:
    ch = m.group()
    named = _NAMED.get(ch)
    if named:
        return named
    cp = ord(ch)
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def escape(text: str) -> str:
    """Text safe to print: every control, bidi, zero-width and ANSI character shown as an escape."""
    return _UNSAFE.sub(_sub, text)


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlight(
    text: str, spans: Iterable[tuple[int, int]], color: bool, limit: int = 400
) -> str:
    """The text, escaped, with spans marked (colour on a terminal, ⟦…⟧ otherwise); long text elided."""
    merged = _merge(spans)
    cut = len(text)
    if cut > limit:
        first = merged[0][0] if merged else 0
        start = max(0, min(first - 40, cut - limit))
        text_start, text_end = start, start + limit
    else:
        text_start, text_end = 0, cut
    out: list[str] = ["…" if text_start else ""]
    pos = text_start
    for s, e in merged:
        s, e = max(s, text_start), min(e, text_end)
        if e <= s:
            continue
        out.append(escape(text[pos:s]))
        marked = escape(text[s:e])
        out.append(f"{RED}{marked}{RESET}" if color else f"⟦{marked}⟧")
        pos = e
    out.append(escape(text[pos:text_end]))
    if text_end < cut:
        out.append(f"…(+{cut - text_end})")
    return "".join(out)
