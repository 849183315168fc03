"""WARC archives of a crawl (warcio), and offline replay (``d43 check --from-archive``).

Writing (``CrawlOptions.archive = "scan.warc.gz"``): for every HTTP exchange a ``request``
and a ``response`` record (status line, headers, body as received after decompression:
``Content-Encoding``/``Transfer-Encoding`` are removed from the stored headers and kept as
``X-D43-Original-*``; a body cut at the size cap has ``WARC-Truncated: length``). Every
page of the snapshot also gets a ``metadata`` record (JSON: requested URL, final URL,
status, depth, error, timing, which record holds its body), a DOM rendered by the browser
is a ``resource`` record. Every artifact the gatherers collected (axe-core results, the
measurements of accessibility controls: :mod:`crawlers.artifacts`) is a ``metadata`` record
for ``urn:d43:artifact:<kind>:<sha1 of its key>`` whose JSON body has ``"type":
"d43.artifact/1"``, ``key``, ``kind``, ``url``, ``params``, ``data``, ``error`` and
``gathered_at``. The snapshot's notes, errors, documents, page order, probe marks, the
portal's scope (``"scope"``: ``"/"`` for a whole host, else a component site's path prefix,
:mod:`crawlers.scope`) and the as-of time of the verdicts close the file in a ``metadata``
record for ``urn:d43:snapshot`` (``"type": "d43.snapshot/1"``; written again after the
gather rounds, the last one wins).

Replay: :func:`load_archive` rebuilds the :class:`Snapshot`, artifacts included, in the
order the live run judged its pages (bodies decoded again with the current decoder, so a
re-evaluation benefits from new rules *and* a better decoder). It opens no socket and starts
no browser: a check that asks for something the archive lacks gets nothing, and says
``error``.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections.abc import Iterable
from datetime import UTC, datetime

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawlers.artifacts import Artifact
from crawlers.decode import decode_html
from crawlers.scope import PortalScope
from crawlers.snapshot import Document, Page, Snapshot
from crawlers.stats import CrawlStats

SNAPSHOT_URI = "urn:d43:snapshot"
ARTIFACT_URI = "urn:d43:artifact:"
ARTIFACT_TYPE = "d43.artifact/1"
SNAPSHOT_TYPE = "d43.snapshot/1"
_DROP = ("content-encoding", "transfer-encoding", "content-length")


class ArchiveWriter:
    def __init__(self, path: str):
        self.path = path
        self._fh = open(path, "wb")  # noqa: SIM115 (open for the writer's lifetime; close() closes it)
        self._w = WARCWriter(self._fh, gzip=True)
        self._lock = threading.Lock()
        info = self._w.create_warcinfo_record(path.rsplit("/", 1)[-1], {"software": "d43 crawler", "format": "WARC File Format 1.1"})
        self._w.write_record(info)

    def exchange(self, url: str, req_headers: Iterable[tuple[str, str]], status: int, reason: str,
                 headers: Iterable[tuple[str, str]], body: bytes, http_version: str = "HTTP/1.1",
                 truncated: bool = False, method: str = "GET") -> str:
        """Write request + response records; returns the response record id."""
        hdrs = []
        for k, v in headers:
            if k.lower() in _DROP:
                if k.lower() != "content-length":
                    hdrs.append((f"X-D43-Original-{k}", v))
                continue
            hdrs.append((k, v))
        hdrs.append(("Content-Length", str(len(body))))
        extra = {"WARC-Truncated": "length"} if truncated else {}
        with self._lock:
            resp = self._w.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body),
                http_headers=StatusAndHeaders(f"{status} {reason or ''}".strip(), hdrs, protocol=http_version or "HTTP/1.1"),
                warc_headers_dict=extra)
            path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
            req = self._w.create_warc_record(
                url, "request", payload=io.BytesIO(b""), length=0,
                http_headers=StatusAndHeaders(f"{method} /{path} HTTP/1.1", list(req_headers), is_http_request=True))
            rid = resp.rec_headers.get_header("WARC-Record-ID")
            req.rec_headers.add_header("WARC-Concurrent-To", rid)
            self._w.write_record(resp)
            self._w.write_record(req)
        return rid

    def rendered(self, page: Page) -> str:
        data = page.text.encode("utf-8")
        with self._lock:
            rec = self._w.create_warc_record(page.final_url or page.url, "resource", payload=io.BytesIO(data),
                                             length=len(data), warc_content_type="text/html; charset=utf-8",
                                             warc_headers_dict={"X-D43-Rendered": "1"})
            self._w.write_record(rec)
        return rec.rec_headers.get_header("WARC-Record-ID")

    def page(self, page: Page, body_record: str | None) -> None:
        meta = {"url": page.url, "final_url": page.final_url, "status": page.status, "headers": page.headers,
                "content_type": page.content_type, "error": page.error, "fetched_at": page.fetched_at,
                "elapsed": page.elapsed, "rendered": page.rendered, "depth": page.depth, "size": page.size,
                "truncated": page.truncated, "probe": page.probe, "body_record": body_record,
                "encoding": page.encoding, "declared_encoding": page.declared_encoding,
                "legacy_encoding": page.legacy_encoding}
        self._json(page.url, meta)

    def snapshot(self, snap: Snapshot) -> None:
        notes = {k: v for k, v in snap.notes.to_dict().items() if _jsonable(v)}
        meta = {"type": SNAPSHOT_TYPE, "start_url": snap.start_url, "started_at": snap.started_at,
                "finished_at": snap.finished_at, "as_of": snap.as_of, "judged": snap.judged, "scope": snap.scope.to_json(),
                "notes": notes, "errors": snap.errors,
                "documents": [d.__dict__ for d in snap.documents], "pages": list(snap.pages),
                "probes": {u: p.probe for u, p in snap.pages.items() if p.probe}}
        self._json(SNAPSHOT_URI, meta)

    def artifact(self, art: Artifact) -> None:
        key = art.want.key
        uri = ARTIFACT_URI + f"{art.kind}:" + hashlib.sha1(key.encode("utf-8")).hexdigest()
        self._json(uri, {"type": ARTIFACT_TYPE, "key": key, **art.to_json()})

    def _json(self, uri: str, obj: dict) -> None:
        data = json.dumps(obj, ensure_ascii=False, default=str).encode("utf-8")
        with self._lock:
            rec = self._w.create_warc_record(uri, "metadata", payload=io.BytesIO(data), length=len(data),
                                             warc_content_type="application/json")
            self._w.write_record(rec)

    def close(self) -> None:
        with self._lock:
            if not self._fh.closed:
                self._fh.close()


def _jsonable(v: object) -> bool:
    try:
        json.dumps(v, default=str)
        return True
    except (TypeError, ValueError):
        return False


def load_archive(path: str) -> Snapshot:
    """Rebuild the snapshot saved in a WARC written by the crawler (offline: no fetcher).

    Several snapshots in one file (a scan appending portals) are not supported: the last
    ``urn:d43:snapshot`` record wins. A WARC from another tool (no d43 metadata) is replayed
    from its response records alone, the first one being the start page.
    """
    bodies: dict[str, tuple[bytes, dict, int, str]] = {}  # record id -> (body, headers, status, uri)
    rendered: dict[str, bytes] = {}
    metas: list[dict] = []
    artifacts: list[Artifact] = []
    snapmeta: dict | None = None
    order: list[str] = []
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            rid = rec.rec_headers.get_header("WARC-Record-ID")
            uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
            if rec.rec_type == "response":
                status = int(rec.http_headers.get_statuscode() or 0) if rec.http_headers else 0
                headers = {k.lower(): v for k, v in (rec.http_headers.headers if rec.http_headers else [])}
                bodies[rid] = (rec.content_stream().read(), headers, status, uri)
                order.append(rid)
            elif rec.rec_type == "resource" and rec.rec_headers.get_header("X-D43-Rendered"):
                rendered[rid] = rec.content_stream().read()
            elif rec.rec_type == "metadata":
                data = json.loads(rec.content_stream().read().decode("utf-8"))
                if uri == SNAPSHOT_URI:
                    snapmeta = data
                elif uri.startswith(ARTIFACT_URI):
                    artifacts.append(Artifact.from_json(data))
                else:
                    metas.append(data)
    if snapmeta is None and not metas:
        return _from_plain_warc(bodies, order)
    snap = Snapshot(start_url=(snapmeta or {}).get("start_url") or (metas[0]["url"] if metas else ""))
    for m in metas:
        page = Page(url=m["url"], status=m.get("status"), final_url=m.get("final_url") or m["url"],
                    headers=m.get("headers") or {}, content_type=m.get("content_type") or "",
                    error=m.get("error"), fetched_at=m.get("fetched_at") or "", elapsed=m.get("elapsed") or 0.0,
                    rendered=bool(m.get("rendered")), depth=m.get("depth") or 0, size=m.get("size") or 0,
                    truncated=bool(m.get("truncated")), probe=m.get("probe"))
        rid = m.get("body_record")
        if rid and rid in rendered:
            page.text = rendered[rid].decode("utf-8", "replace")
            page.encoding = m.get("encoding") or "utf-8"
            page.declared_encoding = m.get("declared_encoding")
            page.legacy_encoding = m.get("legacy_encoding")
        elif rid and rid in bodies and page.is_html:
            d = decode_html(bodies[rid][0], page.content_type)
            page.text, page.encoding, page.declared_encoding, page.legacy_encoding = d.text, d.encoding, d.declared, d.legacy
        snap.add(page)
    if snapmeta:
        _restore_order(snap, snapmeta.get("pages") or [], snapmeta.get("probes") or {})
        snap.as_of = snapmeta.get("as_of") or ""
        snap.judged = dict(snapmeta.get("judged") or {})
        snap.scope = PortalScope.from_json(snapmeta.get("scope"))
        snap.started_at = snapmeta.get("started_at") or ""
        snap.finished_at = snapmeta.get("finished_at") or ""
        snap.notes = CrawlStats.from_dict(snapmeta.get("notes"))
        snap.errors.extend(snapmeta.get("errors") or [])
        snap.documents.extend(Document(**d) for d in snapmeta.get("documents") or [])
    for art in artifacts:
        snap.put_artifact(art)
    snap.notes.from_archive = path
    return snap


def _restore_order(snap: Snapshot, order: list[str], probes: dict[str, str]) -> None:
    """Pages in the order the live run judged them (pages the list does not name, from an
    older archive, keep their place after them)."""
    pages = dict(snap.pages)
    snap.pages.clear()
    for url in order:
        if url in pages:
            snap.pages[url] = pages.pop(url)
    snap.pages.update(pages)
    for url, probe in probes.items():
        if url in snap.pages:
            snap.pages[url].probe = probe
    snap.__dict__.pop("_by_final", None)


def _from_plain_warc(bodies, order) -> Snapshot:
    snap = Snapshot(start_url=bodies[order[0]][3] if order else "")
    for rid in order:
        body, headers, status, uri = bodies[rid]
        ct = headers.get("content-type", "")
        page = Page(url=uri, status=status, headers=headers, content_type=ct, size=len(body),
                    fetched_at=datetime.now(UTC).isoformat(timespec="seconds"))
        if page.is_html:
            d = decode_html(body, ct)
            page.text, page.encoding, page.declared_encoding, page.legacy_encoding = d.text, d.encoding, d.declared, d.legacy
        snap.add(page)
    return snap
