"""YAML files whose every error names file, line and field.

Rule files (checker.rules), the portal registry (checker.registry_file) and rule fixtures'
metadata are hand-written YAML; a mistake in them must point at the line to fix, so the
loader keeps the 1-based line of every mapping, key and list (:class:`LineDict`,
:class:`LineList`) and :func:`line_of` finds the best line for a field path afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class RuleFileError(Exception):
    """A problem in a rules (or registry) file, located at file:line."""

    def __init__(self, file: str | Path, line: int | None, field_path: str, message: str):
        self.file, self.line, self.field, self.message = str(file), line, field_path, message
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {field_path}: {message}" if field_path else f"{where}: {message}")


class LineDict(dict):
    """A dict that remembers the 1-based line of itself and of each key."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list):
    """A list that remembers the 1-based line where it starts and where each item starts."""

    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    file: str = "?"


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    d = LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in d:  # PyYAML keeps the last one silently; a duplicated rule field is a mistake
            raise RuleFileError(loader.file, key_node.start_mark.line + 1, str(key), "duplicate key")
        d[key] = loader.construct_object(value_node, deep=True)
        d.key_lines[key] = key_node.start_mark.line + 1
    return d


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    lst = LineList(loader.construct_object(n, deep=True) for n in node.value)
    lst.line = node.start_mark.line + 1
    lst.item_lines = [n.start_mark.line + 1 for n in node.value]
    return lst


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    """Dates stay text (``2022-08-15``): the fields that hold dates validate them and name
    the line, where PyYAML would build a date or fail without one (``2022-02-30``)."""
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse YAML keeping line numbers (LineDict/LineList); syntax errors become RuleFileError."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleFileError(path, None, "", f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise RuleFileError(path, None, "", f"not UTF-8 text: {exc}") from None
    loader = _Loader(text)
    loader.file = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise RuleFileError(path, mark.line + 1 if mark else None, "", f"YAML syntax: {exc.problem or exc}") from None
    finally:
        loader.dispose()


def line_of(doc: Any, path: list[Any]) -> int | None:
    """Best line for a JSON-pointer-like path inside a LineDict/LineList tree: the line of
    the deepest part of ``path`` that exists."""
    node, line = doc, getattr(doc, "line", None)
    for part in path:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            if isinstance(node, LineList):
                line = node.item_lines[part]
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def field_path(path: list[Any]) -> str:
    """``["rules", 0, "check", "axe"]`` -> ``"rules[0].check.axe"``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
