"""Validate rule files and merge them: later files add rules or patch fields of existing ids."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import regex

from ..normalize import VIEWS
from ..verdict import Title
from . import detectors
from .errors import RulesError
from .loader import YList, YMap, parse_yaml
from .model import CATEGORIES, MATCHERS, Near, Origin, Rule, RuleSet, Unless
from .regexes import check_regex

__all__ = ["Source", "build_ruleset"]

_TOP_KEYS = ("version", "thresholds", "patterns", "rules", "allow_domains", "block_domains")
_RULE_KEYS = (
    "id", "category", "weight", "title", "description", "enabled", "view",
    *MATCHERS, "near", "unless", "unless_official_links", "examples",
)  # fmt: skip
_ID = regex.compile(r"[a-z0-9_]+(?:\.[a-z0-9_-]+)+")
_LINK_KEYS = {"findings": list, "min_strength": float, "official": bool, "platform_hosted": bool,
              "schemes": list}  # fmt: skip
_COUNT_OF = ("emoji", "links", "repeated_lines", "lines", "hosts")
_PATTERN_NAME = regex.compile(r"[a-z][a-z0-9_]*")
_PATTERN_USE = regex.compile(r"\{\{([^{}]*)\}\}")  # {{name}} in a rule's regex


@dataclass(frozen=True, slots=True)
class Source:
    """One rule file's text and name; `trusted` sources skip regex timeouts (vetted defaults)."""

    name: str
    text: str
    trusted: bool = False


@dataclass(slots=True)
class _Draft:
    """A rule's fields as merged so far, with where each was written."""

    values: dict[str, Any] = field(default_factory=dict)
    where: dict[str, Origin] = field(default_factory=dict)
    origin: Origin = field(default_factory=lambda: Origin("<rules>"))
    trusted: bool = True


class _Checker:
    """Validation helpers bound to one file."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, message: str, pos: tuple[int, int] = (0, 0)) -> RulesError:
        return RulesError(message, self.file, pos[0], pos[1])

    def value_pos(self, m: YMap, key: str) -> tuple[int, int]:
        return m.value_pos.get(key, m.pos)

    def keys(self, m: YMap, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key in m:
            if key not in allowed:
                raise self.fail(
                    f"unknown key {key!r} in {what}; allowed: {', '.join(allowed)}", m.key_pos[key]
                )

    def mapping(self, m: YMap, key: str, what: str) -> YMap:
        value = m[key]
        if not isinstance(value, YMap):
            raise self.fail(f"{what} must be a mapping, got {_kind(value)}", self.value_pos(m, key))
        return value

    def text_list(self, m: YMap, key: str, what: str, allow_empty: bool = False) -> tuple[str, ...]:
        value = m[key]
        pos = self.value_pos(m, key)
        if isinstance(value, str):
            raise self.fail(f"{what} must be a list of texts, got a single text (write [{value}])", pos)
        if not isinstance(value, list):
            raise self.fail(f"{what} must be a list of texts, got {_kind(value)}", pos)
        if not value and not allow_empty:
            raise self.fail(f"{what} must not be empty", pos)
        items = getattr(value, "item_pos", [pos] * len(value))
        for item, ipos in zip(value, items, strict=False):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{what} items must be non-empty texts, got {_kind(item)} {item!r}", ipos)
        return tuple(value)

    def integer(self, m: YMap, key: str, what: str, lo: int, hi: int) -> int:
        value = m[key]
        pos = self.value_pos(m, key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{what} must be a whole number, got {_kind(value)} {value!r}", pos)
        if not lo <= value <= hi:
            raise self.fail(f"{what} must be between {lo} and {hi}, got {value}", pos)
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)):
        return "a number"
    return type(value).__name__


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A named regex fragment from a file's `patterns`, and where it was defined."""

    text: str
    origin: Origin


def _read_patterns(c: _Checker, doc: YMap, known: dict[str, _Pattern], trusted: bool) -> None:
    """Add the file's `patterns` (name: regex fragment) to `known`; a name is defined once in a rule set."""
    spec = c.mapping(doc, "patterns", "patterns")
    for name, text in spec.items():
        pos = spec.value_pos[name]
        if not _PATTERN_NAME.fullmatch(name):
            raise c.fail(f"pattern name must be lowercase letters, digits and _, like 'no_warning', got {name!r}",
                         spec.key_pos[name])
        if name in known:
            first = known[name].origin
            raise c.fail(f"pattern {name!r} is already defined at {first.file}:{first.line}; "
                         "a pattern cannot be redefined", spec.key_pos[name])
        if not isinstance(text, str) or not text:
            raise c.fail(f"pattern {name!r} must be non-empty text, got {_kind(text)}", pos)
        if "{{" in text:
            raise c.fail(f"pattern {name!r} uses another pattern; patterns do not nest", pos)
        problem = check_regex(text, untrusted=not trusted)
        if problem:
            raise c.fail(f"invalid regex in pattern {name!r}: {problem}", pos)
        known[name] = _Pattern(text, Origin(c.file, *pos))


def _expand(c: _Checker, value: str, patterns: dict[str, _Pattern], pos: tuple[int, int]) -> str:
    """A rule's regex with each {{name}} replaced by that pattern's text."""

    def text(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name not in patterns:
            known = ", ".join(sorted(patterns)) or "none"
            raise c.fail(f"unknown pattern {{{{{name}}}}} in regex; defined patterns: {known}", pos)
        return patterns[name].text

    return _PATTERN_USE.sub(text, value) if "{{" in value else value


def _rule_fields(c: _Checker, m: YMap, trusted: bool, patterns: dict[str, _Pattern]) -> dict[str, Any]:
    """Validate the fields a rule entry gives (each on its own) and return them converted."""
    out: dict[str, Any] = {}
    for key in m:
        pos = c.value_pos(m, key)
        value = m[key]
        if key == "id":
            continue
        if key == "category":
            if value not in CATEGORIES:
                raise c.fail(f"unknown category {value!r}; expected one of {', '.join(CATEGORIES)}", pos)
            out[key] = value
        elif key == "weight":
            out[key] = c.integer(m, key, "weight", 0, 100)
        elif key == "title":
            t = c.mapping(m, key, "title")
            c.keys(t, ("zh", "en"), "title")
            for lang in ("zh", "en"):
                if lang not in t:
                    raise c.fail(f"title needs both zh and en; {lang} is missing", t.pos)
                if not isinstance(t[lang], str) or not t[lang].strip():
                    raise c.fail(f"title.{lang} must be non-empty text", c.value_pos(t, lang))
            out[key] = Title(t["zh"], t["en"])
        elif key == "description":
            if not isinstance(value, str):
                raise c.fail(f"description must be text, got {_kind(value)}", pos)
            out[key] = value
        elif key in ("enabled", "unless_official_links"):
            if not isinstance(value, bool):
                raise c.fail(f"{key} must be true or false, got {_kind(value)} {value!r}", pos)
            out[key] = value
        elif key == "view":
            if value not in VIEWS:
                raise c.fail(f"unknown view {value!r}; expected one of {', '.join(VIEWS)}", pos)
            out[key] = value
        elif key == "keywords":
            out[key] = c.text_list(m, key, "keywords")
        elif key == "regex":
            if not isinstance(value, str) or not value:
                raise c.fail(f"regex must be non-empty text, got {_kind(value)}", pos)
            value = _expand(c, value, patterns, pos)
            problem = check_regex(value, untrusted=not trusted)
            if problem:
                raise c.fail(f"invalid regex {value!r}: {problem}", pos)
            out[key] = value
        elif key == "link":
            out[key] = _link_spec(c, m)
        elif key == "count":
            spec = c.mapping(m, key, "count")
            c.keys(spec, ("of", "min"), "count")
            if spec.get("of") not in _COUNT_OF:
                raise c.fail(f"count.of must be one of {', '.join(_COUNT_OF)}", spec.pos)
            if "min" not in spec:
                raise c.fail("count needs min", spec.pos)
            out[key] = {"of": spec["of"], "min": c.integer(spec, "min", "count.min", 1, 1_000_000)}
        elif key == "detector":
            if not isinstance(value, str):
                raise c.fail(f"detector must be a name, got {_kind(value)}", pos)
            if detectors.get(value) is None:
                raise c.fail(
                    f"unknown detector {value!r}; known: {', '.join(detectors.names()) or 'none'}", pos
                )
            out[key] = value
        elif key in ("all_of", "any_of"):
            out[key] = c.text_list(m, key, key)
        elif key == "near":
            spec = c.mapping(m, key, "near")
            c.keys(spec, ("keywords", "within"), "near")
            if "keywords" not in spec:
                raise c.fail("near needs keywords", spec.pos)
            within = c.integer(spec, "within", "near.within", 1, 1000) if "within" in spec else 12
            out[key] = Near(c.text_list(spec, "keywords", "near.keywords"), within)
        elif key == "unless":
            spec = c.mapping(m, key, "unless")
            c.keys(spec, ("keywords", "before", "after", "told", "except", "quoted"), "unless")
            if "keywords" not in spec:
                raise c.fail("unless needs keywords", spec.pos)
            before = c.integer(spec, "before", "unless.before", 1, 1000) if "before" in spec else 8
            after = _words_within(c, spec, "after", 12) if "after" in spec else None
            told = _words_within(c, spec, "told", 80) if "told" in spec else None
            exc = c.text_list(spec, "except", "unless.except", allow_empty=True) if "except" in spec else ()
            quoted = spec.get("quoted", False)
            if not isinstance(quoted, bool):
                raise c.fail(f"unless.quoted must be true or false, got {_kind(quoted)} {quoted!r}",
                             c.value_pos(spec, "quoted"))
            out[key] = Unless(c.text_list(spec, "keywords", "unless.keywords"), before, exc, after, quoted, told)
        elif key == "examples":
            spec = c.mapping(m, key, "examples")
            c.keys(spec, ("match", "ignore"), "examples")
            match = c.text_list(spec, "match", "examples.match", True) if "match" in spec else ()
            ignore = c.text_list(spec, "ignore", "examples.ignore", True) if "ignore" in spec else ()
            out[key] = (match, ignore)
    return out


def _words_within(c: _Checker, unless: YMap, key: str, default: int) -> Near:
    """`unless.after` or `unless.told`: {keywords, within}."""
    what = f"unless.{key}"
    spec = c.mapping(unless, key, what)
    c.keys(spec, ("keywords", "within"), what)
    if "keywords" not in spec:
        raise c.fail(f"{what} needs keywords", spec.pos)
    within = c.integer(spec, "within", f"{what}.within", 1, 1000) if "within" in spec else default
    return Near(c.text_list(spec, "keywords", f"{what}.keywords"), within)


def _link_spec(c: _Checker, m: YMap) -> dict[str, Any]:
    spec = c.mapping(m, "link", "link")
    c.keys(spec, _LINK_KEYS, "link")
    if not spec:
        raise c.fail("link needs at least one condition", spec.pos)
    out: dict[str, Any] = {}
    for key, want in _LINK_KEYS.items():
        if key not in spec:
            continue
        value = spec[key]
        pos = c.value_pos(spec, key)
        if want is list:
            out[key] = frozenset(c.text_list(spec, key, f"link.{key}"))
        elif want is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise c.fail(f"link.{key} must be a number from 0 to 1, got {value!r}", pos)
            out[key] = float(value)
        elif not isinstance(value, bool):
            raise c.fail(f"link.{key} must be true or false, got {_kind(value)} {value!r}", pos)
        else:
            out[key] = value
    return out


def _finish(draft: _Draft, rule_id: str) -> Rule:
    """Check a merged rule is complete and build it."""
    v = draft.values
    o = draft.origin

    def fail(message: str) -> RulesError:
        return RulesError(f"rule {rule_id!r}: {message}", o.file, o.line, o.column)

    for key in ("category", "weight", "title"):
        if key not in v:
            raise fail(f"missing {key}")
    matchers = [k for k in MATCHERS if k in v]
    if len(matchers) != 1:
        found = ", ".join(matchers) or "none"
        raise fail(f"needs exactly one matcher of {', '.join(MATCHERS)}; found {found}")
    matcher = matchers[0]
    if matcher not in ("keywords", "regex") and ("near" in v or "unless" in v):
        raise fail("near and unless apply only to keywords and regex rules")
    if "unless_official_links" in v and not (
        matcher in ("keywords", "regex") or (matcher == "count" and v["count"].get("of") in ("links", "hosts"))
    ):
        raise fail("unless_official_links applies only to keywords, regex and count (of links or hosts) rules")
    if v.get("category") == "info" and v.get("weight", 0) != 0:
        raise fail("info rules must have weight 0")
    match, ignore = v.get("examples", ((), ()))
    return Rule(
        id=rule_id, category=v["category"], weight=v["weight"], title=v["title"], matcher=matcher,
        spec=v[matcher], view=v.get("view", "folded"), description=v.get("description", ""),
        enabled=v.get("enabled", True), near=v.get("near"), unless=v.get("unless"),
        unless_official_links=v.get("unless_official_links", False),
        match_examples=match, ignore_examples=ignore, origin=o, trusted=draft.trusted,
    )  # fmt: skip


def _check_combinations(rules: dict[str, Rule]) -> None:
    """Every combination names known ids, and no combination depends on itself."""
    for rule in rules.values():
        for comp in rule.components:
            if comp not in rules:
                o = rule.origin
                raise RulesError(f"rule {rule.id!r} combines unknown rule {comp!r}", o.file, o.line, o.column)
    state: dict[str, int] = {}

    def visit(rid: str, path: list[str]) -> None:
        if state.get(rid) == 2:
            return
        if state.get(rid) == 1:
            cycle = " -> ".join([*path[path.index(rid) :], rid])
            o = rules[rid].origin
            raise RulesError(f"combination cycle: {cycle}", o.file, o.line, o.column)
        state[rid] = 1
        for comp in rules[rid].components:
            visit(comp, [*path, rid])
        state[rid] = 2

    for rid in rules:
        visit(rid, [])


def build_ruleset(sources: Iterable[Source]) -> RuleSet:
    """Validate and merge rule sources in order into one RuleSet; raise RulesError on the first problem."""
    drafts: dict[str, _Draft] = {}
    suspicious, dangerous = 30, 70
    allow: list[str] = []
    block: list[str] = []
    patterns: dict[str, _Pattern] = {}
    for src in sources:
        c = _Checker(src.name)
        doc = parse_yaml(src.text, src.name)
        if doc is None:
            raise c.fail("the file is empty")
        if not isinstance(doc, YMap):
            raise c.fail(f"a rule file must be a mapping with a 'rules' list, got {_kind(doc)}", (1, 1))
        c.keys(doc, _TOP_KEYS, "the rule file")
        if "version" in doc and doc["version"] != 1:
            raise c.fail(f"unsupported version {doc['version']!r}; expected 1", c.value_pos(doc, "version"))
        if "thresholds" in doc:
            th = c.mapping(doc, "thresholds", "thresholds")
            c.keys(th, ("suspicious", "dangerous"), "thresholds")
            if "suspicious" in th:
                suspicious = c.integer(th, "suspicious", "thresholds.suspicious", 1, 100)
            if "dangerous" in th:
                dangerous = c.integer(th, "dangerous", "thresholds.dangerous", 1, 100)
            if suspicious > dangerous:
                raise c.fail(
                    f"thresholds.suspicious ({suspicious}) is above thresholds.dangerous ({dangerous})", th.pos
                )
        for key, target in (("allow_domains", allow), ("block_domains", block)):
            if key in doc:
                target.extend(d.strip().lower().rstrip(".") for d in c.text_list(doc, key, key, True))
        if "patterns" in doc:
            _read_patterns(c, doc, patterns, src.trusted)
        rules = doc.get("rules")
        if rules is None:
            continue
        if not isinstance(rules, YList):
            raise c.fail(f"rules must be a list, got {_kind(rules)}", c.value_pos(doc, "rules"))
        for entry, pos in zip(rules, rules.item_pos, strict=True):
            if not isinstance(entry, YMap):
                raise c.fail(f"each rule must be a mapping, got {_kind(entry)}", pos)
            c.keys(entry, _RULE_KEYS, "a rule")
            rid = entry.get("id")
            if not isinstance(rid, str) or not _ID.fullmatch(rid):
                raise c.fail(
                    f"rule id must be dotted lowercase text like 'spam.contact', got {rid!r}",
                    c.value_pos(entry, "id") if "id" in entry else entry.pos,
                )
            fields = _rule_fields(c, entry, src.trusted, patterns)
            origin = Origin(src.name, *entry.pos)
            draft = drafts.get(rid)
            if draft is None:
                draft = drafts[rid] = _Draft(origin=origin, trusted=src.trusted)
            elif draft.origin.file == src.name:
                first = draft.origin.line
                raise c.fail(f"duplicate rule id {rid!r} (first at line {first})", c.value_pos(entry, "id"))
            else:
                draft.origin = origin
                draft.trusted = draft.trusted and src.trusted
            if any(k in fields for k in MATCHERS):
                for k in MATCHERS:
                    draft.values.pop(k, None)
            draft.values.update(fields)
    built = {rid: _finish(d, rid) for rid, d in drafts.items()}
    _check_combinations(built)
    return RuleSet(tuple(built.values()), suspicious, dangerous, tuple(allow), tuple(block))
