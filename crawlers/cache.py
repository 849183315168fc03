"""Validator cache for conditional requests across scans (``CrawlOptions.cache_dir``).

For each fetched 200 response that carries an ``ETag`` or ``Last-Modified``, the cache keeps
the validators, the response headers and the (decompressed) body. On the next scan the
crawler sends ``If-None-Match`` / ``If-Modified-Since``; a ``304 Not Modified`` answer costs
a few hundred bytes and the page is evaluated from the stored body.

Layout: ``cache_dir/ab/<sha1(url)>.json`` (metadata) and ``.body`` (zlib-compressed body).
Writes go to a temporary name and are renamed, so a crash never leaves half an entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from pathlib import Path


class ValidatorCache:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.hits = 0
        self.stores = 0

    def _paths(self, url: str) -> tuple[Path, Path]:
        h = hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()
        d = self.root / h[:2]
        return d / f"{h}.json", d / f"{h}.body"

    def has(self, url: str) -> bool:
        """Whether ``url`` was stored by an earlier scan (one stat, no read)."""
        return self._paths(url)[0].exists()

    def validators(self, url: str) -> dict[str, str]:
        """Request headers for a conditional GET of ``url`` (empty when nothing is cached)."""
        meta = self._meta(url)
        if not meta:
            return {}
        out = {}
        if meta.get("etag"):
            out["If-None-Match"] = meta["etag"]
        if meta.get("last_modified"):
            out["If-Modified-Since"] = meta["last_modified"]
        return out

    def _meta(self, url: str) -> dict | None:
        mp, _ = self._paths(url)
        try:
            return json.loads(mp.read_text("utf-8"))
        except (OSError, ValueError):
            return None

    def load(self, url: str) -> tuple[dict, bytes] | None:
        """(metadata, body) of the cached response, or None."""
        mp, bp = self._paths(url)
        meta = self._meta(url)
        if meta is None:
            return None
        try:
            body = zlib.decompress(bp.read_bytes())
        except (OSError, zlib.error):
            return None
        self.hits += 1
        return meta, body

    def store(self, url: str, status: int, headers: dict[str, str], body: bytes, final_url: str) -> None:
        etag = headers.get("etag")
        lm = headers.get("last-modified")
        if status != 200 or not (etag or lm):
            return
        mp, bp = self._paths(url)
        mp.parent.mkdir(parents=True, exist_ok=True)
        meta = {"url": url, "final_url": final_url, "status": status, "etag": etag, "last_modified": lm,
                "headers": {k: v for k, v in headers.items() if k not in ("content-encoding", "content-length",
                                                                          "transfer-encoding")}}
        try:
            tmp = bp.with_suffix(".tmp")
            tmp.write_bytes(zlib.compress(body, 1))
            os.replace(tmp, bp)
            tmpm = mp.with_suffix(".jtmp")
            tmpm.write_text(json.dumps(meta), "utf-8")
            os.replace(tmpm, mp)
            self.stores += 1
        except OSError:
            pass
