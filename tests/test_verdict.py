"""Result types: ordering of levels, immutability, JSON shape."""

from __future__ import annotations

import dataclasses
import inspect
import json

import pytest

import linkguard
from linkguard import Level, Reason, Verdict
from linkguard.verdict import Finding, Link, Title


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


@pytest.mark.parametrize("cls", [Title, Finding, Link, Reason, Verdict])
def test_result_types_are_built_like_the_dataclasses_they_declare(cls: type) -> None:
    fields = dataclasses.fields(cls)
    reference = dataclasses.make_dataclass(
        cls.__name__,
        [(f.name, f.type) if f.default is dataclasses.MISSING else (f.name, f.type, f.default) for f in fields],
        frozen=True,
        slots=True,
    )
    assert inspect.signature(cls) == inspect.signature(reference)
    values = {f.name: f"value {i}" for i, f in enumerate(fields)}
    required = {f.name: values[f.name] for f in fields if f.default is dataclasses.MISSING}

    def state(obj: object) -> list[object]:
        return [getattr(obj, f.name) for f in fields]

    assert state(cls(**values)) == state(reference(**values)) == list(values.values())
    assert state(cls(*values.values())) == list(values.values())
    assert state(cls(**required)) == state(reference(**required))  # the defaults
    with pytest.raises(TypeError, match="missing"):
        cls()
    with pytest.raises(TypeError, match="unexpected keyword"):
        cls(**values, extra=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cls(**values).__setattr__(fields[0].name, "changed")


def test_the_direct_init_refuses_fields_it_cannot_build() -> None:
    from linkguard.verdict import _direct_init

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list[str] = dataclasses.field(default_factory=list)

    with pytest.raises(TypeError, match=r"WithFactory\.items"):
        _direct_init(WithFactory)
