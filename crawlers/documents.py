"""The HEAD of a document link (PDF, DOC, XLS …): its status, type and size, without its body.

Why its own module: the crawler queues one HEAD per document link it records
(crawlers/frontier.py, ``P_DOC``); what the HEAD does (robots.txt, a GET without body when
HEAD is refused, a few redirects) is separate from the crawl's control flow.
"""

from __future__ import annotations

from urllib.parse import urljoin

from crawlers.fetch import REDIRECTS
from crawlers.page import Document
from crawlers.polite import Requester
from crawlers.urls import normalize


async def head_document(req: Requester, doc: Document, agent: str) -> None:
    """Fill ``doc.status``, ``content_type`` and ``size`` from a HEAD (robots.txt obeyed)."""
    robots = await req.robots_for(doc.url)
    if not robots.allowed(doc.url, agent) or req.host(doc.url).dead:
        return
    r = await req.request(doc.url, method="HEAD", conditional=False)
    if r.status == 405 or r.status == 501:  # no HEAD: GET the headers only, body not read
        r = await req.request(doc.url, want_body=lambda ct: False, conditional=False)
    hops = 0
    while r.status in REDIRECTS and r.headers.get("location") and hops < 5:
        nxt = normalize(urljoin(r.url, r.headers["location"]))
        r = await req.request(nxt, method="HEAD", conditional=False)
        hops += 1
    doc.status = r.status
    if r.status is not None:
        doc.content_type = r.headers.get("content-type", doc.content_type).split(";")[0].strip() or doc.content_type
        cl = r.headers.get("content-length")
        if cl and cl.isdigit():
            doc.size = int(cl)
