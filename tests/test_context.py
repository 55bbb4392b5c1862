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
