"""Clause and sentence boundaries: each lookup searches only the stretch asked about."""

from __future__ import annotations

from bisect import bisect_left

from hypothesis import example, given
from hypothesis import strategies as st

from linkguard.rules.context import _CLAUSE, _SENTENCE, Boundaries


def _reference(pattern: object, text: str, a: int, b: int) -> bool:
    """True when a boundary of `pattern` lies in [a, b), from the list of all of them."""
    marks = [m.start() for m in pattern.finditer(text)]  # type: ignore[attr-defined]
    a, b = min(a, b), max(a, b)
    i = bisect_left(marks, a)
    return not (i < len(marks) and marks[i] < b)


def test_boundaries_of_a_warning() -> None:
    text = "客服不会要验证码，千万别给。谢谢 a.com 9.9元"
    bounds = Boundaries(text)
    assert bounds.same_sentence(0, text.index("千万"))
    assert not bounds.same_clause(0, text.index("千万"))
    assert not bounds.same_sentence(0, text.index("谢谢"))
    assert bounds.same_clause(text.index("a.com"), text.index("a.com") + 5)  # a host's dot ends nothing
    assert bounds.same_clause(text.index("9.9"), text.index("元"))


@given(
    st.text(alphabet=st.sampled_from("验证码 发给我。.．，,!！\n9a…～"), max_size=40),
    st.integers(0, 45),
    st.integers(0, 45),
)
@example("a.9", 0, 2)  # the full stop's look-ahead reads the character at the end of the stretch
def test_lookups_equal_the_boundaries_of_the_whole_message(text: str, a: int, b: int) -> None:
    a, b = min(a, len(text)), min(b, len(text))
    bounds = Boundaries(text)
    assert bounds.same_clause(a, b) == _reference(_CLAUSE, text, a, b)
    assert bounds.same_sentence(a, b) == _reference(_SENTENCE, text, a, b)


def _quoted(text: str, word: str) -> bool:
    a = text.index(word)
    return Boundaries(text).quoted(a, a + len(word))


def test_a_short_quotation_names_a_thing() -> None:
    assert _quoted("已将发布“日结兼职”广告的成员移出本群", "日结")
    assert _quoted("最近有群友问「代砍」是否可以", "代砍")
    assert _quoted('刚才那个发"兼职日结"的已经私聊了好几个人', "兼职")
    assert _quoted("有人私信我说可以帮我『注销校园贷』", "注销校园贷")


def test_quotations_that_are_speech_labels_or_unclosed_are_not_mentions() -> None:
    # A long quotation is somebody's speech: a scammer's pasted script as often as a member's report.
    assert not _quoted("“你好，我是警察局的警官。我打电话是因为你的电话号码涉及一起洗钱案。”", "洗钱")
    # After an action word it names the button, setting or app to use.
    assert not _quoted("请在微信上点击“百万保障”关闭", "百万保障")
    assert not _quoted('手机设置里打开"允许安装未知来源应用"', "未知来源")
    assert not _quoted("下载“会议通”APP", "会议通")
    # Marks that do not enclose the word.
    assert not _quoted("“新人专享”加微信领红包", "加微信")
    assert not _quoted('说"代砍"不行，"包提现"也不行', "不行")
    assert not _quoted("“加微信\n领红包”", "领红包")  # a quotation stays on its line
    assert not _quoted("加微信”领红包", "加微信")
