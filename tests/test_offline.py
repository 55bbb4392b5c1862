"""Invariant 5: importing, scanning and the CLI attempt no connection, no name lookup, no file write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROBE = textwrap.dedent(
    r"""
    import json, os, sys

    events = []
    WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    WATCHED = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
               "socket.sendto", "socket.bind", "os.mkdir", "os.rename", "os.remove", "shutil.copyfile")

    def hook(event, args):
        if event == "socket.bind" and args[1] == ("::1", 0):
            # urllib3 (imported by tldextract through requests) probes for IPv6 support at import time by
            # binding an unconnected socket to ::1 port 0: no connection, no lookup, no traffic.
            return
        if event in WATCHED:
            events.append([event, repr(args)[:200]])
        elif event == "open":
            path, mode, flags = (list(args) + [None, None])[:3]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & WRITE)
            if writing and str(path) != os.devnull:
                events.append([event, repr(args)[:200]])

    sys.addaudithook(hook)
    import linkguard
    from linkguard.cli import main

    messages = [
        "帮我砍一刀 https://mobile.yangkeduo.com/goods.html?goods_id=1",
        "官方客服：点击 http://pinduoduo-help.top/login 领取退款，把验证码发我",
        "加我vx：abc123 日结兼职 www.taobao.com。 xn--pple-43d.com 192.168.1.1:8080",
        "https://mobile.yangkeduo.com@evil.cc/x 📦 http://3.cn/-2Vv3ukm?jkl=@W0Yzw10kN4h@",
    ]
    scores = [linkguard.scan(m).score for m in messages]
    list(linkguard.Scanner().scan_many(messages))
    code = main(["check", "--format", "json", *messages])
    code2 = main(["rules", "list"])
    sys.stdout.flush()
    psl = "tldextract" in sys.modules  # a non-official host was looked up in the public suffix list
    sys.stderr.write(json.dumps({"events": events, "scores": scores, "codes": [code, code2], "psl": psl}) + "\n")
    """
)


def test_no_connection_lookup_or_write(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "PYTHONDONTWRITEBYTECODE": "1",
    }  # fmt: skip
    env.pop("TLDEXTRACT_CACHE", None)
    result = subprocess.run(
        [sys.executable, "-B", "-c", PROBE], capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["events"] == []
    # tldextract (and filelock, which it imports) ran in the probe: their import is covered too
    assert report["psl"] is True
    assert report["scores"][0] == 0  # the official task link is safe
    assert max(report["scores"]) > 0  # and the probe really scanned risky text
    assert list(home.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]
