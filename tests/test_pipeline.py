"""`linkguard filter` and the pipeline behind it: order, error records, bounded read-ahead, pipes, Ctrl-C."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linkguard import Level, Scanner
from linkguard.pipeline import IDLE, FilterStats, Idle, LineTooLong, filter_lines, read_lines

RULES = """\
version: 1
rules:
  - id: credential.pipeline_test_code
    category: credential
    weight: 75
    title: {zh: 索要验证码, en: Asks for a verification code}
    keywords: [验证码]
  - id: money.pipeline_test_refund
    category: money
    weight: 40
    title: {zh: 退款诱导, en: Refund bait}
    keywords: [退款, 理赔]
"""

SCAM = "【客服】您的订单异常，把收到的验证码发我，马上给您退款"  # dangerous
REFUND = "亲，拍错了可以申请退款吗"  # suspicious with the test rules
CHAT = "谢谢大家帮忙砍价，已经拿到了"  # safe

CLI = [sys.executable, "-c", "import sys; from linkguard.cli import main; sys.exit(main())"]


@pytest.fixture(scope="module")
def rules_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rules") / "test_rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scanner(rules_file: Path) -> Scanner:
    return Scanner.from_files(str(rules_file), defaults=False)


def _line(text: object, **extra: object) -> str:
    return json.dumps({"text": text, **extra}, ensure_ascii=False)


def _out(items: Iterator[bytes | Idle]) -> list[dict[str, Any]]:
    return [json.loads(item) for item in items if not isinstance(item, Idle)]


def _mixed(n: int) -> list[str]:
    """n input lines: messages of every level with a broken line every 7th."""
    lines = []
    for i in range(n):
        if i % 7 == 3:
            lines.append('{"text": "unterminated' if i % 2 else "")
        else:
            lines.append(_line([SCAM, REFUND, CHAT][i % 3] + f" #{i}", id=i))
    return lines


def test_malformed_lines_in_the_middle_stay_in_place(scanner: Scanner) -> None:
    lines = [
        _line(SCAM, id=1, user="小王"),
        "not json at all",
        "",
        "   ",
        '{"text": 42}',
        '{"message": "no text field"}',
        "[1, 2, 3]",
        _line(CHAT, id=8),
        '{"text": "半截',
        _line(REFUND, id=10),
    ]
    stats = FilterStats()
    out = _out(filter_lines(lines, scanner, stats=stats))
    assert len(out) == len(lines)
    first = out[0]
    assert first["id"] == 1 and first["user"] == "小王" and first["text"] == SCAM
    verdict = first["linkguard"]
    assert isinstance(verdict, dict)
    assert verdict["level"] == "dangerous" and verdict["score"] == 100
    assert [r["rule"] for r in verdict["reasons"]] == ["credential.pipeline_test_code", "money.pipeline_test_refund"]
    errors = {record["line"]: record for record in out if "error" in record["linkguard"]}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 9]
    assert errors[2]["raw"] == "not json at all"
    assert errors[3]["linkguard"] == {"error": "empty line"}  # documented: an empty line is an error record
    assert "not a string" in errors[5]["linkguard"]["error"]
    assert "missing field 'text'" in errors[6]["linkguard"]["error"]
    assert out[7]["linkguard"]["level"] == "safe"
    assert out[9]["linkguard"]["level"] == "suspicious"
    assert (stats.lines, stats.errors, stats.by_level) == (10, 7, {"safe": 1, "suspicious": 1, "dangerous": 1})
    assert stats.reached(Level.DANGEROUS)


def test_other_field_and_reason_language(scanner: Scanner) -> None:
    out = _out(filter_lines([json.dumps({"body": REFUND})], scanner, field="body", lang="en"))
    assert out[0]["linkguard"]["reasons"][0]["message"] == "Refund bait"


def test_drop_leaves_out_lines_and_counts_them(scanner: Scanner) -> None:
    lines = [_line(SCAM), _line(CHAT), "oops", _line(REFUND), _line(SCAM)]
    stats = FilterStats()
    out = _out(filter_lines(lines, scanner, drop=Level.SUSPICIOUS, stats=stats))
    assert [o.get("text") for o in out] == [CHAT, None]  # error records are never dropped
    assert stats.dropped == 3


@pytest.mark.parametrize("workers", [1, 2])
def test_read_ahead_is_bounded(scanner: Scanner, workers: int) -> None:
    consumed = 0

    def source() -> Iterator[str]:
        nonlocal consumed
        for line in _mixed(600):
            consumed += 1
            yield line

    chunk, in_flight = 10, 3
    lags = []
    produced = 0
    for _ in filter_lines(source(), scanner, workers=workers, chunk_size=chunk, max_in_flight=in_flight):
        if produced == 0:
            first_at = consumed
        produced += 1
        lags.append(consumed - produced)
    assert produced == 600
    if workers == 1:
        assert first_at == 1 and max(lags) == 0
    else:
        assert first_at <= chunk * in_flight
        assert max(lags) < chunk * in_flight  # never more than that many lines held


def test_workers_give_the_same_lines_in_the_same_order(scanner: Scanner) -> None:
    lines = _mixed(700)
    serial = list(filter_lines(lines, scanner))
    parallel = list(filter_lines(iter(lines), scanner, workers=2, chunk_size=37))
    assert parallel == serial
    ids = [json.loads(b).get("id") for b in parallel if isinstance(b, bytes)]
    assert [i for i in ids if i is not None] == [i for i in range(700) if i % 7 != 3]


def test_scan_many_is_lazy_ordered_and_equal_to_serial(scanner: Scanner) -> None:
    texts = [[SCAM, REFUND, CHAT][i % 3] + f" {i}" for i in range(300)]
    assert list(scanner.scan_many(texts, workers=2)) == [scanner.scan(t) for t in texts]
    consumed = 0

    def endless() -> Iterator[str]:
        nonlocal consumed
        while True:
            consumed += 1
            yield CHAT

    results = scanner.scan_many(endless(), workers=2)
    assert next(results).level is Level.SAFE
    assert consumed < 100_000  # it did not try to read everything first
    results.close()  # type: ignore[attr-defined]


def test_idle_markers_flush_everything_before_them(scanner: Scanner) -> None:
    lines: list[str | Idle] = [_line(CHAT), _line(SCAM), IDLE, _line(REFUND)]
    out = list(filter_lines(lines, scanner, workers=2, chunk_size=100))
    assert isinstance(out[2], Idle) and len(out) == 4
    assert isinstance(out[1], bytes) and json.loads(out[1])["linkguard"]["level"] == "dangerous"


def test_read_lines_splits_blocks_and_caps_long_lines() -> None:
    data = b'{"text": "a"}\r\n' + b"x" * 50 + b"\n\n" + "尾行".encode() + b"\n" + b"y" * 30
    items = list(read_lines(io.BytesIO(data), block=7, max_line=40))
    assert items[0] == b'{"text": "a"}\r'
    assert items[1] == LineTooLong(b"x" * 50, 50) or (
        isinstance(items[1], LineTooLong) and items[1].size == 50
    )
    assert items[2:] == [b"", "尾行".encode(), b"y" * 30]


def test_long_and_badly_encoded_lines_become_records(scanner: Scanner) -> None:
    items: list[bytes | LineTooLong] = [
        LineTooLong(b'{"text": "aaaa', 9_000_000),
        b'{"text": "\xff\xfe \xe9\x80\x80\xe6\xac\xbe"}',
    ]
    stats = FilterStats()
    out = _out(filter_lines(items, scanner, stats=stats))
    assert out[0]["linkguard"] == {"error": "line too long (9000000 bytes)"} and out[0]["line"] == 1
    assert out[1]["text"] == "\ufffd\ufffd 退款" and out[1]["linkguard"]["level"] == "suspicious"
    assert stats.bad_utf8 == 1


def test_output_keeps_lone_surrogates_escaped(scanner: Scanner) -> None:
    out = list(filter_lines(['{"text": "退款\\ud800", "n": "中文"}'], scanner))
    raw = out[0]
    assert isinstance(raw, bytes)
    raw.decode("utf-8")  # valid UTF-8
    assert "中文".encode() in raw  # ensure_ascii=False elsewhere
    assert json.loads(raw)["text"] == "退款\ud800"


# -- the command, end to end ----------------------------------------------------------------------


def _run(args: list[str], data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CLI, "filter", *args], input=data, capture_output=True, timeout=60)


def test_cli_drop_counts_on_stderr_and_fail_on(rules_file: Path) -> None:
    data = "\n".join([_line(SCAM), _line(CHAT), "{bad", _line(SCAM, id=4), _line(CHAT)]).encode() + b"\n"
    done = _run(["--rules", str(rules_file), "--drop", "dangerous"], data)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o.get("text") for o in out] == [CHAT, None, CHAT]
    assert out[1] == {"linkguard": {"error": out[1]["linkguard"]["error"]}, "line": 3, "raw": "{bad"}
    assert "dropped 2 of 5 lines at or above dangerous" in done.stderr.decode()
    failing = _run(["--rules", str(rules_file), "--fail-on", "dangerous"], data)
    assert failing.returncode == 1 and len(failing.stdout.splitlines()) == 5
    calm = _run(["--rules", str(rules_file), "--fail-on", "dangerous"], _line(CHAT).encode())
    assert calm.returncode == 0


def test_cli_workers_equal_serial_and_invalid_utf8(rules_file: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes("\n".join(_mixed(400)).encode() + b"\n\xff{}\n")
    serial = _run(["--rules", str(rules_file), "--in", str(source)], b"")
    parallel = _run(["--rules", str(rules_file), "--in", str(source), "--workers", "2", "--chunk-size", "16"], b"")
    assert serial.returncode == parallel.returncode == 0
    assert parallel.stdout == serial.stdout
    assert len(serial.stdout.splitlines()) == 401
    assert "1 line had invalid UTF-8" in serial.stderr.decode()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_head_ends_quietly(rules_file: Path, tmp_path: Path, workers: str) -> None:
    big = tmp_path / "big.jsonl"
    big.write_text("\n".join(_line(f"{SCAM} {i}") for i in range(20_000)) + "\n", encoding="utf-8")
    with big.open("rb") as stdin:
        proc = subprocess.Popen([*CLI, "filter", "--rules", str(rules_file), "--workers", workers],
                                stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # like `| head -1` exiting
        err = proc.stderr.read()
        code = proc.wait(timeout=60)
    assert json.loads(first)["linkguard"]["level"] == "dangerous"
    assert code == 0
    assert b"Traceback" not in err and b"BrokenPipe" not in err and b"Exception" not in err


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # even if the test runner ignores Ctrl-C


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_ctrl_c_exits_130_without_traceback(rules_file: Path, workers: str) -> None:
    proc = subprocess.Popen([*CLI, "filter", "--rules", str(rules_file), "--workers", workers],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_default_sigint)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write((_line(SCAM) + "\n").encode())
    proc.stdin.flush()
    # The input stays open (a slow, endless producer): the line is answered as soon as input goes idle.
    first = proc.stdout.readline()
    assert json.loads(first)["linkguard"]["level"] == "dangerous"
    time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=30)
    err = proc.stderr.read()
    proc.stdin.close()
    assert code == 130
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err


def test_cli_missing_input_file_is_a_usage_error(rules_file: Path, tmp_path: Path) -> None:
    done = _run(["--rules", str(rules_file), "--in", os.fspath(tmp_path / "nope.jsonl")], b"")
    assert done.returncode == 2 and b"nope.jsonl" in done.stderr and not done.stdout
