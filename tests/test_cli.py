"""`linkguard check` and `linkguard rules`: exit codes, JSON shape, stdin, errors, hostile text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linkguard.cli import main

TASK = "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=1"
SCAM = "把验证码发我"


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "linkguard", *args], input=stdin.decode("utf-8", "surrogateescape") if stdin else None,
        capture_output=True, text=True, env=full_env, timeout=60,
    )  # fmt: skip


def test_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", TASK]) == 0
    assert main(["check", SCAM]) == 1
    assert main(["check", SCAM, "--fail-on", "dangerous"]) == 1
    assert main(["check", "加我微信，日结兼职", "--fail-on", "dangerous"]) in (0, 1)
    with pytest.raises(SystemExit) as info:
        main(["check", "--format", "xml", SCAM])
    assert info.value.code == 2
    assert main(["check"]) == 2
    assert "give a message" in capsys.readouterr().err


def test_text_view_explains_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", SCAM])
    out = capsys.readouterr().out
    assert "DANGEROUS" in out
    assert "⟦验证码⟧" in out  # evidence marked in the message (no colour: not a terminal)
    assert "验证码" in out and "[credential." in out


def test_english_titles(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", "--lang", "en", "--format", "json", SCAM])
    record = json.loads(capsys.readouterr().out)
    assert all(r["message"] == r["title"]["en"] for r in record["reasons"])


def test_json_output_one_object_per_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", TASK, SCAM]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = map(json.loads, lines)
    assert first["input"] == "#1" and first["text"] == TASK and first["level"] == "safe"
    assert second["level"] == "dangerous" and second["score"] >= 70
    assert {"score", "level", "reasons", "links", "rules_version"} <= set(second)
    reason = second["reasons"][0]
    start, end = reason["spans"][0]
    assert SCAM[start:end] == reason["evidence"][0]


def test_stdin_is_one_message() -> None:
    result = run("check", "--format", "json", "-", stdin="第一行\n把验证码\n发我".encode())
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1 and records[0]["input"] == "stdin"
    assert result.returncode in (0, 1)


def test_invalid_utf8_on_stdin_is_replaced_and_reported() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "linkguard", "check", "--format", "json", "-"],
        input=b"\xff\xfe\xe9\x8c\x8e" + "把验证码发我".encode(), capture_output=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert b"invalid UTF-8" in result.stderr
    assert json.loads(result.stdout)["level"] == "dangerous"


def test_file_of_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "msgs.txt"
    path.write_text(f"{TASK}\n\n谢谢大家\n{SCAM}\n", encoding="utf-8")
    assert main(["check", "-f", str(path), "--format", "json"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["level"] for r in records] == ["safe", "safe", "dangerous"]


def test_broken_rules_file_exits_2_with_location(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: spam.x\n    category: spam\n    wieght: 5\n", encoding="utf-8")
    result = run("check", "--rules", str(bad), SCAM)
    assert result.returncode == 2
    assert f"{bad}:4:5" in result.stderr and "unknown key 'wieght'" in result.stderr
    assert "Traceback" not in result.stderr


def test_ansi_and_bidi_in_a_message_never_reach_the_terminal_raw() -> None:
    hostile = "\x1b[2J\x1b]0;pwned\x07把验证码发我\u202egnp.exe\u200b"
    result = run("check", hostile)
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    assert "\\e[2J" in result.stdout and "\\u202e" in result.stdout


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    from linkguard.terminal import highlight, use_color

    class Tty:
        def isatty(self) -> bool:
            return True

    assert use_color(Tty()) is (not os.environ.get("NO_COLOR"))  # type: ignore[arg-type]
    os.environ["NO_COLOR"] = "1"
    try:
        assert use_color(Tty()) is False  # type: ignore[arg-type]
    finally:
        del os.environ["NO_COLOR"]
    assert "\x1b[" in highlight("把验证码发我", [(1, 4)], color=True)


def test_rules_list_validate_and_test(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list"]) == 0
    listing = capsys.readouterr().out
    assert "credential" in listing
    own = tmp_path / "own.yaml"
    own.write_text(
        "rules:\n"
        "  - id: violation.paid_bargain\n"
        "    category: violation\n"
        "    weight: 40\n"
        "    title: {zh: 有偿代砍, en: Paid bargaining}\n"
        "    keywords: [代砍]\n"
        "    examples: {match: [专业代砍，秒到账], ignore: [谢谢帮砍]}\n",
        encoding="utf-8",
    )
    assert main(["rules", "validate", str(own)]) == 0
    assert "ok" in capsys.readouterr().out
    assert main(["rules", "test", str(own)]) == 0
    assert "2 examples, 0 failed" in capsys.readouterr().out
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(own.read_text(encoding="utf-8").replace("谢谢帮砍", "找人代砍"), encoding="utf-8")
    assert main(["rules", "test", str(wrong)]) == 1
    out = capsys.readouterr().out
    assert "FAIL violation.paid_bargain: should not match but did: 「找人代砍」" in out


def test_default_rule_examples_all_behave(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["rules", "test"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert ", 0 failed" in out


def test_chat_export_keeps_sender_and_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "chat.txt"
    export.write_text(
        "2024-05-01 12:03:04 小王: 帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=1\n"
        "2024-05-01 12:05:10 客服小美: 把验证码发我，帮你退款\n",
        encoding="utf-8",
    )
    assert main(["check", "-f", str(export), "--format", "json"]) == 1
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert (first["sender"], first["time"], first["level"]) == ("小王", "2024-05-01 12:03:04", "safe")
    assert second["sender"] == "客服小美" and second["level"] == "dangerous"
    assert second["text"] == "把验证码发我，帮你退款"


def test_html_report_goes_only_where_o_says(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    msgs = tmp_path / "msgs.txt"
    msgs.write_text("把验证码发我 <script>alert(1)</script>\n谢谢\n", encoding="utf-8")
    out = tmp_path / "report.html"
    assert main(["check", "-f", str(msgs), "--format", "html", "-o", str(out)]) == 1
    assert capsys.readouterr().out == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") or page.lower().startswith("<!doctype html>")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_invalid_utf8_in_a_file_is_reported_with_its_line(tmp_path: Path) -> None:
    msgs = tmp_path / "msgs.txt"
    msgs.write_bytes("谢谢\n".encode() + b"\xff\xfe bad\n" + "把验证码发我\n".encode())
    result = run("check", "-f", str(msgs), "--format", "json")
    assert result.returncode == 1
    assert "invalid UTF-8" in result.stderr and "line(s) 2" in result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_text_view_shows_info_notes_only_for_messages_without_risk(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", TASK, "拼多多客服：把验证码发我"])
    task_part, scam_part = capsys.readouterr().out.split("#2", 1)
    assert "[info.official_pdd_link]" in task_part
    assert "[credential." in scam_part and "[info." not in scam_part


def test_large_file_on_a_terminal_shows_a_progress_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    import linkguard.cli as cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    msgs = tmp_path / "big.txt"
    msgs.write_text("谢谢大家\n" * 300 + "把验证码发我\n", encoding="utf-8")
    terminal = Terminal()
    monkeypatch.setattr(cli, "_PROGRESS_BYTES", 100)  # "large" for the test
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check", "-f", str(msgs), "--format", "json"]) == 1
    assert "scanning" in terminal.getvalue() and "301" in terminal.getvalue()
    assert len(capsys.readouterr().out.splitlines()) == 301
    small = Terminal()
    monkeypatch.setattr(cli, "_PROGRESS_BYTES", 1 << 20)
    monkeypatch.setattr(sys, "stderr", small)
    main(["check", "-f", str(msgs), "--format", "json"])
    assert small.getvalue() == ""
