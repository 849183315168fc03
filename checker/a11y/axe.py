"""axe-core results as the check reads them: the ``axe`` artifacts gathered by
crawlers/a11y/axe.py, turned into typed records sorted by impact. Nothing here runs a
browser; a replay of the archive reads the same records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.a11y import IMPACT_ORDER
from crawlers.a11y.axe import wcag_criteria
from crawlers.artifacts import Artifact

__all__ = ["AxeNode", "AxeViolation", "AxePage", "wcag_criteria"]


@dataclass
class AxeNode:
    selector: str
    html: str
    summary: str = ""


@dataclass
class AxeViolation:
    id: str
    impact: str
    wcag: list[str]
    help: str
    help_url: str
    description: str
    nodes: list[AxeNode]  # at most 50 (crawlers.a11y.axe.MAX_NODES)
    count: int = 0  # elements axe found (may exceed len(nodes))

    @property
    def rank(self) -> tuple[int, int]:
        return (IMPACT_ORDER.get(self.impact, 9), -self.count)


@dataclass
class AxePage:
    """axe's verdict on one page, or why there is none (``error``)."""

    url: str
    final_url: str = ""
    status: int | None = None
    error: str = ""
    engine: str = ""
    violations: list[AxeViolation] = field(default_factory=list)
    incomplete: int = 0  # rules axe could not decide ("needs review")
    load_seconds: float = 0.0
    axe_seconds: float = 0.0
    budget: bool = False  # not started: the time budget was used up

    @property
    def tested(self) -> bool:
        return not self.error

    @classmethod
    def from_artifact(cls, art: Artifact) -> AxePage:
        d: dict[str, Any] = art.data or {}
        page = cls(url=art.url, final_url=str(d.get("url") or ""), status=d.get("status"), error=art.error or "",
                   engine=str(d.get("engine") or ""), incomplete=int(d.get("incomplete") or 0),
                   load_seconds=float(d.get("load_seconds") or 0), axe_seconds=float(d.get("axe_seconds") or 0),
                   budget=bool(d.get("budget")))
        if page.error:
            return page
        for v in d.get("violations") or []:
            nodes = [AxeNode(str(n.get("selector") or ""), str(n.get("html") or ""), str(n.get("summary") or ""))
                     for n in v.get("nodes") or []]
            page.violations.append(AxeViolation(
                id=str(v["id"]), impact=str(v.get("impact") or "minor"),
                wcag=list(v.get("wcag") or wcag_criteria(list(v.get("tags") or []))), help=str(v.get("help") or ""),
                help_url=str(v.get("help_url") or ""), description=str(v.get("description") or ""), nodes=nodes,
                count=max(int(v.get("count") or 0), len(nodes))))
        page.violations.sort(key=lambda x: x.rank)
        return page
