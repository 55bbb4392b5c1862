"""Result types: ordering of levels, immutability, JSON shape."""

from __future__ import annotations

import dataclasses
import json

import pytest

import linkguard
from linkguard import Level, Reason, Verdict
from linkguard.verdict import Title


def test_levels_are_ordered_by_severity_not_alphabet() -> None:
    assert Level.SAFE < Level.SUSPICIOUS < Level.DANGEROUS
    assert Level.DANGEROUS > Level.SUSPICIOUS >= Level.SUSPICIOUS
    assert max([Level.SUSPICIOUS, Level.DANGEROUS, Level.SAFE]) is Level.DANGEROUS
    assert sorted([Level.DANGEROUS, Level.SAFE, Level.SUSPICIOUS]) == [
        Level.SAFE, Level.SUSPICIOUS, Level.DANGEROUS,
    ]  # fmt: skip
    # "dangerous" < "safe" alphabetically: the enum must not compare as plain strings.
    assert not Level.DANGEROUS < Level.SAFE


def test_level_is_a_string_with_a_stable_value() -> None:
    assert Level("suspicious") is Level.SUSPICIOUS
    assert Level.SAFE == "safe"
    assert str(Level.DANGEROUS) == "dangerous"
    assert {Level.SAFE: 1}["safe"] == 1


def test_results_are_frozen() -> None:
    reason = Reason("x.y", "spam", 10, Title("标题", "Title"), ((0, 1),), ("a",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        reason.weight = 20  # type: ignore[misc]
    verdict = Verdict(10, Level.SAFE, (reason,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.score = 99  # type: ignore[misc]


def test_to_dict_has_stable_keys_and_round_trips_through_json() -> None:
    verdict = linkguard.scan("把验证码发我")
    data = verdict.to_dict(lang="en")
    assert list(data) == ["score", "level", "reasons", "links", "rules_version"]
    assert data["level"] in ("safe", "suspicious", "dangerous")
    assert len(data["rules_version"]) == 12
    for reason in data["reasons"]:
        assert list(reason)[:6] == ["rule", "category", "weight", "title", "spans", "evidence"]
        assert reason["message"] == reason["title"]["en"]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
