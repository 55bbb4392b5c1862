"""Domain judgement: data files, official hosts, lookalike grading, allow/block lists, caching."""

from __future__ import annotations

import threading

import pytest

import linkguard
from linkguard import Level
from linkguard.domains import LOOKALIKE_KINDS, Domains, check_data, host_is_valid, skeleton, split_host

D = Domains()


def _flagged(host: str, threshold: float = 0.6) -> bool:
    return any(f.kind in LOOKALIKE_KINDS and f.strength >= threshold for f in D.judge(host).findings)


def test_every_data_file_domain_passes_the_strict_host_check() -> None:
    assert check_data() == []


def test_strict_host_check_rejects_bad_hosts() -> None:
    assert host_is_valid("mobile.yangkeduo.com")
    assert host_is_valid("github.io")  # a private public suffix itself (platform-hosted list)
    for bad in ["www.taobao.com\u200b", "Taobao.com", "a..com", "-a.com", "evil.notarealtld", "com", "a_b.com"]:
        assert not host_is_valid(bad), bad


def test_public_suffix_is_offline_and_private_aware() -> None:
    assert split_host("www.icbc.com.cn") == ("www", "icbc", "com.cn")
    assert split_host("taobao.cn.com") == ("", "taobao", "cn.com")
    assert split_host("abc.github.io") == ("", "abc", "github.io")


def test_official_domains_have_no_findings() -> None:
    for brand in Domains.brands().values():
        for dom in (*brand.domains, *brand.short_hosts):
            info = D.judge(dom)
            assert info.official and info.brand == brand.id and info.findings == (), dom
            sub = D.judge("www." + dom)
            assert sub.official and not sub.findings, dom


@pytest.mark.parametrize(
    "host",
    ["douyu.com", "meitu.com", "12315.cn", "baidu.com", "jx.com", "qa.com", "jdsports.com", "xq.cn", "wx.com.tw",
     "abc.com", "cloud.com", "mail.ru", "toutiao.io", "weather.com.cn", "cbc.ca", "tamu.edu"],
)  # fmt: skip
def test_ordinary_sites_are_not_flagged(host: str) -> None:
    assert not _flagged(host), D.judge(host).findings


@pytest.mark.parametrize(
    ("host", "kind", "brand"),
    [("yangkedou.com", "transposition", "pinduoduo"), ("pinduodou.com", "transposition", "pinduoduo"),
     ("pindoudou.com", "transposition", "pinduoduo"),
     ("taobao.net", "tld-swap", "taobao"), ("jingdonh.com", "replacement", "jd"),
     ("xn--80ak6aa92e.com", "homoglyph", "apple"), ("pinduoduo-help.cn", "brand-in-domain", "pinduoduo"),
     ("icbc-jifen.cn", "brand-in-domain", "icbc"), ("weixin.com.kefu-app.top", "brand-in-subdomain", "tencent")],
)  # fmt: skip
def test_lookalikes_are_strong(host: str, kind: str, brand: str) -> None:
    found = [f for f in D.judge(host).findings if f.kind == kind and f.brand == brand]
    assert found and found[0].strength >= 0.6, D.judge(host).findings


def test_a_distinct_service_close_to_a_brand_is_not_its_lookalike() -> None:
    # PayPay (Japan) is one letter from PayPal: its own domain and hosts are not lookalikes...
    for host in ("paypay.ne.jp", "www.paypay.ne.jp"):
        info = D.judge(host)
        assert not info.findings and info.brand is None and not info.official, info
    # ...but the same label elsewhere still is, and so is PayPal's name in a subdomain of it.
    assert D.judge("paypay.com").findings[0].kind == "replacement"
    assert [f.kind for f in D.judge("paypal.paypay.ne.jp").findings] == ["brand-in-subdomain"]
    assert D.judge("paypai.com").findings[0].brand == "paypal"
    assert linkguard.scan("用PayPay付款 https://paypay.ne.jp/event/ 领优惠").level is Level.SAFE
    assert linkguard.scan("PayPal账户异常 https://paypay.com/login 请验证").level is not Level.SAFE


def test_distinct_entries_must_be_registrable_domains(monkeypatch: pytest.MonkeyPatch) -> None:
    import linkguard.domains as domains

    monkeypatch.setattr(domains._reg(), "distinct", frozenset({"paypay.ne.jp", "www.paypay.ne.jp", "ne.jp"}))
    assert sorted(check_data()) == ["ne.jp", "www.paypay.ne.jp"]


def test_grading_glued_compound_weaker_than_lure_compound() -> None:
    plain = D.judge("douyinliving.com").findings[0]
    lure = D.judge("douyinkefu.com").findings[0]
    assert plain.kind == lure.kind == "brand-in-domain"
    assert plain.strength < 0.6 <= lure.strength


def test_short_brand_labels_only_match_as_tokens() -> None:
    assert not D.judge("jf.com").findings  # not a lookalike of jd
    assert not D.judge("qw.com").findings  # not a lookalike of qq
    assert D.judge("jd-vip.top").findings[0].brand == "jd"


def test_a_short_token_glued_to_one_lure_word_is_a_lookalike() -> None:
    for host, brand in (("pddhelp.cn", "pinduoduo"), ("kefupdd.com", "pinduoduo"), ("dhlsupport.com", "dhl")):
        found = D.judge(host).findings
        assert [(f.kind, f.brand) for f in found] == [("brand-in-domain", brand)] and found[0].strength >= 0.6, host
    # Only the token and one lure word make the label; two-letter tokens are too common to glue.
    for host in ("pddnews.com", "pddhelpdesk.com", "jdvip.cn", "qqhelp.com", "xhsfan.com"):
        assert not _flagged(host), D.judge(host).findings
    verdict = linkguard.scan("拼多多砍价已成功，请在24小时内到 https://pddhelp.cn/hb?id=031903 填写收货地址")
    assert verdict.level is Level.DANGEROUS


def test_a_short_token_as_a_whole_subdomain_label_counts_beside_the_brand_name() -> None:
    found = D.judge("pdd.cn-yx.top").findings
    assert ("brand-in-subdomain", "pinduoduo", 0.5) in [(f.kind, f.brand, f.strength) for f in found]
    # Too weak for a lookalike on its own (a partner's pdd.example.com); two-letter tokens do not count.
    assert not _flagged("pdd.example.com")
    assert not [f for f in D.judge("jd.abc.top").findings if f.brand]
    verdict = linkguard.scan("家人们，拼多多新活动，点击 pdd.cn-yx.top 领取100元无门槛券")
    assert verdict.level is Level.DANGEROUS
    assert "phishing.brand_lookalike" in {r.rule for r in verdict.reasons}
    assert not linkguard.scan("看看这个 pdd.example.com").flagged


def test_travel_brands_own_their_hosts_and_their_lookalikes_are_phishing() -> None:
    for host, brand in (("t.ctrip.cn", "ctrip"), ("m.airchina.com", "airchina"), ("www.csair.com", "csair")):
        info = D.judge(host)
        assert info.official and info.brand == brand and not info.findings, host
    # Their short labels take no one-edit variants: strip.com and chair.com are not theirs.
    assert not _flagged("strip.com") and not _flagged("chair.com")
    assert _flagged("ctrip-refund.top") and _flagged("airchlna.com")
    notice = "【携程】您的行程单已寄出，可登录 http://t.ctrip.cn/Ab3xYz 查询物流"
    assert linkguard.scan(notice).level is Level.SAFE
    lure = "东方航空通知：您的航班已取消，请登录 ceair-tk.cn 办理退改签领取补偿"
    verdict = linkguard.scan(lure)
    assert verdict.level is Level.DANGEROUS and "phishing.brand_lookalike" in {r.rule for r in verdict.reasons}


def test_four_letter_labels_are_weak_unless_risky_tld() -> None:
    weak = D.judge("cmcc.com").findings
    assert weak and max(f.strength for f in weak) < 0.6
    assert _flagged("tmeu.top")


def test_global_brand_cctld_is_not_a_tld_swap() -> None:
    assert not D.judge("google.de").findings
    assert not D.judge("amazon.co.uk").findings
    assert _flagged("paypal.top")


def test_platform_hosted_is_not_official() -> None:
    info = D.judge("mp.weixin.qq.com")
    assert info.platform_hosted and not info.official and info.brand == "tencent"
    bucket = D.judge("pinduoduo-kefu.oss-cn-hangzhou.aliyuncs.com")
    assert bucket.platform_hosted and bucket.findings[0].kind == "brand-in-subdomain"


def test_allow_and_block_lists() -> None:
    d = Domains(allow=["our-group.cn", "pinduoduo-help.cn."], block=["Evil.COM"])
    assert d.judge("www.our-group.cn").official
    assert d.judge("pinduoduo-help.cn").official
    blocked = d.judge("a.evil.com")
    assert blocked.findings[0].kind == "blocked" and blocked.findings[0].strength == 1.0
    assert not D.judge("our-group.cn").official


def test_brand_words() -> None:
    words = Domains.brand_words()
    for word, brand in [("拼多多", "pinduoduo"), ("pdd", "pinduoduo"), ("多多", "pinduoduo"), ("淘宝", "taobao"),
                        ("京东", "jd"), ("微信", "tencent"), ("支付宝", "alipay")]:  # fmt: skip
        assert words[word] == brand


def test_skeleton_folds_confusables() -> None:
    assert skeleton("аррӏе") == skeleton("apple")  # Cyrillic
    assert skeleton("ταobαo") == skeleton("taobao")  # Greek
    assert skeleton("rnicrosoft") == skeleton("microsoft")
    assert skeleton("paypa1") == skeleton("paypal")


def test_judge_is_cached_and_thread_safe() -> None:
    d = Domains()
    hosts = [f"pinduoduo-{i}.top" for i in range(200)]
    results: list[list[object]] = []

    def work() -> None:
        results.append([d.judge(h) for h in hosts])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == results[0] for r in results)
    assert d.judge(hosts[0]) is d.judge(hosts[0])


def test_official_fast_path_agrees_with_the_public_suffix_list() -> None:
    from linkguard.domains import _reg, split_host

    reg = _reg()
    checked = 0
    for host, registrable in reg.registrable.items():
        _sub, dom, suffix = split_host(host)
        if not dom:
            continue  # a private public suffix itself (googleapis.com): the brand's own zone
        assert registrable == f"{dom}.{suffix}", host
        checked += 1
    assert checked > 100
