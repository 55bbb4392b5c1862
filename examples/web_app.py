"""A web endpoint (stdlib WSGI): POST a message, get its verdict as JSON.

    python examples/web_app.py --port 8000
    curl -s localhost:8000/check -d '{"text": "把验证码发我"}'
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import make_server

import linkguard

SCANNER = linkguard.Scanner()
MAX_BODY = 64 * 1024


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """POST /check with {"text": "..."} → the verdict (score, level, reasons, links)."""

    def reply(status: str, payload: dict[str, Any]) -> list[bytes]:
        body = json.dumps(payload, ensure_ascii=False).encode()
        start_response(status, [("Content-Type", "application/json; charset=utf-8"),
                                ("Content-Length", str(len(body)))])
        return [body]

    if environ["PATH_INFO"] != "/check" or environ["REQUEST_METHOD"] != "POST":
        return reply("404 Not Found", {"error": "POST /check"})
    size = int(environ.get("CONTENT_LENGTH") or 0)
    if size > MAX_BODY:
        return reply("413 Payload Too Large", {"error": "message too long"})
    try:
        text = json.loads(environ["wsgi.input"].read(size))["text"]
        verdict = SCANNER.scan(text)
    except (ValueError, KeyError, TypeError):
        return reply("400 Bad Request", {"error": 'send {"text": "..."}'})
    return reply("200 OK", verdict.to_dict(lang="zh"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--once", action="store_true", help="answer one request, then stop")
    args = parser.parse_args()
    with make_server("127.0.0.1", args.port, app) as server:
        print(f"listening on http://127.0.0.1:{server.server_port}/check", flush=True)
        if args.once:
            server.handle_request()
        else:
            server.serve_forever()
