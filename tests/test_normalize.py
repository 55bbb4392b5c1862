"""Views and their offset maps: every view character maps back to the original character it came from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkguard.normalize import Text, compact, digits, fold, scrub

CASES = {
    "zero-width": ("验\u200b证\u200d码", "folded", "验证码"),
    "full-width": ("ＶＸ：ａｂｃ１２３", "folded", "vx:abc123"),
    "traditional": ("驗證碼發給我", "folded", "验证码发给我"),
    "case": ("Add ME on WeChat", "folded", "add me on wechat"),
    "spaced": ("加 微 信", "compact", "加微信"),
    "dashed": ("加-V-信", "compact", "加v信"),
    "emoji": ("验✅证✅码", "compact", "验证码"),
    "circled": ("①③⑧⓪", "digits", "1380"),
    "dingbat": ("❶❷➌", "digits", "123"),
    "chinese-numerals": ("一三八零〇", "digits", "13800"),
    "financial-numerals": ("壹贰叁", "digits", "123"),
    "superscript": ("¹²³", "digits", "123"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_view_text(name: str) -> None:
    original, view, expected = CASES[name]
    assert Text(original).view(view).text == expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_view_character_maps_to_its_source(name: str) -> None:
    original, view_name, _ = CASES[name]
    text = Text(original)
    view = text.view(view_name)
    for i, ch in enumerate(view.text):
        s, e = view.span(i, i + 1)
        assert 0 <= s < e <= len(original)
        source = original[s:e]
        assert ch in fold(source) + digits(source)


def test_span_of_a_word_hidden_by_zero_width_characters() -> None:
    original = "请把验\u200b证\u200b码发我"
    view = Text(original).view("folded")
    start = view.text.index("验证码")
    s, e = view.span(start, start + 3)
    assert original[s:e] == "验\u200b证\u200b码"


def test_expanding_characters_map_back_to_one_original_character() -> None:
    text = Text("a⒈b")
    view = text.view("folded")
    assert view.text == "a1.b"
    assert view.span(1, 3) == (1, 2)
    assert view.span(3, 4) == (2, 3)


def test_plain_functions_match_the_views() -> None:
    assert fold("驗證碼") == "验证码"
    assert compact("加 薇 信!") == "加薇信"
    assert digits("①③⑧") == "138"


def test_lone_surrogates_become_replacement_characters_of_the_same_length() -> None:
    assert scrub("a\ud800b") == "a\ufffdb"
    assert Text("a\udfffb").view("folded").text == "a\ufffdb"
    assert len(Text("x\ud83dy").original) == 3


def test_ascii_messages_take_the_identity_fast_path() -> None:
    view = Text("Hello World").view("folded")
    assert view.text == "hello world"
    assert view.identity


@given(st.text(max_size=60))
def test_views_map_inside_the_original(s: str) -> None:
    text = Text(s)
    for name in ("raw", "folded", "compact", "digits"):
        view = text.view(name)
        for i in range(len(view.text)):
            a, b = view.span(i, i + 1)
            assert 0 <= a < b <= len(text.original)
        if view.text:
            a, b = view.span(0, len(view.text))
            assert 0 <= a <= b <= len(text.original)


# -- the fast path: texts of common characters that fold one to one -------------------------------

_COMMON_SAMPLE = "帮我砍一刀，谢谢！驗證碼ＶＸ：ａｂｃ１２３【拼多多】“好的”～…👍🙏🧧❤️ OK Ab-9\n€₤·、。\u200b\u200d"


def test_fast_path_folds_every_common_character_like_the_per_character_table() -> None:
    from linkguard.normalize import _fast_fold, _fold_char

    fast = _fast_fold()
    assert len(fast.known) > 20_000  # the CJK block, punctuation, full-width forms, emoji
    assert {ch: _fold_char(ch) for ch in fast.known} == {ch: fast.mapping.get(ch, ch) for ch in fast.known}
    assert "驗" in fast.mapping and "验" not in fast.mapping


@pytest.mark.parametrize(
    "message",
    [
        "各位帮忙点一下，已经砍到4成了！",  # Chinese with full-width punctuation
        "驗證碼發給我，ＶＸ：ａｂｃ",  # traditional and full-width letters
        "谢谢大家👍🧧 帮我砍一刀",  # emoji without a variation selector
    ],
)
def test_common_texts_take_the_fast_path_with_identity_offsets(message: str) -> None:
    from linkguard.normalize import _FOLD, _SEPARATORS, _fast_fold

    _fast_fold()  # past the warm-up
    text = Text(message)
    folded = text.view("folded")
    assert text._fast
    assert folded.text == message.translate(_FOLD)  # the slow path's result
    assert folded.identity and folded.plain
    assert text.view("compact").text == _SEPARATORS.sub("", folded.text)


@pytest.mark.parametrize("message", ["谢谢❤️", "验\u200b证\u200d码", "帮我\ufeff砍一刀"])
def test_removed_characters_take_the_fast_path_with_mapped_offsets(message: str) -> None:
    from linkguard.normalize import _FOLD, _fast_fold

    _fast_fold()
    text = Text(message)
    folded = text.view("folded")
    assert text._fast
    assert folded.text == message.translate(_FOLD)
    assert not folded.identity
    assert folded.span(0, len(folded.text)) == (0, len(message.rstrip("\ufe0f")))


@pytest.mark.parametrize("message", ["㎏", "ﬁ", "Ⅻ"])
def test_expanding_characters_take_the_mapped_path(message: str) -> None:
    from linkguard.normalize import _FOLD, _fast_fold

    assert _fast_fold().fold(message) is None
    text = Text(message)
    folded = text.view("folded")
    assert not text._fast
    assert folded.text == message.translate(_FOLD)
    assert not folded.identity


@given(st.text(alphabet=st.sampled_from(_COMMON_SAMPLE + "㎏Ⅻ"), max_size=80))
def test_fast_and_mapped_paths_agree(s: str) -> None:
    from linkguard.normalize import _FOLD, _SEPARATORS, _fast_fold

    _fast_fold()
    text = Text(s)
    folded = text.view("folded")
    assert folded.text == s.translate(_FOLD)
    assert text.view("compact").text == _SEPARATORS.sub("", s.translate(_FOLD))
    for i, ch in enumerate(folded.text):  # every folded character comes from the character its span covers
        a, b = folded.span(i, i + 1)
        assert ch in fold(s[a:b])


def test_the_fast_path_starts_after_a_warm_up_so_one_off_scans_do_not_build_its_tables() -> None:
    import subprocess
    import sys

    code = (
        "import linkguard, linkguard.normalize as n\n"
        "linkguard.scan('帮我砍一刀，谢谢')\n"
        "linkguard.scan('add me on wechat: abc123')\n"
        "assert n._fast is None, 'built for one message'\n"
        "scanner = linkguard.Scanner(cache_size=0)\n"
        "for i in range(n._WARM_UP + 1): scanner.scan(f'谢谢{i}')\n"
        "assert n._fast is not None\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- offsets kept as shifted runs must equal the per-character offsets -----------------------------

_OFFSET_ALPHABET = _COMMON_SAMPLE + "㎏Ⅻ⒈\ufeff\u2060 -,.\n①一"


def _reference_origins(original: str) -> tuple[list[int], list[int]]:
    """Per-character offsets of the folded and compact views, the slow obvious way."""
    from linkguard.normalize import _SEPARATORS, _fold_char

    folded = [(i, c) for i, ch in enumerate(original) for c in _fold_char(ch)]
    compacted = [(i, c) for i, c in folded if not _SEPARATORS.fullmatch(c)]
    return [i for i, _ in folded], [i for i, _ in compacted]


@pytest.mark.parametrize("split", [False, True])  # the compact view of long texts comes from one split
@pytest.mark.parametrize("fast", [False, True])
@given(st.text(alphabet=st.sampled_from(_OFFSET_ALPHABET), max_size=80))
def test_view_offsets_equal_per_character_offsets(fast: bool, split: bool, s: str) -> None:
    import linkguard.normalize as normalize

    if fast:
        normalize._fast_fold()
    saved = normalize._fast, normalize._slow_texts, normalize.SPLIT_ABOVE
    if not fast:
        normalize._fast, normalize._slow_texts = None, 0  # the per-character path
    if split:
        normalize.SPLIT_ABOVE = 0
    try:
        text = Text(s)
        folded, compacted = text.view("folded"), text.view("compact")
    finally:
        normalize._fast, normalize._slow_texts, normalize.SPLIT_ABOVE = saved
    want_folded, want_compact = _reference_origins(s)
    assert compacted.text == compact(s)
    assert [folded.origin(i) for i in range(len(folded.text))] == want_folded
    assert [compacted.origin(i) for i in range(len(compacted.text))] == want_compact
    assert [folded.span(i, i + 1) for i in range(len(folded.text))] == [(o, o + 1) for o in want_folded]
