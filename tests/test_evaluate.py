"""`linkguard eval`: precision / recall / F1 overall and by category, confusion, per-rule hits."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linkguard import Scanner
from linkguard.cli import main
from linkguard.evaluate import evaluate, format_text, is_positive, read_labeled

RULES = """\
version: 1
rules:
  - id: credential.eval_test_code
    category: credential
    weight: 75
    title: {zh: 索要验证码, en: Asks for a verification code}
    keywords: [验证码]
    unless: {keywords: [不要, 千万别, 不会], before: 8}
  - id: money.eval_test_refund
    category: money
    weight: 40
    title: {zh: 退款诱导, en: Refund bait}
    keywords: [退款]
  - id: spam.eval_test_parttime
    category: spam
    weight: 30
    title: {zh: 刷单兼职, en: Paid task scam}
    keywords: [刷单, 兼职]
"""

ROWS = [
    {"text": "【客服】把收到的验证码发我，马上给您退款", "label": "fraud"},  # TP credential+money
    {"text": "您的快递丢失，点此办理退款 http://kd-refund.top/a", "label": "phishing"},  # TP money
    {"text": "兼职刷单日结300，私聊", "label": "spam"},  # TP spam
    {"text": "恭喜您中奖了，请联系客服领取奖品", "label": "fraud"},  # FN
    {"text": "拍错了，已经申请退款了", "label": "ham"},  # FP money
    {"text": "客服不会向你要验证码，千万别给", "label": "ham"},  # TN (warning)
    {"text": "谢谢大家帮忙砍价", "label": "normal"},  # TN
    {"text": "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=1", "label": "HAM"},  # TN
    {"text": "今天发货吗", "label": 0},  # TN (numeric label)
    {"text": "刷单返利，先垫付", "label": 1},  # TP spam
]


@pytest.fixture(scope="module")
def rules_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rules") / "eval_rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scanner(rules_file: Path) -> Scanner:
    return Scanner.from_files(str(rules_file), defaults=False)


@pytest.fixture()
def labeled(tmp_path: Path) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in ROWS[:4]]
    lines += ['{"text": "broken', "", json.dumps({"text": "no label"})]
    lines += [json.dumps(r, ensure_ascii=False) for r in ROWS[4:]]
    path = tmp_path / "labeled.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_labels() -> None:
    assert not is_positive("ham") and not is_positive(" Benign ") and not is_positive("SAFE")
    assert is_positive("spam") and is_positive("phishing") and is_positive("1")


def test_metrics(scanner: Scanner, labeled: Path) -> None:
    result = evaluate(read_labeled(labeled), scanner).to_dict()
    assert (result["rows"], result["positives"], result["negatives"], result["errors"]) == (10, 5, 5, 2)
    assert [e["line"] for e in result["error_lines"]] == [5, 7]
    assert result["overall"] == {"tp": 4, "fp": 1, "fn": 1, "tn": 4, "precision": 0.8, "recall": 0.8, "f1": 0.8}
    cats = result["by_category"]
    assert cats["credential"]["tp"] == 1 and cats["credential"]["precision"] == 1.0
    assert cats["credential"]["recall"] == 0.2
    assert (cats["money"]["tp"], cats["money"]["fp"], cats["money"]["precision"]) == (2, 1, 0.6667)
    assert (cats["spam"]["tp"], cats["spam"]["recall"]) == (2, 0.4)
    fraud = result["by_label"]["fraud"]
    assert fraud["rows"] == 2 and fraud["flagged"] == 1 and fraud["flagged_rate"] == 0.5
    assert fraud["categories"] == {"credential": 1, "money": 1}
    assert result["confusion"]["fraud"] == {"safe": 1, "suspicious": 0, "dangerous": 1}
    assert result["confusion"]["ham"] == {"safe": 1, "suspicious": 1, "dangerous": 0}
    assert result["by_label"]["HAM"]["positive"] is False
    top = result["rules"][0]  # the rule causing the false positive comes first
    assert top["rule"] == "money.eval_test_refund"
    assert (top["hits"], top["positive"], top["negative"], top["false_positive"]) == (3, 2, 1, 1)
    assert top["by_label"] == {"fraud": 1, "phishing": 1, "ham": 1}
    assert top["s_o"] == pytest.approx(0.6667)
    assert result["false_positives"] == [
        {"line": 8, "score": 40, "rules": ["money.eval_test_refund"], "text": "拍错了，已经申请退款了"}
    ]
    assert result["false_negatives"] == [{"line": 4, "text": "恭喜您中奖了，请联系客服领取奖品"}]


def test_workers_give_the_same_result(scanner: Scanner, labeled: Path) -> None:
    serial = evaluate(read_labeled(labeled), scanner).to_dict()
    assert evaluate(read_labeled(labeled), scanner, workers=2).to_dict() == serial


def test_text_report_is_a_readable_table(scanner: Scanner, labeled: Path) -> None:
    rows = [*read_labeled(labeled)]
    rows.append(next(read_labeled(io.StringIO('{"text": "退款\\u202e\\u001b[31m", "label": "ham"}'))))
    text = format_text(evaluate(rows, scanner))
    assert "precision" in text and "80.0%" in text
    assert "money.eval_test_refund" in text and "credential.eval_test_code" in text
    assert "\u202e" not in text and "\x1b" not in text  # hostile text cannot repaint a terminal
    assert "\\u202e" in text


def test_cli_eval_json_and_text(rules_file: Path, labeled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(labeled), "--rules", str(rules_file), "--format", "json"]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result["rows"] == 10 and result["errors"] == 2
    assert result["overall"]["tp"] >= 4  # the default rules may add hits, never remove ours
    assert "2 unreadable line" in captured.err
    assert main(["eval", str(labeled), "--rules", str(rules_file), "--label", "label", "--field", "text"]) == 0
    assert "money.eval_test_refund" in capsys.readouterr().out


def test_cli_eval_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["eval", str(tmp_path / "missing.jsonl")]) == 2
    assert "missing.jsonl" in capsys.readouterr().err
