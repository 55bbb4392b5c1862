"""The README examples under examples/ really run."""

from __future__ import annotations

import http.client
import importlib.util
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest

from linkguard import Scanner

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
RULES = """\
version: 1
rules:
  - id: credential.example_test_code
    category: credential
    weight: 75
    title: {zh: 索要验证码, en: Asks for a verification code}
    keywords: [验证码]
"""
SCAM = "【拼多多客服】您的订单异常，请把收到的验证码发给我办理退款"
OFFICIAL = "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=123"


@pytest.fixture(scope="module")
def rules_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rules") / "example_rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def scanner(rules_file: Path) -> Scanner:
    return Scanner.from_files(str(rules_file))


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bot_handler(scanner: Scanner) -> None:
    bot = _load("bot_handler")
    reply = bot.on_message(SCAM, "客服", scanner=scanner)
    assert reply is not None and "@客服" in reply and "索要验证码" in reply
    assert bot.on_message(OFFICIAL, "小王", scanner=scanner) is None
    done = subprocess.run([sys.executable, str(EXAMPLES / "bot_handler.py")], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.count("->") == 3


def test_web_app_in_process(scanner: Scanner) -> None:
    web = _load("web_app")
    vars(web)["SCANNER"] = scanner  # the example's module-level scanner, with the test rules

    def call(method: str, path: str, body: bytes) -> tuple[str, dict[str, Any]]:
        environ: dict[str, Any] = {"REQUEST_METHOD": method, "PATH_INFO": path,
                                   "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
        setup_testing_defaults(environ)
        status: list[str] = []
        chunks = web.app(environ, lambda s, headers: status.append(s))
        return status[0], json.loads(b"".join(chunks))

    status, verdict = call("POST", "/check", json.dumps({"text": SCAM}).encode())
    assert status == "200 OK" and verdict["level"] == "dangerous"
    assert verdict["reasons"][0]["rule"] == "credential.example_test_code"
    assert call("POST", "/check", b"{oops")[0] == "400 Bad Request"
    assert call("GET", "/", b"")[0] == "404 Not Found"


def test_web_app_serves_one_request_on_loopback() -> None:
    proc = subprocess.Popen([sys.executable, str(EXAMPLES / "web_app.py"), "--port", "0", "--once"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        assert banner.startswith("listening on http://127.0.0.1:")
        port = int(banner.rsplit(":", 1)[1].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", "/check", body=json.dumps({"text": OFFICIAL}, ensure_ascii=False).encode(),
                      headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        verdict = json.loads(response.read())
        conn.close()
        assert response.status == 200
        assert verdict["level"] == "safe" and 0 <= verdict["score"] < 30
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_pipeline_script(rules_file: Path, tmp_path: Path) -> None:
    shim = tmp_path / "bin" / "linkguard"  # the console script, whether or not it is installed
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "import sys; from linkguard.cli import main; '
                    f'sys.exit(main())" "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", str(EXAMPLES / "pipeline.sh"), "--rules", str(rules_file)], env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    lines = done.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [["1", "safe"], ["3", "safe"]]
    assert "dropped 1 of 3 lines at or above suspicious" in done.stderr
