"""`linkguard eval`: precision / recall / confusion of the rules on a labeled JSON lines file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from . import positive_int, silence_stdout

__all__ = ["register", "run"]

_HELP = "measure precision / recall / F1 by category and hits by rule on labeled JSON lines"
_EPILOG = """\
Flagged = level >= suspicious. Labels ham, safe, benign and normal are negative, all others positive.
Rules are listed with their hits on positive and negative rows, most false positives first."""


def register(subparsers: argparse._SubParsersAction[Any], *,
             parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add the `eval` subcommand (with the common flags from `parents`, if given)."""
    p = subparsers.add_parser("eval", parents=list(parents), help=_HELP, description=_HELP,
                              epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("labeled", metavar="LABELED.jsonl", help='labeled JSON lines ("-" for stdin)')
    p.add_argument("--field", default="text", help="JSON field holding the message (default: text)")
    p.add_argument("--label", default="label", help="JSON field holding the label (default: label)")
    p.add_argument("--workers", type=positive_int, default=1, metavar="N", help="scan with N processes")
    p.add_argument("--examples", type=int, default=5, metavar="N",
                   help="show N false positives / misses (default 5)")
    if not any("--format" in a.option_strings for parent in parents for a in parent._actions):
        p.add_argument("--format", choices=("text", "json"), default="text", help="report format (text)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..evaluate import evaluate, format_text, read_labeled  # imported on use: keeps `check` fast to start

    """Run `linkguard eval`; returns the exit code."""
    from ..cli import build_scanner  # late: cli imports this module

    scanner = build_scanner(args)
    source = sys.stdin if args.labeled == "-" else args.labeled
    try:
        result = evaluate(read_labeled(source, args.field, args.label), scanner,
                          workers=args.workers, examples=max(0, args.examples))
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        print(f"linkguard eval: {exc}", file=sys.stderr)
        return 2
    if getattr(args, "format", None) == "json":
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = format_text(result)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    if result.errors:
        print(f"linkguard eval: {result.errors} unreadable line(s) skipped", file=sys.stderr)
    return 0
