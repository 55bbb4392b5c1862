"""Scanner: compile rules once, scan each message once, return a Verdict."""

from __future__ import annotations

import hashlib
import os
import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from . import defaults
from .domains import Domains
from .links import find_links
from .normalize import DIGIT_LIKE, Text, View, scrub
from .rules import detectors
from .rules.context import Boundaries
from .rules.counts import at_least, count_items
from .rules.errors import RulesError
from .rules.keywords import KeywordIndex, Role, fold_for_view
from .rules.linkcond import link_matches
from .rules.model import Near, Rule, RuleSet, Unless
from .rules.regexes import (
    compile_regex,
    compile_trusted,
    leading_literals,
    led_by_class,
    reach,
    required_digit_run,
    required_literals,
)
from .rules.schema import Source, build_ruleset
from .verdict import Level, Link, Reason, Title, Verdict

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["Scanner"]

Span = tuple[int, int]

_TIMEOUT_TITLE = Title("规则正则超时，结果可能不完整", "A rule's regex timed out; the result may be incomplete")
_CHUNK = 256
_CACHE_TEXT = 512  # longest message whose verdict is remembered
_DIGIT_RUN = regex.compile(r"\d+")
_NEAR_ONLY = 2000  # texts longer than this search a gated regex only near its literals
_CONTEXT_ROLES = frozenset({Role.NEAR, Role.UNLESS, Role.EXCEPT, Role.AFTER, Role.TOLD})
_SCAN_ALL = 16  # a view with more context words (a dense paste) sorts its lists by start and bisects them
_NO_WORDS: list[tuple[int, int]] = []  # never changed


class _RegexRule:
    """A regex rule as the engine runs it; the pattern is compiled when first needed.

    A rule with a timeout (from a user's file) runs on `regex`; the vetted defaults run on `re` where it
    reads them (`compile_trusted`), and are called without a timeout.
    """

    __slots__ = (
        "_compiled", "anchored", "digit_run", "prefilter", "reach", "required", "rule", "source", "timeout", "view",
    )

    def __init__(
        self, rule: int, source: str, prefilter: bool, anchored: bool, digit_run: int, timeout: float | None
    ) -> None:
        self.view: str | None = None  # the view it runs on, when not the view whose automaton gates it
        self.rule = rule
        self.source = source
        self.prefilter = prefilter
        self.anchored = anchored  # every match starts at a pre-filter literal: try only there
        self.digit_run = digit_run
        self.timeout = timeout
        # (longest match, look-around overhang) of a gated regex whose matches each hold one of its
        # literals as found: long texts are then searched only near those literals.
        self.reach: tuple[int, int] | None = None
        # An anchored regex whose matches also hold one of a rarer set of literals ("发…红包") runs only
        # when the automaton found one of those too.
        self.required = False
        self._compiled: re.Pattern[str] | regex.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str] | regex.Pattern[str]:
        """The compiled pattern (compiling twice from two threads is harmless)."""
        compiled = self._compiled
        if compiled is None:
            compiled = compile_trusted(self.source) if self.timeout is None else compile_regex(self.source)
            self._compiled = compiled
        return compiled

    def match(self, text: str, pos: int) -> re.Match[str] | regex.Match[str] | None:
        """`pattern.match(text, pos)`, with the rule's timeout when it has one (`re` takes none)."""
        if self.timeout is None:
            return self.pattern.match(text, pos)
        compiled = self.pattern
        assert isinstance(compiled, regex.Pattern)
        return compiled.match(text, pos, timeout=self.timeout)

    def finditer(self, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]] | Iterator[regex.Match[str]]:
        """`pattern.finditer(text, pos, endpos)`, with the rule's timeout when it has one."""
        if self.timeout is None:
            return self.pattern.finditer(text, pos, endpos)
        compiled = self.pattern
        assert isinstance(compiled, regex.Pattern)
        return compiled.finditer(text, pos, endpos, timeout=self.timeout)


@dataclass(frozen=True, slots=True)
class _ViewPlan:
    """Everything matched on one view: its automaton and its regex rules, split by pre-filter."""

    name: str
    index: KeywordIndex
    gated: dict[int, _RegexRule]
    always: tuple[_RegexRule, ...]
    reach: int  # how far from a match its context words can end: the longest distance plus the longest word


@dataclass(slots=True)
class _Hits:
    """What the primary rules found in one message (or one window of it)."""

    spans: dict[int, list[Span]]
    sensitive: set[Span]
    links: tuple[Link, ...]
    timeouts: list[str]
    details: dict[int, str]


def _mask(s: str) -> str:
    """Mask personal data, keeping a quarter of the characters at each end: 3301**********2344."""
    n = len(s)
    keep = n // 4
    if n < 4:
        return "*" * n
    return s[:keep] + "*" * (n - 2 * keep) + s[n - keep :]


def _merge(zones: list[Span]) -> tuple[list[int], list[int]]:
    """Sorted, merged zones as (starts, ends) for bisecting."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(zones):
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _inside(span: Span, zones: tuple[list[int], list[int]]) -> bool:
    """True when `span` lies entirely inside one of the merged zones."""
    starts, ends = zones
    k = bisect_right(starts, span[0]) - 1
    return k >= 0 and span[1] <= ends[k]


class Scanner:
    """Compiled rules: immutable, safe to share between threads, pickled as its rule sources.

    Verdicts of short messages (up to 512 characters) are remembered, up to `cache_size` of them.
    """

    def __init__(
        self,
        *,
        reveal_pii: bool = False,
        max_window: int = 100_000,
        regex_timeout: float = 0.05,
        cache_size: int = 4096,
    ) -> None:
        self._setup((defaults.source(),), reveal_pii, max_window, regex_timeout, cache_size)

    @classmethod
    def from_files(
        cls, *paths: str | os.PathLike[str], defaults: bool = True, **options: Any
    ) -> Scanner:
        """Rules of the packaged defaults (unless `defaults=False`) patched by these files in order."""
        sources: list[Source] = []
        for path in paths:
            p = Path(path)
            try:
                text = p.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise RulesError("file not found", str(path)) from None
            except UnicodeDecodeError as exc:
                raise RulesError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path)) from None
            except OSError as exc:
                raise RulesError(f"cannot read: {exc.strerror}", str(path)) from None
            sources.append(Source(str(path), text))
        return cls.from_sources(sources, defaults=defaults, **options)

    @classmethod
    def from_sources(cls, sources: Iterable[Source], defaults: bool = True, **options: Any) -> Scanner:
        """Rules from in-memory sources (name, YAML text), after the packaged defaults if `defaults`."""
        from . import defaults as packaged

        all_sources = ((packaged.source(),) if defaults else ()) + tuple(sources)
        scanner = Scanner.__new__(cls)  # (not cls.__new__: mypyc cannot compile that)
        scanner._setup(all_sources, **options)
        return scanner

    def _setup(
        self,
        sources: tuple[Source, ...],
        reveal_pii: bool = False,
        max_window: int = 100_000,
        regex_timeout: float = 0.05,
        cache_size: int = 4096,
    ) -> None:
        if max_window < 1000:
            raise ValueError("max_window must be at least 1000 characters")
        if cache_size < 0:
            raise ValueError("cache_size must be 0 (off) or more")
        self._sources = sources
        self._options = {
            "reveal_pii": reveal_pii, "max_window": max_window, "regex_timeout": regex_timeout,
            "cache_size": cache_size,
        }  # fmt: skip
        # Chat repeats itself ("已砍", "谢谢", the same post again): verdicts of short messages are kept.
        # Verdicts are immutable, so sharing them is safe; the cache is emptied when it fills up.
        self._cache_size = cache_size
        self._cache: dict[str, Verdict] = {}
        self._reveal = reveal_pii
        self._window = max_window
        self._overlap = min(2000, max_window // 10)
        ruleset = build_ruleset(sources)
        self.ruleset: RuleSet = ruleset
        digest = hashlib.sha256()
        for src in sources:
            digest.update(src.text.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        self.rules_version = digest.hexdigest()[:12]
        self._safe = Verdict(0, Level.SAFE, (), (), self.rules_version)
        self._compile(ruleset, regex_timeout)

    def _compile(self, ruleset: RuleSet, timeout: float) -> None:
        rules = tuple(r for r in ruleset.rules if r.enabled)
        self._rules = rules
        index_of = {r.id: i for i, r in enumerate(rules)}
        entries: dict[str, list[tuple[str, int, Role]]] = {}
        regexes: dict[str, list[_RegexRule]] = {}
        self._link_rules: list[int] = []
        self._link_cache: dict[tuple[object, ...], tuple[int, ...]] = {}
        self._count_rules: list[tuple[int, str, int]] = []  # (rule, what to count, least)
        self._detector_rules: list[tuple[int, detectors.Detector]] = []
        # Context words are indexed once per distinct `near` or `unless` (most rules share *ask and *warn),
        # under that context's group number; a rule finds its words through its groups.
        groups: dict[tuple[str, Near | Unless], int] = {}
        self._near_group = [-1] * len(rules)
        self._unless_group = [-1] * len(rules)
        indexed: set[tuple[str, int]] = set()  # (view, group) whose words are in that view's bucket
        view_rules: dict[str, list[int]] = {}
        for i, rule in enumerate(rules):
            bucket = entries.setdefault(rule.view, []) if rule.matcher in ("keywords", "regex") else None
            if rule.matcher == "keywords":
                assert bucket is not None
                bucket.extend((w, i, Role.MAIN) for w in rule.spec)
            elif rule.matcher == "regex":
                assert bucket is not None
                leading = leading_literals(rule.spec)
                anchored = bool(leading) and all(fold_for_view(rule.view, w) == w for w in leading or ())
                literals = leading if anchored else required_literals(rule.spec)
                if literals:
                    bucket.extend((w, i, Role.PREFILTER) for w in literals)
                rr = _RegexRule(
                    i, rule.spec, bool(literals), anchored, required_digit_run(rule.spec),
                    None if rule.trusted else timeout,
                )  # fmt: skip
                if literals and not anchored and all(fold_for_view(rule.view, w) == w for w in literals):
                    rr.reach = reach(rule.spec)
                required = required_literals(rule.spec) if anchored else None
                if required and set(required) != set(literals or ()) and all(
                    fold_for_view(rule.view, w) == w for w in required
                ):
                    bucket.extend((w, i, Role.REQUIRED) for w in required)
                    rr.required = True
                regexes.setdefault(rule.view, []).append(rr)
            elif rule.matcher == "link":
                self._link_rules.append(i)
            elif rule.matcher == "count":
                self._count_rules.append((i, rule.spec["of"], rule.spec["min"]))
            elif rule.matcher == "detector":
                fn = detectors.get(rule.spec)
                assert fn is not None
                self._detector_rules.append((i, fn))
            if bucket is not None:
                view_rules.setdefault(rule.view, []).append(i)
                if rule.near:
                    g = self._near_group[i] = groups.setdefault(("near", rule.near), len(groups))
                    if (rule.view, g) not in indexed:
                        indexed.add((rule.view, g))
                        bucket.extend((w, g, Role.NEAR) for w in rule.near.keywords)
                if rule.unless:
                    unless = rule.unless
                    g = self._unless_group[i] = groups.setdefault(("unless", unless), len(groups))
                    if (rule.view, g) not in indexed:
                        indexed.add((rule.view, g))
                        bucket.extend((w, g, Role.UNLESS) for w in unless.keywords)
                        bucket.extend((w, g, Role.EXCEPT) for w in unless.exceptions)
                        if unless.after:
                            bucket.extend((w, g, Role.AFTER) for w in unless.after.keywords)
                        if unless.told:
                            bucket.extend((w, g, Role.TOLD) for w in unless.told.keywords)
        # Detectors that can only fire on a message with links are skipped for the others, and the others
        # are skipped together in a message whose folded view matches none of their gates (most chat has no
        # digit run, currency sign, ":/" or "口令"): one search instead of a call each.
        self._linkless_detectors = [(i, fn) for i, fn in self._detector_rules if not detectors.needs_links(fn)]
        gates = [detectors.gate(fn) for _i, fn in self._linkless_detectors]
        self._linkless_gate: re.Pattern[str] | None = None
        if gates and all(gates):
            alternation = "|".join(f"(?:{g})" for g in dict.fromkeys(gates))
            self._linkless_gate = re.compile(led_by_class(alternation))
        # The digits view differs from the folded view only where numerals became digits (same length).
        # When no digits-view keyword or pre-filter literal holds a digit or a numeral, those literals
        # match the folded text at the same offsets: they join the folded automaton (one pass fewer), and
        # the digits view is built only when one of its regexes has to run. Context words ("踢一下") are
        # looked for in the folded text either way.
        if ("digits" in entries or "digits" in regexes) and not self._has_digit_literal(
            "digits", entries.get("digits", [])
        ):
            entries.setdefault("folded", []).extend(entries.pop("digits", []))
            view_rules.setdefault("folded", []).extend(view_rules.pop("digits", []))
            for rr in regexes.pop("digits", []):
                rr.view = "digits"
                regexes.setdefault("folded", []).append(rr)
        views = list(dict.fromkeys([*entries, *regexes]))
        self._views: list[_ViewPlan] = []
        for v in views:
            index = KeywordIndex(v, entries.get(v, []))
            self._views.append(_ViewPlan(
                v, index,
                {r.rule: r for r in regexes.get(v, ()) if r.prefilter},
                tuple(r for r in regexes.get(v, ()) if not r.prefilter),
                self._context_distance(rules, view_rules.get(v, [])) + index.longest_context,
            ))  # fmt: skip
        self._combos = self._combination_order(rules, index_of)
        self._contextual = frozenset(i for i, r in enumerate(rules) if r.near or r.unless)  # need context words
        self._groups_of = [
            tuple(g for g in pair if g >= 0) for pair in zip(self._near_group, self._unless_group, strict=True)
        ]
        self._excused_by_official = tuple(i for i, r in enumerate(rules) if r.unless_official_links)
        self._domains = Domains(allow=ruleset.allow_domains, block=ruleset.block_domains)

    @staticmethod
    def _context_distance(rules: tuple[Rule, ...], view_rules: list[int]) -> int:
        """The longest distance from a match at which one view's rules look for their context words."""
        distance = 0
        for i in view_rules:
            rule = rules[i]
            if rule.near:
                distance = max(distance, rule.near.within)
            if rule.unless:
                unless = rule.unless
                distance = max(distance, unless.before, unless.after.within if unless.after else 0,
                               unless.told.within if unless.told else 0)
        return distance

    @staticmethod
    def _has_digit_literal(view: str, entries: list[tuple[str, int, Role]]) -> bool:
        """True when a keyword or pre-filter literal of `view` holds a digit in the digits view."""
        return any(
            DIGIT_LIKE.search(fold_for_view(view, w)) for w, _i, r in entries if r not in _CONTEXT_ROLES
        )

    @staticmethod
    def _combination_order(rules: tuple[Rule, ...], index_of: dict[str, int]) -> list[tuple[int, bool, list[int]]]:
        """Combination rules ordered so each comes after the combinations it uses."""
        order: list[tuple[int, bool, list[int]]] = []
        done: set[int] = set()

        def visit(i: int) -> None:
            if i in done:
                return
            done.add(i)
            comps = [index_of.get(c, -1) for c in rules[i].components]
            for c in comps:
                if c >= 0 and rules[c].components:
                    visit(c)
            order.append((i, rules[i].matcher == "all_of", comps))

        for i, rule in enumerate(rules):
            if rule.components:
                visit(i)
        return order

    # -- pickling: rule sources only; native automata are rebuilt on load ----------------------

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._sources, self._options))

    # -- scanning -------------------------------------------------------------------------------

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The enabled rules, in file order."""
        return self._rules

    def scan(self, text: str) -> Verdict:
        """Scan one message."""
        if not isinstance(text, str):
            raise TypeError(f"linkguard scans text (str), got {type(text).__name__}")
        cacheable = self._cache_size > 0 and len(text) <= _CACHE_TEXT
        if cacheable:
            known = self._cache.get(text)
            if known is not None:
                return known
        if len(text) <= self._window:
            message = Text(text)  # scrubs lone surrogates once: the views and the evidence share it
            hits = self._primary(message)
            verdict = self._verdict(message.original, hits)
        else:
            hits, original = self._windows(text)
            verdict = self._verdict(original, hits)
        if cacheable and not hits.timeouts:  # a timeout depends on the machine's load: never remembered
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[text] = verdict
        return verdict

    def _windows(self, text: str) -> tuple[_Hits, str]:
        """Scan a long message in overlapping windows, all of them, and merge what they found."""
        original = scrub(text)
        step = self._window - self._overlap
        merged = _Hits({}, set(), (), [], {})
        links: dict[Span, Link] = {}
        for start in range(0, len(original), step):
            part = self._primary(Text(original[start : start + self._window]))
            for rule, spans in part.spans.items():
                merged.spans.setdefault(rule, []).extend((s + start, e + start) for s, e in spans)
            merged.sensitive.update((s + start, e + start) for s, e in part.sensitive)
            for rule, detail in part.details.items():
                merged.details.setdefault(rule, detail)
            merged.timeouts.extend(t for t in part.timeouts if t not in merged.timeouts)
            for link in part.links:
                span = (link.span[0] + start, link.span[1] + start)
                links.setdefault(span, _shift_link(link, start))
            if start + self._window >= len(original):
                break
        merged.links = tuple(links[s] for s in sorted(links))
        return merged, original

    def _primary(self, text: Text) -> _Hits:
        original = text.original
        links = find_links(original, self._domains)
        spans: dict[int, list[Span]] = {}
        sensitive: set[Span] = set()
        details: dict[int, str] = {}
        zones: list[Span] = []
        timeouts: list[str] = []
        rules = self._rules
        if links:
            run_detectors = self._detector_rules
        elif self._linkless_gate is None or self._linkless_gate.search(text.view("folded").text) is not None:
            run_detectors = self._linkless_detectors
        else:
            run_detectors = []
        if run_detectors:
            ctx = detectors.Context(text, links)
            for i, fn in run_detectors:
                for hit in fn(ctx):
                    if not hit.spans:
                        continue
                    spans.setdefault(i, []).extend(hit.spans)
                    if hit.sensitive:
                        sensitive.update(hit.spans)
                    if hit.suppress:
                        zones.extend(hit.spans)
                    if hit.detail and i not in details:
                        details[i] = hit.detail
        merged_zones = _merge(zones) if zones else None
        bounds: Boundaries | None = None
        for plan in self._views:
            view = text.view(plan.name)
            found = plan.index.find(view.text)
            if not found and not plan.always:
                continue
            main: dict[int, list[Span]] = {}
            starts: dict[int, list[int]] = {}  # regex rule -> where its pre-filter literals start
            required: set[int] = set()  # regex rules one of whose required literals occurs
            primary = plan.index.primary
            for pattern, s, e in found:
                for i, role in primary[pattern]:
                    if role is Role.MAIN:
                        main.setdefault(i, []).append((s, e))
                    elif role is Role.PREFILTER:
                        starts.setdefault(i, []).append(s)
                    else:
                        required.add(i)
            gated = plan.gated
            run = [*plan.always, *(gated[i] for i in starts if i in required or not gated[i].required)]
            longest: dict[str, int] = {}  # longest digit run of each subject text, found once
            for rr in run:
                # Same offsets as `view` (a digits-view regex gated by the folded automaton).
                subject = view.text if rr.view is None else text.view(rr.view).text
                if rr.digit_run:
                    if subject not in longest:
                        longest[subject] = max(map(len, _DIGIT_RUN.findall(subject)), default=0)
                    if longest[subject] < rr.digit_run:
                        continue
                try:
                    if rr.anchored:
                        self._match_at(rr, subject, sorted(set(starts[rr.rule])), main)
                    elif rr.reach is not None and len(subject) > _NEAR_ONLY:
                        self._search_near(rr, rr.reach, subject, sorted(set(starts[rr.rule])), main)
                    else:
                        for m in rr.finditer(subject, 0, len(subject)):
                            if m.end() > m.start():
                                main.setdefault(rr.rule, []).append(m.span())
                except TimeoutError:
                    timeouts.append(rules[rr.rule].id)
            context: dict[tuple[int, Role], list[Span]] = {}
            dense = 0  # in a dense paste, the longest context word: lists are sorted by start and bisected
            if main and not self._contextual.isdisjoint(main):
                by_pattern = plan.index.context
                words = self._context_words(plan, view.text, main)
                groups_of = self._groups_of
                wanted_groups = {g for i in main for g in groups_of[i]}
                for pattern, s, e in words:
                    wanted = by_pattern[pattern]
                    for g in wanted_groups:
                        for role in wanted.get(g, ()):
                            context.setdefault((g, role), []).append((s, e))
                if len(words) > _SCAN_ALL:
                    dense = plan.index.longest_context
                    for found_words in context.values():
                        found_words.sort()
            for i, found_spans in main.items():
                rule = rules[i]
                if (rule.near or rule.unless) and bounds is None:
                    bounds = Boundaries(original)
                kept = spans.get(i, [])
                for vs, ve in found_spans:
                    span = view.span(vs, ve)
                    if merged_zones is not None and _inside(span, merged_zones):
                        continue
                    if rule.unless and self._warned(
                        rule, view, vs, ve, context, self._unless_group[i], bounds, dense
                    ):
                        continue
                    if rule.near and not self._near(rule, view, vs, ve, context, self._near_group[i], bounds, dense):
                        continue
                    if rule.unless and rule.unless.quoted and bounds is not None and bounds.quoted(*span):
                        continue
                    kept.append(span)
                if kept:
                    spans[i] = kept
        if links and self._link_rules:
            for link in links:
                for i in self._link_rules_for(link):
                    spans.setdefault(i, []).append(link.span)
        for i, of, least in self._count_rules:
            if not at_least(of, original, links, least):
                continue
            n, found_spans = count_items(of, original, links, least)
            if n >= least and found_spans:
                spans[i] = found_spans
                details[i] = f"{of}={n}"
        if links:
            for i in self._excused_by_official:  # "登录一下 <official link>" points at the brand's own page
                if i in spans and all(lk.official for lk in links):
                    kept = [span for span in spans[i] if not _link_on_its_line(original, span, links)]
                    if kept:
                        spans[i] = kept
                    else:
                        del spans[i]
        return _Hits(spans, sensitive, links, timeouts, details)

    def _context_words(self, plan: _ViewPlan, text: str, main: dict[int, list[Span]]) -> list[tuple[int, int, int]]:
        """Context words of a view: in the whole text, or in a long one only around the matches that ask."""
        if len(text) <= _NEAR_ONLY:
            return plan.index.find_context(text)
        reach = plan.reach
        stretches: list[list[int]] = []
        for s, e in sorted(span for i, spans in main.items() if i in self._contextual for span in spans):
            if stretches and s - reach <= stretches[-1][1]:
                stretches[-1][1] = max(stretches[-1][1], e + reach)
            else:
                stretches.append([max(0, s - reach), e + reach])
        found: list[tuple[int, int, int]] = []
        for a, b in stretches:
            found.extend((p, s + a, e + a) for p, s, e in plan.index.find_context(text[a:b]))
        return found

    def _link_rules_for(self, link: Link) -> tuple[int, ...]:
        """Indexes of the link rules `link` satisfies (cached by what the conditions look at)."""
        key = (link.findings, link.official, link.platform_hosted, link.scheme)
        found = self._link_cache.get(key)
        if found is None:
            found = tuple(i for i in self._link_rules if link_matches(self._rules[i].spec, link))
            if len(self._link_cache) >= 4096:
                self._link_cache.clear()
            self._link_cache[key] = found
        return found

    @staticmethod
    def _match_at(rr: _RegexRule, text: str, positions: list[int], main: dict[int, list[Span]]) -> None:
        """Try an anchored regex only where its literals start; keep non-overlapping matches."""
        last_end = -1
        for pos in positions:
            if pos < last_end:
                continue
            m = rr.match(text, pos)
            if m is not None and m.end() > pos:
                main.setdefault(rr.rule, []).append((pos, m.end()))
                last_end = m.end()

    @staticmethod
    def _search_near(
        rr: _RegexRule, reach: tuple[int, int], text: str, positions: list[int], main: dict[int, list[Span]]
    ) -> None:
        """`finditer`'s matches, searched only where one can start: at most the longest match before a
        literal, with the text its look-arounds need after it."""
        width, overhang = reach
        windows: list[list[int]] = []  # merged ranges of possible match starts
        for pos in positions:
            if windows and pos - width <= windows[-1][1] + 1:
                windows[-1][1] = pos
            else:
                windows.append([max(0, pos - width), pos])
        last_end = 0
        for first, last in windows:
            end = min(len(text), last + width + overhang)
            for m in rr.finditer(text, max(first, last_end), end):
                if m.start() > last:
                    break  # starts in the next window: found there
                main.setdefault(rr.rule, []).append(m.span())
                last_end = m.end()

    @staticmethod
    def _warned(
        rule: Rule,
        view: View,
        vs: int,
        ve: int,
        context: dict[tuple[int, Role], list[Span]],
        group: int,
        bounds: Boundaries | None,
        dense: int,
    ) -> bool:
        """True when a warning word stands shortly before the match in the same clause, (with
        `unless.after`) a report word shortly after it in the same sentence ("…三倍赔付，我直接拉黑了"), or
        (with `unless.told`) a member's story of somebody's loss on its line ("我表姐被骗了 …让她下了个会议
        app"). The words are those found for the rule's context `group`."""
        unless = rule.unless
        assert unless is not None and bounds is not None
        exceptions = context.get((group, Role.EXCEPT), _NO_WORDS)
        warnings = context.get((group, Role.UNLESS), _NO_WORDS)
        if dense and warnings:
            warnings = _starting(warnings, vs - unless.before, vs - 1)
        for ws, we in warnings:
            if not (vs - unless.before <= ws < vs and we <= ve):
                continue
            if exceptions and _excepted(exceptions, ws, we, dense):
                continue
            if bounds.same_clause(view.origin(ws), view.origin(vs)):
                return True
        if unless.after:
            within = unless.after.within
            reports = context.get((group, Role.AFTER), _NO_WORDS)
            if dense and reports:
                reports = _starting(reports, ve, ve + within - 1)
            for ws, we in reports:
                if not ve <= ws < ve + within:
                    continue
                if exceptions and _excepted(exceptions, ws, we, dense):
                    continue  # "…，我不是骗子" holds 是骗子
                if bounds.same_sentence(view.origin(vs), view.origin(ws)):
                    return True
        if unless.told:
            within = unless.told.within
            told = context.get((group, Role.TOLD), _NO_WORDS)
            if dense and told:
                told = _starting(told, vs - within, ve + within)
            for ws, we in told:
                if ws < vs - within or we > ve + within:
                    continue
                if exceptions and _excepted(exceptions, ws, we, dense):
                    continue  # "被骗了找我" sells a recovery scam
                if bounds.same_line(view.origin(min(ws, vs)), view.origin(max(ws, vs))):
                    return True
        return False

    @staticmethod
    def _near(
        rule: Rule,
        view: View,
        vs: int,
        ve: int,
        context: dict[tuple[int, Role], list[Span]],
        group: int,
        bounds: Boundaries | None,
        dense: int,
    ) -> bool:
        """True when a `near` keyword (of context `group`) stands within the rule's distance, in the same
        sentence."""
        assert rule.near is not None and bounds is not None
        within = rule.near.within
        candidates = context.get((group, Role.NEAR), _NO_WORDS)
        if dense and candidates:
            candidates = _starting(candidates, vs - within, ve + within)
        for ns, ne in candidates:
            if (ns, ne) == (vs, ve) or ns < vs - within or ne > ve + within:
                continue
            if bounds.same_sentence(view.origin(min(ns, vs)), view.origin(max(ns, vs))):
                return True
        return False

    def _verdict(self, original: str, hits: _Hits) -> Verdict:
        spans = hits.spans
        if not spans and not hits.timeouts:
            # One shared verdict for the commonest result: it is immutable, and pickles once per chunk.
            return Verdict(0, Level.SAFE, (), hits.links, self.rules_version) if hits.links else self._safe
        rules = self._rules
        for i, all_of, comps in self._combos:
            present = [c for c in comps if c >= 0 and c in spans]
            if (all_of and len(present) == len(comps)) or (not all_of and present):
                spans[i] = sorted({s for c in present for s in spans[c]})
        reasons: list[Reason] = []
        score = 0
        mask = hits.sensitive if not self._reveal else ()
        details = hits.details
        for i, found in spans.items():
            rule = rules[i]
            unique = tuple(found) if len(found) == 1 else tuple(sorted(set(found)))
            if mask:
                evidence = tuple(_mask(original[s:e]) if (s, e) in mask else original[s:e] for s, e in unique)
            elif len(unique) == 1:
                evidence = (original[unique[0][0] : unique[0][1]],)
            else:
                evidence = tuple(original[s:e] for s, e in unique)
            detail = details.get(i, "")
            reasons.append(Reason(rule.id, rule.category, rule.weight, rule.title, unique, evidence, detail))
            score += rule.weight
        for rule_id in hits.timeouts:
            reasons.append(Reason("engine.regex_timeout", "info", 0, _TIMEOUT_TITLE, (), (), rule_id))
        if len(reasons) > 1:
            reasons.sort(key=_reason_order)
        score = min(100, score)
        rs = self.ruleset
        level = Level.DANGEROUS if score >= rs.dangerous else Level.SUSPICIOUS if score >= rs.suspicious else Level.SAFE
        return Verdict(score, level, tuple(reasons), hits.links, self.rules_version)

    def scan_many(self, texts: Iterable[str], workers: int = 1) -> Iterator[Verdict]:
        """Scan many messages lazily, in input order; `workers` > 1 uses that many processes."""
        if workers <= 1:
            # map, not a generator expression: mypyc's compiled one cost 2-5 us a message (+10-17 %).
            return map(self.scan, texts)
        return self._scan_parallel(iter(texts), workers)

    def _scan_parallel(self, texts: Iterator[str], workers: int) -> Iterator[Verdict]:
        from .workers import process_pool  # imported on use: keeps start-up fast

        pending: deque[Future[tuple[list[Verdict], BaseException | None]]] = deque()
        with process_pool(workers, _init_worker, (self,)) as pool:
            while True:
                while len(pending) < 2 * workers:
                    chunk = list(islice(texts, _CHUNK))
                    if not chunk:
                        break
                    pending.append(pool.submit(_scan_chunk, chunk))
                if not pending:
                    return
                results, error = pending.popleft().result()
                yield from results
                if error is not None:
                    for future in pending:
                        future.cancel()
                    raise error


def _excepted(exceptions: list[Span], ws: int, we: int, dense: int) -> bool:
    """True when an exception phrase covers the word at [ws, we) ("不要错过" covers 不要)."""
    around = _starting(exceptions, ws - dense, ws) if dense else exceptions
    return any(xs <= ws and we <= xe for xs, xe in around)


def _starting(spans: list[Span], lo: int, hi: int) -> list[Span]:
    """The spans of a list sorted by start that start in [lo, hi]."""
    return spans[bisect_left(spans, (lo, -1)) : bisect_left(spans, (hi + 1, -1))]


def _reason_order(r: Reason) -> tuple[int, int, str]:
    """Highest weight first, then by where the evidence starts, then by rule id."""
    return (-r.weight, r.spans[0][0] if r.spans else 0, r.rule)


def _link_on_its_line(original: str, span: Span, links: tuple[Link, ...]) -> bool:
    """True when one of `links` is on the same line as `span` (so joining messages never excuses a match)."""
    s, e = span
    return any("\n" not in original[min(s, ls) : max(e, le)] for ls, le in (link.span for link in links))


def _shift_link(link: Link, offset: int) -> Link:
    if not offset:
        return link
    text, span, *rest = Link._fields(link)
    return Link(text, (span[0] + offset, span[1] + offset), *rest)


def _rebuild(sources: tuple[Source, ...], options: dict[str, Any]) -> Scanner:
    scanner = Scanner.__new__(Scanner)
    scanner._setup(sources, **options)
    return scanner


_worker_scanner: Scanner | None = None


def _init_worker(scanner: Scanner) -> None:
    global _worker_scanner
    _worker_scanner = scanner


def _scan_chunk(chunk: list[Any]) -> tuple[list[Verdict], BaseException | None]:
    # list[Any]: a non-text item must raise inside the loop's `try` (the compiled build checks a
    # list[str]'s items as it iterates), so the verdicts before it are still returned.
    assert _worker_scanner is not None
    out: list[Verdict] = []
    for text in chunk:
        try:
            out.append(_worker_scanner.scan(text))
        except Exception as exc:  # returned in order, re-raised by the parent
            return out, exc
    return out, None
