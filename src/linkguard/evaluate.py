"""Detection quality on labeled JSON lines: precision / recall / F1, confusion, per-rule hits.

"Flagged" means level >= suspicious. A label in NEGATIVE_LABELS (ham, safe, benign, normal, and
0 / false for numeric or boolean labels) is negative, any other label positive.
Per reason category C: a row counts for C when it is flagged and a weighted reason of category C
fired; precision = positives among those, recall = share of all positive rows.
Per rule (like SpamAssassin's mass-check): hits by label and false-positive hits.
"""

from __future__ import annotations

import heapq
import os
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from .exports import ErrorItem, json_rows, text_lines
from .verdict import Level, Verdict

__all__ = [
    "NEGATIVE_LABELS",
    "Evaluation",
    "LabeledRow",
    "ScansMany",
    "Tally",
    "evaluate",
    "format_text",
    "is_positive",
    "read_labeled",
]

NEGATIVE_LABELS = frozenset({"ham", "safe", "benign", "normal", "0", "false"})
_LEVELS = tuple(lv.value for lv in Level)


class ScansMany(Protocol):
    """What evaluation needs from a scanner (`linkguard.Scanner`)."""

    def scan(self, text: str) -> Verdict: ...

    def scan_many(self, texts: Iterable[str], *, workers: int = ...) -> Iterator[Verdict]: ...


@dataclass(frozen=True, slots=True)
class LabeledRow:
    """One labeled message and the line it came from."""

    text: str
    label: str
    line: int


def is_positive(label: str) -> bool:
    """True unless the label means harmless (ham, safe, benign, normal, 0, false; any case)."""
    return label.strip().lower() not in NEGATIVE_LABELS


def read_labeled(source: str | os.PathLike[str] | IO[str], field: str = "text",
                 label: str = "label") -> Iterator[LabeledRow | ErrorItem]:
    """Rows of a labeled JSON lines file; bad lines become ErrorItems, blank lines are skipped."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as stream:
            yield from _labeled(text_lines(stream), field, label)
    else:
        yield from _labeled(text_lines(source), field, label)


def _labeled(lines: Iterable[str], field: str, label: str) -> Iterator[LabeledRow | ErrorItem]:
    for row in json_rows(lines):
        if isinstance(row, ErrorItem):
            yield row
            continue
        number, line, obj = row
        text, tag = obj.get(field), obj.get(label)
        if not isinstance(text, str):
            yield ErrorItem(number, f"missing or non-string field {field!r}", line)
        elif not isinstance(tag, (str, int, bool)) or (isinstance(tag, str) and not tag.strip()):
            yield ErrorItem(number, f"missing label {label!r}", line)
        else:
            yield LabeledRow(text, str(tag).lower() if isinstance(tag, bool) else str(tag), number)


@dataclass(slots=True)
class Tally:
    """True/false positives/negatives and the measures derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp), None when nothing was flagged."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """tp / (tp + fn), None without positive rows."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with the measures rounded to 4 places."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1)}


@dataclass(slots=True)
class _LabelStats:
    rows: int = 0
    flagged: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class _RuleStats:
    category: str
    weight: int
    title: str
    hits: Counter[str] = field(default_factory=Counter)
    positive: int = 0
    negative: int = 0
    false_positive: int = 0  # hits on negative rows that ended flagged


@dataclass(slots=True)
class Evaluation:
    """Accumulated results; `add` one scanned row at a time, memory stays bounded."""

    examples: int = 5
    rows: int = 0
    errors: int = 0
    error_lines: list[tuple[int, str]] = field(default_factory=list)
    overall: Tally = field(default_factory=Tally)
    by_label: dict[str, _LabelStats] = field(default_factory=dict)
    by_category: dict[str, Tally] = field(default_factory=dict)
    by_rule: dict[str, _RuleStats] = field(default_factory=dict)
    _fp_heap: list[tuple[int, int, str, tuple[str, ...]]] = field(default_factory=list)
    false_negatives: list[tuple[int, str]] = field(default_factory=list)

    def add_error(self, item: ErrorItem) -> None:
        """Count a line that could not be evaluated."""
        self.errors += 1
        if len(self.error_lines) < self.examples:
            self.error_lines.append((item.line, item.error))

    def add(self, row: LabeledRow, verdict: Verdict) -> None:
        """Count one scanned row."""
        positive, flagged = is_positive(row.label), verdict.flagged
        self.rows += 1
        tally = self.overall
        if positive:
            tally.tp += flagged
            tally.fn += not flagged
        else:
            tally.fp += flagged
            tally.tn += not flagged
        stats = self.by_label.setdefault(row.label, _LabelStats())
        stats.rows += 1
        stats.flagged += flagged
        stats.levels[verdict.level.value] += 1
        weighted = {r.category for r in verdict.reasons if r.weight > 0}
        stats.categories.update(weighted)
        if flagged:
            for category in weighted:
                cat = self.by_category.setdefault(category, Tally())
                cat.tp += positive
                cat.fp += not positive
        for reason in verdict.reasons:
            rule = self.by_rule.get(reason.rule)
            if rule is None:
                rule = self.by_rule[reason.rule] = _RuleStats(reason.category, reason.weight, reason.title.en)
            rule.hits[row.label] += 1
            rule.positive += positive
            rule.negative += not positive
            rule.false_positive += flagged and not positive
        if flagged and not positive:
            rules = tuple(r.rule for r in verdict.reasons if r.weight > 0)
            entry = (verdict.score, -row.line, row.text, rules)
            if len(self._fp_heap) < self.examples:
                heapq.heappush(self._fp_heap, entry)
            elif self.examples:
                heapq.heappushpop(self._fp_heap, entry)
        elif positive and not flagged and len(self.false_negatives) < self.examples:
            self.false_negatives.append((row.line, row.text))

    def _finish_categories(self) -> dict[str, Tally]:
        positives = self.overall.tp + self.overall.fn
        negatives = self.overall.fp + self.overall.tn
        out = {}
        for name, cat in sorted(self.by_category.items()):
            out[name] = Tally(cat.tp, cat.fp, positives - cat.tp, negatives - cat.fp)
        return out

    def false_positives(self) -> list[dict[str, Any]]:
        """The highest-scoring false positives (at most `examples`)."""
        return [{"line": -line, "score": score, "rules": list(rules), "text": text}
                for score, line, text, rules in sorted(self._fp_heap, reverse=True)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report."""
        positives = self.overall.tp + self.overall.fn
        negatives = self.overall.fp + self.overall.tn
        labels = {}
        for name, st in sorted(self.by_label.items(), key=lambda kv: (not is_positive(kv[0]), kv[0])):
            labels[name] = {
                "positive": is_positive(name), "rows": st.rows, "flagged": st.flagged,
                "flagged_rate": _round(st.flagged / st.rows if st.rows else None),
                "levels": {lv: st.levels.get(lv, 0) for lv in _LEVELS},
                "categories": dict(st.categories.most_common()),
            }
        rules = []
        for rule_id, rs in sorted(self.by_rule.items(),
                                  key=lambda kv: (-kv[1].false_positive, -kv[1].negative,
                                                  -(kv[1].positive + kv[1].negative), kv[0])):
            pos_rate = rs.positive / positives if positives else 0.0
            neg_rate = rs.negative / negatives if negatives else 0.0
            rules.append({
                "rule": rule_id, "category": rs.category, "weight": rs.weight, "title": rs.title,
                "hits": rs.positive + rs.negative, "positive": rs.positive, "negative": rs.negative,
                "false_positive": rs.false_positive, "by_label": dict(rs.hits.most_common()),
                "positive_rate": _round(pos_rate), "negative_rate": _round(neg_rate),
                "s_o": _round(pos_rate / (pos_rate + neg_rate) if pos_rate + neg_rate else None),
            })
        return {
            "rows": self.rows, "positives": positives, "negatives": negatives, "errors": self.errors,
            "error_lines": [{"line": line, "error": err} for line, err in self.error_lines],
            "overall": self.overall.to_dict(),
            "by_category": {name: t.to_dict() for name, t in self._finish_categories().items()},
            "by_label": labels,
            "confusion": {name: labels[name]["levels"] for name in labels},
            "rules": rules,
            "false_positives": self.false_positives(),
            "false_negatives": [{"line": line, "text": text} for line, text in self.false_negatives],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def evaluate(rows: Iterable[LabeledRow | ErrorItem], scanner: ScansMany, *, workers: int = 1,
             examples: int = 5) -> Evaluation:
    """Scan every labeled row (lazily, `workers` processes) and accumulate the results."""
    result = Evaluation(examples=examples)
    pending: deque[LabeledRow] = deque()

    def texts() -> Iterator[str]:
        for row in rows:
            if isinstance(row, ErrorItem):
                result.add_error(row)
                continue
            pending.append(row)
            yield row.text

    verdicts = scanner.scan_many(texts(), workers=workers) if workers > 1 else map(scanner.scan, texts())
    for verdict in verdicts:
        result.add(pending.popleft(), verdict)
    return result


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _safe(text: str, limit: int = 80) -> str:
    """One printable line: control, format (bidi) and separator characters shown as \\u escapes."""
    out = []
    for ch in text[:limit]:
        out.append(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs") else ch)
    return "".join(out) + ("…" if len(text) > limit else "")


def _table(header: list[str], rows: list[list[str]], left: tuple[int, ...] = (0,)) -> list[str]:
    """Columns padded to their widest cell (CJK counts double); `left` columns left-aligned."""
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def fmt(cells: list[str]) -> str:
        padded = [c + " " * (w - _width(c)) if i in left else " " * (w - _width(c)) + c
                  for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(padded).rstrip()

    return [fmt(header), *(fmt(r) for r in rows)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_text(evaluation: Evaluation, *, max_rules: int = 30) -> str:
    """Plain-text report: overall, by category, by label with levels, rules by false positives."""
    d = evaluation.to_dict()
    o = d["overall"]
    lines = [
        f"rows {d['rows']} (positive {d['positives']}, negative {d['negatives']}), errors {d['errors']}",
        "",
        "overall (flagged = level >= suspicious)",
        *_table(["", "tp", "fp", "fn", "tn", "precision", "recall", "f1"],
                [["all", *(str(o[k]) for k in ("tp", "fp", "fn", "tn")),
                  _pct(o["precision"]), _pct(o["recall"]), _pct(o["f1"])]]),
        "",
        "by reason category (recall = share of all positive rows flagged with it)",
    ]
    cats = [[name, str(t["tp"]), str(t["fp"]), _pct(t["precision"]), _pct(t["recall"]), _pct(t["f1"])]
            for name, t in d["by_category"].items()]
    lines += _table(["category", "tp", "fp", "precision", "recall", "f1"], cats) if cats else ["  (none)"]
    lines += ["", "by label: expected vs level"]
    label_rows = []
    for name, st in d["by_label"].items():
        cats_fired = ", ".join(f"{c} {n}" for c, n in list(st["categories"].items())[:4])
        label_rows.append([_safe(name, 24), "+" if st["positive"] else "-", str(st["rows"]),
                           *(str(st["levels"][lv]) for lv in _LEVELS), _pct(st["flagged_rate"]), cats_fired])
    lines += _table(["label", "", "rows", *_LEVELS, "flagged", "categories fired"], label_rows, left=(0, 7))
    lines += ["", "rules (most false positives first)"]
    rule_rows = [[r["rule"], str(r["weight"]), str(r["hits"]), _pct(r["positive_rate"]),
                  _pct(r["negative_rate"]), "-" if r["s_o"] is None else f"{r['s_o']:.3f}",
                  str(r["false_positive"])] for r in d["rules"][:max_rules]]
    lines += (_table(["rule", "weight", "hits", "pos%", "neg%", "S/O", "FP"], rule_rows)
              if rule_rows else ["  (no rule fired)"])
    if len(d["rules"]) > max_rules:
        lines.append(f"  ... {len(d['rules']) - max_rules} more (--format json for all)")
    if d["false_positives"]:
        lines += ["", "highest-scoring false positives"]
        lines += [f"  line {fp['line']} score {fp['score']} [{', '.join(fp['rules'])}] {_safe(fp['text'])}"
                  for fp in d["false_positives"]]
    if d["false_negatives"]:
        lines += ["", "missed (first few)"]
        lines += [f"  line {fn['line']} {_safe(fn['text'])}" for fn in d["false_negatives"]]
    if d["error_lines"]:
        lines += ["", "unreadable lines (first few)"]
        lines += [f"  line {e['line']}: {_safe(e['error'])}" for e in d["error_lines"]]
    return "\n".join(lines) + "\n"
