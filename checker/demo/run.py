"""``d43 demo``: serve the bundled sample province on 127.0.0.1, scan it, write the report.

Offline and self-contained: :class:`checker.demo.server.PortalServer` serves every portal
directory of ``checker/demo/province/`` on one random port with virtual hosting; the
registry (``province/registry.yaml``, URLs without a port, as on the real network) is
rewritten with that port and curl-style ``resolve`` entries, so the URL, the Host header
and every domain rule still see ``hoaan.gov.vn`` while connections go to 127.0.0.1.
Politeness is off (no delay between requests): the server is ours.

The sample pages carry static dates written for 2026-11-22, so the demo evaluates "as of"
2026-11-22 09:00 (+07:00) unless ``--now`` says otherwise, and says so.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import click
import yaml

DEFAULT_NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=7)))


def province_root() -> Path:
    return Path(__file__).parent / "province"


def demo_registry(source: Path, port: int, resolve: list[str], dest: Path) -> Path:
    """Write ``dest``: ``source`` with ``:port`` in every URL and the resolve entries."""
    doc = yaml.safe_load(source.read_text(encoding="utf-8"))
    for p in doc.get("portals", []):
        parts = urlsplit(p["url"])
        host = parts.hostname or ""
        p["url"] = urlunsplit(("http", f"{host}:{port}", parts.path or "/", parts.query, ""))
        p["resolve"] = list(resolve)
    defaults = dict(doc.get("defaults") or {})
    defaults["delay"] = 0
    doc["defaults"] = defaults
    dest.parent.mkdir(parents=True, exist_ok=True)
    header = ("# Written by `d43 demo` for one run: the sample province served on 127.0.0.1:%d.\n"
              "# It only works while that demo server runs; edit province/registry.yaml instead.\n" % port)
    dest.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def run_demo(*, out: str | Path = "d43-demo", now: datetime | None = None, lang: str = "vi", render: str | None = None,
             workers: int | None = None, root: Path | None = None) -> int:
    from checker.cli_scan import run_scan
    from checker.demo.server import PortalServer

    root = Path(root) if root else province_root()
    source = root / "registry.yaml"
    if not source.is_file():
        raise FileNotFoundError(f"the sample province is missing: {source} (a broken installation of d43)")
    out = Path(out)
    when = now or DEFAULT_NOW
    # every portal may start a Chromium (accessibility checks): one per core at most
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    with PortalServer(root) as server:
        registry = demo_registry(source, server.port, server.resolve_entries(), out / "demo-registry.yaml")
        n = len(yaml.safe_load(source.read_text(encoding="utf-8")).get("portals", []))
        click.echo(f"d43 demo: the sample province ({n} portals) is served on 127.0.0.1:{server.port}; "
                   f"evaluating as of {when.isoformat()}"
                   + (" (the sample pages are dated for 2026-11-22; --now changes this)" if now is None else ""))
        run_scan(registry, out=out, db=out / "history.sqlite", now=when, delay=0, render=render, lang=lang,
                 workers=workers, fail_on="never")
    index = (out / "index.html").resolve()
    target = index if index.exists() else (out / "results.json").resolve()
    click.echo(f"\nThe report is ready: {target}\nOpen it in a browser: {target.as_uri()}")
    return 0
