#!/usr/bin/env bash
# A pipeline step: drop risky messages from a stream of JSON lines before they are forwarded.
# Dropped lines are counted on stderr; lines that are not JSON come out as error records.
set -euo pipefail

printf '%s\n' \
  '{"id": 1, "user": "小王", "text": "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=123"}' \
  '{"id": 2, "user": "客服", "text": "【拼多多客服】您的订单异常，请把收到的验证码发给我办理退款"}' \
  '{"id": 3, "user": "阿花", "text": "谢谢大家，已经助力成功了"}' \
  | linkguard filter --drop suspicious "$@" \
  | python3 -c 'import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    print(msg.get("id"), msg["linkguard"].get("level", "error"), msg.get("text", ""))'
