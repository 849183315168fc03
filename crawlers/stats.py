"""What the crawl itself observed, as a typed record (``Snapshot.notes``).

The crawler used to write these facts into a free-form dict; a typo in a key was then a
silent ``None`` in a report. :class:`CrawlStats` has one field per fact. The results JSON
keeps ``"crawl": {...}`` as a plain dict (the results contract, read by reports and by
the history database): :meth:`CrawlStats.to_dict` writes it with the keys the dict always
had, and :meth:`CrawlStats.from_dict` reads it back, also from archives written before the
record existed (keys it does not know are kept in ``extra``, never dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class RenderInfo:
    """Browser rendering in this crawl: the mode asked for, why the home page needed it
    (``render=auto``), and whether a browser was there to do it."""

    mode: str = "auto"
    reason: str | None = None
    available: bool | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"mode": self.mode}
        if self.mode != "never":
            out["reason"] = self.reason
        if self.available is not None:
            out["available"] = self.available
        if self.error is not None:
            out["error"] = self.error
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RenderInfo:
        return cls(mode=str(d.get("mode") or "auto"), reason=d.get("reason"), available=d.get("available"),
                   error=d.get("error"))


# written on every finished crawl, even when zero (reports show "0 pages failed")
_ALWAYS = frozenset(("duration_s", "pages_failed", "bytes", "rendered_pages", "documents"))


@dataclass
class CrawlStats:
    """Facts about one crawl (not about the portal's content). Field names are the keys of
    the results' ``"crawl"`` dict."""

    robots: dict[str, Any] | None = None  # start host's robots.txt summary (Robots.summary())
    robots_hosts: dict[str, dict[str, Any]] = field(default_factory=dict)  # host -> summary
    tls_error: str | None = None  # "host: TLS error: …", the first one seen
    duration_s: float = 0.0
    pages_failed: int = 0
    rendered_pages: int = 0
    render: RenderInfo | None = None
    bytes: int = 0  # received on the wire, on-demand fetches included
    not_modified: int = 0  # 304 answers to conditional requests
    sitemaps: list[str] = field(default_factory=list)  # sitemap files read
    sitemap_urls: int = 0  # page URLs they listed
    traps_skipped: int = 0
    trap_examples: list[str] = field(default_factory=list)
    robots_skipped: int = 0
    robots_skipped_examples: list[str] = field(default_factory=list)
    budget: str | None = None  # "pages" / "bytes" / "time": the budget that ended the crawl
    hosts_given_up: dict[str, str] = field(default_factory=dict)  # host -> why
    documents: int = 0
    on_demand: int = 0  # fetches made for checks after the crawl
    gathered: dict[str, int] = field(default_factory=dict)  # wants fulfilled after the crawl, by kind (crawlers/gather.py)
    crawler_error: str | None = None
    archive_error: str | None = None
    cache_error: str | None = None  # the validator cache is off or lost a store (crawlers/cache.py)
    analysis: str | None = None  # why analysis fell back to inline
    analysed_in_worker: int = 0
    analysis_workers_peak_rss_mb: list[float] = field(default_factory=list)
    from_archive: str | None = None  # the WARC this snapshot was replayed from
    extra: dict[str, Any] = field(default_factory=dict)  # keys of an older or newer writer

    def to_dict(self) -> dict[str, Any]:
        """The results' ``"crawl"`` dict: unset facts are left out, as they were before."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "extra":
                continue
            v = getattr(self, f.name)
            if isinstance(v, RenderInfo):
                out[f.name] = v.to_dict()
            elif f.name in _ALWAYS or (v is not None and v != 0 and v != [] and v != {}):
                out[f.name] = v
        for k, v in self.extra.items():
            out.setdefault(k, v)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> CrawlStats:
        """Read a ``"crawl"`` dict (results.json, archive metadata) of any age."""
        stats = cls()
        known = {f.name for f in fields(cls)} - {"extra"}
        for k, v in (d or {}).items():
            if k == "render" and isinstance(v, dict):
                stats.render = RenderInfo.from_dict(v)
            elif k in known:
                setattr(stats, k, v)
            else:
                stats.extra[k] = v
        return stats
