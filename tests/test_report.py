"""The HTML report: one self-contained page, evidence highlighted, everything from messages escaped."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from linkguard import Level, Reason, Scanner, Verdict
from linkguard.exports import ErrorItem, Message
from linkguard.report import render_html
from linkguard.verdict import Title

RULES = """\
version: 1
rules:
  - id: credential.report_test_code
    category: credential
    weight: 75
    title: {zh: 索要验证码, en: Asks for a verification code}
    keywords: [验证码]
  - id: money.report_test_refund
    category: money
    weight: 40
    title: {zh: 退款诱导, en: Refund bait}
    keywords: [退款]
"""

HOSTILE = (
    '把验证码发我<script>document.title="pwned"</script>'
    '"><img src=x onerror="document.body.setAttribute(\'data-pwned\',1)">'
    "\x1b[2J\x1b[31m红色\u202eexe.txt"
)
SCAM = "【客服】您的订单异常，把收到的验证码发我，马上给您退款"
REFUND = "亲，拍错了可以申请退款吗"
CHAT = "谢谢大家帮忙砍价，已经拿到了"


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None) -> list[Node]:
        found = [self] if tag in (None, self.tag) else []
        for child in self.children:
            if isinstance(child, Node):
                found += child.iter(tag)
        return found

    def has_class(self, name: str) -> bool:
        return name in (self.attrs.get("class") or "").split()


class _Tree(HTMLParser):
    VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "source", "base", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html_text: str) -> Node:
    tree = _Tree()
    tree.feed(html_text)
    tree.close()
    return tree.root


@pytest.fixture(scope="module")
def scanner(tmp_path_factory: pytest.TempPathFactory) -> Scanner:
    path = tmp_path_factory.mktemp("rules") / "report_rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return Scanner.from_files(str(path), defaults=False)


def _page(scanner: Scanner) -> str:
    messages = [
        Message(SCAM, 1, "客服小美", "2024-05-01 12:03:04"),
        Message(CHAT, 2, "小王", "2024-05-01 12:04:00"),
        Message(HOSTILE, 3, '<b onmouseover="alert(1)">坏人</b>', "2024-05-01 12:05:00\u202e"),
        Message(REFUND, 5),
    ]
    items: list[tuple[Message, Verdict] | ErrorItem] = [(m, scanner.scan(m.text)) for m in messages]
    items.insert(3, ErrorItem(4, "not JSON", '{"text": "<svg onload=alert(1)>'))
    return render_html(items, lang="en")


def _article(root: Node, line: int) -> Node:
    (article,) = [a for a in root.iter("article") if a.attrs.get("id") == f"msg-{line}"]
    return article


def _check_dom(root: Node) -> None:
    """Assertions shared by the parsed page and Chromium's DOM."""
    tags = {n.tag for n in root.iter()}
    assert not tags & {"script", "img", "svg", "iframe", "object", "embed", "link", "b"}
    for node in root.iter():
        assert not any(name.startswith("on") for name in node.attrs), node
        for name in ("src", "href", "action"):
            assert name not in node.attrs, node
    (title,) = root.iter("title")
    assert title.text() == "linkguard report"
    assert "data-pwned" not in root.iter("body")[0].attrs
    # Counts per level and per category.
    levels = {row.iter("td")[0].text(): row.iter("td")[1].text()
              for row in root.iter("section")[0].iter("tr")[1:]}
    assert levels == {"safe": "1", "suspicious": "1", "dangerous": "2"}
    cats = {row.iter("td")[0].text(): row.iter("td")[1].text() for row in root.iter("section")[1].iter("tr")[1:]}
    assert cats == {"credential": "2", "money": "2"}
    # Risky messages only, most severe first; the safe chat is not listed.
    articles = root.iter("article")
    assert [a.attrs["id"] for a in articles] == ["msg-1", "msg-3", "msg-5"]
    assert [a.attrs["data-level"] for a in articles] == ["dangerous", "dangerous", "suspicious"]
    # The hostile message shows as text, controls as visible marks.
    hostile = _article(root, 3)
    (body,) = [d for d in hostile.iter("div") if d.has_class("text")]
    shown = body.text()
    assert '<script>document.title="pwned"</script>' in shown
    assert '"><img src=x onerror="document.body.setAttribute(\'data-pwned\',1)">' in shown
    assert "U+001B[2JU+001B[31m红色U+202Eexe.txt" in shown
    assert "\x1b" not in shown and "\u202e" not in shown
    assert '<b onmouseover="alert(1)">坏人</b>' in hostile.text()
    assert [m.text() for m in body.iter("mark")] == ["验证码"]
    # Evidence of the scam is highlighted where the spans point.
    scam = next(d for d in _article(root, 1).iter("div") if d.has_class("text"))
    assert [m.text() for m in scam.iter("mark")] == ["验证码", "退款"]
    assert "Asks for a verification code" in scam.iter("mark")[0].attrs["title"]  # type: ignore[operator]
    assert scam.text() == SCAM
    (errors,) = [s for s in root.iter("section") if s.attrs.get("id") == "errors"]
    assert '{"text": "<svg onload=alert(1)>' in errors.text()


def test_page_is_self_contained_and_escaped(scanner: Scanner) -> None:
    page = _page(scanner)
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in page  # even a missed escape could not run or load anything
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower() and "<img" not in page.lower()
    _check_dom(parse(page))


def test_masked_evidence_replaces_personal_data() -> None:
    text = "我的身份证 110101199003071234 帮我查一下"
    reason = Reason("pii.id_card", "pii", 40, Title("身份证号", "ID card number"), ((6, 24),),
                    ("110101********1234",))
    verdict = Verdict(40, Level.SUSPICIOUS, (reason,))
    root = parse(render_html([(Message(text, 1), verdict)]))
    body = next(d for d in root.iter("div") if d.has_class("text"))
    assert body.text() == "我的身份证 110101********1234 帮我查一下"
    assert "110101199003071234" not in root.text()


def test_spans_beyond_the_text_and_overlaps_are_safe() -> None:
    reasons = (
        Reason("money.a", "money", 40, Title("甲", "A"), ((0, 4), (100, 120))),
        Reason("info.b", "info", 0, Title("乙", "B"), ((2, 6),)),
    )
    root = parse(render_html([(Message("abcdefgh", 7), Verdict(40, Level.SUSPICIOUS, reasons))]))
    body = next(d for d in root.iter("div") if d.has_class("text"))
    assert body.text() == "abcdefgh"
    assert [(m.text(), m.attrs.get("class")) for m in body.iter("mark")] == [
        ("ab", None), ("cd", None), ("ef", "info")
    ]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


@pytest.mark.browser
def test_report_in_headless_chromium(scanner: Scanner, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chromium: install the Debian package `chromium`")
        pytest.skip("headless Chromium is not installed")
    report = tmp_path / "report.html"
    report.write_text(_page(scanner), encoding="utf-8")
    profile = tmp_path / "profile"
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={profile}", "--dump-dom", report.as_uri()],
        capture_output=True, timeout=90, check=False,
    )
    dom = done.stdout.decode("utf-8")
    assert done.returncode == 0 and "<article" in dom, done.stderr.decode(errors="replace")[-2000:]
    _check_dom(parse(dom))
