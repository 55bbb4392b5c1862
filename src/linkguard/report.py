"""One self-contained HTML page: counts per level and category, every risky message with its evidence.

Inline CSS only, no script, no external resource (a CSP forbids them too). Everything taken from
messages goes through html.escape; control, bidi and other invisible characters are shown as
visible `U+200E`-style marks so a message cannot reorder or hide text on the page.
"""

from __future__ import annotations

import html
import itertools
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone

from .exports import ErrorItem, Message
from .verdict import Level, Reason, Verdict

__all__ = ["render_html"]

_LABELS = {
    "zh": {"title": "linkguard 报告", "messages": "消息", "errors": "无法读取的行", "level": "等级",
           "category": "类别", "count": "数量", "risky": "风险消息", "none": "没有风险消息。",
           "line": "行", "score": "分数", "links": "链接", "rule": "规则",
           "safe": "安全", "suspicious": "可疑", "dangerous": "危险"},
    "en": {"title": "linkguard report", "messages": "messages", "errors": "unreadable lines",
           "level": "level", "category": "category", "count": "count", "risky": "risky messages",
           "none": "No risky messages.", "line": "line", "score": "score", "links": "links", "rule": "rule",
           "safe": "safe", "suspicious": "suspicious", "dangerous": "dangerous"},
}

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC",
"Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;
margin:0 auto;max-width:60rem;padding:1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .6rem;text-align:left}
td.n{text-align:right}
.c-safe{color:#1a7f37}.c-suspicious{color:#9a6700}.c-dangerous{color:#cf222e}
article{border:1px solid #ddd;border-left:6px solid #9a6700;border-radius:4px;margin:1rem 0;
padding:.6rem 1rem}
article.dangerous{border-left-color:#cf222e}
.meta{color:#555;font-size:.9rem}.badge{font-weight:bold}
.text{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.5rem;border-radius:4px;
unicode-bidi:isolate;direction:ltr}
mark{background:#ffd8a8;border-bottom:2px solid #cf222e;padding:0 1px}
mark.info{background:#d0ebff;border-bottom-color:#1971c2}
.cc{font:11px monospace;color:#fff;background:#6e7781;border-radius:2px;padding:0 2px;margin:0 1px}
ul.reasons{margin:.4rem 0;padding-left:1.2rem}code{font-size:.85rem}
.ev{background:#fff3bf}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _esc(text: str) -> str:
    """HTML-escape `text`; invisible and bidi characters become visible U+hex marks."""
    if text.isprintable():
        return html.escape(text, quote=True)
    out = []
    run_start = 0
    for i, ch in enumerate(text):
        if ch in "\n\t" or unicodedata.category(ch) not in _INVISIBLE:
            continue
        out.append(html.escape(text[run_start:i], quote=True))
        out.append(f'<span class="cc">U+{ord(ch):04X}</span>')
        run_start = i + 1
    out.append(html.escape(text[run_start:], quote=True))
    return "".join(out)


def _attr(text: str) -> str:
    """Escape for an attribute value (invisible characters written as U+hex)."""
    return html.escape("".join(f"U+{ord(c):04X}" if unicodedata.category(c) in _INVISIBLE else c
                               for c in text), quote=True)


def _highlight(text: str, reasons: tuple[Reason, ...], lang: str) -> str:
    """The message with every reason span marked; masked evidence replaces its span."""
    n = len(text)
    marks: list[tuple[int, int, Reason]] = []
    masked: list[tuple[int, int, str]] = []
    for reason in reasons:
        for k, (start, end) in enumerate(reason.spans):
            start, end = max(0, min(start, n)), max(0, min(end, n))
            if start >= end:
                continue
            marks.append((start, end, reason))
            if len(reason.evidence) == len(reason.spans) and reason.evidence[k] != text[start:end]:
                masked.append((start, end, reason.evidence[k]))
    masked.sort()
    kept: list[tuple[int, int, str]] = []
    for start, end, shown in masked:  # non-overlapping masks, earliest first
        if not kept or start >= kept[-1][1]:
            kept.append((start, end, shown))
    cuts = sorted({0, n, *(s for s, _, _ in marks), *(e for _, e, _ in marks),
                   *(s for s, _, _ in kept), *(e for _, e, _ in kept)})
    mask_at = {s: (e, shown) for s, e, shown in kept}
    out: list[str] = []
    skip_to = 0
    for a, b in itertools.pairwise(cuts):
        if a < skip_to:
            continue
        piece = text[a:b]
        if a in mask_at:
            b, piece = mask_at[a]
            skip_to = b
        covering = [r for s, e, r in marks if s < b and e > a]
        if not covering:
            out.append(_esc(piece))
            continue
        weighted = [r for r in covering if r.weight > 0]
        cls = "" if weighted else ' class="info"'
        tip = "; ".join(dict.fromkeys(f"{r.title.get(lang)} ({r.rule})" for r in covering))
        out.append(f'<mark{cls} title="{_attr(tip)}">{_esc(piece)}</mark>')
    return "".join(out)


def _count_table(head: tuple[str, str], rows: list[tuple[str, str, int]]) -> str:
    body = "".join(f'<tr><td class="{html.escape(cls)}">{_esc(name)}</td><td class="n">{count}</td></tr>'
                   for name, cls, count in rows)
    return f"<table><tr><th>{_esc(head[0])}</th><th>{_esc(head[1])}</th></tr>{body}</table>"


def _article(message: Message, verdict: Verdict, lang: str, words: dict[str, str]) -> str:
    level = verdict.level.value
    meta = [f'{words["line"]} {message.line}']
    if message.time:
        meta.append(_esc(message.time))
    if message.sender:
        meta.append(f'<strong class="sender">{_esc(message.sender)}</strong>')
    reasons = "".join(
        f'<li><span class="badge">+{r.weight}</span> {_esc(r.title.get(lang))} '
        f'<code>{_esc(r.rule)}</code> · {_esc(r.category)}'
        + "".join(f' <span class="ev">{_esc(ev)}</span>' for ev in r.evidence)
        + (f" — {_esc(r.detail)}" if r.detail else "") + "</li>"
        for r in verdict.reasons
    )
    links = ""
    if verdict.links:
        items = "".join(
            f"<li><code>{_esc(link.url or link.text)}</code>"
            + (" ✓" if link.official else "")
            + "".join(f" · {_esc(f.kind)}" + (f" ({_esc(f.brand)})" if f.brand else "")
                      for f in link.findings)
            + "</li>"
            for link in verdict.links
        )
        links = f'<div class="meta">{_esc(words["links"])}</div><ul class="reasons">{items}</ul>'
    return (
        f'<article class="{level}" id="msg-{message.line}" data-level="{level}" '
        f'data-score="{verdict.score}">'
        f'<div class="meta"><span class="badge c-{level}">{_esc(words[level])} {verdict.score}</span> · '
        f'{" · ".join(meta)}</div>'
        f'<div class="text">{_highlight(message.text, verdict.reasons, lang)}</div>'
        f'<ul class="reasons">{reasons}</ul>{links}</article>'
    )


def render_html(items: Iterable[tuple[Message, Verdict] | ErrorItem], *, lang: str = "zh",
                title: str | None = None) -> str:
    """The report page for scanned messages (ErrorItems are listed as unreadable lines)."""
    words = _LABELS["en" if lang == "en" else "zh"]
    levels: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    risky: list[tuple[Message, Verdict]] = []
    errors: list[ErrorItem] = []
    for item in items:
        if isinstance(item, ErrorItem):
            errors.append(item)
            continue
        message, verdict = item
        levels[verdict.level.value] += 1
        if verdict.flagged:
            categories.update(verdict.categories)
            risky.append((message, verdict))
    risky.sort(key=lambda mv: (-mv[1].score, mv[0].line))
    total = sum(levels.values())
    heading = title or words["title"]
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    level_rows = [(words[lv.value], f"c-{lv.value}", levels.get(lv.value, 0)) for lv in Level]
    cat_rows = [(name, "", count) for name, count in categories.most_common()]
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(heading)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_esc(heading)}</h1>",
        f'<p class="meta" id="summary">{_esc(words["messages"])}: {total} · {_esc(words["risky"])}: '
        f'{len(risky)} · {_esc(words["errors"])}: {len(errors)} · {stamp}</p>',
        f'<section id="levels">{_count_table((words["level"], words["count"]), level_rows)}</section>',
        f'<section id="categories">{_count_table((words["category"], words["count"]), cat_rows)}</section>',
        f'<h2>{_esc(words["risky"])}</h2><section id="risky">',
    ]
    parts += [_article(m, v, lang, words) for m, v in risky] or [f"<p>{_esc(words['none'])}</p>"]
    parts.append("</section>")
    if errors:
        rows = "".join(f'<tr><td class="n">{e.line}</td><td>{_esc(e.error)}</td><td><code>{_esc(e.raw[:200])}'
                       f"</code></td></tr>" for e in errors)
        parts.append(f'<h2>{_esc(words["errors"])}</h2><section id="errors"><table>{rows}</table></section>')
    parts.append("</body></html>\n")
    return "\n".join(parts)
