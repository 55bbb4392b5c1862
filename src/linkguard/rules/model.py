"""Validated rule definitions: what one rule says, before it is compiled into matchers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..verdict import Title

__all__ = ["CATEGORIES", "MATCHERS", "Near", "Origin", "Rule", "RuleSet", "Unless"]

CATEGORIES = ("phishing", "credential", "money", "spam", "violation", "malware", "pii", "info")
MATCHERS = ("keywords", "regex", "link", "count", "detector", "all_of", "any_of")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where something was written: file, line, column."""

    file: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True, slots=True)
class Near:
    """Another keyword must occur within `within` view characters, in the same sentence."""

    keywords: tuple[str, ...]
    within: int


@dataclass(frozen=True, slots=True)
class Unless:
    """A warning keyword shortly before the match (same clause) cancels it; so does, with `after`, a
    report word shortly after it (same sentence), with `told`, a member's story of somebody's loss on its
    line, and with `quoted`, a short quotation around it. Distances are in view characters."""

    keywords: tuple[str, ...]
    before: int
    exceptions: tuple[str, ...] = ()
    after: Near | None = None  # report words after the match, e.g. {keywords: [拉黑, 举报了], within: 12}
    quoted: bool = False  # a quoted match is a mention: 已将发布“日结兼职”广告的成员移出本群
    told: Near | None = None  # a story of somebody's loss on the match's line, before or after it: 表姐被骗, 钱没了


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule after validation and patching."""

    id: str
    category: str
    weight: int
    title: Title
    matcher: str
    spec: Any
    view: str = "folded"
    description: str = ""
    enabled: bool = True
    near: Near | None = None
    unless: Unless | None = None
    unless_official_links: bool = False  # no match beside a brand's own link when every link is official
    match_examples: tuple[str, ...] = ()
    ignore_examples: tuple[str, ...] = ()
    origin: Origin = field(default_factory=lambda: Origin("<rules>"))
    trusted: bool = True

    @property
    def components(self) -> tuple[str, ...]:
        """Ids a combination rule is built from (empty for other rules)."""
        if self.matcher in ("all_of", "any_of"):
            return tuple(self.spec)
        return ()


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All rules of the loaded files, in order, with thresholds and the group's domain lists."""

    rules: tuple[Rule, ...]
    suspicious: int = 30
    dangerous: int = 70
    allow_domains: tuple[str, ...] = ()
    block_domains: tuple[str, ...] = ()
