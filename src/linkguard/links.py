"""Link extraction from raw chat text and URL parsing; spans point into the original message."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

import regex

from .domains import Domains, HostInfo, split_host
from .normalize import Origins, Shifts, char_class
from .verdict import Finding, Link

__all__ = ["find_links", "parse_link"]

# Characters that chat users type instead of "." (after full-width folding): 。 ｡ 丶 · ・ ․ ﹒; and the
# word 点 / 點, kept apart because it is also written with spaces ("pdd666 点 com") or as pinyin ("dian").
_DOT_CHARS = "\u3002\uff61\u4e36\u00b7\u30fb\u2024\ufe52"
_DOT_WORD = "\u70b9\u9ede"
_DIAN_TLDS = "com|cn|net|org|top|vip|xyz|cc"  # "dian" is a dot only before one of these ("pdd666dian com")
_COM_WORD = "\u5eb7\u59c6"  # 康姆, "com" spelt in Chinese
# Zero-width / default-ignorable characters removed before matching.
_IGNORABLE_BMP = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
_IGNORABLE_ASTRAL = "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
_IGNORABLE = _IGNORABLE_BMP + _IGNORABLE_ASTRAL
_IGNORABLE_RUNS = re.compile(f"([{_IGNORABLE}]+)")  # one group: `Shifts.split` keeps the runs
# Whether to split at all, found by two searches: one class that mixes BMP and astral ranges makes `re`
# test every character more slowly than both of these together (1.5 us against 0.4 + 0.3 on a task post).
_IGNORABLE_ANY = (re.compile(f"[{_IGNORABLE_BMP}]"), re.compile(f"[{_IGNORABLE_ASTRAL}]"))

# Cheap pre-check on the original: something link-like must be present (a letter or digit before a
# dot, written-out dots "[.]" " (dot) " " dot ", "://", "#小程序"), also with zero-width characters
# anywhere in it ("https:\u200b//"): it passes whenever the text without them would. One leading class
# lets the search skip other characters fast.
_ANCHOR_START = "0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u00c0-\u052f"
_Z = f"[{_IGNORABLE}]*"  # never whitespace, so "(?:\\s{_Z})+" cannot match one text two ways
_PRECHECK = re.compile(
    f"[{_ANCHOR_START}:\uff1a#](?:(?<=[{_ANCHOR_START}]){_Z}"
    f"(?:[.\uff0e\\[(\uff08{_DOT_CHARS}{_DOT_WORD}]|(?=[\\sdD])(?:\\s{_Z}[\\[(\uff08{_DOT_WORD}]"
    f"|(?:\\s{_Z})+[dD]{_Z}[oO]{_Z}[tT]{_Z}\\s|\\s?[dD][iI][aA][nN]\\s?(?:{_DIAN_TLDS})(?![A-Za-z])))"
    f"|(?<=[:\uff1a]){_Z}[/\uff0f]|(?<=#){_Z}\u5c0f{_Z}\u7a0b{_Z}\u5e8f)"
)

# Full-width ASCII -> ASCII (one char each), applied only when full-width letters, digits or URL
# punctuation occur; dot look-alikes -> "." always.
_FULL_WIDTH_RE = re.compile("[\uff03\uff0e\uff0f\uff10-\uff19\uff20-\uff3b\uff3d\uff41-\uff5a]")
_FULL_WIDTH_ANY = re.compile("[\uff01-\uff5e]")
_DOTS_RE = re.compile(f"[{_DOT_CHARS}]")

_L = (
    "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u03ff\u0400-\u052f"
    "\u1d00-\u1dbf\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff"
)
_C = "\u4e00-\u9fff\u3400-\u4dbf"
_LABEL = f"[{_L}](?:[{_L}-]*[{_L}])?"
# An hour and 点 are a time, not a dot: "今晚8点VIP专场", "10点 vip 会员日", "8点pdd.com" (a host after it).
_HOURS = (r"(?<![0-9A-Za-z])[0-9]", r"(?<![0-9A-Za-z])(?:[01][0-9]|2[0-4])")  # one and two digits wide
_DOT_WORD_FORM = f"[{_DOT_WORD}]"
_NOT_AN_HOUR = "".join(f"(?<!{h})" for h in _HOURS)
_WRITTEN_DOTS = (r"\[\.\]", r"\(\.\)", r"[\[(][dD][oO][tT][\])]", _DOT_WORD_FORM)  # each with optional spaces
_DOT = (  # "." or a written-out dot; the look-ahead skips the written-out forms at most places (backtracking)
    rf"(?:\.|(?=[\s\[({_DOT_WORD}dD])(?:"
    + "|".join((_NOT_AN_HOUR if d == _DOT_WORD_FORM else "") + rf"\s?{d}\s?" for d in _WRITTEN_DOTS)
    + r"|\s{1,3}[dD][oO][tT]\s{1,3}"
    rf"|\s?[dD][iI][aA][nN]\s?(?=(?:{_DIAN_TLDS})(?![A-Za-z]))))"
)


def _not_a_tail(dot: str, pre: str, post: str) -> str:
    """Look-behind: no label and written-out dot just before (an hour and 点 are a time: a host may follow)."""
    if dot != _DOT_WORD_FORM:
        return rf"(?<![{_L}]{pre}{dot}{post})"
    return "(?:" + "|".join([rf"(?<![{_L}]{pre}{dot}{post})"] + [f"(?<={h}{pre}{dot}{post})" for h in _HOURS]) + ")"


# A bare host never starts right after a label and a written-out dot: it would be the tail of a longer
# host tried already, and trying every tail of "a[.]a[.]a[.]…" or "a dot a dot …" would be quadratic.
_NOT_A_TAIL = "".join(
    [_not_a_tail(d, pre, post) for d in _WRITTEN_DOTS for pre in ("", r"\s") for post in ("", r"\s")]
    + [rf"(?<![dD][oO][tT]{spaces})" for spaces in (r"\s", r"\s\s", r"\s\s\s")]
)
_IDN_TLD = "中国|中國|公司|网络|網絡|香港|台湾|台灣|在线|网址|网店|商城|集团|我爱你|手机|信息|中文网"
_PATH = r"(?P<path>[/?#][!#$%&'()*+,\-./0-9:;=?@A-Z\[\]_a-z~|]*)?"
_PORT = r"(?::(?P<port>\d{1,5})(?![0-9]))?"

_LINK_RE = re.compile(
    # 1. with a scheme (web or app); JD writes "http:/" with one slash
    r"(?<![A-Za-z0-9+.\-])(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]{1,30}):(?P<slashes>//?)"
    r"(?:(?P<userinfo>[A-Za-z0-9._~%!$&'*+,;=:\-]+)@)?"
    rf"(?P<shost>\[[0-9A-Fa-f:.]+\]|(?:(?:{_LABEL}|[{_C}]+){_DOT})*(?:{_LABEL}|{_IDN_TLD}|{_COM_WORD}))?"
    r"(?P<sdot>\.(?=[/:?#]))?"
    + _PORT.replace("port", "sport")
    + _PATH.replace("path", "spath")
    # 2. mini-program text links
    + r"|(?P<mp>#\u5c0f\u7a0b\u5e8f://(?P<mpname>[^/\s#]{1,40})(?:/(?P<mpcode>[A-Za-z0-9_\-]{4,32}))?)"
    # 3. bare host (www.x.y, x.y/path, dotted IPv4 with a path or port)
    + rf"|(?<![A-Za-z0-9@._/\-]){_NOT_A_TAIL}"
    + rf"(?P<host>(?:{_LABEL}{_DOT})+(?:[A-Za-z]{{2,24}}|xn--[a-z0-9\-]+|{_COM_WORD})"
    r"(?![A-Za-z0-9\-@])|(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?=[:/])(?![0-9]))" + _PORT + _PATH
)
_DOT_TOKEN_RE = re.compile(_DOT)
_MAX_RUN = 300  # longest stretch of link characters looked at before an anchor
# A whole run of link characters that is a number with at most two dots: no link can start in it (a
# host needs a letter in its last label, a bare IP four numbers and a path or port, a scheme letters).
# Not when a written-out dot follows ("163 dot com", "163[.]com", "163 点 com"): the run is then a host label.
_NUMBER = re.compile(
    r"[0-9]+(?:\.[0-9]+){0,2}(?![0-9A-Za-z\u00c0-\u052f.:/@_+\-]|\s?[\[(]|\s+[dD][oO][tT]\s"
    rf"|\s?[{_DOT_WORD}]\s?[A-Za-z{_COM_WORD}]|\s?[dD][iI][aA][nN]\s?(?:{_DIAN_TLDS}))"
)
_TRAIL = ".,;:!?'\"*|"
_PAIRS = {")": "(", "]": "[", "}": "{"}
# Bare "name.ext" that are file names far more often than hosts (need www./scheme/path to count).
_FILE_TLDS = frozenset({"py", "md", "sh", "zip", "mov", "rs", "ps", "pl", "so", "ai", "js", "sb", "ms"})
_WEB_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "ws", "wss"})
_NOT_SCHEMES = frozenset({"mailto", "tel", "sms", "data", "javascript", "file", "about", "urn", "geo"})
_EXEC_EXT = re.compile(
    r"\.(?:apk|ipa|xapk|apks|hap)$|\.(?:exe|msi|bat|cmd|scr|vbs|jar|ps1|dmg|pkg|mobileconfig)$", re.I
)  # .mobileconfig: an iOS profile that installs apps from outside the store


class _Raw(NamedTuple):
    """One regex hit before judging: the canonical pieces of the URL."""

    scheme: str
    userinfo: str
    host: str
    port: int | None
    path: str
    query: str
    fragment: str
    bad_port: bool = False


def find_links(original: str, domains: Domains) -> tuple[Link, ...]:
    """Every link in `original`, in message order, with code-point spans into `original`."""
    if not _PRECHECK.search(original):
        return ()
    origins: Origins | None = None  # offsets into `original` once ignorable characters are removed
    if _IGNORABLE_ANY[0].search(original) or _IGNORABLE_ANY[1].search(original):
        text, origins = Shifts.split(original, _IGNORABLE_RUNS, None)
    else:
        text = original
    if _FULL_WIDTH_RE.search(text):
        text = _ascii_forms(text)
    text = _DOTS_RE.sub(".", text)
    links: list[Link] = []
    for m in _matches(text):
        link = _from_match(m, text, original, origins, domains)
        if link is not None:
            links.append(link)
    return tuple(links)


def _ascii_forms(text: str) -> str:
    """Full-width ASCII forms (U+FF01..U+FF5E) replaced by ASCII, one character for one."""
    # One replace per distinct character beats a per-character translate (a 100 KB paste: 6 -> 1.6 ms).
    for ch in set(_FULL_WIDTH_ANY.findall(text)):
        text = text.replace(ch, chr(ord(ch) - 0xFEE0))
    return text


def _run_char(ch: str) -> bool:
    """Characters a link can have before its first dot or "://" (scheme, labels, "+", "-", "_", ".")."""
    return (ch.isalnum() and (ch.isascii() or "\u00c0" <= ch <= "\u052f")) or ch in "+-._"


# The run of link characters that ends at an anchor, matched backwards from it (regex's reverse mode).
_RUN_BACK = regex.compile(
    "(?r)[" + char_class((cp, cp) for cp in [*range(0x80), *range(0xC0, 0x530)] if _run_char(chr(cp))) + "]*"
)


def _matches(text: str) -> Iterator[re.Match[str]]:
    """The same matches as `_LINK_RE.finditer(text)`, tried only around link-like anchors.

    Every link contains an anchor the pre-check finds (a dot after a letter or digit, "://", "#小程序")
    and starts where a run of link characters starts, or after a "+-._@/" inside that run. Trying the
    link pattern only there keeps long Chinese text from being scanned position by position. Each
    position is looked at once, however many anchors share a run ("a.a.a.a…" stays linear).
    """
    done = 0  # end of the last link: nothing before it can start another
    tried = -1  # every position up to here has been tried already
    anchor = _PRECHECK.search(text)
    while anchor is not None:
        at = anchor.start()
        if at < done or at <= tried:
            anchor = _PRECHECK.search(text, max(at + 1, done, tried + 1))
            continue
        floor = max(done, at - _MAX_RUN, tried + 1)
        run = _RUN_BACK.match(text, floor, at)
        start = run.start() if run is not None else at
        number = _NUMBER.match(text, start) if text[at].isdigit() else None
        if number is not None:  # prices and decimals ("30.07元") hold no link: skip the whole run
            tried = number.end() - 1
            anchor = _PRECHECK.search(text, number.end())
            continue
        found = None
        for pos in range(start, at + 1):
            if pos not in (start, at) and text[pos - 1] not in "+-._@/":
                continue
            found = _LINK_RE.match(text, pos)
            if found is not None:
                break
        if found is None:
            tried = at
            anchor = _PRECHECK.search(text, at + 1)  # anchors may overlap: step one character
        else:
            yield found
            done = max(found.end(), found.start() + 1)
            tried = done - 1
            anchor = _PRECHECK.search(text, done)  # like finditer, go on right after the link


def _trim(s: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets."""
    while s:
        last = s[-1]
        if last in _TRAIL or (last in _PAIRS and s.count(_PAIRS[last]) < s.count(last)):
            s = s[:-1]
        else:
            break
    return s


def _span(origins: Origins | None, start: int, end: int) -> tuple[int, int]:
    if origins is None:
        return (start, end)
    return (origins(start), origins(end - 1) + 1)


def _from_match(m: re.Match[str], text: str, original: str, origins: Origins | None, domains: Domains) -> Link | None:
    start = m.start()
    if m.group("mp") is not None:
        end = m.end()
        s, e = _span(origins, start, end)
        return _mini_program(original[s:e], (s, e), m.group("mpname"), m.group("mpcode") or "", domains)
    if m.group("scheme") is not None:
        scheme = m.group("scheme").lower()
        if scheme in _NOT_SCHEMES:
            return None
        if m.group("slashes") == "/" and scheme not in ("http", "https"):
            return None
        path = _trim(m.group("spath") or "")
        host = m.group("shost") or ""
        port = m.group("sport")
        userinfo = m.group("userinfo") or ""
        if not host and (m.group("slashes") != "//" or len(path) < 2 or scheme in _WEB_SCHEMES):
            return None
        end = (m.start("spath") + len(path)) if path else m.end("sport") if port else m.end("shost")
        if m.group("sdot") and not path and not port:
            end = m.end("shost")
    else:
        scheme = ""
        userinfo = ""
        host = m.group("host")
        port = m.group("port")
        path = _trim(m.group("path") or "")
        end = (m.start("path") + len(path)) if path else m.end("port") if port else m.end("host")
        if not _bare_ok(host, path, port, text, end):
            return None
    s, e = _span(origins, start, end)
    raw = _canonical(scheme, userinfo, host, port, path)
    return _judge(original[s:e], (s, e), raw, domains)


def _bare_ok(host: str, path: str, port: str | None, text: str, end: int) -> bool:
    """Scheme-less hosts must end in a real public suffix and not look like a file or a name."""
    if end < len(text) and text[end] == "@":
        return False
    clean = _clean_host(host)
    labels = clean.split(".")
    tld = labels[-1]
    if all(lab.isdigit() for lab in labels):
        return bool(path or port) and all(int(lab) < 256 for lab in labels)
    www = labels[0].lower().startswith("www")
    if not www:
        if not (tld.islower() or tld.isupper()):
            return False
        if not path and not port and tld.lower() in _FILE_TLDS:
            return False
    try:
        ascii_host = _to_ascii(clean.lower())
    except UnicodeError:
        return False
    _sub, dom, suffix = split_host(ascii_host)
    return bool(dom and suffix)


def _clean_host(host: str) -> str:
    """A host as written ("pdd 点 com", "taobao dot com", "pdd点康姆") with its dots and "com" spelt out."""
    return _DOT_TOKEN_RE.sub(".", host).replace(_COM_WORD, "com")


def _to_ascii(host: str) -> str:
    if host.isascii():
        return host
    return ".".join(lab if lab.isascii() else lab.encode("idna").decode("ascii") for lab in host.split("."))


def _canonical(scheme: str, userinfo: str, host: str, port: str | None, path: str) -> _Raw:
    if not host.startswith("["):
        if not (host.isascii() and host.replace(".", "").replace("-", "").isalnum()):
            host = _clean_host(host)
        host = host.lower().rstrip(".")
        if not host.isascii():
            with contextlib.suppress(UnicodeError):
                host = _to_ascii(host)
    else:
        host = host.lower()
    fragment = ""
    query = ""
    if "#" in path:
        path, fragment = path.split("#", 1)
    if "?" in path:
        path, query = path.split("?", 1)
    port_num: int | None = None
    bad_port = False
    if port:
        port_num = int(port)
        if port_num > 65535:
            bad_port = True
    return _Raw(scheme, userinfo, host, port_num, path, query, fragment, bad_port)


def parse_link(url: str, domains: Domains) -> Link | None:
    """Parse and judge one URL or host written on its own (no surrounding text)."""
    for link in find_links(url, domains):
        return link
    return None


def _judge(text: str, span: tuple[int, int], raw: _Raw, domains: Domains) -> Link:
    return Link(text, span, *_judged(raw, domains))


_Judged = tuple[str, str, str, str, str, "int | None", str, str, str, "str | None", bool, bool, tuple[Finding, ...]]


def _judged(raw: _Raw, domains: Domains) -> _Judged:
    """Everything about a parsed link but its text and span."""
    host, domain, suffix, brand, official, platform_hosted, host_findings = _host_judged(
        raw.scheme, raw.userinfo, raw.host, raw.port, domains
    )
    findings = list(host_findings)
    if _EXEC_EXT.search(raw.path):
        kind = "apk" if raw.path.lower().rsplit(".", 1)[-1] in ("apk", "ipa", "xapk", "apks", "hap") else "exe"
        findings.append(Finding(kind, None, 0.9))
    if not official and not platform_hosted and (raw.path or raw.query):
        pb = _path_brand(raw.path + "?" + raw.query)
        if pb is not None:
            findings.append(Finding("brand-in-path", pb, 0.5))
    if findings and not official and brand is None:
        brand = next((f.brand for f in findings if f.brand), None)
    return (
        _url(raw), raw.scheme, host, domain, suffix, raw.port, raw.path, raw.query, raw.userinfo, brand,
        official and not findings_have_block(findings), platform_hosted,
        tuple(sorted(findings, key=lambda f: -f.strength)) if len(findings) > 1 else tuple(findings),
    )  # fmt: skip


_HostJudged = tuple[str, str, str, "str | None", bool, bool, tuple[Finding, ...]]


@lru_cache(maxsize=4096)
def _host_judged(scheme: str, userinfo: str, raw_host: str, port: int | None, domains: Domains) -> _HostJudged:
    """What the scheme, userinfo, host and port say about a link (task links share a few hosts)."""
    app_brand = Domains.scheme_brand(scheme) if scheme and scheme not in _WEB_SCHEMES else None
    web = not scheme or scheme in _WEB_SCHEMES
    info: HostInfo | None = None
    if web or ("." in raw_host and split_host(raw_host)[2]):
        info = domains.judge(raw_host)
    findings: list[Finding] = list(info.findings) if info else []
    host = info.host if info else raw_host
    official = bool(info and info.official) or (app_brand is not None and (info is None or info.official))
    brand = (info.brand if info else None) or app_brand
    if scheme == "itms-services":
        findings.append(Finding("apk", None, 0.9))
    if userinfo:
        ub = _userinfo_brand(userinfo, domains)
        findings.append(Finding("userinfo", ub, 1.0 if ub else 0.9))
        official = False
        brand = brand if brand and not (info and info.official) else ub or brand
    if (info is not None and info.suffix) or (info is not None and info.ip):
        if port is not None and port not in (80, 443):
            findings.append(Finding("port", None, 0.5))
        if scheme == "http" and not official:
            findings.append(Finding("no-tls", None, 0.3))
    return (
        host, info.domain if info else "", info.suffix if info else "", brand, official,
        bool(info and info.platform_hosted), tuple(findings),
    )  # fmt: skip


def findings_have_block(findings: list[Finding]) -> bool:
    """True when a finding says the host is blocked."""
    return any(f.kind == "blocked" for f in findings)


def _url(raw: _Raw) -> str:
    out = [raw.scheme or "http", "://"]
    if raw.userinfo:
        out.append(raw.userinfo + "@")
    out.append(raw.host)
    if raw.port is not None:
        out.append(f":{raw.port}")
    out.append(raw.path)
    if raw.query:
        out.append("?" + raw.query)
    if raw.fragment:
        out.append("#" + raw.fragment)
    return "".join(out)


def _userinfo_brand(userinfo: str, domains: Domains) -> str | None:
    """The brand whose domain or name is dressed up as userinfo (https://brand.com@evil/)."""
    u = userinfo.lower().split(":", 1)[0]
    if "." in u:
        try:
            _s, dom, suffix = split_host(u)
        except (ValueError, UnicodeError):
            dom, suffix = "", ""
        if dom and suffix:
            info = domains.judge(u)
            if info.brand:
                return info.brand
    return _path_brand(u)


def _path_brand(s: str) -> str | None:
    from .domains import _reg

    reg = _reg()
    low = s.lower()
    m = reg.glued_re.search(low)
    if m is None:
        return None
    return reg.labels[m.group()]


def _mini_program(text: str, span: tuple[int, int], name: str, code: str, domains: Domains) -> Link:
    words = Domains.brand_words()
    reg_brands = Domains.brands()
    brand = None
    official = False
    for b in reg_brands.values():
        if name == b.zh or name.lower() in (b.zh.lower(), b.en.lower()):
            brand, official = b.id, True
            break
    if brand is None:
        brand = words.get(name.lower())
        official = brand is not None
    return Link(
        text=text,
        span=span,
        url=text,
        scheme="miniprogram",
        host="",
        path="/" + code if code else "",
        brand=brand,
        official=official,
        platform_hosted=not official,
    )
