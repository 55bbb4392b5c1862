"""Personal-data detectors: check digits, digit forms, things that are not personal numbers, masking."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import linkguard
from linkguard.normalize import Text
from linkguard.rules.detectors import Context, get
from linkguard.rules.detectors.pii import (
    candidates,
    id_check_digit,
    is_bank_card,
    is_id_card,
    is_mobile,
    luhn_valid,
)

ID = "330106198709150652"  # valid GB 11643 check digit "2"
ID_X = "37020219780308456X"
CARD = "6222021234567890128"  # UnionPay prefix, passes Luhn
MOBILE = "13812345678"

CIRCLED = str.maketrans("0123456789", "⓪①②③④⑤⑥⑦⑧⑨")
CHINESE = str.maketrans("0123456789", "零一二三四五六七八九")
FULL = str.maketrans("0123456789", "０１２３４５６７８９")
SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def found(text: str) -> list[tuple[str, str]]:
    """(kind, the original text of the span) of every personal number in `text`."""
    t = Text(text)
    return [(c.kind, t.original[c.span[0] : c.span[1]]) for c in candidates(Context(t, ()))]


def kinds(text: str) -> list[str]:
    return [k for k, _ in found(text)]


# -- validators -------------------------------------------------------------------------------


def test_id_check_digit_known_values() -> None:
    assert id_check_digit("33010619870915065") == "2"
    assert id_check_digit("37020219780308456") == "X"
    assert id_check_digit("11010519491231002") == "X"  # the GB 11643 sample number


def test_is_id_card() -> None:
    assert is_id_card(ID)
    assert is_id_card(ID_X)
    assert is_id_card(ID_X.lower())
    assert not is_id_card(ID[:-1] + "3")  # wrong check digit
    assert not is_id_card("330106198713150654")  # month 13
    assert not is_id_card("930106198709150652")  # no such area
    assert not is_id_card(ID[:-1])


def test_luhn() -> None:
    assert luhn_valid("4111111111111111")
    assert luhn_valid(CARD)
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("41111a1111111111")


def test_is_bank_card_prefix_and_length() -> None:
    assert is_bank_card(CARD)
    assert is_bank_card("4111111111111111")
    assert not is_bank_card("7111111111111114")  # passes Luhn, no card prefix
    assert is_bank_card("7111111111111114", context=True)  # ...unless a card word stands nearby
    assert not is_bank_card("411111111111")  # too short
    assert not is_bank_card("62220212345678901285")  # 20 digits


def test_is_mobile() -> None:
    assert is_mobile(MOBILE)
    assert is_mobile("19912345678")
    assert not is_mobile("12812345678")
    assert not is_mobile("1381234567")


@given(st.text(alphabet="0123456789", min_size=15, max_size=15))
def test_luhn_completion_always_valid(body: str) -> None:
    for d in "0123456789":
        if luhn_valid(body + d):
            assert not any(luhn_valid(body + e) for e in "0123456789" if e != d)
            return
    pytest.fail("some check digit must complete any body")


# -- digit forms ------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [None, CIRCLED, CHINESE, FULL, SUPER])
@pytest.mark.parametrize(("number", "kind"), [(ID, "id_card"), (CARD, "bank_card"), (MOBILE, "mobile")])
def test_digit_forms(number: str, kind: str, table: dict[int, int] | None) -> None:
    written = number.translate(table) if table else number
    text = f"这是我的号码{written}，记一下"
    assert found(text) == [(kind, written)]


@pytest.mark.parametrize(
    "text",
    [
        "有事打我电话138 1234 5678",
        "有事打我电话138-1234-5678",
        "有事打我电话1\u200b3\u200b8\u200b1\u200b2\u200b3\u200b4\u200b5\u200b6\u200b7\u200b8",
        "有事打我电话1 3 8 1 2 3 4 5 6 7 8",
        "有事打我电话1381🔥2345🔥678",
        "电话幺三八一二三四五六七八，找我",
    ],
)
def test_separators_and_spoken_forms(text: str) -> None:
    assert kinds(text) == ["mobile"]


def test_id_with_lowercase_x_and_spaces() -> None:
    assert kinds("身份证 3702 0219 7803 0845 6x 帮我报名") == ["id_card"]


def test_old_15_digit_id_only_next_to_the_word() -> None:
    assert kinds("身份证号330106870915065，帮我登记") == ["id_card"]
    assert kinds("编码330106870915065") == []


def test_several_numbers_in_one_message() -> None:
    text = f"姓名王芳 身份证{ID} 卡号{CARD} 电话{MOBILE}"
    assert kinds(text) == ["id_card", "bank_card", "mobile"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one run of digits and spaces that holds two numbers
        (f"实名认证：张哥 {ID} {MOBILE}", [("id_card", ID), ("mobile", MOBILE)]),
        (f"王芳 {MOBILE} 13912345678 都是我的", [("mobile", MOBILE), ("mobile", "13912345678")]),
        (f"卡号 6222 0212 3456 7890 128 {MOBILE}", [("bank_card", "6222 0212 3456 7890 128"), ("mobile", MOBILE)]),
        (
            f"实名认证：小美 {ID.translate(FULL)} {MOBILE.translate(FULL)}",
            [("id_card", ID.translate(FULL)), ("mobile", MOBILE.translate(FULL))],
        ),
        # a number with a shorter one after it
        (f"我叫王芳，电话{MOBILE} 28岁", [("mobile", MOBILE)]),
        (f"加我 {MOBILE} 3个人一起砍", [("mobile", MOBILE)]),
        ("电话 138 1234 5678 2 8", [("mobile", "138 1234 5678")]),
        ("有事打我 1 3 8 1 2 3 4 5 6 7 8 28岁", [("mobile", "1 3 8 1 2 3 4 5 6 7 8")]),
    ],
)
def test_numbers_sharing_one_run_are_split_at_their_separators(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        f"订单号 {ID} {MOBILE} 一直没发货",  # the run's context still rules out every number in it
        f"价格 {MOBILE} 元",
        "流水 1234 5678 9012 3456 7890 1234 5678",  # groups that make up no personal number
        "1 3 8 1 2 3 4 5 6 7 8 2 8",  # digits written one by one are one number, here of 13 digits
    ],
)
def test_split_runs_find_nothing_where_there_is_no_number(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"帮我看下实名是不是填错了 身份证号：{ID} 名字陈静", "id_card"),
        (f"身份证:{ID_X}，帮我报名", "id_card"),
        (f"收款卡号：{CARD}，钱打这里", "bank_card"),
        (f"卡号：{CARD.translate(FULL)}", "bank_card"),
    ],
)
def test_an_id_or_card_number_after_a_label_and_a_colon_is_found(text: str, kind: str) -> None:
    assert kinds(text) == [kind]


def test_a_colon_after_a_token_or_before_a_phone_number_is_no_personal_number() -> None:
    assert found(f"uid:{MOBILE}") == []  # part of a token
    assert found(f"id:{ID}") == []
    assert found(f"保洁员：郭红恩，电话：{MOBILE}") == []  # notices and ads give a business line this way
    assert kinds(f"我电话{MOBILE}，有事找我") == ["mobile"]


# -- not personal data --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "订单号 240612-587261093847561 一直没发货",
        f"订单号{CARD}，客服说今天处理",
        f"单号{ID}，怎么查不到物流",
        f"快递单号：{MOBILE}0，帮我看下到哪了",
        f"交易号 {CARD} 已退款",
        "交易单号4200002156202406127788123456，钱退回来了",
        "快递单号 YT7512345678901 显示已签收",
        "SF1381234567890 到了",
        f"砍价链接 https://mobile.yangkeduo.com/goods.html?goods_id={MOBILE} 帮我点一下",
        f"goods_id={MOBILE}&page_from=35",
        "取件码 13-5-2207，谁帮我取一下",
        "菜鸟驿站取件码 13812345678，顺路的帮我拿一下",
        "福袋互助 71234567，已助力的回个1",
        "福袋 62345678 71234567 帮点",
        "这个价格才¥13812345678，比京东便宜",
        "价格 13812345678 元",
        "商品ID是138123456780，大家搜这个",
        "我一一一一一一一一一一一个都没砍到",
        "12345678901",  # 11 digits but not a mobile prefix
    ],
)
def test_must_not_detect(text: str) -> None:
    assert found(text) == []


def test_link_spans_are_skipped_with_engine_links() -> None:
    v = linkguard.scan(f"帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id={MOBILE}")
    assert not any(r.category == "pii" for r in v.reasons)


@pytest.mark.parametrize(
    "text",
    [
        f"电话{MOBILE} https://mobile.yangkeduo.com/goods.html?goods_id=424140491460",
        f"https://p.pinduoduo.com/J47rGpct 我电话{MOBILE}",
        "https://p.pinduoduo.com/J47rGpct 电话幺三八一二三四五六七八",  # numerals outside the link
        f"驗證後打我電話{MOBILE} https://p.pinduoduo.com/J47rGpct",  # a folded view that is not the original
        f"电\u200b话{MOBILE} https://p.pinduoduo.com/J47rGpct",  # offsets differ: the whole text is checked
    ],
)
def test_numbers_outside_links_are_found_next_to_digit_rich_links(text: str) -> None:
    v = linkguard.scan(text)
    assert [r.rule for r in v.reasons if r.category == "pii"] == ["pii.mobile"]


# -- detectors and the engine -----------------------------------------------------------------


def test_detectors_are_registered_and_flag_sensitive() -> None:
    for name in ("id_card", "bank_card", "mobile"):
        fn = get(name)
        assert fn is not None
    fn = get("mobile")
    assert fn is not None
    hits = list(fn(Context(Text(f"电话{MOBILE}"), ())))
    assert len(hits) == 1
    assert hits[0].sensitive
    assert hits[0].spans == ((2, 13),)


@pytest.mark.parametrize(
    ("text", "rule", "evidence"),
    [
        (f"我身份证号{ID}，帮我登记一下", "pii.id_card", "3301**********0652"),
        (f"卡号{CARD}，钱直接打这里", "pii.bank_card", "6222***********0128"),
        (f"有事打我电话{MOBILE}", "pii.mobile", "13*******78"),
        ("身份证 ③③⓪①⓪⑥①⑨⑧⑦⓪⑨①⑤⓪⑥⑤② 帮我报名", "pii.id_card", "③③⓪①**********⓪⑥⑤②"),
    ],
)
def test_engine_masks_evidence(text: str, rule: str, evidence: str) -> None:
    v = linkguard.scan(text)
    reason = next(r for r in v.reasons if r.rule == rule)
    assert reason.evidence == (evidence,)
    s, e = reason.spans[0]
    assert len(text[s:e]) == len(evidence)
    assert v.flagged


def test_an_id_and_a_mobile_in_one_run_are_two_reasons_with_their_own_spans() -> None:
    text = f"实名认证：张哥 {ID} {MOBILE}"
    v = linkguard.scan(text)
    pii = {r.rule: r for r in v.reasons if r.category == "pii"}
    assert sorted(pii) == ["pii.id_card", "pii.mobile"]
    assert [text[s:e] for s, e in pii["pii.id_card"].spans] == [ID]
    assert [text[s:e] for s, e in pii["pii.mobile"].spans] == [MOBILE]
    assert pii["pii.mobile"].evidence == ("13*******78",)
    assert v.level == "dangerous"


def test_reveal_pii_shows_the_number() -> None:
    v = linkguard.Scanner(reveal_pii=True).scan(f"有事打我电话{MOBILE}")
    assert next(r for r in v.reasons if r.rule == "pii.mobile").evidence == (MOBILE,)


def test_country_code_and_amount_after() -> None:
    assert kinds("电话 +86 138 1234 5678") == ["mobile"]
    assert kinds("总共13812345678元") == []


def test_chinese_text_full_of_numerals_in_short_runs_skips_the_number_search() -> None:
    from linkguard.normalize import Text

    text = Text("一起加油，帮我砍一刀，点一下就好，一会儿再来一次，一个一个来，谢谢一二三位")
    ctx = Context(text, ())
    assert candidates(ctx) == ()
    assert "digits" not in text._views  # the digits view was never needed
    phone = Text("一起加油，我电话一三八 一二三四 五六七八")
    assert [c.kind for c in candidates(Context(phone, ()))] == ["mobile"]


@given(st.text(alphabet="0123456789一二三①⑨６ \t-—🔥️\u20e3\n\u200ba中，x", max_size=60))
@example("有事打我电话138🔥🔥1234🔥🔥5678")  # two separators between neighbours
@example("电话一三八 一二三四 五六七八")
def test_the_loose_digit_precheck_holds_every_digit_run(text: str) -> None:
    from linkguard.rules.detectors.pii import _FOLDED_RUN, _LOOSE_RUN

    folded = Text(text).view("folded").text
    if _FOLDED_RUN.search(folded) is not None:
        assert _LOOSE_RUN.search(folded) is not None
