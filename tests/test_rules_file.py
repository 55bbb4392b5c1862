"""Rule files: every kind of mistake is reported with the right file, line and a plain message."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from linkguard import RulesError, Scanner
from linkguard.rules.schema import Source

GOOD = """\
version: 1
rules:
  - id: credential.code
    category: credential
    weight: 75
    title: {zh: 索要验证码, en: Asks for a code}
    keywords: [验证码]
    examples: {match: [验证码发我]}
"""


def load(text: str, name: str = "group.yaml") -> Scanner:
    return Scanner.from_sources([Source(name, text)], defaults=False)


def error_of(text: str) -> RulesError:
    with pytest.raises(RulesError) as info:
        load(text)
    return info.value


def rule(extra: str, base: str = "keywords: [验证码]") -> str:
    return (
        "rules:\n"
        "  - id: spam.x\n"
        "    category: spam\n"
        "    weight: 40\n"
        "    title: {zh: 广告, en: Ad}\n"
        f"    {base}\n"
        f"{extra}"
    )


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("rules: [\n  - id: a\n", 2, "YAML syntax error"),
        (rule("    colour: red\n"), 7, "unknown key 'colour'"),
        (rule("    weight: 50\n"), 7, "duplicate key 'weight'"),
        (rule("", base="keywords: 验证码"), 6, "list of texts"),
        (rule("", base="regex: '(unclosed'"), 6, "invalid regex"),
        (rule("", base="regex: '(a+)+$'"), 6, "unbounded quantifier"),
        (rule("", base=r"regex: '(\w*)*x'"), 6, "unbounded quantifier"),
        (rule("", base=r"regex: '验证(?:码\s*)+'"), 6, "unbounded quantifier"),
        (rule("", base="keywords: [a]\n    view: fancy"), 7, "unknown view 'fancy'"),
        (rule("", base="keywords: [a]\n    category: scam"), 7, "duplicate key 'category'"),
        ("rules:\n  - id: a.b\n    category: scam\n    weight: 1\n", 3, "unknown category 'scam'"),
        ("rules:\n  - id: a.b\n    category: spam\n    weight: 101\n", 4, "between 0 and 100"),
        ("rules:\n  - id: a.b\n    category: spam\n    weight: '5'\n", 4, "whole number"),
        ("rules:\n  - id: a.b\n    category: spam\n    weight: 5\n    title: {zh: 广告}\n", 5, "en is missing"),
        ("rules:\n  - id: Bad Id\n", 2, "dotted lowercase"),
        (rule("    all_of: [spam.nothing]\n", base="enabled: true"), 2, "unknown rule 'spam.nothing'"),
        (rule("", base="detector: no_such_detector"), 6, "unknown detector"),
        (rule("", base="enabled: 'yes'"), 6, "true or false"),
        (rule("    unless_official_links: 1\n"), 7, "unless_official_links must be true or false"),
        (rule("    unless_official_links: true\n", base="count: {of: emoji, min: 5}"), 2, "count (of links or hosts)"),
        (rule("    near: {keywords: [发], within: 5}\n", base="count: {of: links, min: 5}"), 2, "only to keywords"),
        (rule("    near: {keywords: [发], within: 0}\n"), 7, "between 1 and 1000"),
        (rule("    unless: {before: 5}\n"), 7, "unless needs keywords"),
        (rule("    unless: {keywords: [不要], after: 12}\n"), 7, "unless.after must be a mapping"),
        (rule("    unless: {keywords: [不要], after: {within: 9}}\n"), 7, "unless.after needs keywords"),
        (rule("    unless: {keywords: [不要], quoted: 'yes'}\n"), 7, "unless.quoted must be true or false"),
        (rule("    unless: {keywords: [不要], told: [被骗了]}\n"), 7, "unless.told must be a mapping"),
        (rule("    unless: {keywords: [不要], told: {within: 9}}\n"), 7, "unless.told needs keywords"),
        (rule("    examples: {match: 发我}\n"), 7, "list of texts"),
        (rule("", base="enabled: true"), 2, "exactly one matcher"),
        (rule("    regex: 'abc'\n"), 2, "exactly one matcher"),
        (rule("", base="regex: '押金{{no_such}}'"), 6, "unknown pattern {{no_such}}"),
        ("patterns: {Warn: '(?!不)'}\n", 1, "pattern name must be lowercase"),
        ("patterns:\n  warn: 5\n", 2, "pattern 'warn' must be non-empty text"),
        ("patterns:\n  warn: '(?!不'\n", 2, "invalid regex in pattern 'warn'"),
        ("patterns:\n  a: '(?!不)'\n  b: '{{a}}x'\n", 3, "patterns do not nest"),
        ("patterns: [a]\n", 1, "patterns must be a mapping"),
        ("thresholds: {suspicious: 80, dangerous: 70}\n", 1, "above thresholds.dangerous"),
        ("version: 2\n", 1, "unsupported version"),
        ("- just\n- a list\n", 1, "must be a mapping"),
        ("", 0, "empty"),
    ],
)
def test_mistakes_name_the_line(text: str, line: int, words: str) -> None:
    err = error_of(text)
    assert err.file == "group.yaml"
    assert err.line == line, str(err)
    assert words in err.message
    assert str(err).startswith(f"group.yaml:{line}:" if line else "group.yaml: ")


def test_duplicate_rule_ids_in_one_file() -> None:
    text = GOOD + GOOD.split("rules:\n", 1)[1]
    err = error_of(text)
    assert "duplicate rule id 'credential.code'" in err.message
    assert err.line == 9


def test_combination_cycle_is_reported() -> None:
    text = (
        "rules:\n"
        "  - {id: a.one, category: spam, weight: 1, title: {zh: 一, en: one}, all_of: [a.two]}\n"
        "  - {id: a.two, category: spam, weight: 1, title: {zh: 二, en: two}, any_of: [a.one]}\n"
    )
    err = error_of(text)
    assert "cycle" in err.message and "a.one" in err.message and err.line in (2, 3)


def test_info_rules_carry_no_weight() -> None:
    err = error_of("rules:\n  - {id: info.x, category: info, weight: 5, title: {zh: 信息, en: info}, keywords: [a]}\n")
    assert "weight 0" in err.message


def test_later_file_patches_fields_of_an_existing_rule(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(GOOD, encoding="utf-8")
    patch = tmp_path / "patch.yaml"
    patch.write_text("thresholds: {dangerous: 90}\nrules:\n  - {id: credential.code, weight: 80}\n", encoding="utf-8")
    scanner = Scanner.from_files(base, patch, defaults=False)
    verdict = scanner.scan("请把验证码发给我")
    assert verdict.score == 80
    assert verdict.level == "suspicious"  # 80 < the patched dangerous threshold of 90
    off = tmp_path / "off.yaml"
    off.write_text("rules:\n  - {id: credential.code, enabled: false}\n", encoding="utf-8")
    assert Scanner.from_files(base, off, defaults=False).scan("请把验证码发给我").score == 0


def test_default_rules_can_be_switched_off_by_id(tmp_path: Path) -> None:
    default = Scanner()
    fired = default.scan("把验证码发我").reasons
    assert fired, "the default rules should flag a verification-code request"
    off = tmp_path / "off.yaml"
    off.write_text(
        "rules:\n" + "".join(f"  - {{id: {r.rule}, enabled: false}}\n" for r in fired), encoding="utf-8"
    )
    patched = Scanner.from_files(off)
    assert {r.rule for r in patched.scan("把验证码发我").reasons}.isdisjoint({r.rule for r in fired})


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="file not found"):
        Scanner.from_files(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"rules: []\n# \xff\xfe\n")
    with pytest.raises(RulesError, match="not UTF-8"):
        Scanner.from_files(bad)


def test_yaml_gotchas_are_type_errors_not_silent_values() -> None:
    err = error_of(rule("", base="enabled: no\n    keywords: [a]\n    weight: 0o12"))
    assert "duplicate key 'weight'" in err.message


def test_rules_error_pickles() -> None:
    err = error_of(rule("    colour: red\n"))
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.file, copy.line, copy.column, copy.message) == (err.file, err.line, err.column, err.message)


def test_bounded_repeats_are_accepted() -> None:
    scanner = load(rule("", base=r"regex: '(?:\d[ -]?){15,18}\d'"))
    assert scanner.scan("卡号 6222 0212 3456 7890 123").score == 40


def test_every_default_regex_compiles_and_passes_the_untrusted_checks() -> None:
    from linkguard.rules.regexes import check_regex, compile_regex

    regexes = [r for r in Scanner().ruleset.rules if r.matcher == "regex"]
    assert len(regexes) >= 10
    for r in regexes:
        assert check_regex(r.spec, untrusted=True) is None, r.id
        assert compile_regex(r.spec).pattern == r.spec


PATTERNS = """\
patterns:
  no_report_after: '(?!.{0,6}?(?:举报|骗子))'
rules:
  - id: money.deposit
    category: money
    weight: 60
    title: {zh: 索要押金, en: Asks for a deposit}
    view: compact
    regex: '押金{{no_report_after}}|保证金{{no_report_after}}'
"""


def test_patterns_are_shared_by_regexes_and_by_later_files(tmp_path: Path) -> None:
    scanner = load(PATTERNS)
    assert scanner.scan("先交200押金，马上安排").score == 60
    assert scanner.scan("交保证金的都是骗子").score == 0  # the pattern's look-ahead, in both places
    assert scanner.scan("他让我交押金，已举报").score == 0
    rules = {r.id: r for r in scanner.ruleset.rules}
    assert "{{" not in rules["money.deposit"].spec  # the rule holds the regex that runs
    base = tmp_path / "base.yaml"
    base.write_text(PATTERNS, encoding="utf-8")
    later = tmp_path / "group.yaml"
    later.write_text(
        "rules:\n"
        "  - {id: money.fee, category: money, weight: 40, title: {zh: 手续费, en: Fee}, view: compact,\n"
        "     regex: '手续费{{no_report_after}}'}\n",
        encoding="utf-8",
    )
    both = Scanner.from_files(base, later, defaults=False)
    assert both.scan("提现要先付手续费").score == 40
    assert both.scan("提现要先付手续费，这种是骗子").score == 0


def test_a_pattern_cannot_be_redefined(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(PATTERNS, encoding="utf-8")
    later = tmp_path / "group.yaml"
    later.write_text("patterns:\n  no_report_after: '(?!x)'\n", encoding="utf-8")
    with pytest.raises(RulesError) as info:
        Scanner.from_files(base, later, defaults=False)
    err = info.value
    assert (err.file, err.line) == (str(later), 2)
    assert f"already defined at {base}:2" in err.message


def test_the_default_patterns_are_used_and_none_is_left_unexpanded() -> None:
    rules = Scanner().ruleset.rules
    assert all("{{" not in r.spec for r in rules if r.matcher == "regex")
    scanner = Scanner()
    assert scanner.scan("先交押金，我不是骗子").level == "dangerous"
    assert scanner.scan("交押金的都是骗子，别信").level == "safe"
