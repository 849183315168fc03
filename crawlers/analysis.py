"""Per-page analysis, the pure part: decode a body, parse it once, and keep what checks read.

:func:`analyse` is what :mod:`crawlers.analyse` runs inline or in its worker processes;
a worker is this module run as ``python -m crawlers.analysis`` (:func:`_serve`). It imports
no asyncio, no HTTP client and no check library (only the modules that registered page
facts): every worker process holds those imports for the whole crawl (asyncio and ssl alone
are ~10 MB).
"""

from __future__ import annotations

import fcntl
import importlib
import os
import pickle
import struct
import sys
from dataclasses import dataclass, field
from typing import Any

from crawlers.decode import decode_html
from crawlers.pagestore import pack_bytes
from crawlers.snapshot import FACTS, TREE_FACTS, Page, pack


@dataclass
class Analysis:
    """What :func:`analyse` learnt of one body (picklable; texts compressed by ``snapshot.pack``)."""

    encoding: str
    declared: str | None
    legacy: str | None
    html_z: bytes  # the decoded HTML, UTF-8, compressed
    visible_z: bytes  # the visible text, UTF-8, compressed
    derived: dict[str, Any] = field(default_factory=dict)  # title, headings, lang, metas …
    links: list[tuple[str, str, str, str]] = field(default_factory=list)  # (url, text, region, title)
    facts: dict[str, Any] = field(default_factory=dict)
    verbatim: bool = False  # html_z is the body itself, compressed (the validator cache keeps it as it is)


def analyse(body: bytes, content_type: str, url: str, final_url: str) -> Analysis:
    """Decode ``body``, parse it once, and compute links, texts and every registered fact."""
    d = decode_html(body, content_type)
    page = Page(url=url, status=200, final_url=final_url, content_type=content_type)
    page.__dict__["_stext"] = d.text  # plain, uncompressed: this page object lives only here
    if d.verbatim:
        page.__dict__["_utf8"] = body  # the text's UTF-8: what the parser reads (no re-encoding)
    derived, links = page.derive()  # one parse: links, title, headings, metas …
    facts: dict[str, Any] = {}
    _facts(page, [n for n in FACTS if n in TREE_FACTS], facts)  # while the tree is whole
    visible = page.visible_from_tree()  # the same tree, stripped (then dropped)
    page.__dict__["_visible_fixed"] = visible
    _facts(page, [n for n in FACTS if n not in TREE_FACTS], facts)
    page.forget_tree()
    return Analysis(
        encoding=d.encoding, declared=d.declared, legacy=d.legacy,
        html_z=pack_bytes(body) if d.verbatim else pack(d.text), visible_z=pack(visible),
        derived=derived, links=links,
        facts=facts, verbatim=d.verbatim)


def _facts(page: Page, names: list[str], out: dict[str, Any]) -> None:
    for name in names:
        try:
            out[name] = FACTS[name](page)
        except Exception:  # left out: the check computes it again and reports the failure
            pass


def _serve(modules: list[str]) -> None:
    """The worker: frames in on stdin, frames out on a private copy of stdout (anything a
    library prints goes to stderr instead of corrupting the stream)."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    _widen(0, out.fileno())
    for name in modules:  # the modules that registered page facts in the crawler's process
        importlib.import_module(name)
    inp = sys.stdin.buffer
    while True:
        head = inp.read(_LEN.size)
        if len(head) < _LEN.size:
            return
        rid, args = pickle.loads(inp.read(_LEN.unpack(head)[0]))
        reply: tuple[Any, bool, Any]
        try:
            reply = (rid, True, analyse(*args))
        except Exception as exc:
            reply = (rid, False, f"{type(exc).__name__}: {exc}")
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_LEN.pack(len(data)))
        out.write(data)
        out.flush()


_LEN = struct.Struct("<I")


def _widen(*fds: int) -> None:
    """1 MB buffers for the worker's two pipes (Linux; elsewhere the default stays). With
    64 KB, a page (~55 KB pickled) filled the pipe in, so the crawler's event loop finished
    each write in callbacks, and two replies filled the pipe out, so a worker stopped
    whenever the crawler was busy elsewhere."""
    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    for fd in fds:
        try:
            if setsize is not None:
                fcntl.fcntl(fd, setsize, 1 << 20)
        except OSError:  # above /proc/sys/fs/pipe-max-size, or not a pipe
            pass


if __name__ == "__main__":
    # run the importable module's copy, so that pickles name crawlers.analysis.Analysis
    from crawlers.analysis import _serve as serve

    serve(sys.argv[1:])
