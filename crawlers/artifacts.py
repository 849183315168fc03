"""Artifacts: what the gatherers collect for the checks besides pages.

Gather, then judge (the shape Lighthouse uses). Checks never open a socket or a browser:
they read the :class:`~crawlers.snapshot.Snapshot`. When a check needs something the crawl
did not collect (a page it did not reach, axe-core results for a page, the measurements of
the accessibility controls), it *asks* the snapshot for it by a :class:`Want`; during the
gather rounds the snapshot records the wants, the gatherers of ``crawlers/`` fulfil them
(under the same address policy, politeness and archive as the crawl), and the rules are
evaluated again, until nothing new is wanted. The final evaluation reads a frozen snapshot,
so a replay of the archive (which holds pages *and* artifacts) gives the same verdicts.

Kinds of want (``Want.kind``):

``page``
    a page the checks want to read (a leader's detail page, a site-map link, the result
    page of a search probe): fetched by the crawler and added to ``Snapshot.pages``.
``axe``
    axe-core results of one page in Chromium (``params``: ``tags``). ``Artifact.data``:
    ``{"violations": [...], "url": final_url, "engine": version}`` (see crawlers/a11y).
``support``
    the accessibility support controls of one page found and clicked in Chromium, with
    sizes and colours before and after (``params``: the vocabulary of the rule).

An :class:`Artifact` whose ``error`` is set could not be gathered (no browser, the page did
not load, budget used up); a check reading it says ``error`` with that reason, never ``fail``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("page", "axe", "support")


def freeze(value: Any) -> Any:
    """A hashable, JSON-compatible form of an option value (lists become tuples)."""
    if isinstance(value, dict):
        return tuple(sorted((k, freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


@dataclass(frozen=True)
class Want:
    """Something a check needs from the portal that only a gatherer can get."""

    kind: str
    url: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, kind: str, url: str, **params: Any) -> Want:
        return cls(kind, url, tuple(sorted((k, freeze(v)) for k, v in params.items())))

    @property
    def key(self) -> str:
        """Stable text key (the archive stores artifacts under it)."""
        if not self.params:
            return f"{self.kind} {self.url}"
        return f"{self.kind} {self.url} {json.dumps(self.params, ensure_ascii=False, separators=(',', ':'))}"

    def param(self, name: str, default: Any = None) -> Any:
        for k, v in self.params:
            if k == name:
                return v
        return default


@dataclass
class Artifact:
    """The result of fulfilling a :class:`Want` (other than a page)."""

    kind: str
    url: str
    params: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] | None = None
    error: str | None = None
    gathered_at: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Artifact:
        return cls(kind=d["kind"], url=d["url"], params=dict(d.get("params") or {}), data=d.get("data"),
                   error=d.get("error"), gathered_at=d.get("gathered_at", ""))

    @property
    def want(self) -> Want:
        return Want.of(self.kind, self.url, **self.params)
