"""Read YAML rule files with PyYAML's safe loader, keeping line and column of every key and item."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import RulesError

__all__ = ["YList", "YMap", "load_data", "parse_yaml"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Pos = tuple[int, int]


class YMap(dict[str, Any]):
    """A mapping that remembers where it and each of its keys stand in the file."""

    pos: Pos = (0, 0)
    key_pos: dict[str, Pos]
    value_pos: dict[str, Pos]


class YList(list[Any]):
    """A sequence that remembers where it and each of its items stand in the file."""

    pos: Pos = (0, 0)
    item_pos: list[Pos]


def _mark(node: yaml.Node) -> Pos:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _convert(node: yaml.Node, loader: yaml.SafeLoader, file: str, seen: dict[int, Any]) -> Any:
    """The node as YMap / YList / scalars; an alias (*warn) reuses its anchor's conversion from `seen`."""
    done = seen.get(id(node))
    if done is not None:
        return done
    out = _convert_new(node, loader, file, seen)
    if isinstance(node, yaml.CollectionNode):
        seen[id(node)] = out
    return out


def _convert_new(node: yaml.Node, loader: yaml.SafeLoader, file: str, seen: dict[int, Any]) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = YMap()
        out.pos = _mark(node)
        out.key_pos = {}
        out.value_pos = {}
        loader.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = _convert(key_node, loader, file, seen)
            if not isinstance(key, str):
                line, col = _mark(key_node)
                raise RulesError(f"keys must be text, got {type(key).__name__} {key!r}", file, line, col)
            if key in out:
                line, col = _mark(key_node)
                first = out.key_pos[key][0]
                raise RulesError(f"duplicate key {key!r} (first at line {first})", file, line, col)
            out.key_pos[key] = _mark(key_node)
            out.value_pos[key] = _mark(value_node)
            out[key] = _convert(value_node, loader, file, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = YList(_convert(item, loader, file, seen) for item in node.value)
        seq.pos = _mark(node)
        seq.item_pos = [_mark(item) for item in node.value]
        return seq
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, file: str) -> Any:
    """Parse one YAML document into YMap/YList/scalars; syntax errors become RulesError with location."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader, file, {})
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise RulesError(f"YAML syntax error: {problem}", file, line, col) from None
    except yaml.YAMLError as exc:
        raise RulesError(f"YAML error: {exc}", file) from None
    finally:
        loader.dispose()


def load_text(name: str) -> str:
    """The text of a packaged data file (`linkguard/data/NAME`)."""
    from importlib import resources

    return resources.files("linkguard").joinpath(f"data/{name}").read_text("utf-8")


def load_lines(name: str) -> list[str]:
    """The entries of a packaged list file: one per line, "#" comments and blank lines left out."""
    return [entry for ln in load_text(name).splitlines() if (entry := ln.split("#", 1)[0].strip())]


def load_data(name: str) -> Any:
    """A packaged data file (`linkguard/data/NAME`) read with the safe loader (libyaml's when present)."""
    loader = _Loader(load_text(name))  # CSafeLoader or SafeLoader: plain data only
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
