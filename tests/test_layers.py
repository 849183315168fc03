"""Import contracts between d43's layers (issue 14 point 8), read from the source with ``ast``.

* **crawlers/ gathers, checker/ judges**: nothing in crawlers/ imports checker/ or reports/.
* **reports/ renders only the results model**: from checker/ it imports :mod:`checker.results`
  and nothing else (see :data:`REPORTS_MAY_IMPORT`).
* **No import cycles** between the project's modules.

How imports are counted:

* An import at module level, in a class body, or under a module-level ``if``/``try`` runs
  when the module is imported: it is an edge of the import graph.
* An import inside a function runs when the function is first called (d43 defers heavy
  imports, e.g. the crawler or Playwright, so that ``d43 --help`` starts fast). It is still
  a dependency: the layer contracts count it like any other. The cycle contract does not:
  a deferred import cannot make an import cycle fail, and it is often how a lower layer
  hands control to an upper one at run time without depending on it at import time.
  :func:`test_no_cycles_even_through_deferred_imports` reports the cycles that deferred
  imports close, so they stay visible.
* An import under ``if TYPE_CHECKING:`` never runs: it counts for the layer contracts (a type
  from another layer is a dependency on it) and not for cycles.

The violations are printed one per line (``file:line: a imports b — why``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("checker", "crawlers", "reports")

# What reports/ may import from checker/. Only the results model: the reports render
# results.json (``d43 report`` works from a stored file), so they must not need the rules
# engine, the crawler or the check functions. Add a module here only with a reason.
REPORTS_MAY_IMPORT = {
    "checker.results",  # the results model (ScanResults, PortalResult, RuleResult, Evidence)
}


@dataclass(frozen=True)
class Import:
    source: str  # importing module, e.g. "checker.cli"
    target: str  # imported project module, e.g. "checker.app"
    file: str  # path relative to the repository root
    line: int
    kind: str  # "module" (runs on import), "deferred" (inside a function), "typing" (TYPE_CHECKING)

    def __str__(self) -> str:
        where = {"module": "", "deferred": " (inside a function)", "typing": " (TYPE_CHECKING)"}[self.kind]
        return f"{self.file}:{self.line}: {self.source} imports {self.target}{where}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST, kind: str):
    """(import node, kind) for every import under ``node``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, kind
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield from _walk(child, "deferred" if kind == "module" else kind)
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), "typing")
            for stmt in child.orelse:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), kind)
        else:
            yield from _walk(child, kind)


def collect_imports(root: Path, packages: tuple[str, ...] = PACKAGES) -> tuple[set[str], list[Import]]:
    """The project's modules under ``root`` and every import between them."""
    files = {module_name(f, root): f for pkg in packages for f in sorted((root / pkg).rglob("*.py"))}
    modules = set(files)
    found: list[Import] = []
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        rel = path.relative_to(root).as_posix()
        for node, kind in _walk(tree, "module"):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                for alias in node.names:  # "from checker import app": the module checker.app
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if sub in modules else base)
            for target in targets:
                # "import a.b.c" of a module that does not exist as a file: its nearest package
                while target and target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules and target != name:
                    found.append(Import(name, target, rel, node.lineno, kind))
    return modules, sorted(set(found), key=lambda i: (i.file, i.line, i.target))


def layer_violations(imports: list[Import]) -> list[str]:
    out = []
    for imp in imports:
        top = imp.target.split(".")[0]
        if imp.source.split(".")[0] == "crawlers" and top in ("checker", "reports"):
            out.append(f"{imp} — crawlers/ gathers and must not import {top}/")
        if imp.source.split(".")[0] == "reports" and top == "checker" and imp.target not in REPORTS_MAY_IMPORT:
            out.append(f"{imp} — reports/ may import from checker/ only {', '.join(sorted(REPORTS_MAY_IMPORT))}")
    return out


def cycles(imports: list[Import], kinds: tuple[str, ...]) -> list[list[Import]]:
    """Each import cycle (a strongly connected component of more than one module), as the
    edges inside it, using only imports of the given kinds. Tarjan's algorithm."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if imp.kind in kinds:
            graph.setdefault(imp.source, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:  # recursion depth is bounded by the number of modules (~70)
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                components.append(comp)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [sorted((i for i in imports if i.kind in kinds and i.source in c and i.target in c),
                   key=lambda i: (i.source, i.line)) for c in components]


def _format_cycles(found: list[list[Import]]) -> str:
    return "\n\n".join(f"cycle between {', '.join(sorted({i.source for i in c}))}:\n" + "\n".join(f"  {i}" for i in c)
                       for c in found)


@pytest.fixture(scope="module")
def project() -> tuple[set[str], list[Import]]:
    return collect_imports(ROOT)


def test_crawlers_and_reports_keep_to_their_layers(project):
    _, imports = project
    problems = layer_violations(imports)
    assert not problems, "import contract violations:\n" + "\n".join(problems)


def test_no_import_cycles(project):
    _, imports = project
    found = cycles(imports, ("module",))
    assert not found, "import cycles (module-level imports):\n" + _format_cycles(found)


def test_no_cycles_even_through_deferred_imports(project):
    """Deferred imports do not break ``import``, but a cycle through them is still two
    modules that need each other; this lists them."""
    _, imports = project
    found = cycles(imports, ("module", "deferred"))
    assert not found, "import cycles through imports inside functions:\n" + _format_cycles(found)


def test_the_scanner_sees_violations_and_cycles(tmp_path):
    """The contracts can fail: a small tree with each kind of violation."""
    files = {
        "crawlers/__init__.py": "",
        "crawlers/a.py": "from checker.b import x\n",
        "crawlers/t.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from reports import r\n",
        "checker/__init__.py": "",
        "checker/b.py": "from . import c\nx = 1\n",
        "checker/c.py": "import checker.b\n",
        "checker/d.py": "def f():\n    from checker import e\n",
        "checker/e.py": "from checker.d import f\n",
        "checker/results.py": "",
        "reports/__init__.py": "",
        "reports/r.py": "from checker.results import y\nfrom checker import rules\n",
        "checker/rules.py": "",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    modules, imports = collect_imports(tmp_path)
    assert "checker" in modules and "checker.b" in modules
    problems = layer_violations(imports)
    assert any(p.startswith("crawlers/a.py:1: crawlers.a imports checker.b") for p in problems)
    assert any(p.startswith("crawlers/t.py:3: crawlers.t imports reports.r (TYPE_CHECKING)") for p in problems)
    assert any(p.startswith("reports/r.py:2: reports.r imports checker.rules") for p in problems)
    assert not any(p.startswith("reports/r.py:1:") for p in problems)  # checker.results is allowed
    assert len(problems) == 3
    module_cycles = cycles(imports, ("module",))
    assert [sorted({i.source for i in c}) for c in module_cycles] == [["checker.b", "checker.c"]]
    deferred = cycles(imports, ("module", "deferred"))
    assert sorted(sorted({i.source for i in c}) for c in deferred) == [["checker.b", "checker.c"],
                                                                      ["checker.d", "checker.e"]]
