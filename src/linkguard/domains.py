"""Domain judgement: public suffix (offline), brand registry, lookalike and risk findings."""

from __future__ import annotations

import ipaddress
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, combinations
from typing import Any

from .rules.loader import load_data, load_lines, load_text
from .verdict import Finding

__all__ = [
    "LOOKALIKE_KINDS",
    "Brand",
    "Domains",
    "HostInfo",
    "host_is_valid",
    "skeleton",
]

# Finding kinds that mean "this host imitates a brand".
LOOKALIKE_KINDS = frozenset(
    {
        "addition",
        "insertion",
        "omission",
        "repetition",
        "transposition",
        "replacement",
        "vowel-swap",
        "bitsquatting",
        "hyphenation",
        "homoglyph",
        "subdomain",
        "tld-swap",
        "brand-in-subdomain",
        "brand-in-domain",
        "mixed-script",
    }
)

_VOWELS = frozenset("aeiou")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-"
# Single-character ASCII look-alike pairs (dnstwist's ASCII glyph table).
_ASCII_GLYPH_PAIRS = frozenset(
    {
        ("0", "o"), ("1", "l"), ("1", "i"), ("l", "i"), ("b", "d"), ("c", "e"), ("g", "q"),
        ("m", "n"), ("n", "r"), ("u", "v"), ("3", "8"), ("6", "9"),
    }
)  # fmt: skip
_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")
_NUMERIC_HOST_RE = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\Z")
_TLDISH = frozenset({"com", "cn", "net", "org", "comcn", "hk"})
_CACHE_MAX = 8192

# Strength of edit-distance findings by brand label length.
_EDIT_STRENGTH = {4: 0.45, 5: 0.8, 6: 0.85}
_EDIT_STRENGTH_LONG = 0.9


def _edit_strength(n: int) -> float:
    return _EDIT_STRENGTH.get(n, _EDIT_STRENGTH_LONG if n > 6 else 0.0)


@dataclass(frozen=True, slots=True)
class Brand:
    """One brand of the registry (data/brands.yaml)."""

    id: str
    zh: str
    en: str
    domains: tuple[str, ...]
    short_hosts: tuple[str, ...]
    app_schemes: tuple[str, ...]
    words: tuple[str, ...]
    labels: tuple[str, ...]
    tokens: tuple[str, ...]
    global_: bool
    exact_labels: tuple[str, ...] = ()
    tlds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HostInfo:
    """What the registry says about one host."""

    host: str
    domain: str
    suffix: str
    brand: str | None
    official: bool
    platform_hosted: bool
    findings: tuple[Finding, ...]
    ip: bool = False


# ---------------------------------------------------------------- public suffix (lazy, offline)

_tld_lock = threading.Lock()
_tld_extract: Any = None


def _extractor() -> Any:
    global _tld_extract
    if _tld_extract is None:
        with _tld_lock:
            if _tld_extract is None:
                import tldextract

                ext = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
                ext.extract_str("example.com")  # parse the bundled snapshot once
                _tld_extract = ext
    return _tld_extract


@lru_cache(maxsize=_CACHE_MAX)
def split_host(host: str) -> tuple[str, str, str]:
    """(subdomain, domain label, public suffix) of an ASCII host; private PSL suffixes included."""
    r = _extractor().extract_str(host)
    return (r.subdomain, r.domain, r.suffix)


def host_is_valid(host: str) -> bool:
    """Strict host check for data files: ASCII labels under a known public suffix (or one itself)."""
    if not host or len(host) > 253 or host != host.lower():
        return False
    if not all(_LABEL_RE.match(lab) for lab in host.split(".")):
        return False
    _sub, dom, suffix = split_host(host)
    return bool(dom and suffix) or ("." in host and split_host("x." + host)[2] == host)


# ---------------------------------------------------------------- skeletons

_SKEL_TABLE: dict[int, str] = {}
_ASCII_SEQ: list[tuple[str, str]] = []
_LOOSE_TABLE: dict[int, str] = {}


def _load_confusables() -> None:
    section = "table"
    for raw in load_text("confusables.txt").splitlines():
        line = raw.split("\t#", 1)[0].rstrip()
        if not line or line.startswith("#"):
            continue
        if line in ("[ascii]", "[loose]"):
            section = line[1:-1]
            continue
        src, dst = line.split("\t")[:2]
        if section == "table":
            _SKEL_TABLE[ord(src)] = dst
        elif section == "ascii":
            _ASCII_SEQ.append((src, dst))
        else:
            _LOOSE_TABLE[ord(src)] = dst
    _ASCII_SEQ.sort(key=lambda p: len(p[0]))  # single characters first, then sequences


def _unicode_to_ascii(label: str) -> str:
    """Map confusable and accented letters of a label to ASCII look-alikes."""
    if label.isascii():
        return label
    out = []
    for ch in unicodedata.normalize("NFKD", label.lower()):
        if unicodedata.combining(ch):
            continue
        out.append(_SKEL_TABLE.get(ord(ch), ch))
    return "".join(out)


def skeleton(label: str) -> str:
    """Strict skeleton: Unicode look-alikes to ASCII, then 0/o, 1/i/l, rn/m, vv/w, cl/d folded."""
    if not _SKEL_TABLE:
        _load_confusables()
    s = _unicode_to_ascii(label)
    for src, dst in _ASCII_SEQ:
        if src in s:
            s = s.replace(src, dst)
    return s.replace("-", "") if "-" in s and len(s) > 1 else s


def _loose(skel: str) -> str:
    return skel.translate(_LOOSE_TABLE)


def _script_of(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x80:
        return "latin" if ch.isalpha() else ""
    if 0x0370 <= cp <= 0x03FF or 0x1F00 <= cp <= 0x1FFF:
        return "greek"
    if 0x0400 <= cp <= 0x052F or 0x2DE0 <= cp <= 0x2DFF or 0xA640 <= cp <= 0xA69F:
        return "cyrillic"
    if 0x00C0 <= cp <= 0x02AF or 0x1D00 <= cp <= 0x1EFF or 0x2C60 <= cp <= 0x2C7F or 0xA720 <= cp <= 0xA7FF:
        return "latin"
    if ch.isalpha():
        return "other"
    return ""


# ---------------------------------------------------------------- registry (loaded once per process)


class _Registry:
    """Brand data and precomputed lookalike tables, shared by every Domains."""

    def __init__(self) -> None:
        raw = load_data("brands.yaml")
        self.brands: dict[str, Brand] = {}
        self.official: dict[str, str] = {}
        self.schemes: dict[str, str] = {}
        self.words: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self.global_brands: set[str] = set()
        self.brand_tlds: dict[str, str] = {}
        self.exact_labels: set[str] = set()
        for b in raw["brands"]:
            domains = tuple(str(d) for d in b.get("domains", ()))
            labels = b.get("labels")
            if labels is None:
                labels = [d.split(".")[0] for d in domains if len(d.split(".")[0]) >= 4]
            brand = Brand(
                id=str(b["id"]),
                zh=str(b["zh"]),
                en=str(b["en"]),
                domains=domains,
                short_hosts=tuple(str(h) for h in b.get("short_hosts", ())),
                app_schemes=tuple(str(s) for s in b.get("app_schemes", ())),
                words=tuple(str(w).lower() for w in b.get("words", ())),
                labels=tuple(str(lab) for lab in labels),
                tokens=tuple(str(t) for t in b.get("tokens", ())),
                global_=bool(b.get("global", False)),
                exact_labels=tuple(str(lab) for lab in b.get("exact_labels", ())),
                tlds=tuple(str(t) for t in b.get("tlds", ())),
            )
            self.brands[brand.id] = brand
            if brand.global_:
                self.global_brands.add(brand.id)
            for d in (*brand.domains, *brand.short_hosts):
                self.official.setdefault(d, brand.id)
            for t in brand.tlds:
                self.brand_tlds[t] = brand.id
            for s in brand.app_schemes:
                self.schemes[s] = brand.id
            for w in brand.words:
                self.words.setdefault(w, brand.id)
            for lab in brand.labels:
                self.labels.setdefault(lab, brand.id)
            self.exact_labels.update(brand.exact_labels)
            for t in brand.tokens:
                self.tokens.setdefault(t, brand.id)
        self.platform: dict[str, str | None] = {
            str(p["host"]): (str(p["brand"]) if p.get("brand") else None) for p in raw.get("platform_hosted", ())
        }
        self.distinct = frozenset(str(d) for d in raw.get("distinct", ()))
        self.risky = _load_pairs("risky_tlds.txt")
        self.lures = frozenset(load_lines("domains_lure_words.txt"))
        self.lure_long_re = re.compile(
            "|".join(sorted((re.escape(w) for w in self.lures if len(w) >= 4), key=len, reverse=True))
        )
        self.shorteners = frozenset(load_lines("shorteners.txt"))
        # Brand labels sorted longest first for glued (substring) search.
        self.glued_re = re.compile(
            "|".join(re.escape(lab) for lab in sorted(self.labels, key=len, reverse=True) if len(lab) >= 4)
        )
        # Registrable domain of every official host, so official links need no public-suffix lookup:
        # a short host under one of its brand's domains belongs to that domain, others stand alone.
        self.registrable: dict[str, str] = {}
        for b in self.brands.values():
            for h in (*b.domains, *b.short_hosts):
                parent = next((d for d in b.domains if h.endswith("." + d)), h)
                self.registrable.setdefault(h, parent)
        self.official_labels: dict[str, str] = {}
        for d, b_id in self.official.items():
            self.official_labels.setdefault(d.split(".")[0], b_id)
        self._variants: dict[str, tuple[str, str, str]] | None = None
        self._skeletons: dict[str, tuple[str, str]] | None = None
        self._skel_variants: dict[str, tuple[str, str]] | None = None
        self._loose: dict[str, tuple[str, str]] | None = None
        self._lock = threading.Lock()

    # Lookalike tables are built on first use (about 50 ms), not at import.
    def tables(
        self,
    ) -> tuple[
        dict[str, tuple[str, str, str]],
        dict[str, tuple[str, str]],
        dict[str, tuple[str, str]],
        dict[str, tuple[str, str]],
    ]:
        if self._variants is None:
            with self._lock:
                if self._variants is None:
                    self._build_tables()
        assert self._variants is not None
        assert self._skeletons is not None and self._skel_variants is not None and self._loose is not None
        return self._variants, self._skeletons, self._skel_variants, self._loose

    def _build_tables(self) -> None:
        variants: dict[str, tuple[str, str, str]] = {}
        skeletons: dict[str, tuple[str, str]] = {}
        skel_variants: dict[str, tuple[str, str]] = {}
        loose: dict[str, tuple[str, str]] = {}
        protected = set(self.labels) | set(self.official_labels)
        for lab, brand in self.labels.items():
            if len(lab) < 4 or lab in self.exact_labels:
                continue
            for var, kind in chain(_one_edit_variants(lab), _pinyin_swaps(lab)):
                if var not in protected and var not in variants:
                    variants[var] = (brand, kind, lab)
            sk = skeleton(lab)
            skeletons.setdefault(sk, (brand, lab))
            if len(lab) >= 6:
                loose.setdefault(_loose(sk), (brand, lab))
                for var, _kind in _one_edit_variants(sk):
                    if var not in protected:
                        skel_variants.setdefault(var, (brand, lab))
        self._skeletons, self._skel_variants, self._loose = skeletons, skel_variants, loose
        self._variants = variants


_UO_OU = re.compile("uo|ou")  # pinyin finals written the other way round by lookalikes


def _pinyin_swaps(lab: str) -> Iterable[tuple[str, str]]:
    """Labels with two or more of their pinyin finals "uo" / "ou" swapped ("pinduoduo" -> "pindoudou")."""
    at = [m.start() for m in _UO_OU.finditer(lab)]
    for k in range(2, min(len(at), 4) + 1):
        for chosen in combinations(at, k):
            chars = list(lab)
            for i in chosen:
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
            yield "".join(chars), "transposition"


def _one_edit_variants(lab: str) -> Iterable[tuple[str, str]]:
    """Every label one edit away from `lab`, named like dnstwist's fuzzers."""
    n = len(lab)
    for i in range(n):
        yield lab[:i] + lab[i + 1 :], "omission"
    for i in range(n - 1):
        if lab[i] != lab[i + 1]:
            yield lab[:i] + lab[i + 1] + lab[i] + lab[i + 2 :], "transposition"
    for i in range(n):
        a = lab[i]
        for c in _ALPHABET:
            if c == a:
                continue
            if a in _VOWELS and c in _VOWELS:
                kind = "vowel-swap"
            elif (a, c) in _ASCII_GLYPH_PAIRS or (c, a) in _ASCII_GLYPH_PAIRS:
                kind = "homoglyph"
            elif (ord(a) ^ ord(c)) & ((ord(a) ^ ord(c)) - 1) == 0:
                kind = "bitsquatting"
            else:
                kind = "replacement"
            if (i == 0 or i == n - 1) and c == "-":
                continue
            yield lab[:i] + c + lab[i + 1 :], kind
    for i in range(n + 1):
        for c in _ALPHABET:
            if c == "-":
                if i in (0, n):
                    continue
                kind = "hyphenation"
            elif (i > 0 and lab[i - 1] == c) or (i < n and lab[i] == c):
                kind = "repetition"
            elif i == n:
                kind = "addition"
            else:
                kind = "insertion"
            yield lab[:i] + c + lab[i:], kind


def _load_pairs(name: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for ln in load_lines(name):
        k, v = ln.split()
        out[k] = float(v)
    return out


_registry: _Registry | None = None
_registry_lock = threading.Lock()


def _reg() -> _Registry:
    global _registry
    if _registry is None:
        with _registry_lock:
            if _registry is None:
                _registry = _Registry()
    return _registry


def _parents(host: str) -> Iterable[str]:
    """The host and each parent domain, most specific first."""
    yield host
    i = host.find(".")
    while i >= 0:
        yield host[i + 1 :]
        i = host.find(".", i + 1)


def _match(host: str, table: Mapping[str, Any] | frozenset[str]) -> str | None:
    for h in _parents(host):
        if h in table:
            return h
    return None


def _idna_decode(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except (UnicodeError, ValueError):
            return label
    return label


def _best(findings: list[Finding]) -> list[Finding]:
    """Keep the strongest finding per (kind, brand), strongest first."""
    seen: dict[tuple[str, str | None], Finding] = {}
    for f in findings:
        key = (f.kind, f.brand)
        if key not in seen or seen[key].strength < f.strength:
            seen[key] = f
    return sorted(seen.values(), key=lambda f: -f.strength)


# ---------------------------------------------------------------- Domains


class Domains:
    """Judges hosts against the brand registry plus a group's own allow / block lists.

    Immutable after construction and safe to share between threads; results are cached per host.
    """

    __slots__ = ("_allow", "_block", "_cache")

    def __init__(self, allow: Iterable[str] = (), block: Iterable[str] = ()) -> None:
        self._allow = frozenset(_clean_domain(d) for d in allow if _clean_domain(d))
        self._block = frozenset(_clean_domain(d) for d in block if _clean_domain(d))
        self._cache: dict[str, HostInfo] = {}

    @property
    def allow(self) -> frozenset[str]:
        """The group's extra official domains."""
        return self._allow

    @property
    def block(self) -> frozenset[str]:
        """The group's blocked domains."""
        return self._block

    @staticmethod
    def brand_words() -> dict[str, str]:
        """Words that name brands in text (lowercase) -> brand id."""
        return dict(_reg().words)

    @staticmethod
    def brands() -> dict[str, Brand]:
        """Brand id -> Brand."""
        return dict(_reg().brands)

    @staticmethod
    def scheme_brand(scheme: str) -> str | None:
        """The brand whose app a URL scheme opens, or None."""
        return _reg().schemes.get(scheme.lower())

    def judge(self, host: str) -> HostInfo:
        """Judge an ASCII (IDNA-encoded), lowercase host without trailing dot; cached."""
        info = self._cache.get(host)
        if info is None:
            info = self._judge(host)
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[host] = info
        return info

    def _judge(self, host: str) -> HostInfo:
        reg = _reg()
        findings: list[Finding] = []
        ip = _parse_ip(host)
        if ip is not None:
            if _match(host, self._block):
                findings.append(Finding("blocked", None, 1.0))
            findings.append(Finding("ip-host", None, 0.8))
            return HostInfo(ip, "", "", None, False, False, tuple(findings), ip=True)
        if _match(host, self._block):
            findings.append(Finding("blocked", None, 1.0))
        official_key = _match(host, reg.official)
        if official_key is not None and not findings and not self._allow and _match(host, reg.platform) is None:
            # Fast path: official hosts need no public-suffix lookup (and no tldextract import).
            domain = reg.registrable[official_key]
            return HostInfo(host, domain, domain.partition(".")[2], reg.official[official_key], True, False, ())
        sub, dom, suffix = split_host(host)
        domain = f"{dom}.{suffix}" if dom and suffix else ""
        allowed = _match(host, self._allow)
        if allowed and not findings:
            official_key = _match(host, reg.official)
            brand = reg.official[official_key] if official_key else None
            return HostInfo(host, domain, suffix, brand, True, False, ())
        platform_key = _match(host, reg.platform)
        if platform_key is not None:
            brand = reg.platform[platform_key]
            user_part = host[: -len(platform_key) - 1] if host != platform_key else ""
            if user_part:
                findings.extend(_subdomain_findings(reg, user_part.split(".")))
            return HostInfo(host, domain, suffix, brand, False, True, tuple(_best(findings)))
        if official_key is not None and not findings:
            return HostInfo(host, domain, suffix, reg.official[official_key], True, False, ())
        tld_brand = reg.brand_tlds.get(host.rsplit(".", 1)[-1])
        if tld_brand is not None and not findings:
            return HostInfo(host, domain, suffix, tld_brand, True, False, ())
        if dom and suffix and domain not in reg.distinct:
            findings.extend(_label_findings(reg, _idna_decode(dom), suffix, sub))
        if sub:
            findings.extend(_subdomain_findings(reg, sub.split(".")))
        tld = suffix.rsplit(".", 1)[-1] if suffix else ""
        if tld in reg.risky:
            findings.append(Finding("risky-tld", None, reg.risky[tld]))
        if _match(host, reg.shorteners):
            findings.append(Finding("shortener", None, 0.6))
        if "xn--" in host:
            mixed = False
            latinish = False
            for lab in host.split("."):
                if not lab.startswith("xn--"):
                    continue
                scripts = {_script_of(ch) for ch in _idna_decode(lab)} - {""}
                mixed = mixed or ("latin" in scripts and bool(scripts & {"cyrillic", "greek"}))
                latinish = latinish or bool(scripts - {"other"})
            if mixed:
                findings.append(Finding("mixed-script", _first_brand(findings), 0.9))
            elif latinish and not any(f.kind == "homoglyph" for f in findings):
                findings.append(Finding("punycode", None, 0.3))
        findings = _best(findings)
        brand = next((f.brand for f in findings if f.brand), None)
        return HostInfo(host, domain, suffix, brand, False, False, tuple(findings))


def _first_brand(findings: list[Finding]) -> str | None:
    return next((f.brand for f in findings if f.brand), None)


def _clean_domain(d: str) -> str:
    return d.strip().lower().rstrip(".")


def _parse_ip(host: str) -> str | None:
    """Normalized address when the host is an IP literal (also decimal/hex/short IPv4)."""
    if host.startswith("["):
        try:
            return "[" + str(ipaddress.IPv6Address(host.strip("[]"))) + "]"
        except ValueError:
            return None
    if not host or not (host[0].isdigit()) or not _NUMERIC_HOST_RE.match(host):
        return None
    parts = host.split(".")
    try:
        nums = [int(p, 16) if p.startswith("0x") else (int(p, 8) if len(p) > 1 and p[0] == "0" else int(p))
                for p in parts]  # fmt: skip
    except ValueError:
        return None
    # inet_aton semantics: the last part fills the remaining bytes.
    limits = [256] * (len(nums) - 1)
    if any(n >= lim for n, lim in zip(nums[:-1], limits, strict=True)):
        return None
    last_bytes = 5 - len(nums)
    if nums[-1] >= 256**last_bytes:
        return None
    value = 0
    for n in nums[:-1]:
        value = value * 256 + n
    value = value * 256**last_bytes + nums[-1]
    return str(ipaddress.IPv4Address(value))


def _label_findings(reg: _Registry, label: str, suffix: str, sub: str) -> list[Finding]:
    """Lookalike findings for the registrable label of a non-official host."""
    variants, skeletons, skel_variants, loose = reg.tables()
    out: list[Finding] = []
    tld = suffix.rsplit(".", 1)[-1]
    risky = reg.risky.get(tld, 0.0) >= 0.5
    exact = reg.labels.get(label)
    if exact is not None:
        # The brand's own label under another suffix.
        global_brand = exact in reg.global_brands
        strength = (0.0 if len(tld) == 2 else 0.9 if risky else 0.5) if global_brand else 0.9
        if strength:
            out.append(Finding("tld-swap", exact, strength))
        return out
    other = reg.official_labels.get(label) or reg.tokens.get(label)
    if other is not None:
        # A label of some other official (often infrastructure) domain: only a risky TLD counts.
        if risky:
            out.append(Finding("tld-swap", other, 0.8))
        return out
    ascii_label = label.isascii()
    if ascii_label:
        if "-" in label and label.replace("-", "") in reg.labels:
            brand = reg.labels[label.replace("-", "")]
            out.append(Finding("hyphenation", brand, _edit_strength(len(label.replace("-", "")))))
            return out
        hit = variants.get(label)
        if hit is not None:
            brand, kind, lab = hit
            strength = _edit_strength(len(lab))
            if risky:
                strength = min(0.9, strength + 0.2)
            out.append(Finding(kind, brand, strength))
            return out
    sk = skeleton(label)
    if sk in skeletons:
        brand, lab = skeletons[sk]
        out.append(Finding("homoglyph", brand, 0.9 if ascii_label else 1.0))
        return out
    if not ascii_label and sk in variants:
        brand, _kind, lab = variants[sk]
        out.append(Finding("homoglyph", brand, max(0.6, _edit_strength(len(lab)))))
        return out
    if sk in skel_variants:
        brand, lab = skel_variants[sk]
        out.append(Finding("homoglyph", brand, 0.8))
        return out
    if len(sk) >= 6 and _loose(sk) in loose:
        brand, lab = loose[_loose(sk)]
        out.append(Finding("homoglyph", brand, 0.7))
        return out
    if sub:
        joined = sub.rsplit(".", 1)[-1] + label
        if joined in reg.labels or joined in variants:
            brand = reg.labels.get(joined) or variants[joined][0]
            out.append(Finding("subdomain", brand, 0.8))
            return out
    out.extend(_brand_in_label(reg, sk if not ascii_label else label, variants, risky))
    return out


def _brand_in_label(
    reg: _Registry, label: str, variants: Mapping[str, tuple[str, str, str]], risky: bool
) -> list[Finding]:
    """Brand names inside a longer label: as a hyphen token or glued; lure words and risky TLDs add."""
    out: list[Finding] = []
    tokens = [t for t in re.split(r"[-_.]|(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", label) if t]
    if len(tokens) > 1:
        for i, t in enumerate(tokens):
            brand = reg.labels.get(t) or reg.tokens.get(t)
            if brand is None and len(t) >= 7 and t in variants:
                brand = variants[t][0]
            if brand is not None:
                others = tokens[:i] + tokens[i + 1 :]
                base = 0.5 if brand in reg.global_brands else 0.7
                lure = any(r in reg.lures for r in others)
                out.append(Finding("brand-in-domain", brand, _compound(base, "".join(others), lure, risky)))
                break
    if not out:
        m = reg.glued_re.search(label)
        if m is not None:
            brand = reg.labels[m.group()]
            rest = (label[: m.start()] + label[m.end() :]).replace("-", "")
            if brand in reg.global_brands:
                # Global brands name many of their own services this way (googleapis, sharepointonline).
                out.append(Finding("brand-in-domain", brand, _compound(0.45, rest, False, risky)))
            else:
                lure = bool(rest) and (rest in reg.lures or reg.lure_long_re.search(rest) is not None)
                out.append(Finding("brand-in-domain", brand, _compound(0.55, rest, lure, risky)))
    if not out:
        brand = _glued_token(reg, label)
        if brand is not None:
            out.append(Finding("brand-in-domain", brand, _compound(0.55, "", True, risky)))
    return out


def _glued_token(reg: _Registry, label: str) -> str | None:
    """The brand whose short token (3+ letters) makes the label with one lure word: pddhelp, kefupdd."""
    for token, brand in reg.tokens.items():
        if len(token) < 3:
            continue
        if (label.startswith(token) and label[len(token) :] in reg.lures) or (
            label.endswith(token) and label[: -len(token)] in reg.lures
        ):
            return brand
    return None


def _compound(base: float, rest: str, lure: bool, risky: bool) -> float:
    """Strength of brand + other text in one label: stronger with a lure word or a risky TLD."""
    if rest in _TLDISH:
        return 0.9
    if risky or lure:
        return min(0.9, base + 0.25)
    return base


def _subdomain_findings(reg: _Registry, labels: list[str]) -> list[Finding]:
    """Brand names or official domains in the subdomain part of a non-official host."""
    out: list[Finding] = []
    joined = ".".join(labels)
    for i in range(len(labels)):
        cand = ".".join(labels[i:])
        for h in _parents(cand):
            if h in reg.official and "." in h:
                out.append(Finding("brand-in-subdomain", reg.official[h], 1.0))
                return out
    for lab in labels:
        if lab in ("www", "m", "wap", "h5"):
            continue
        decoded = skeleton(_idna_decode(lab)) if lab.startswith("xn--") else lab
        brand = reg.labels.get(decoded)
        if brand is not None:
            out.append(Finding("brand-in-subdomain", brand, 0.9))
            continue
        for t in re.split(r"[-_]", decoded):
            b2 = reg.labels.get(t) or reg.tokens.get(t)
            if b2 is not None and t != decoded:
                out.append(Finding("brand-in-subdomain", b2, 0.8))
                break
        else:
            if len(decoded) >= 3 and decoded in reg.tokens:
                # pdd.cn-yx.top: weak alone (a partner's pdd.example.com), enough beside the brand's name
                out.append(Finding("brand-in-subdomain", reg.tokens[decoded], 0.5))
                continue
            m = reg.glued_re.search(decoded)
            if m is not None and not joined.startswith(m.group() + "."):
                out.append(Finding("brand-in-subdomain", reg.labels[m.group()], 0.6))
    return out


def check_data() -> list[str]:
    """Data-file domains that fail the strict host check, and `distinct` entries that are not registrable
    domains (should be empty)."""
    reg = _reg()
    bad = [d for d in (*reg.official, *reg.shorteners, *reg.platform, *reg.distinct) if not host_is_valid(d)]
    bad += [d for d in reg.distinct if d not in bad and split_host(d)[1:] != tuple(d.split(".", 1))]
    bad += [t for t in reg.brand_tlds if split_host("x." + t)[2] != t]
    return bad
