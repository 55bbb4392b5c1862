"""Share texts, Pinduoduo activities and link rules, through full scans with the default rules."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import linkguard
from linkguard.domains import Domains
from linkguard.links import find_links
from linkguard.normalize import Text
from linkguard.rules.detectors import Context
from linkguard.rules.detectors import share as share_module
from linkguard.rules.detectors.share import _TOKENS, PLATFORMS, pdd_activities, share_spans

TAOBAO = "【xx旗舰店】，復·制这段描述￥RayhbNUl0YP￥后咑閞👉手机淘宝👈或者用浏览器咑閞https://m.tb.cn/h.3LaUpaN查看"
TAOBAO_OLD = (
    "【商品标题】http://m.tb.cn/h.3Uz2PV9 点击链接，再选择浏览器咑閞；或復·制这段描述€15eVb3HJvs6€后到👉淘♂寳♀👈"
)
JD = "24.0复制整段话 http:/J0Xa2Lx9kxXPnM 一起来领红包#Ab3dEf@--》亰#栋A/PP"
DOUYIN = "7.32 复制打开抖音，看看【好物分享】https://v.douyin.com/iRNBho6G/ 复制此链接，打开Dou音搜索，直接观看视频！"
KUAISHOU = "我的作品 https://v.kuaishou.com/59WkPb 复制此消息，打开【快手】直接观看！"
XHS = ("76 xx发布了一篇小红书笔记，快来看吧！ 😆 35ajO3NDvPp 😆 http://xhslink.com/m/470umOpU7Ug "
       "复制本条信息，打开【小红书】App查看精彩内容！")  # fmt: skip
# Emoji and ideograph fences around the token (reference/domain.md, section 2.1).
TAOBAO_FENCED = "1👈啊5NKkX84wYdk啊 https://m.tb.cn/h.4CEhFr0?sm=70d491 商品标题"
D = Domains()


def _reasons(text: str) -> dict[str, linkguard.Reason]:
    return {r.rule: r for r in linkguard.scan(text).reasons}


def _spans(platform_id: str, text: str) -> list[tuple[int, int]]:
    platform = next(p for p in PLATFORMS if p.id == platform_id)
    return share_spans(platform, text, find_links(text, D))


@pytest.mark.parametrize(
    ("text", "platform"),
    [(TAOBAO, "taobao"), (TAOBAO_OLD, "taobao"), (TAOBAO_FENCED, "taobao"), (JD, "jd"), (DOUYIN, "douyin"),
     (KUAISHOU, "kuaishou"), (XHS, "xiaohongshu")],
)  # fmt: skip
def test_share_texts_are_recognized_and_safe(text: str, platform: str) -> None:
    v = linkguard.scan(text)
    assert v.level == "safe", v.reasons
    share = _reasons(text)["info.share_text"]
    assert platform in share.detail and share.weight == 0


def test_suppression_covers_only_boilerplate() -> None:
    spans = _spans("douyin", DOUYIN)
    covered = "".join(DOUYIN[s:e] for s, e in spans)
    assert "Dou音" in covered and "复制此链接" in covered
    assert "好物分享" not in covered  # the title is the sender's own text
    text = "加我微信 abc123 " + DOUYIN
    assert all(s >= len("加我微信 abc123 ") for s, _ in _spans("douyin", text))
    assert "spam.contact_wechat" in _reasons(text)


def test_taobao_disguises_inside_spans() -> None:
    spans = _spans("taobao", TAOBAO_OLD)
    covered = "".join(TAOBAO_OLD[s:e] for s, e in spans)
    for disguise in ("咑閞", "復·制", "淘♂寳♀", "€15eVb3HJvs6€"):
        assert disguise in covered
    assert "商品标题" not in covered


@pytest.mark.parametrize("token", ["5NKkX84wYdk", "VX8a9QQkdk7", "wxid8K2mQQ1", "qq12345678a"])
def test_an_ideograph_or_emoji_fenced_token_is_part_of_the_share_text(token: str) -> None:
    text = TAOBAO_FENCED.replace("5NKkX84wYdk", token)
    covered = "".join(text[s:e] for s, e in _spans("taobao", text))
    assert f"{token}啊 https://m.tb.cn/" in covered and "商品标题" not in covered
    assert linkguard.scan(text).level == "safe", linkguard.scan(text).reasons  # "VX…", "qq1…" stay quiet
    # The same fenced contact next to no link, or to a link that is not Taobao's, is not a share text.
    for other in (text.replace(" https://m.tb.cn/h.4CEhFr0?sm=70d491", ""), text.replace("m.tb.cn", "t.cn")):
        assert not _spans("taobao", other)
    # Different fences, a token without a letter, or one too short, do not make a token.
    for other in (text.replace(f"{token}啊", f"{token}哦"), *(text.replace(token, t) for t in ("12345678901", "Ab3"))):
        token_start = other.index("啊") + 1
        assert not any(s <= token_start < e for s, e in _spans("taobao", other)), other


def test_a_fenced_contact_next_to_a_foreign_link_is_still_flagged() -> None:
    assert "spam.contact_wechat" in _reasons("有事联系 啊wxid8K2mQQ1啊 https://t.cn/A6abcXyz")
    assert "spam.contact_wechat" in _reasons("加我啊wxid8K2mQQ1啊")


def test_no_share_zone_without_an_official_anchor() -> None:
    text = "复制这段话打开浏览器 https://t.cn/A6abcXyz 咑閞看看"
    assert all(not _spans(p.id, text) for p in PLATFORMS)


def test_official_pdd_bargain_post_is_safe() -> None:
    v = linkguard.scan("帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=1")
    assert v.level == "safe" and v.score == 0
    assert (
        _reasons("帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=1")["info.official_pdd_link"].detail
        == "bargain"
    )


@pytest.mark.parametrize(
    "text",
    ["砍价免费拿，帮我砍一刀 https://p.pinduoduo.com/TY7mctJv 谢谢！", "#小程序://拼多多/aBcDeFgHiJkLmNo 帮我助力一下",
     "拼多多福袋，搜 72463725 帮我组队",
     "【拼多多】百亿补贴 超划算 https://mobile.yangkeduo.com/goods.html?ps=e1xaEqLYy8 「商品」",
     "现金大转盘差一点 https://mobile.yangkeduo.com/app.html?launch_url=duo_red_packet.html 帮我点一下"],
)  # fmt: skip
def test_group_traffic_stays_safe(text: str) -> None:
    assert linkguard.scan(text).level == "safe", linkguard.scan(text).reasons


def test_pdd_activities() -> None:
    links = find_links("https://mobile.yangkeduo.com/app.html?launch_url=duo_red_packet.html", D)
    assert "spin" in pdd_activities("帮我点一下", links)
    assert pdd_activities("帮我砍一刀", find_links("https://p.pinduoduo.com/TY7mctJv", D))[0] == "bargain"
    assert pdd_activities("一起拼单", find_links("https://mobile.yangkeduo.com/goods.html?goods_id=1", D)) == ["group"]


def test_pdd_activities_of_every_link_in_a_message() -> None:
    text = (
        "先砍 https://mobile.yangkeduo.com/ktt_cut.html?cut_id=1&refer=bargain 再助力 "
        "https://mobile.yangkeduo.com/assist.html?id=2 还有 http://www.baidu.com/lottery"
    )
    links = find_links(text, D)
    assert len(links) == 3
    assert pdd_activities("谢谢", links) == ["bargain", "assist"]  # not "spin": that link is not Pinduoduo's
    assert pdd_activities("谢谢", links[1:]) == ["assist"]


@pytest.mark.parametrize(
    "text",
    ["拼多多砍价免费拿，点 https://pinduoduo-kanjia.com/x 领取", "【淘宝】您的订单异常，请登录 taobao-refund.top 处理",
     "拼多多官方客服：https://yangkedou.com/kefu 点击领取退款", "工商银行提醒：积分即将过期，访问 icbc-jifen.cn 兑换",
     "拼多多助力活动入口 http://mobile.yangkeduo.com.xyz-app.top/login"],
)  # fmt: skip
def test_brand_mention_with_lookalike_is_dangerous(text: str) -> None:
    v = linkguard.scan(text)
    assert v.level == "dangerous", v.reasons
    assert "phishing.brand_lookalike" in {r.rule for r in v.reasons}


def test_lookalike_alone_is_suspicious() -> None:
    v = linkguard.scan("看看这个 https://yangkedou.com/goods.html")
    assert v.level >= "suspicious" and "link.lookalike" in {r.rule for r in v.reasons}


def test_claim_combines_only_with_dubious_links() -> None:
    assert "phishing.claim_with_risky_link" in _reasons("官方助力入口：https://t.cn/A6abcXyz 点进去")
    assert linkguard.scan("官方助力入口：https://t.cn/A6abcXyz 点进去").level >= "suspicious"
    for text in ["官方活动 https://mp.weixin.qq.com/s/AbCdEf", "客服在这 https://u.jd.com/AbCdEf1",
                 "拼多多官方活动 https://item.jd.com/1.html"]:  # fmt: skip
        assert "phishing.claim_with_risky_link" not in _reasons(text)
        assert linkguard.scan(text).level == "safe"


def test_other_brand_official_host_is_not_phishing() -> None:
    v = linkguard.scan("拼多多上没有，淘宝有 https://item.taobao.com/item.htm?id=1")
    assert v.level == "safe"


def test_transfer_token_is_a_money_request() -> None:
    v = linkguard.scan("给我转账 Z:/DIxHmJU82hZ#  W:/j MU3481 $459")
    assert "money.transfer_token" in {r.rule for r in v.reasons} and v.level >= "suspicious"
    assert "money.transfer_token" not in _reasons(TAOBAO)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("#吱口令# Z:/DIxHmJU82hZ 帮我代付一下，谢谢", True),
        ("吱口令Z:/DIxHmJU82hZ，千万不要给我转账", False),  # a warning just before the ask
        ("千万小心骗子。吱口令 Z:/DIxHmJU82hZ 帮我代付一下", True),  # the warning belongs to another sentence
        ("AZ:/DIxHmJU82hZ 转账", False),  # no token: the letter before the colon is glued to another
    ],
)
def test_transfer_token_asks_unless_warned(text: str, flagged: bool) -> None:
    assert ("money.transfer_token" in _reasons(text)) is flagged


def test_transfer_token_in_a_long_paste_keeps_every_token() -> None:
    text = "今天大家都砍到了吗\n" * 2000 + "吱口令 Z:/DIxHmJU82hZ\n" + "谢谢\n" * 2000 + "W:/abcdef12 帮我代付一下"
    reason = _reasons(text)["money.transfer_token"]
    assert reason.evidence == ("吱口令", "Z:/DIxHmJU82hZ", "W:/abcdef12", "代付")


def test_help_code_needs_a_hint_word() -> None:
    assert "info.pdd_help_code" in _reasons("福袋 72463725 帮忙点一下")
    assert "info.pdd_help_code" not in _reasons("我QQ是 72463725")


def test_detector_context_directly() -> None:
    from linkguard.rules.detectors.links import brand_lookalike_mention

    text = "拼多多客服 https://pinduoduo-help.cn/a"
    hits = list(brand_lookalike_mention(Context(Text(text), find_links(text, D))))
    assert len(hits) == 1
    assert [text[s:e] for s, e in hits[0].spans] == ["拼多多", "https://pinduoduo-help.cn/a"]


# Members warn about the lookalikes they saw: the link stays reported (it is live), but a brand or claim the
# warning denies ("那不是拼多多官方的") makes no phishing claim, so the warner is not called dangerous.
WARNINGS_QUOTING_A_LOOKALIKE = [
    ("群里有人发 pddhelp.cn 的链接，千万别点，那不是拼多多官方的", "pddhelp.cn"),
    ("群里有人发 pinduoduo-kefu.xyz 的链接，千万别点，那不是拼多多官方的", "pinduoduo-kefu.xyz"),
    ("pdd-kefu.top 是冒充拼多多客服的网站，大家别点", "pdd-kefu.top"),
    ("注意 taobao-tuikuan.top 是假冒淘宝官方退款的", "taobao-tuikuan.top"),
]


@pytest.mark.parametrize(("text", "host"), WARNINGS_QUOTING_A_LOOKALIKE)
def test_a_warning_that_quotes_a_lookalike_reports_it_but_is_not_dangerous(text: str, host: str) -> None:
    v = linkguard.scan(text)
    assert v.level == "suspicious", [(r.rule, r.evidence) for r in v.reasons]
    fired = {r.rule: r for r in v.reasons if r.weight > 0}
    assert [text[s:e] for s, e in fired["link.lookalike"].spans] == [host]
    assert not {"phishing.brand_lookalike", "phishing.claim_with_risky_link"} & set(fired)


@pytest.mark.parametrize(
    "text",
    [
        "不是我说，拼多多官方助力入口 pdd-help.top 真的能领",  # the denial ends its clause
        "这不是京东的活动，是淘宝官方补贴 taobao-hb.top 快领",  # it denies another brand
        "拼多多官方客服不是机器人，退款点 https://pinduoduo-help.cn/a",  # it comes after the brand
        "不是骗子！拼多多官方助力入口 pdd-help.top",  # another sentence
    ],
)
def test_a_denial_elsewhere_leaves_the_claim_standing(text: str) -> None:
    v = linkguard.scan(text)
    assert v.level == "dangerous", [(r.rule, r.evidence) for r in v.reasons]
    assert "phishing.brand_lookalike" in {r.rule for r in v.reasons}


def test_denied_brands_are_no_mentions() -> None:
    from linkguard.rules.detectors.links import brand_mentions

    text = "那不是拼多多官方的，冒充 京东 客服的也不是，淘宝才是 https://pinduoduo-help.cn/a"
    found = [(brand, text[s:e]) for brand, (s, e) in brand_mentions(Context(Text(text), find_links(text, D)))]
    assert found == [("taobao", "淘宝")]


def test_the_claim_rule_and_the_brand_mentions_deny_with_the_same_words() -> None:
    from linkguard.rules.loader import load_lines

    (claim,) = [r for r in linkguard.Scanner().rules if r.id == "info.claim"]
    assert claim.unless is not None
    assert set(claim.unless.keywords) == set(load_lines("denials.txt"))


# -- share patterns lead with a character class, and match like their look-behind-first forms --------

# The patterns as first written, look-behind first: the reference for what the class-led forms match.
_FENCE_CHARS = r"[\u3400-\u4dbf\u4e00-\u9fff\u2600-\u27bf\U0001F300-\U0001FAFF]"
_LOOKBEHIND_FIRST = {
    r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]\d{2,4}(?![A-Za-z0-9])": r"(?<![A-Za-z0-9])[A-Z]{2}\d{2,4}(?![A-Za-z0-9])",
    r"\d(?<![0-9.]\d)\d?\.0(?=复制|復制|\s)": r"(?<![0-9.])\d{1,2}\.0(?=复制|復制|\s)",
    r"\d(?<![0-9.]\d)\d?\.\d{1,2}(?=\s)": r"(?<![0-9.])\d{1,2}\.\d{1,2}(?=\s)",
    r"[A-Za-z0-9](?<![A-Za-z0-9]{2})[A-Za-z0-9]{0,7}:/(?=\s)": r"(?<![A-Za-z0-9])[A-Za-z0-9]{1,8}:/(?=\s)",
    r"[A-Za-z0-9](?<![A-Za-z0-9]{2})[A-Za-z0-9]{0,2}@[A-Za-z0-9]{1,3}\.[A-Za-z]{2}(?![A-Za-z])": (
        r"(?<![A-Za-z0-9])[A-Za-z0-9]{1,3}@[A-Za-z0-9]{1,3}\.[A-Za-z]{2}(?![A-Za-z])"
    ),
    r"\d(?<![0-9/]\d)\d?/\d{1,2}(?![0-9/])": r"(?<![0-9/])\d{1,2}/\d{1,2}(?![0-9/])",
    # help codes (not a share pattern, same rewrite)
    r"[67](?<![0-9A-Za-z][67])[0-9]{7}(?![0-9A-Za-z])": r"(?<![0-9A-Za-z])[67][0-9]{7}(?![0-9A-Za-z])",
    (
        rf"[A-Za-z0-9](?<=({_FENCE_CHARS})[A-Za-z0-9])"
        r"(?:(?<=[A-Za-z])|(?=[A-Za-z0-9]{0,18}[A-Za-z]))[A-Za-z0-9]{7,19}\1"
    ): rf"(?<=({_FENCE_CHARS}))(?=[A-Za-z0-9]{{0,19}}[A-Za-z])[A-Za-z0-9]{{8,20}}\1",
}
_PATTERN_ALPHABET = "aZQ0967７.:/@# \n复制￥AP啊哦👈"  # with fences: ideographs and an emoji


def test_every_share_pattern_starts_with_a_class_or_a_literal() -> None:
    from linkguard.rules.regexes import _sre_c, _sre_p

    patterns = [q.regex.pattern for p in PLATFORMS for q in p.patterns]
    assert len(patterns) >= 8
    for pattern in patterns:
        op, _av = _sre_p.parse(pattern)[0]
        assert op in (_sre_c.IN, _sre_c.LITERAL), pattern  # not a look-behind: `re` skips ahead fast
    from linkguard.rules.detectors.share import _HELP_CODE

    assert set(_LOOKBEHIND_FIRST) <= {*patterns, _HELP_CODE.pattern}


@given(st.text(alphabet=_PATTERN_ALPHABET, max_size=40))
@example("x67999999 76000000 a70000000 6700000099 AB12 3.0 ")
@example("啊Z0000000啊 哦00000000a哦 啊00000000啊 👈aZ9aZ9aZ9👈 啊aaaaaaaa哦")
@example("啊a0a0a0a0a0a0a0a0a0a0a啊 啊a0a0a0a0啊a0a0a0啊 啊a0a0a0a0a0a0a0a0a0a0啊")
def test_class_led_patterns_match_like_their_look_behind_forms(s: str) -> None:
    for led, first in _LOOKBEHIND_FIRST.items():
        assert [m.span() for m in re.finditer(led, s)] == [m.span() for m in re.finditer(first, s)], led


_LOCATED = [q for p in PLATFORMS for q in p.patterns if q.locate is not None] + [
    q for q in _TOKENS if q.locate is not None
]
_LOCATED_ALPHABET = "aZ0９7.:/@# \n复制"


def test_locators_lead_with_a_literal() -> None:
    from linkguard.rules.regexes import _sre_c, _sre_p

    assert len(_LOCATED) >= 5
    for q in _LOCATED:
        assert q.locate is not None and 0 < q.back <= 8
        op, _av = _sre_p.parse(q.locate.pattern)[0]
        assert op is _sre_c.LITERAL, q.locate.pattern  # what makes the locator fast


@given(st.text(alphabet=_LOCATED_ALPHABET, max_size=60))
@example("12.0复制 3.14 1.5 a 7/12 x12/3/4 ab:/ abcdefghi:/ 1@2.cn ab@cd.efg 9.0\n")
@example("0.0 0.0 ")
@example("a:/ a:/\n0/0 0/0 Z:/ Z@a.aa 1/1 a:/Abc123# 0a:/abcdef")
def test_located_patterns_find_what_a_full_search_finds(s: str) -> None:
    for q in _LOCATED:
        assert q.spans(s) == [m.span() for m in q.regex.finditer(s)], q.regex.pattern


def test_located_patterns_on_a_long_paste() -> None:
    text = "\n".join([JD, "今天天气不错 12.30 到货 3/4", DOUYIN, "好的 AB12 收到 ab@cd.ef", TAOBAO] * 50)
    for q in _LOCATED:
        expected = [m.span() for m in q.regex.finditer(text)]
        assert q.spans(text) == expected
    assert sum(len(q.spans(text)) for q in _LOCATED) >= 200


def test_share_zones_of_a_long_paste_are_found_in_every_part() -> None:
    text = "\n".join([JD, "今天天气不错 12.30 到货", DOUYIN, "好的 AB12 收到", TAOBAO] * 200)
    zones = {pid: _spans(pid, text) for pid in ("jd", "douyin", "taobao")}
    for pid, spans in zones.items():
        assert len(spans) >= 200, pid  # one zone or more per pasted share text, none lost
    covered = "".join(text[s:e] for s, e in zones["jd"])
    assert covered.count("A/PP") == 200 and covered.count("24.0") == 200


_WORDS = sorted({w for p in PLATFORMS for w in p.words})


@given(st.lists(st.sampled_from([*_WORDS, " ", "，", "谢", "a"]), max_size=30).map("".join))
def test_one_pass_over_every_platforms_words_equals_a_pass_per_platform(s: str) -> None:
    from linkguard.rules.detectors.share import _all_word_hits, _word_hits

    assert _all_word_hits(s) == {p.id: _word_hits(p, s) for p in PLATFORMS}


@pytest.mark.skipif(not share_module.__file__.endswith(".py"), reason="compiled classes cannot be patched")
def test_a_pattern_two_platforms_share_is_searched_once_per_message(monkeypatch: pytest.MonkeyPatch) -> None:
    uses = Counter(q.regex for p in PLATFORMS for q in p.patterns)
    shared = [regex for regex, n in uses.items() if n > 1]
    assert shared  # Taobao's and JD's "AB12"-style code
    searched: list[re.Pattern[str]] = []
    original = share_module.SharePattern.spans

    def counted(self: share_module.SharePattern, text: str) -> list[tuple[int, int]]:
        searched.append(self.regex)
        return original(self, text)

    monkeypatch.setattr(share_module.SharePattern, "spans", counted)
    text = TAOBAO + "\n" + JD  # both platforms anchored: both are candidates
    (hit,) = share_module.share_text(Context(Text(text), find_links(text, Domains())))
    assert hit.detail == "taobao,jd"
    assert all(searched.count(regex) == 1 for regex in shared)
