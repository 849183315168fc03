"""The sample province of ``d43 demo`` (served on 127.0.0.1, scanned, reported by
:func:`checker.app.run_demo`): where it lives, its date, and its registry for one run.

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

from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

DEFAULT_NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=7)))


def province_root() -> Path:
    """The bundled sample province: one directory per portal, registry.yaml, expected.yaml."""
    return Path(__file__).parent / "province"


def registry_for(root: Path, rules_name: str | None = None) -> Path:
    """The sample registry to scan under the rule set ``rules_name``: ``registry-<name>.yaml``
    when the province has one (``decree42``: communes, two of them component sites, and no
    districts, which are gone since 01/07/2025), else ``registry.yaml`` (Decree 43)."""
    if rules_name:
        special = root / f"registry-{rules_name}.yaml"
        if special.is_file():
            return special
    return root / "registry.yaml"


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
    header = (f"# Written by `d43 demo` for one run: the sample province served on 127.0.0.1:{port}.\n"
              "# It only works while that demo server runs; edit province/registry.yaml instead.\n")
    dest.write_text(header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest
