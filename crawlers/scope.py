"""Which URLs are a portal's own pages: a whole host, or a path prefix inside one.

Why this exists (issue 11 item 4): Decree 42/2022 has one portal per province with
*component sites* (trang thành phần), and many provinces serve a commune's or a
department's site as a path of another host (``https://hoaan.gov.vn/xa-binh-son/``). Such a
portal is crawled and judged within its prefix: a link to the host's other paths (the
provincial portal itself) leaves the portal exactly as a link to another host does.

The decision lives here, once. The crawler (crawlers/crawl.py: which links to follow,
which sitemap URLs to queue) combines it with the site's authorities (host and port, see
:mod:`crawlers.urls`); the snapshot (``Snapshot.is_internal``, ``html_pages``) combines it
with the host name, and the checks ask the snapshot. robots.txt stays per host: a component
site obeys its host's robots.txt (RFC 9309 has no other).

The registry says ``scope: prefix`` on a portal (docs/registry.md); the prefix is the start
URL's path up to and including its last ``/`` (``/xa-binh-son/trang-chu.aspx`` ->
``/xa-binh-son/``; a last segment without a dot is a folder: ``/xa-binh-son`` ->
``/xa-binh-son/``). Paths are compared case-insensitively and percent-decoded: portals on
IIS answer ``/Xa-Binh-Son/`` and ``/xa-binh-son/`` alike, and their menus mix both.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCOPES = ("host", "prefix")  # the values of the registry's ``scope`` and of CrawlOptions.scope


def prefix_of(url: str) -> str:
    """The folder a component site's start URL names (lower case, ending in ``/``)."""
    path = unquote(urlsplit(url).path or "/").lower()
    if path.endswith("/"):
        return path
    head, _, last = path.rpartition("/")
    return (head + "/") if "." in last else (path + "/")


@dataclass(frozen=True)
class PortalScope:
    """The path part of a portal's extent: ``prefix`` ``"/"`` is the whole host (the usual
    portal); anything longer is a component site under that folder of its host."""

    prefix: str = "/"

    @classmethod
    def of(cls, start_url: str, scope: str | None = "host") -> PortalScope:
        """The scope of a portal starting at ``start_url`` (``scope``: ``host`` or ``prefix``)."""
        if scope == "prefix":
            return cls(prefix_of(start_url))
        return cls()

    @property
    def component(self) -> bool:
        """A path inside another host rather than a whole host."""
        return self.prefix != "/"

    def in_prefix(self, url: str) -> bool:
        """``url``'s path is inside the prefix (the folder itself, with or without its final
        slash, included). The host is not looked at: callers compare it at their own
        granularity (authority for the crawler, host name for the checks)."""
        if not self.component:
            return True
        path = urlsplit(url).path or "/"
        if "%" in path:
            path = unquote(path)
        path = path.lower()
        return path.startswith(self.prefix) or path == self.prefix[:-1]

    def label(self, host: str) -> str:
        """How reports name the portal's extent: ``hoaan.gov.vn`` or ``hoaan.gov.vn/xa-binh-son/``."""
        return host + (self.prefix if self.component else "")

    def to_json(self) -> str:
        return self.prefix

    @classmethod
    def from_json(cls, value: object) -> PortalScope:
        return cls(value) if isinstance(value, str) and value.startswith("/") and value.endswith("/") else cls()
