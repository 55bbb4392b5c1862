"""Link extraction and parsing: labeled URLs and extraction cases with exact spans (tests/data/urls.yaml)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from linkguard.domains import LOOKALIKE_KINDS, Domains
from linkguard.links import find_links, parse_link

DATA = yaml.safe_load((Path(__file__).parent / "data" / "urls.yaml").read_text(encoding="utf-8"))
URLS: list[dict[str, Any]] = DATA["urls"]
EXTRACTION: list[dict[str, Any]] = DATA["extraction"]
D = Domains()
THRESHOLD = 0.6


def test_enough_labeled_urls() -> None:
    assert len(URLS) >= 150
    kinds = {c["expect"].rstrip("!") for c in URLS}
    for kind in ("official", "platform", "clean", "addition", "omission", "repetition", "transposition",
                 "replacement", "vowel-swap", "bitsquatting", "hyphenation", "homoglyph", "tld-swap",
                 "brand-in-subdomain", "brand-in-domain", "brand-in-path", "userinfo", "ip-host", "punycode",
                 "shortener", "risky-tld", "no-tls", "port", "apk"):  # fmt: skip
        assert kind in kinds, kind


@pytest.mark.parametrize("case", URLS, ids=[c["url"] for c in URLS])
def test_labeled_url(case: dict[str, Any]) -> None:
    link = parse_link(case["url"], D)
    assert link is not None, "no link found"
    assert link.text == case["url"]
    expect: str = case["expect"]
    brand = case.get("brand")
    lookalike = [f for f in link.findings if f.kind in LOOKALIKE_KINDS and f.strength >= THRESHOLD]
    if expect == "official":
        assert link.official and link.brand == brand and not link.findings
    elif expect == "platform":
        assert link.platform_hosted and not link.official and not lookalike
        if brand:
            assert link.brand == brand
    elif expect == "clean":
        assert not link.official and not link.findings, link.findings
    else:
        kind = expect.rstrip("!")
        matching = [f for f in link.findings if f.kind == kind]
        assert matching, link.findings
        if brand:
            assert any(f.brand == brand for f in matching), matching
            assert link.brand == brand
        assert not link.official
        if expect.endswith("!"):
            assert lookalike, link.findings


@pytest.mark.parametrize("case", EXTRACTION, ids=[c["text"][:30] for c in EXTRACTION])
def test_extraction_spans(case: dict[str, Any]) -> None:
    text = case["text"]
    links = find_links(text, D)
    got = [[link.span[0], link.span[1], link.text] for link in links]
    assert got == case["links"]
    for link in links:
        assert text[link.span[0] : link.span[1]] == link.text


def test_parsing_fields() -> None:
    link = parse_link("HTTPS://User:pw@Mobile.YangKeDuo.com.:8443/goods.html?goods_id=1#top", D)
    assert link is not None
    assert (link.scheme, link.userinfo, link.host, link.port) == ("https", "User:pw", "mobile.yangkeduo.com", 8443)
    assert (link.path, link.query, link.domain, link.suffix) == ("/goods.html", "goods_id=1", "yangkeduo.com", "com")
    assert link.url == "https://User:pw@mobile.yangkeduo.com:8443/goods.html?goods_id=1#top"


def test_userinfo_host_is_the_real_host() -> None:
    link = parse_link("https://mobile.yangkeduo.com@evil.cc/", D)
    assert link is not None and link.host == "evil.cc" and not link.official
    assert link.userinfo == "mobile.yangkeduo.com"


def test_idna_both_ways() -> None:
    uni = parse_link("http://аpple.com/", D)
    puny = parse_link("http://xn--pple-43d.com/", D)
    assert uni is not None and puny is not None
    assert uni.host == puny.host == "xn--pple-43d.com"
    cjk = parse_link("http://例子.中国/", D)
    assert cjk is not None and cjk.host.startswith("xn--") and cjk.suffix == "xn--fiqs8s"


def test_ip_forms_normalize() -> None:
    for text, host in [("http://3232235777/", "192.168.1.1"), ("http://0x7f.0.0.1/", "127.0.0.1"),
                       ("http://127.1/", "127.0.0.1"), ("http://[2001:DB8::1]/", "[2001:db8::1]")]:  # fmt: skip
        link = parse_link(text, D)
        assert link is not None and link.host == host and link.has("ip-host")


def test_no_links_in_plain_chinese() -> None:
    assert find_links("帮我砍一刀，谢谢大家。明天见！", D) == ()
    assert find_links("", D) == ()


def test_never_raises_on_odd_text() -> None:
    for text in ["\ud800http://a.com", "http://" + "a." * 5000 + "com", "．" * 1000, "http://xn--zz.com",
                 "https://[:::]/", "http://a.com:99999/", "#小程序://", "www.\u200b.com"]:  # fmt: skip
        find_links(text, D)


def test_cache_is_per_host_and_results_are_stable() -> None:
    a = find_links("看 https://yangkedou.com/a 和 https://yangkedou.com/b", D)
    assert a[0].findings == a[1].findings
    assert find_links("看 https://yangkedou.com/a 和 https://yangkedou.com/b", D) == a


_PIECES = [*"ab.:/-_@+#?=&%wxyz01 ，。点[]()", "http", "https://", "www.", ".com", ".cn", ".top", "小程序",
           "#小程序://拼多多/", "拼多多", "\n", " dot ", "yangkeduo", "192.168.1.1", ":8080", "30.07", "1.2.3", "元",
           " [.] ", " (dot) ", "163", " com"]
_LINKISH = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join)


@given(_LINKISH)
@example("0 dot aa")  # a number-only run followed by a written-out dot is a host label
@example("x (dot) top")  # a written-out dot after a space
def test_anchor_search_finds_what_a_full_scan_finds(text: str) -> None:
    from linkguard.links import _LINK_RE, _matches

    assert [m.span() for m in _matches(text)] == [m.span() for m in _LINK_RE.finditer(text)]


_ZERO_WIDTH = "\u200b\ufeff\u2060\u00ad\U000e0020\U0001d173"  # astral ones too (tag space, a music format)


@given(_LINKISH, st.lists(st.tuples(st.integers(0, 80), st.sampled_from(_ZERO_WIDTH)), max_size=6), st.booleans())
@example("https://yangkeduo.com/a", [(9, "\u200b"), (9, "\ufeff"), (20, "\u00ad")], True)
@example("https://yangkeduo.com/a", [(12, "\U000e0020")], False)  # only an astral one
@example("小程序https://a", [(9, "\u200b")], False)  # between ":" and "//" of a host without a dot
def test_links_with_zero_width_characters_span_the_original(
    text: str, inserts: list[tuple[int, str]], long: bool
) -> None:
    for at, ch in sorted(inserts, reverse=True):
        text = text[:at] + ch + text[at:]
    if long:  # the removed runs far from the start of the text
        text = "聊\u200b" * 1000 + "\n" + text
    clean = "".join(ch for ch in text if ch not in _ZERO_WIDTH)
    index = [i for i, ch in enumerate(text) if ch not in _ZERO_WIDTH]
    expected = [(index[s], index[e - 1] + 1) for s, e in (link.span for link in find_links(clean, D))]
    assert [link.span for link in find_links(text, D)] == expected


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("打开 weixin:\u200b//dl/business 领取", "weixin://dl/business"),
        ("#\u200b小\u200b程序://拼多多/abcd", "#\u200b小\u200b程序://拼多多/abcd"),
        ("加群 abc \u200b[dot] top", "http://abc.top"),
        ("加群 abc \u200b dot \u200bcom", "http://abc.com"),
    ],
)
def test_zero_width_characters_inside_a_link_anchor_do_not_hide_the_link(text: str, url: str) -> None:
    (link,) = find_links(text, D)
    assert link.url == url


def test_no_ignorable_character_is_whitespace() -> None:
    """The pre-check's "(?:\\s[ignorables]*)+" can then match a text one way only (linear time)."""
    from linkguard.links import _IGNORABLE

    spaces = "".join(ch for ch in map(chr, range(0x3100)) if ch.isspace())  # U+3000 is the last one
    assert len(spaces) > 20
    assert re.search(f"[{_IGNORABLE}]", spaces) is None


def test_the_reverse_run_class_accepts_exactly_the_link_run_characters() -> None:
    from linkguard.links import _RUN_BACK, _run_char

    for cp in range(0x700):
        ch = chr(cp)
        assert (_RUN_BACK.fullmatch(ch) is not None) == _run_char(ch), hex(cp)
    assert _RUN_BACK.match("中文abc-def.x", 0, 9).start() == 2  # backwards from the anchor, stops at 文


def test_full_width_link_is_found_and_spans_the_original() -> None:
    text = "请登录　ｈｔｔｐｓ：／／ｙａｎｇｋｅｄｕｏ－ｓａｆｅ．ｃｏｍ／ｖｅｒｉｆｙ，完成认证"
    (link,) = find_links(text, D)
    assert (link.host, link.path) == ("yangkeduo-safe.com", "/verify")
    assert text[link.span[0] : link.span[1]] == "ｈｔｔｐｓ：／／ｙａｎｇｋｅｄｕｏ－ｓａｆｅ．ｃｏｍ／ｖｅｒｉｆｙ"


@given(st.text(alphabet=st.sampled_from("ａＺ０９．／：，！～（）＃abc。点\u3000 "), max_size=60))
def test_full_width_forms_fold_like_a_translate_table(s: str) -> None:
    from linkguard.links import _ascii_forms

    assert _ascii_forms(s) == s.translate({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)})


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("加群领红包 pinduoduo-help (dot) top", "pinduoduo-help.top"),
        ("网址 abc [dot] top 快去", "abc.top"),
        ("邮箱是 163 dot com 的", "163.com"),
        ("163[.]com", "163.com"),
    ],
)
def test_written_out_dots_after_a_space_or_a_number_are_links(text: str, host: str) -> None:
    assert [link.host for link in find_links(text, D)] == [host]


@pytest.mark.parametrize("text", ["价格 30.07 元", "还差0.01 (真的)", "good (great) deal", "砍了 3 次"])
def test_numbers_and_parentheses_stay_plain_text(text: str) -> None:
    assert find_links(text, D) == ()
