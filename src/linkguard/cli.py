"""The `linkguard` command: check messages, manage rules; `filter` and `eval` live in commands/."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from . import __version__
from .commands import eval as eval_command
from .commands import filter as filter_command
from .commands import silence_stdout
from .engine import Scanner
from .exports import ErrorItem, Item, Message, count_lines, progress, read_messages
from .rules.errors import RulesError
from .terminal import DIM, GREEN, RED, RESET, YELLOW, escape, highlight, use_color
from .verdict import Level, Verdict

__all__ = ["build_scanner", "main"]

EXIT_OK, EXIT_FLAGGED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
_PROGRESS_BYTES = 1 << 20
_LEVEL_COLOR = {Level.SAFE: GREEN, Level.SUSPICIOUS: YELLOW, Level.DANGEROUS: RED}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"linkguard: error: {message}\n")


def build_scanner(args: argparse.Namespace) -> Scanner:
    """The Scanner the common flags ask for: defaults patched by each `--rules FILE`."""
    reveal = bool(getattr(args, "reveal_pii", False))
    rules = getattr(args, "rules", None) or []
    if rules:
        return Scanner.from_files(*rules, reveal_pii=reveal)
    return Scanner(reveal_pii=reveal)


def _common() -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument("--rules", action="append", metavar="FILE", help="extra rule file (repeatable)")
    common.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of reasons (zh)")
    common.add_argument(
        "--fail-on", choices=("suspicious", "dangerous"), default=None,
        help="exit 1 when a message reaches this level",
    )  # fmt: skip
    return common


def _decode(data: bytes, where: str) -> str:
    """Decode UTF-8, replacing invalid bytes and saying so on stderr."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad > 0:
        print(f"linkguard: warning: {where}: {bad} invalid UTF-8 sequence(s) replaced by U+FFFD", file=sys.stderr)
    return text


# -- check ---------------------------------------------------------------------------------------


def _items(args: argparse.Namespace, invalid: list[int]) -> Iterator[tuple[str, Item]]:
    """(label, message or unreadable line) for every message the arguments name, lazily."""
    for n, text in enumerate(args.text, 1):
        if text == "-":
            yield "stdin", Message(_decode(sys.stdin.buffer.read(), "stdin"), 1)
        else:
            yield f"#{n}", Message(text, n)
    if args.file:
        items: Iterable[Item] = read_messages(args.file, field=args.field, invalid=invalid)
        if args.file != "-":
            large = os.path.getsize(args.file) > _PROGRESS_BYTES
            show = large and sys.stderr.isatty()
            items = progress(items, count_lines(args.file) if show else None, enabled=show)
        for item in items:
            yield f"{args.file}:{item.line}", item


def _print_text(label: str, msg: Message, verdict: Verdict, lang: str, out: TextIO, color: bool) -> None:
    level = verdict.level
    tag = level.value.upper()
    if color:
        tag = f"{_LEVEL_COLOR[level]}{tag}{RESET}"
    who = " ".join(escape(x) for x in (msg.time, msg.sender) if x)
    spans = [s for r in verdict.reasons if r.weight > 0 for s in r.spans]
    out.write(f"{label}  {tag}  score {verdict.score}{'  ' + who if who else ''}\n")
    out.write(f"  {highlight(msg.text, spans, color)}\n")
    weighted = any(r.weight for r in verdict.reasons)
    for reason in verdict.reasons:
        if weighted and not reason.weight:
            continue  # info notes explain safe messages; next to real reasons they are noise (JSON keeps them)
        weight = f"+{reason.weight}" if reason.weight else " 0"
        title = escape(reason.title.get(lang))
        evidence = " ".join(f"「{escape(e)}」" for e in reason.evidence[:5])
        if len(reason.evidence) > 5:
            evidence += f" …(+{len(reason.evidence) - 5})"
        rule = f"{DIM}{reason.rule}{RESET}" if color else reason.rule
        detail = f" ({escape(reason.detail)})" if reason.detail else ""
        out.write(f"  {weight:>4}  {title}{detail}  {evidence}  [{rule}]\n")


def _run_check(args: argparse.Namespace) -> int:
    if not args.text and not args.file:
        raise _UsageError("give a message, '-' for stdin, or -f FILE")
    if args.text.count("-") + (args.file == "-") > 1:
        raise _UsageError("stdin can be read only once")
    scanner = build_scanner(args)
    fail_on = Level(args.fail_on or "suspicious")
    with _output(args.output, args.format) as out:
        color = args.output is None and args.format == "text" and use_color(out)
        worst = Level.SAFE
        errors = 0
        invalid: list[int] = []
        report: list[tuple[Message, Verdict] | ErrorItem] = []
        for label, item in _items(args, invalid):
            if isinstance(item, ErrorItem):
                errors += 1
                if args.format == "json":
                    out.write(json.dumps({"input": label, "error": item.error}, ensure_ascii=False) + "\n")
                elif args.format == "html":
                    report.append(item)
                else:
                    out.write(f"{label}  ERROR  {escape(item.error)}\n")
                continue
            verdict = scanner.scan(item.text)
            worst = max(worst, verdict.level)
            if args.format == "json":
                record: dict[str, object] = {"input": label, "text": item.text}
                if item.sender is not None or item.time is not None:
                    record.update(sender=item.sender, time=item.time)
                record.update(verdict.to_dict(args.lang))
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            elif args.format == "html":
                report.append((item, verdict))
            else:
                _print_text(label, item, verdict, args.lang, out, color)
        if args.format == "html":
            from .report import render_html

            out.write(render_html(report, lang=args.lang))
    if invalid:
        shown = ", ".join(map(str, invalid[:10])) + (" …" if len(invalid) > 10 else "")
        print(f"linkguard: warning: {args.file}: invalid UTF-8 replaced by U+FFFD on line(s) {shown}", file=sys.stderr)
    if errors:
        print(f"linkguard: warning: {errors} line(s) could not be read as messages", file=sys.stderr)
    return EXIT_FLAGGED if worst >= fail_on else EXIT_OK


@contextlib.contextmanager
def _output(path: str | None, fmt: str) -> Iterator[TextIO]:
    """stdout, or the file given with -o (written only when the scan completes)."""
    if path is None:
        yield sys.stdout
        return
    buffer = io.StringIO()
    yield buffer
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(buffer.getvalue())


# -- rules ---------------------------------------------------------------------------------------


def _run_rules_list(args: argparse.Namespace) -> int:
    scanner = build_scanner(args)
    for rule in scanner.ruleset.rules:
        state = "" if rule.enabled else "  (disabled)"
        sys.stdout.write(f"{rule.id:<44} {rule.category:<10} {rule.weight:>3}  {rule.title.get(args.lang)}{state}\n")
    return EXIT_OK


def _run_rules_validate(args: argparse.Namespace) -> int:
    scanner = Scanner.from_files(args.file)
    own = sum(1 for r in scanner.ruleset.rules if r.origin.file == args.file)
    sys.stdout.write(f"{args.file}: ok ({own} rules defined or patched, {len(scanner.rules)} enabled in all)\n")
    return EXIT_OK


def _run_rules_test(args: argparse.Namespace) -> int:
    files = [args.file] if args.file else []
    scanner = Scanner.from_files(*files, *(args.rules or []))
    checked = failed = 0
    for rule in scanner.rules:
        if args.file and rule.origin.file != args.file:
            continue
        for expect, examples in ((True, rule.match_examples), (False, rule.ignore_examples)):
            for example in examples:
                checked += 1
                verdict = scanner.scan(example)
                fired = any(r.rule == rule.id for r in verdict.reasons)
                if fired != expect:
                    failed += 1
                    what = "should match but did not" if expect else "should not match but did"
                    got = ", ".join(r.rule for r in verdict.reasons) or "nothing"
                    sys.stdout.write(
                        f"FAIL {rule.id}: {what}: 「{escape(example)}」 (fired: {got})  "
                        f"[{rule.origin.file}:{rule.origin.line}]\n"
                    )
    if not checked:
        sys.stdout.write("no examples to test\n")
        return EXIT_FLAGGED
    sys.stdout.write(f"{checked} examples, {failed} failed\n")
    return EXIT_FLAGGED if failed else EXIT_OK


# -- entry point ---------------------------------------------------------------------------------


class _UsageError(Exception):
    """A usage problem found after parsing."""


def _parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(prog="linkguard", description="Score the risk of chat messages and share links.")
    parser.add_argument("--version", action="version", version=f"linkguard {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", parents=[common], help="scan messages and explain the risk")
    check.add_argument("text", nargs="*", help="a message to scan ('-' reads stdin as one message)")
    check.add_argument(
        "-f", "--file", metavar="FILE",
        help="scan FILE ('-' for stdin): one message per line, JSON lines, or a chat export",
    )  # fmt: skip
    check.add_argument("--field", default="text", help="JSON field holding the message (JSON lines; text)")
    check.add_argument("--format", choices=("text", "json", "html"), default="text")
    check.add_argument("-o", "--output", metavar="FILE", help="write the results to FILE instead of stdout")
    check.add_argument("--reveal-pii", action="store_true", help="show personal data unmasked")
    check.set_defaults(func=_run_check)

    rules = sub.add_parser("rules", help="list, validate or test rule files")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True, parser_class=_Parser)
    p = rules_sub.add_parser("list", parents=[common], help="id, category, weight and title of each rule")
    p.set_defaults(func=_run_rules_list)
    p = rules_sub.add_parser("validate", help="check a rule file (on top of the defaults)")
    p.add_argument("file")
    p.set_defaults(func=_run_rules_validate)
    p = rules_sub.add_parser("test", parents=[common], help="run every rule's match/ignore examples")
    p.add_argument("file", nargs="?", help="test only the rules this file defines or patches")
    p.set_defaults(func=_run_rules_test)

    filter_command.register(sub, parents=[common])
    eval_command.register(sub, parents=[common])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()
        return code
    except RulesError as exc:
        print(f"linkguard: rules error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _UsageError as exc:
        print(f"linkguard: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            silence_stdout()
            return EXIT_OK
        print(f"linkguard: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
