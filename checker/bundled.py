"""The rule files that ship with d43 (``rules/NAME.yaml``), found by name.

A leaf of the checker package (standard library only), so that the rule loader, the shared
vocabulary and the evaluation context can all find the bundled files without importing
each other."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

__all__ = ["DEFAULT", "builtin_path", "bundled"]

DEFAULT = "decree43"  # the bundled rule set used when no --rules is given (what d43 was asked to check)


@cache
def bundled() -> dict[str, Path]:
    """The bundled rule files by name (``rules/NAME.yaml`` that are d43 rule sets)."""
    folder = Path(str(resources.files("rules")))
    out = {}
    for f in sorted(folder.glob("*.yaml")):
        with f.open(encoding="utf-8") as fh:
            head = fh.read(4096)
        if "\nschema: d43.rules/1" in "\n" + head:
            out[f.stem] = f
    return out


def builtin_path(name: str = DEFAULT) -> Path:
    return bundled()[name]
