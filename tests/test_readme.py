"""The README's examples really run: its Python blocks, its rule file and its command lines."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from linkguard import Scanner
from linkguard.rules.schema import Source

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_the_two_setup_commands_come_first() -> None:
    lines = [line for line in README.splitlines()[1:] if line.strip()]
    assert lines[0].startswith("    python3 -m venv .venv") and "linkguard check" in lines[0]
    assert lines[1].startswith("    python3 -m venv .venv") and lines[1].endswith("pytest")


@pytest.mark.parametrize("code", blocks("python"))
def test_python_examples_run(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert capsys.readouterr().out.strip()


def test_rule_file_example_loads_and_its_examples_behave() -> None:
    (yaml_text,) = blocks("yaml")
    scanner = Scanner.from_sources([Source("README.md", yaml_text)])
    rules = [r for r in scanner.rules if r.origin.file == "README.md"]
    assert len(rules) == 2
    for rule in rules:
        assert rule.match_examples and rule.ignore_examples, rule.id
        for text in rule.match_examples:
            assert any(r.rule == rule.id for r in scanner.scan(text).reasons), text
        for text in rule.ignore_examples:
            assert all(r.rule != rule.id for r in scanner.scan(text).reasons), text
    assert "spam.contact_qq" not in {r.id for r in scanner.rules}


def test_command_lines_run(tmp_path: Path) -> None:
    (yaml_text,) = blocks("yaml")
    (tmp_path / "our_group.yaml").write_text(yaml_text, encoding="utf-8")
    (tmp_path / "messages.txt").write_text("谢谢大家\n把验证码发我\n", encoding="utf-8")
    (tmp_path / "chat.txt").write_text("2024-05-01 12:03:04 小王: 帮我砍一刀\n", encoding="utf-8")
    (tmp_path / "chat.jsonl").write_text('{"text": "加我薇信日结"}\n', encoding="utf-8")
    (tmp_path / "labeled.jsonl").write_text(
        '{"text": "把验证码发我", "label": "fraud"}\n{"text": "谢谢", "label": "ham"}\n', encoding="utf-8"
    )
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    commands = [line.split("  #")[0].strip() for line in blocks("sh")[0].splitlines() if line.strip()]
    commands.append(blocks("sh")[1])  # the pipeline step
    assert len(commands) >= 10
    for command in commands:
        result = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {command}"], cwd=tmp_path, env=env,
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode in (0, 1), (command, result.stderr)
        assert "Traceback" not in result.stderr, command
    assert (tmp_path / "report.html").read_text(encoding="utf-8").lower().startswith("<!doctype html>")
