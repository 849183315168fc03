"""Validator cache for conditional requests across scans (``CrawlOptions.cache_dir``).

For each fetched 200 response that carries an ``ETag`` or ``Last-Modified``, the cache keeps
the validators, the response headers and the (decompressed) body. On the next scan the
crawler sends ``If-None-Match`` / ``If-Modified-Since``; a ``304 Not Modified`` answer costs
a few hundred bytes and the page is evaluated from the stored body.

Layout: one file per URL, ``cache_dir/ab/<sha1(url)>.entry``: a line of JSON metadata, then
the body compressed with LZ4. One file, not two: creating files is most of what storing
costs (about 0.5 ms each here, on the crawler's event loop, for every page of a crawl).
Writes go to a temporary name and are renamed, so a crash never leaves half an entry.
(Entries of the earlier two-file layout are not read: those pages are fetched in full once.)
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import lz4.frame


class ValidatorCache:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.hits = 0
        self.stores = 0
        self._dirs: set[str] = set()  # sub-directories known to exist

    def _path(self, url: str) -> str:
        h = hashlib.sha1(url.encode("utf-8", "surrogatepass")).hexdigest()
        return os.path.join(self.root, h[:2], f"{h}.entry")

    def has(self, url: str) -> bool:
        """Whether ``url`` was stored by an earlier scan (one stat, no read)."""
        return os.path.exists(self._path(url))

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
        try:
            with open(self._path(url), "rb") as fh:
                return json.loads(fh.readline())
        except (OSError, ValueError):
            return None

    def load(self, url: str) -> tuple[dict, bytes] | None:
        """(metadata, body) of the cached response, or None."""
        try:
            with open(self._path(url), "rb") as fh:
                meta = json.loads(fh.readline())
                body = lz4.frame.decompress(fh.read())
        except (OSError, ValueError, RuntimeError):  # missing, garbled JSON, damaged LZ4 frame
            return None
        self.hits += 1
        return meta, body

    def store(self, url: str, status: int, headers: dict[str, str], body: bytes, final_url: str) -> None:
        etag = headers.get("etag")
        lm = headers.get("last-modified")
        if status != 200 or not (etag or lm):
            return
        path = self._path(url)
        folder = os.path.dirname(path)
        if folder not in self._dirs:
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)
        meta = {"url": url, "final_url": final_url, "status": status, "etag": etag, "last_modified": lm,
                "headers": {k: v for k, v in headers.items() if k not in ("content-encoding", "content-length",
                                                                          "transfer-encoding")}}
        line = json.dumps(meta, ensure_ascii=True).encode("ascii") + b"\n"  # escaped: no newline inside
        tmp = path + ".tmp"
        try:
            with open(tmp, "wb") as fh:
                fh.write(line)
                fh.write(lz4.frame.compress(body))
            os.replace(tmp, path)
            self.stores += 1
        except OSError:
            pass
