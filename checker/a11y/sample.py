"""Which pages the accessibility checks look at (a pure function of the snapshot: the same
snapshot gives the same sample, so the same wants and the same verdicts)."""

from __future__ import annotations

from urllib.parse import urlsplit

from checker.registry import Context
from crawlers.snapshot import FOOTER, HEADER, NAV, Page


def sample_pages(ctx: Context, count: int) -> list[Page]:
    """The home page and up to ``count - 1`` section pages: pages linked from the home page's
    navigation (one per first path segment, so different sections, not ten news items), then
    other fetched HTML pages. Probe pages (search results) are left out."""
    snap = ctx.snapshot
    pages = [p for p in snap.html_pages() if not p.probe]
    if not pages or count <= 0:
        return []
    home = snap.home if snap.home is not None and snap.home.ok else pages[0]
    chosen: list[Page] = [home]
    seen_urls = {home.url, home.final_url}
    seen_sections = {_section(home.final_url)}

    def take(p: Page | None, distinct: bool) -> None:
        if p is None or not p.ok or p.probe or len(chosen) >= count:
            return
        if p.url in seen_urls or p.final_url in seen_urls:
            return
        sec = _section(p.final_url)
        if distinct and sec in seen_sections:
            return
        chosen.append(p)
        seen_urls.update((p.url, p.final_url))
        seen_sections.add(sec)

    nav_links = [lnk for lnk in home.links if lnk.region in (NAV, HEADER, FOOTER) and snap.is_internal(lnk.url)]
    for link in nav_links:
        take(snap.get(link.url, fetch=False), distinct=True)
    for p in pages:
        take(p, distinct=True)
    for p in pages:
        take(p, distinct=False)
    return chosen[:count]


def _section(url: str) -> str:
    parts = [s for s in urlsplit(url).path.split("/") if s]
    return parts[0].lower() if parts else ""
