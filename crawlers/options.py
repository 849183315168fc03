"""Crawl options shared by every fetcher (HTTP crawler, browser, rule fixtures)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class CrawlOptions:
    max_pages: int = 300
    max_depth: int = 6
    max_bytes: int = 5_000_000  # per body, after decompression
    timeout: float = 20.0  # per request (connect/read)
    portal_timeout: float = 900.0  # whole portal
    resolve: list[str] = field(default_factory=list)  # curl form HOST:PORT:ADDR
    render: str = "auto"  # auto | always | never
    allow_private: bool = False  # allow private/loopback targets besides --resolve ones
    insecure: bool = False  # do not verify TLS (the TLS problem is still reported)
    respect_robots: bool = True
    user_agent: str = "d43/0.1 (+Decree 43 portal compliance checker)"
    concurrency: int = 2  # per host
    delay: float = 0.5  # seconds between requests to one host (robots Crawl-delay wins if larger)
    archive: str | None = None  # WARC file to write
    progress: Callable[[str, dict], None] | None = None  # called with (event, info)


def parse_resolve(entries: list[str]) -> dict[tuple[str, int], str]:
    """``["host:443:1.2.3.4"]`` -> ``{("host", 443): "1.2.3.4"}``; raises ValueError on bad input."""
    out: dict[tuple[str, int], str] = {}
    for entry in entries:
        parts = entry.split(":", 2)
        if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or not parts[2]:
            raise ValueError(f"--resolve wants HOST:PORT:ADDR, got {entry!r}")
        addr = parts[2].strip("[]")
        out[(parts[0].lower(), int(parts[1]))] = addr
    return out
