"""Smoke tests for benchmarks/: the generator's mix is deterministic and realistic, and a quick run writes every key."""

from __future__ import annotations

import importlib.util
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_linkguard_bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


gen = _load("generate")

_LINK_RE = re.compile(r"https?://|\b[A-Za-z0-9-]+\.(?:com|cn|top|xyz|vip|cc|shop|icu|co)\b")


@pytest.fixture(scope="module")
def mix() -> list[str]:
    texts: list[str] = gen.generate(5000, seed=0)
    return texts


def test_same_seed_same_messages_other_seed_other_messages() -> None:
    assert gen.generate(400, seed=3) == gen.generate(400, seed=3)
    assert gen.generate(400, seed=3) != gen.generate(400, seed=4)
    assert gen.generate(50, seed=3) == gen.generate(400, seed=3)[:50]


def test_lengths_look_like_group_chat(mix: list[str]) -> None:
    lengths = sorted(len(m) for m in mix)
    assert 30 <= statistics.median(lengths) <= 50
    assert 100 <= lengths[int(0.9 * len(lengths))] <= 200
    assert lengths[-1] <= 500
    assert min(lengths) >= 1


def test_mostly_chinese_and_about_forty_percent_links(mix: list[str]) -> None:
    chinese = sum(gen.has_han(m) for m in mix) / len(mix)
    assert chinese >= 0.70
    with_links = sum(bool(_LINK_RE.search(m)) for m in mix) / len(mix)
    assert 0.30 <= with_links <= 0.50
    labeled = gen.generate_messages(5000, seed=0)
    assert 0.30 <= sum(m.link for m in labeled) / len(labeled) <= 0.50


def test_official_links_dominate_and_lookalikes_are_present(mix: list[str]) -> None:
    joined = "\n".join(mix)
    for official in ("mobile.yangkeduo.com/goods.html?goods_id=", "p.pinduoduo.com/", "m.tb.cn/h.", "v.douyin.com/"):
        assert official in joined, official
    assert "u.jd.com/" in joined or "3.cn/-" in joined
    for risky in ("pinduoduo-help.top", "yangkedou.com", ".apk"):
        assert risky in joined, risky
    official_re = re.compile(r"yangkeduo\.com/|p\.pinduoduo\.com/|m\.tb\.cn/|u\.jd\.com/|3\.cn/-|v\.douyin\.com/")
    official_count = sum(bool(official_re.search(m)) for m in mix)
    assert official_count > 0.5 * sum(bool(_LINK_RE.search(m)) for m in mix)


def test_every_risky_category_and_evasion_trick_is_present() -> None:
    labeled = gen.generate_messages(5000, seed=0)
    risky = [m for m in labeled if m.category]
    assert 0.10 <= len(risky) / len(labeled) <= 0.35
    for category in gen.CATEGORIES:
        assert sum(m.category == category for m in labeled) >= 0.01 * len(labeled), category
    evasive = [m for m in labeled if m.evasion]
    assert 0.10 <= len(evasive) / len(labeled) <= 0.20
    assert {m.evasion for m in evasive} >= {
        "zero_width", "full_width", "traditional", "spaced", "homophone", "dot_com", "circled_digits"
    }
    texts = [m.text for m in labeled]
    assert any(re.search("[\u200b-\u200d\u2060\ufeff]", t) for t in texts)
    assert any(re.search("[Ａ-Ｚａ-ｚ０-９]", t) for t in texts)
    assert any(re.search("[①-⑨]{5,}", t) for t in texts)
    assert any(re.search("驗證碼|轉賬|兼職|刷單", t) for t in texts)
    assert any(re.search("薇信|威信|扣扣|企鹅|vx", t) for t in texts)


def test_risky_messages_use_the_scam_vocabulary() -> None:
    labeled = gen.generate_messages(3000, seed=1)
    words = {
        "credential": "验证码|密码|码",
        "money": "押金|手续费|解冻费|激活费|转账|保证金|充值|转|付",
        "spam": "微信|QQ|vx|兼职|日结|V我",
        "violation": "刷单|代砍|代点|助力号|连单",
        "malware": r"\.apk|下载|安装|会议",
        "pii": r"\d{11}|身份证|银行卡",
        "phishing": r"\.(?:top|com|xyz|vip|cc|shop|icu|cn|co)\b|http",
    }
    for m in labeled:
        if m.category and not m.evasion:
            assert re.search(words[m.category], m.text), (m.category, m.text)


def test_long_messages_have_the_exact_size_and_end_with_the_scam() -> None:
    for label in ("1KB", "10KB", "100KB"):
        text = gen.long_message(gen.LONG_SIZES[label], seed=0)
        assert len(text) == gen.LONG_SIZES[label]
        assert text.endswith(gen.LONG_SCAM)
        assert gen.has_han(text[:500])
    assert gen.LONG_SIZES["1MB"] == 1 << 20
    assert gen.long_message(2048, seed=5) == gen.long_message(2048, seed=5)


def test_cli_prints_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main(["-n", "20", "--seed", "2", "--labels"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["text"] for r in records] == gen.generate(20, seed=2)
    assert set(records[0]) == {"text", "kind", "category", "link", "evasion"}


def test_quick_run_writes_every_key(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--size", "200", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    expected = {
        "throughput": {"messages", "repeats", "seconds", "median_s", "msgs_per_s"},
        "floor": {"keywords", "messages", "seconds", "median_s", "msgs_per_s", "ratio"},
        "latency_us": {"messages", "max_chars", "passes", "p50", "p90", "p99", "max"},
        "long": {"1KB", "10KB", "100KB", "1MB", "ratio_1MB_1KB"},
        "import_ms": {"runs", "median"},
        "cold_start_ms": {"command", "runs", "median"},
        "rss_mb": {"messages", "after_import", "peak", "source", "ru_maxrss"},
        "parallel": {
            "messages", "repeats", "workers1_s", "workers2_s", "speedup", "workers2_parent_cpu_s",
            "workers2_worker_cpu_s", "unsent2_s", "unsent_speedup", "cpu_count",
        },
        "meta": {"quick", "seed", "mix_size", "rules_version", "rules", "build", "python", "duration_s"},
    }
    for section, keys in expected.items():
        assert keys <= set(result[section]), (section, keys - set(result[section]))
    for label in ("1KB", "10KB", "100KB", "1MB"):
        size = result["long"][label]
        assert {"chars", "runs", "seconds", "us_per_char", "score", "level"} <= set(size)
        assert size["seconds"] > 0
    assert result["throughput"]["messages"] == 200
    assert result["throughput"]["msgs_per_s"] > 0 and result["floor"]["msgs_per_s"] > 0
    assert result["rss_mb"]["peak"] >= result["rss_mb"]["after_import"] > 0
    assert result["parallel"]["unsent2_s"] > 0 and result["parallel"]["unsent_speedup"] > 0
    assert "2 workers sending nothing back vs 1" in done.stdout
    assert result["meta"]["quick"] is True
    import linkguard.engine

    compiled = Path(linkguard.engine.__file__ or "").suffix in (".so", ".pyd")  # the build this test runs on
    assert result["meta"]["build"] == ("compiled (mypyc)" if compiled else "pure Python")
    assert f"{result['meta']['build']} build" in done.stdout
    assert len(result["targets"]) == 8
    for name, goal in result["targets"].items():
        assert set(goal) == {"value", "op", "goal", "unit", "pass"}
        assert name in done.stdout
        assert isinstance(goal["pass"], bool)
    assert isinstance(result["all_pass"], bool)
    assert done.stdout.count("PASS") + done.stdout.count("MISS") == 8
