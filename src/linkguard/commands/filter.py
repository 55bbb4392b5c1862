"""`linkguard filter`: JSON lines in, the same lines out with a "linkguard" object added."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from ..pipeline import DEFAULT_CHUNK, FilterStats, Idle, filter_lines, read_lines
from ..verdict import Level
from . import positive_int, silence_stdout

__all__ = ["register", "run"]

_HELP = "scan JSON lines (stdin or --in FILE) and write them back with a \"linkguard\" object added"
_EPILOG = """\
Every input line gives one output line, in input order. A line that is empty, not JSON, or whose
field is missing or not a string becomes {"linkguard": {"error": ...}, "line": N, "raw": ...}.
Exit status: 0, or 1 with --fail-on when a line reached that level."""


def register(subparsers: argparse._SubParsersAction[Any], *,
             parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add the `filter` subcommand (with the common flags from `parents`, if given)."""
    p = subparsers.add_parser("filter", parents=list(parents), help=_HELP, description=_HELP,
                              epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--in", dest="infile", metavar="FILE", help="read this file instead of stdin")
    p.add_argument("--field", default="text", help="JSON field holding the message (default: text)")
    p.add_argument("--drop", choices=["suspicious", "dangerous"],
                   help="leave out lines at or above this level (counted on stderr)")
    p.add_argument("--workers", type=positive_int, default=1, metavar="N",
                   help="scan with N processes (order is kept; default 1)")
    p.add_argument("--chunk-size", type=positive_int, default=DEFAULT_CHUNK, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


@contextlib.contextmanager
def _input(path: str | None) -> Iterator[IO[bytes]]:
    if path is None or path == "-":
        yield sys.stdin.buffer
    else:
        with open(path, "rb") as stream:
            yield stream


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(stats: FilterStats, drop: Level | None) -> None:
    notes = []
    if drop is not None:
        notes.append(f"dropped {stats.dropped} of {_plural(stats.lines, 'line')} at or above {drop.value}")
    if stats.errors:
        notes.append(f"{_plural(stats.errors, 'line')} could not be scanned (error records written)")
    if stats.bad_utf8:
        notes.append(f"{_plural(stats.bad_utf8, 'line')} had invalid UTF-8 (replaced with U+FFFD)")
    for note in notes:
        print(f"linkguard filter: {note}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Run `linkguard filter`; returns the exit code."""
    from ..cli import build_scanner  # late: cli imports this module

    scanner = build_scanner(args)
    drop = Level(args.drop) if args.drop else None
    fail_on = getattr(args, "fail_on", None)
    stats = FilterStats()
    out = sys.stdout.buffer
    try:
        with _input(args.infile) as stream, contextlib.closing(filter_lines(
            read_lines(stream), scanner, field=args.field, lang=getattr(args, "lang", None), drop=drop,
            workers=args.workers, chunk_size=getattr(args, "chunk_size", DEFAULT_CHUNK), stats=stats,
        )) as results:
            for item in results:
                if isinstance(item, Idle):
                    out.flush()
                else:
                    out.write(item + b"\n")
            out.flush()
    except BrokenPipeError:  # `| head`: the reader is gone, end quietly
        silence_stdout()
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"linkguard filter: {exc}", file=sys.stderr)
        return 2
    _summary(stats, drop)
    return 1 if fail_on and stats.reached(Level(fail_on)) else 0
