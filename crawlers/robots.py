"""robots.txt (protego) and sitemap.xml parsing.

Decisions (issue 3, RFC 9309 §2.3.1):

* 2xx: parsed with protego; ``Crawl-delay`` is honoured up to ``max_crawl_delay``.
* 4xx (including 401/403): no usable robots.txt -> everything allowed.
* 5xx or a timeout (after the normal retries): the server answers but is in trouble, so the
  whole host is treated as **disallowed** for this scan (RFC 9309 says "complete disallow"),
  and the result says so; ``--ignore-robots`` overrides it with the owner's consent.
* no connection at all (refused, DNS, TLS, address policy): status ``unreachable``; the
  page fetches fail the same way and report the real cause (a TLS problem stays a TLS
  finding, not a robots one). With ``--insecure`` robots.txt is fetched without verification.
* ``--ignore-robots`` skips robots.txt entirely (no fetch, no Crawl-delay).
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass, field

from protego import Protego

ROBOTS_MAX = 500 * 1024  # RFC 9309: parse at least 500 KiB


@dataclass
class Robots:
    status: str  # "ok" / "missing" / "unavailable" / "unreachable" / "ignored"
    detail: str = ""
    parser: Protego | None = None
    crawl_delay: float | None = None
    sitemaps: list[str] = field(default_factory=list)
    disallow_all: bool = False

    def allowed(self, url: str, agent: str) -> bool:
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(url, agent)

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {"status": self.status}
        if self.detail:
            out["detail"] = self.detail
        if self.crawl_delay is not None:
            out["crawl_delay"] = self.crawl_delay
        if self.sitemaps:
            out["sitemaps"] = self.sitemaps[:10]
        return out


def robots_from_response(status: int | None, body: bytes, error: str | None, agent: str, max_delay: float) -> Robots:
    if status is None:
        return Robots("unavailable", f"robots.txt unreachable ({error}): host treated as disallowed (RFC 9309)",
                      disallow_all=True)
    if status >= 500:
        return Robots("unavailable", f"robots.txt answered HTTP {status}: host treated as disallowed (RFC 9309)",
                      disallow_all=True)
    if status >= 400:
        return Robots("missing", f"robots.txt HTTP {status}: everything allowed")
    text = body[:ROBOTS_MAX].decode("utf-8", errors="replace")
    if "<html" in text[:2000].lower():  # a soft-404 HTML page is not a robots.txt
        return Robots("missing", "robots.txt is an HTML page: everything allowed")
    try:
        parser = Protego.parse(text)
    except Exception as exc:  # protego is lenient; be safe anyway
        return Robots("missing", f"robots.txt unparsable ({exc}): everything allowed")
    delay = None
    try:
        cd = parser.crawl_delay(agent)
        if cd is not None:
            delay = min(float(cd), max_delay)
    except (TypeError, ValueError):
        delay = None
    return Robots("ok", parser=parser, crawl_delay=delay, sitemaps=list(parser.sitemaps))


_LOC = re.compile(rb"<loc>\s*(?:<!\[CDATA\[)?\s*([^<\]\s]+)\s*(?:\]\]>)?\s*</loc>", re.I)


def parse_sitemap(body: bytes, max_bytes: int = 50_000_000) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) from a sitemap or sitemap index (plain or gzip)."""
    if body[:2] == b"\x1f\x8b":
        try:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            body = d.decompress(body, max_bytes)
        except (zlib.error, EOFError, gzip.BadGzipFile):
            return [], []
    head = body[:2000].lower()
    locs = [m.group(1).decode("utf-8", "replace").replace("&amp;", "&") for m in _LOC.finditer(body)]
    if b"<sitemapindex" in head:
        return [], locs
    if b"<urlset" in head or locs:
        return locs, []
    # plain-text sitemap: one URL per line
    lines = [ln.strip() for ln in body.decode("utf-8", "replace").splitlines()]
    return [ln for ln in lines if ln.startswith(("http://", "https://"))], []
