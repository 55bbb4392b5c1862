"""Regex rules: validation (syntax, nested unbounded quantifiers) and literal pre-filters."""

from __future__ import annotations

import importlib
import re
import warnings
from functools import lru_cache
from typing import Any

import regex

from ..normalize import char_class

__all__ = [
    "check_regex", "compile_regex", "compile_trusted", "lead_class", "led_by_class", "reach", "required_literals",
]


def _stdlib(new: str, old: str) -> Any:
    """The stdlib regex parser module: `re._parser` on 3.11+, `sre_parse` on 3.10."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return importlib.import_module(new)
        except ImportError:
            return importlib.import_module(old)


_sre_c = _stdlib("re._constants", "sre_constants")
_sre_p = _stdlib("re._parser", "sre_parse")

_MAXREPEAT = _sre_c.MAXREPEAT
_REPEATS = {_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, getattr(_sre_c, "POSSESSIVE_REPEAT", None)}
_NESTED_TEXT = regex.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*]")
_SMALL_CLASS = 8
_MIN_LITERAL = 1


def compile_regex(pattern: str) -> regex.Pattern[str]:
    """Compile a rule regex the way the engine runs it."""
    return regex.compile(pattern, regex.V0)


# Where `re` warns of a possible set operation ("[[", "--", "&&", "~~", "||"), the two engines may differ.
_SET_OPERATION_LIKE = ("[[", "--", "&&", "~~", "||")


def compile_trusted(pattern: str) -> re.Pattern[str] | regex.Pattern[str]:
    """Compile a vetted rule regex (no timeout) with `re` when `re` reads it alike, else with `regex`.

    A `re` call costs fewer cycles; on syntax both know they match alike (the suite checks the defaults'
    matches with both). `regex`-only syntax (\\p{...}, variable-width look-behinds) goes to `regex`. It runs
    during scans (compiled on first use), so it leaves the process-wide warning filters alone.
    """
    if not any(op in pattern for op in _SET_OPERATION_LIKE):
        try:
            return re.compile(pattern)
        except (re.error, OverflowError, RecursionError):
            pass
    return compile_regex(pattern)


@lru_cache(maxsize=4096)
def _parse(pattern: str) -> Any | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _sre_p.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


def _unbounded(av: Any) -> bool:
    return bool(av[1] == _MAXREPEAT)


def _has_unbounded(items: Any) -> bool:
    for op, av in items:
        if op in _REPEATS and (_unbounded(av) or _has_unbounded(av[2])):
            return True
        if op is _sre_c.SUBPATTERN and _has_unbounded(av[-1]):
            return True
        if op is _sre_c.BRANCH and any(_has_unbounded(b) for b in av[1]):
            return True
        if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT) and _has_unbounded(av[1]):
            return True
    return False


def _nested(items: Any) -> bool:
    """True when an unbounded repeat wraps something that itself repeats without bound."""
    for op, av in items:
        if op in _REPEATS:
            if _unbounded(av) and _has_unbounded(av[2]):
                return True
            if _nested(av[2]):
                return True
        elif op is _sre_c.SUBPATTERN:
            if _nested(av[-1]):
                return True
        elif op is _sre_c.BRANCH:
            if any(_nested(b) for b in av[1]):
                return True
        elif op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT) and _nested(av[1]):
            return True
    return False


def check_regex(pattern: str, untrusted: bool = True) -> str | None:
    """Why `pattern` is unusable as a rule regex, or None when it is fine.

    Trusted patterns (the packaged defaults, compiled by the test suite) skip the compile at load time:
    the engine compiles each regex when its pre-filter first lets it run.
    """
    if untrusted:
        try:
            compile_regex(pattern)
        except (regex.error, OverflowError, RecursionError) as exc:
            return str(exc)
    parsed = _parse(pattern)
    # Syntax only the `regex` module knows (\p{...}) gets a textual check instead.
    nested = _nested(list(parsed)) if parsed is not None else bool(_NESTED_TEXT.search(pattern))
    if nested:
        return (
            "an unbounded quantifier over a group that itself repeats without bound, like (a+)+, "
            "can take exponential time; bound the inner or outer repeat, e.g. (?:a{1,20})+"
        )
    return None


def _selectivity(literals: set[str]) -> tuple[int, int]:
    """How rarely a literal set is expected to occur: longer is rarer; then letters and digits are commoner."""
    shortest = min(literals, key=len)
    return len(shortest), 0 if shortest.isalnum() else 1


def _literal_sets(items: Any) -> set[str] | None:
    """Strings of which every match contains at least one, or None when no such set is known."""
    best: set[str] | None = None
    run: list[str] = []

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if not candidate:
            return
        if best is None or _selectivity(candidate) > _selectivity(best):
            best = candidate

    def close_run() -> None:
        if run:
            consider({"".join(run)})
            run.clear()

    for op, av in items:
        if op is _sre_c.LITERAL:
            run.append(chr(av))
            continue
        close_run()
        if op is _sre_c.IN:
            chars = [chr(v) for o, v in av if o is _sre_c.LITERAL]
            if len(chars) == len(av) and 0 < len(chars) <= _SMALL_CLASS:
                consider(set(chars))
        elif op is _sre_c.SUBPATTERN:
            consider(_literal_sets(av[-1]))
        elif op is _sre_c.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                sub = _literal_sets(branch)
                if not sub:
                    union = set()
                    break
                union |= sub
            consider(union or None)
        elif op in _REPEATS and av[0] >= 1:
            consider(_literal_sets(av[2]))
    close_run()
    return best


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Literals (as written, lowercase if the pattern is) one of which any match must contain, or None."""
    parsed = _parse(pattern)
    if parsed is None or parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _literal_sets(list(parsed))
    if not found or min(map(len, found)) < _MIN_LITERAL:
        return None
    return tuple(sorted(found))


def _is_digit_class(op: Any, av: Any) -> bool:
    if op is _sre_c.LITERAL:
        return bool(48 <= av <= 57)
    if op is _sre_c.IN:
        for o, v in av:
            if o is _sre_c.CATEGORY and v is _sre_c.CATEGORY_DIGIT:
                continue
            if o is _sre_c.RANGE and 48 <= v[0] <= v[1] <= 57:
                continue
            if o is _sre_c.LITERAL and 48 <= v <= 57:
                continue
            return False
        return True
    return False


def _digit_runs(items: Any) -> tuple[int, int, bool]:
    """(longest required digit run, required run at the end, whether every item is digits)."""
    best = current = 0
    only_digits = True
    for op, av in items:
        if op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
            continue  # zero-width: neither breaks nor extends a run
        if _is_digit_class(op, av):
            current += 1
        elif op in _REPEATS:
            inner_best, _, inner_only = _digit_runs(av[2])
            if inner_only and av[0] >= 1:
                current += av[0] * inner_best
            else:
                only_digits = False
                best = max(best, current, inner_best if av[0] >= 1 else 0)
                current = 0
        elif op is _sre_c.SUBPATTERN:
            inner_best, _, inner_only = _digit_runs(av[-1])
            if inner_only:
                current += inner_best
            else:
                only_digits = False
                best = max(best, current, inner_best)
                current = 0
        else:
            only_digits = False
            best = max(best, current)
            current = 0
        best = max(best, current)
    return best, current, only_digits


def required_digit_run(pattern: str) -> int:
    """Length of the run of consecutive ASCII digits any match must contain (0 when none is known)."""
    parsed = _parse(pattern)
    if parsed is None:
        return 0
    return _digit_runs(list(parsed))[0]


_ZERO_WIDTH = {_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT}


def _first_consuming(items: Any) -> tuple[list[Any], int] | None:
    """The items as a list and the index of the first one that is not a zero-width assertion, or None."""
    items = list(items)
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    return (items, i) if i < len(items) else None


def _leading(items: Any) -> set[str] | None:
    """Literals one of which every match starts with (after zero-width assertions), or None."""
    first = _first_consuming(items)
    if first is None:
        return None
    items, i = first
    op, av = items[i]
    if op is _sre_c.LITERAL:
        run = []
        while i < len(items) and items[i][0] is _sre_c.LITERAL:
            run.append(chr(items[i][1]))
            i += 1
        return {"".join(run)}
    if op is _sre_c.SUBPATTERN:
        return _leading(av[-1])
    if op is _sre_c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            sub = _leading(branch)
            if not sub:
                return None
            union |= sub
        return union
    if op is _sre_c.IN:
        chars = [chr(v) for o, v in av if o is _sre_c.LITERAL]
        return set(chars) if len(chars) == len(av) and 0 < len(chars) <= _SMALL_CLASS else None
    if op in _REPEATS and av[0] >= 1:
        return _leading(av[2])
    return None


def _first_chars(items: Any) -> list[tuple[int, int]] | None:
    """Code point ranges every match starts with a character of (after zero-width assertions), or None."""
    first = _first_consuming(items)
    if first is None:
        return None
    op, av = first[0][first[1]]
    if op is _sre_c.LITERAL:
        return [(av, av)]
    if op is _sre_c.IN:
        ranges: list[tuple[int, int]] = []
        for o, v in av:
            if o is _sre_c.LITERAL:
                ranges.append((v, v))
            elif o is _sre_c.RANGE:
                ranges.append((v[0], v[1]))
            else:  # a negated class or a category (\d, \s, \w): too wide to lead a search
                return None
        return ranges
    if op is _sre_c.SUBPATTERN and not av[1] and not av[2] and av[-1].getwidth()[0] >= 1:  # no (?i:...)
        return _first_chars(av[-1])
    if op is _sre_c.BRANCH:
        union: list[tuple[int, int]] = []
        for branch in av[1]:
            sub = _first_chars(branch) if branch.getwidth()[0] >= 1 else None
            if sub is None:
                return None
            union += sub
        return union
    if op in _REPEATS and av[0] >= 1 and av[2].getwidth()[0] >= 1:
        return _first_chars(av[2])
    return None


def lead_class(pattern: str) -> str | None:
    """A character class body holding the first character of every match of `pattern`, or None when
    that is not known (inline flags, classes like \\d or [^...], syntax only `regex` knows)."""
    parsed = _parse(pattern)
    if parsed is None or parsed.state.flags & ~re.UNICODE:  # (?i), (?s), ...: kept out of the wrapping too
        return None
    found = _first_chars(list(parsed))
    return char_class(found) if found else None


def led_by_class(pattern: str) -> str:
    """`pattern` for `re.search`, led by the class of its matches' first characters when that is known.

    `re` skips to a character of a leading class in C, but tries every alternative of an alternation at
    every position; the result finds a match wherever `pattern` finds one, at the same start.
    """
    lead = lead_class(pattern)
    if lead is None:
        return pattern
    return f"[{lead}](?<=(?=(?:{pattern}))[\\s\\S])"


def leading_literals(pattern: str) -> tuple[str, ...] | None:
    """Literals one of which every match of `pattern` starts with, or None when that is not known."""
    parsed = _parse(pattern)
    if parsed is None or parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _leading(list(parsed))
    return tuple(sorted(found)) if found else None


def _overhang(items: Any) -> int | None:
    """How far past a match its look-arounds and anchors may look, in characters (None: unbounded)."""
    total = 0
    for op, av in items:
        if op is _sre_c.AT:
            total += 1  # a word boundary looks at the next character
        elif op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
            _lo, hi = av[1].getwidth()
            inner = _overhang(av[1])
            if hi >= _MAXREPEAT or inner is None:
                return None
            total += hi + inner
        elif op is _sre_c.SUBPATTERN:
            inner = _overhang(av[-1])
            if inner is None:
                return None
            total += inner
        elif op is _sre_c.BRANCH or op is _sre_c.GROUPREF_EXISTS:
            subs = av[1] if op is _sre_c.BRANCH else [b for b in av[1:] if b is not None]
            for sub in subs:
                inner = _overhang(sub)
                if inner is None:
                    return None
                total += inner
        elif op in _REPEATS:
            inner = _overhang(av[2])
            if inner is None:
                return None
            total += inner
    return total


def reach(pattern: str) -> tuple[int, int] | None:
    """(longest match, farthest its look-arounds look past it), in characters; None when a match can be
    empty or unbounded, a look-around is unbounded, or the stdlib parser does not know the syntax."""
    parsed = _parse(pattern)
    if parsed is None:
        return None
    lo, hi = parsed.getwidth()
    if lo < 1 or hi >= _MAXREPEAT:
        return None
    around = _overhang(list(parsed))
    return None if around is None else (hi, around)
