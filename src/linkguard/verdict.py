"""Result types: Level, Finding, Link, Reason, Verdict (frozen, JSON-ready)."""

from __future__ import annotations

import dataclasses
import enum
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar

__all__ = ["Finding", "Level", "Link", "Reason", "Title", "Verdict"]

_RANK = {"safe": 0, "suspicious": 1, "dangerous": 2}
_T = TypeVar("_T", bound=type)


def _direct_init(cls: _T) -> _T:
    """Give a frozen slots dataclass an `__init__` with the same signature that sets each slot through its
    descriptor: half the cost of the generated one, which calls `object.__setattr__` for every field."""
    names: dict[str, Any] = {}
    params: list[str] = []
    body: list[str] = []
    for i, field in enumerate(dataclasses.fields(cls)):
        if field.default_factory is not dataclasses.MISSING or not field.init or field.kw_only:
            raise TypeError(f"{cls.__name__}.{field.name}: only plain positional fields are supported")
        names[f"_set{i}"] = cls.__dict__[field.name].__set__  # the slot's member descriptor
        if field.default is dataclasses.MISSING:
            params.append(field.name)
        else:
            names[f"_default{i}"] = field.default
            params.append(f"{field.name}=_default{i}")
        body.append(f"    _set{i}(self, {field.name})\n")
    exec(f"def __init__(self, {', '.join(params)}):\n{''.join(body)}", names)  # as dataclasses does
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = dict(vars(cls)["__init__"].__annotations__)  # the generated one's
    cls.__init__ = init  # type: ignore[misc]
    return cls


class _Compact:
    """Pickles as the class and its field values (smaller and faster than slot-state pickling)."""

    __slots__ = ()
    _fields: Callable[[Any], tuple[Any, ...]]

    def __init_subclass__(cls) -> None:
        # The class's own annotations name its fields, in order (dataclass fields, no inheritance here).
        names = [n for n in inspect.get_annotations(cls) if not n.startswith("_")]
        if not names:
            return
        getter = attrgetter(*names)
        cls._fields = staticmethod(getter if len(names) > 1 else lambda obj: (getter(obj),))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (type(self), self._fields(self))


class Level(str, enum.Enum):
    """Risk level, ordered by severity: SAFE < SUSPICIOUS < DANGEROUS."""

    SAFE = "safe"
    SUSPICIOUS = "suspicious"
    DANGEROUS = "dangerous"

    @property
    def rank(self) -> int:
        """0 for safe, 1 for suspicious, 2 for dangerous."""
        return _RANK[self.value]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank

    __hash__ = str.__hash__

    def __str__(self) -> str:
        return self.value


@_direct_init
@dataclass(frozen=True, slots=True)
class Title(_Compact):
    """A rule title in Chinese and English."""

    zh: str
    en: str

    def get(self, lang: str = "zh") -> str:
        """The title in `lang` ("zh" or "en"), Chinese for anything else."""
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return self.zh


@_direct_init
@dataclass(frozen=True, slots=True)
class Finding(_Compact):
    """Something notable about a link: a lookalike of `brand`, a shortener, a risky TLD..."""

    kind: str
    brand: str | None = None
    strength: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"kind": self.kind, "brand": self.brand, "strength": self.strength}


@_direct_init
@dataclass(frozen=True, slots=True)
class Link(_Compact):
    """A link found in a message, parsed and judged; `span` points into the original message."""

    text: str
    span: tuple[int, int]
    url: str
    scheme: str = ""
    host: str = ""
    domain: str = ""
    suffix: str = ""
    port: int | None = None
    path: str = ""
    query: str = ""
    userinfo: str = ""
    brand: str | None = None
    official: bool = False
    platform_hosted: bool = False
    findings: tuple[Finding, ...] = ()

    def has(self, *kinds: str) -> bool:
        """True when the link has a finding of any of `kinds`."""
        return any(f.kind in kinds for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "text": self.text,
            "span": list(self.span),
            "url": self.url,
            "scheme": self.scheme,
            "host": self.host,
            "domain": self.domain,
            "suffix": self.suffix,
            "port": self.port,
            "brand": self.brand,
            "official": self.official,
            "platform_hosted": self.platform_hosted,
            "findings": [f.to_dict() for f in self.findings],
        }


@_direct_init
@dataclass(frozen=True, slots=True)
class Reason(_Compact):
    """Why a rule fired: its id, category, weight, title, and where in the original message."""

    rule: str
    category: str
    weight: int
    title: Title
    spans: tuple[tuple[int, int], ...] = ()
    evidence: tuple[str, ...] = ()
    detail: str = ""

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form; `lang` adds a plain `message` in that language."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "weight": self.weight,
            "title": {"zh": self.title.zh, "en": self.title.en},
            "spans": [list(s) for s in self.spans],
            "evidence": list(self.evidence),
        }
        if self.detail:
            out["detail"] = self.detail
        if lang is not None:
            out["message"] = self.title.get(lang)
        return out


@_direct_init
@dataclass(frozen=True, slots=True)
class Verdict(_Compact):
    """The result of scanning one message."""

    score: int
    level: Level
    reasons: tuple[Reason, ...] = ()
    links: tuple[Link, ...] = ()
    rules_version: str = ""

    @property
    def flagged(self) -> bool:
        """True when the level is suspicious or higher."""
        return self.level >= Level.SUSPICIOUS

    @property
    def categories(self) -> tuple[str, ...]:
        """Categories of the reasons that carry weight, most severe first, without repeats."""
        return tuple(dict.fromkeys(r.category for r in self.reasons if r.weight > 0))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready form with stable keys."""
        return {
            "score": self.score,
            "level": self.level.value,
            "reasons": [r.to_dict(lang) for r in self.reasons],
            "links": [link.to_dict() for link in self.links],
            "rules_version": self.rules_version,
        }
