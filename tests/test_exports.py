"""Reading `-f FILE` inputs: plain text, JSON lines, chat-log exports; progress helper."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

import pytest

from linkguard.exports import (
    ErrorItem,
    Message,
    count_lines,
    detect_format,
    progress,
    read_messages,
)


def _read(text: str, **kwargs: str) -> list[Message | ErrorItem]:
    return list(read_messages(io.StringIO(text), **kwargs))  # type: ignore[arg-type]


def test_plain_text_is_one_message_per_line() -> None:
    items = _read("帮我砍一刀，谢谢\n\n把验证码发我一下\n  \n最后一行没有换行")
    assert items == [
        Message("帮我砍一刀，谢谢", 1),
        Message("把验证码发我一下", 3),
        Message("最后一行没有换行", 5),
    ]


def test_message_is_a_frozen_slotted_record() -> None:
    message = Message("hi", 1, "小王", "2024-05-01 12:03:04")
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.text = "changed"  # type: ignore[misc]
    assert not hasattr(message, "__dict__")


def test_json_lines_keep_broken_lines_as_errors() -> None:
    rows = [
        json.dumps({"msg": "帮我点一下 https://mobile.yangkeduo.com/goods.html?goods_id=1", "sender": "阿花",
                    "time": "2024-05-01 12:03:04"}, ensure_ascii=False),
        '{"msg": "半截的 JSON',
        "",
        json.dumps({"text": "no msg field"}),
        json.dumps({"msg": ["not", "a", "string"]}),
        json.dumps({"msg": "加我微信领红包", "from": "陌生人", "timestamp": 1714536184}, ensure_ascii=False),
    ]
    items = _read("\n".join(rows) + "\n", field="msg")
    assert len(items) == 5  # the blank line is not a message; every other line is here
    first, broken, missing, wrong, last = items
    assert first == Message("帮我点一下 https://mobile.yangkeduo.com/goods.html?goods_id=1", 1, "阿花",
                            "2024-05-01 12:03:04")
    assert isinstance(broken, ErrorItem) and broken.line == 2 and broken.raw == '{"msg": "半截的 JSON'
    assert broken.error.startswith("not JSON")
    assert isinstance(missing, ErrorItem) and missing.line == 4 and "missing field 'msg'" in missing.error
    assert isinstance(wrong, ErrorItem) and wrong.line == 5
    assert last == Message("加我微信领红包", 6, "陌生人", "1714536184")


def test_chat_export_one_line_layout() -> None:
    log = (
        "2024-05-01 12:03:04 小王: 帮我砍一刀 https://mobile.yangkeduo.com/x.html\n"
        "2024-05-01 12:03:30 客服小美：亲，退款请点 http://pdd-refund.top/a 填写银行卡\n"
        "2024-05-01 12:04:00 Tom Lee: 谢谢\n"
    )
    assert detect_format(log.splitlines()) == "chat"
    assert _read(log) == [
        Message("帮我砍一刀 https://mobile.yangkeduo.com/x.html", 1, "小王", "2024-05-01 12:03:04"),
        Message("亲，退款请点 http://pdd-refund.top/a 填写银行卡", 2, "客服小美", "2024-05-01 12:03:30"),
        Message("谢谢", 3, "Tom Lee", "2024-05-01 12:04:00"),
    ]


def test_chat_export_header_layout_with_multiline_messages() -> None:
    log = (
        "消息记录（此消息记录为文本格式，不支持重新导入）\n"
        "\n"
        "2024-05-01 12:03:04 小王(123456789)\n"
        "帮我砍一刀\n"
        "https://mobile.yangkeduo.com/goods.html?goods_id=1\n"
        "\n"
        "2024-05-01 12:05:10 陌生人<stranger@example.com>\n"
        "兼职刷单，日结300\n"
        "\n"
        "2024/5/1 12:06 阿花\n"
        "[图片]\n"
    )
    items = _read(log)
    assert items == [
        Message("消息记录（此消息记录为文本格式，不支持重新导入）", 1),
        Message("帮我砍一刀\nhttps://mobile.yangkeduo.com/goods.html?goods_id=1", 4, "小王(123456789)",
                "2024-05-01 12:03:04"),
        Message("兼职刷单，日结300", 8, "陌生人<stranger@example.com>", "2024-05-01 12:05:10"),
        Message("[图片]", 11, "阿花", "2024/5/1 12:06"),
    ]


def test_plain_text_with_one_dated_line_is_not_a_chat_export() -> None:
    text = "\n".join(["2024-05-01 12:00 开团啦: 速来", "帮我砍一刀", "谢谢", "好的", "收到", "已助力"])
    assert detect_format(text.splitlines()) == "text"
    assert next(m.text for m in _read(text) if isinstance(m, Message)) == "2024-05-01 12:00 开团啦: 速来"


def test_paths_bytes_bom_crlf_and_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(
        "\ufeff2024-05-01 12:03:04 小王: 你好\r\n".encode()
        + b"2024-05-01 12:03:05 \xe5\xb0\x8f\xff: bad byte\r\n"
    )
    items = list(read_messages(path))
    assert items == [
        Message("你好", 1, "小王", "2024-05-01 12:03:04"),
        Message("bad byte", 2, "\u5c0f\ufffd", "2024-05-01 12:03:05"),
    ]
    assert next(iter(read_messages(str(path), format="text"))) == Message("2024-05-01 12:03:04 小王: 你好", 1)
    stream = io.BytesIO(b'{"text": "a"}\n{"text": "b"}\n')
    assert [m.text for m in read_messages(stream) if isinstance(m, Message)] == ["a", "b"]


def test_reading_is_lazy() -> None:
    read = 0

    def lines() -> Iterator[str]:
        nonlocal read
        for i in range(100_000):
            read += 1
            yield f"消息 {i}\n"

    items = read_messages(cast(IO[str], lines()))
    assert next(items) == Message("消息 0", 1)
    assert read <= 100  # only the sample used to detect the layout


def test_progress_helper(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("a\nb\n\nc", encoding="utf-8")
    assert count_lines(path) == 4
    items = list(read_messages(path))
    assert list(progress(items, 4, enabled=False)) == items
    bar = io.StringIO()
    assert list(progress(items, 4, enabled=True, file=bar)) == items
    assert "scanning" in bar.getvalue() and "/4 " in bar.getvalue()
    assert list(progress(iter("xyz"), None, enabled=True, file=io.StringIO())) == ["x", "y", "z"]
