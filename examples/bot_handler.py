"""A chat-bot message handler: warn the group when a message looks risky.

Plug `on_message` into any bot framework's "new group message" callback.
Run it to see it on a few sample messages:  python examples/bot_handler.py
"""

from __future__ import annotations

import linkguard

SCANNER = linkguard.Scanner()  # compile the rules once, reuse for every message


def on_message(text: str, sender: str, scanner: linkguard.Scanner = SCANNER) -> str | None:
    """The bot's reply to a group message, or None to stay quiet."""
    verdict = scanner.scan(text)
    if not verdict.flagged:  # safe: official 砍价/助力 links and chatter pass silently
        return None
    reasons = "；".join(r.title.zh for r in verdict.reasons if r.weight > 0)
    return f"⚠️ @{sender} 的消息有风险（{verdict.score}分）：{reasons}。请勿点击链接或透露验证码。"


if __name__ == "__main__":
    for who, text in [
        ("小王", "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=123"),
        ("客服", "【拼多多客服】您的订单异常，请把收到的验证码发给我办理退款"),
        ("阿花", "谢谢大家，已经助力成功了"),
    ]:
        print(f"{who}: {text}\n  -> {on_message(text, who) or '(no reply)'}")
