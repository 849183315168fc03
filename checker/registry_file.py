"""The portal registry, ``REGISTRY.yaml`` (design.md §1.3): loading and validation.

```yaml
name: Tỉnh Quảng Ngãi
defaults: {max_pages: 300, render: auto}
portals:
  - id: tinh
    name: UBND tỉnh Quảng Ngãi
    url: https://quangngai.gov.vn/
    level: province
  - id: sxd
    name: Sở Xây dựng
    url: https://sxd.quangngai.gov.vn/
    level: department
    parent: tinh
    resolve: ["sxd.quangngai.gov.vn:443:203.0.113.7"]   # optional
```

Every problem is a :class:`checker.yamlfile.RuleFileError` naming file, line and field
(``d43 scan`` exits 2). Crawl settings (``max_pages``, ``render``, ``delay`` …) may sit in
``defaults`` or on one portal; the command line beats both, the portal beats ``defaults``.

A department or district without ``parent`` gets the registry's province portal as its
parent when there is exactly one province portal (the usual one-province registry).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from checker.rules import LEVELS
from checker.yamlfile import RuleFileError, field_path, line_of, load_yaml

#: crawl settings allowed in ``defaults`` and on a portal, with their type check
SETTINGS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "max_pages": (int, "a whole number ≥ 1"),
    "max_depth": (int, "a whole number ≥ 0"),
    "render": (str, "one of auto, always, never"),
    "delay": ((int, float), "a number of seconds ≥ 0"),
    "timeout": ((int, float), "a number of seconds > 0"),
    "portal_timeout": ((int, float), "a number of seconds > 0"),
    "concurrency": (int, "a whole number ≥ 1"),
    "retries": (int, "a whole number ≥ 0"),
}
TOP_KEYS = {"name", "defaults", "portals"}
PORTAL_KEYS = {"id", "name", "url", "level", "parent", "resolve"} | set(SETTINGS)
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
HOST_RE = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")


@dataclass
class PortalEntry:
    id: str
    name: str
    url: str
    level: str
    parent: str | None = None
    resolve: list[str] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)  # per-portal crawl settings
    line: int | None = None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()


@dataclass
class Registry:
    file: str
    name: str
    defaults: dict[str, Any]
    portals: list[PortalEntry]
    digest: str = ""  # sha256 of the file's bytes

    @property
    def key(self) -> str:
        """What identifies "the same registry" across scans (for --resume and baselines)."""
        return str(Path(self.file).resolve())

    def get(self, portal_id: str) -> PortalEntry | None:
        return next((p for p in self.portals if p.id == portal_id), None)

    def children(self, portal_id: str) -> list[PortalEntry]:
        return [p for p in self.portals if p.parent == portal_id]

    def portal_dict(self, entry: PortalEntry) -> dict[str, Any]:
        """The ``portal`` mapping handed to ``check_portal`` (the link rules read it)."""
        d: dict[str, Any] = {"id": entry.id, "name": entry.name, "url": entry.url, "level": entry.level}
        if entry.parent:
            d["parent"] = entry.parent
            parent = self.get(entry.parent)
            if parent is not None:
                d["parent_url"] = parent.url
        kids = self.children(entry.id)
        if kids:
            d["children"] = [k.url for k in kids]
        return d

    def settings_for(self, entry: PortalEntry) -> dict[str, Any]:
        s = dict(self.defaults)
        s.update(entry.settings)
        return s


def _err(path: Path, doc: Any, loc: list[Any], message: str) -> RuleFileError:
    return RuleFileError(path, line_of(doc, loc), field_path(loc), message)


def _check_setting(path: Path, doc: Any, loc: list[Any], key: str, value: Any) -> None:
    typ, want = SETTINGS[key]
    ok = isinstance(value, typ) and not isinstance(value, bool)
    if ok and key == "render":
        ok = value in ("auto", "always", "never")
    elif ok and key in ("max_pages", "concurrency"):
        ok = value >= 1
    elif ok and key in ("max_depth", "delay", "retries"):
        ok = value >= 0
    elif ok and key in ("timeout", "portal_timeout"):
        ok = value > 0
    if not ok:
        raise _err(path, doc, loc, f"must be {want}, got {value!r}")


def _unknown(path: Path, doc: Any, loc: list[Any], key: Any, allowed: set[str]) -> RuleFileError:
    import difflib

    close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(sorted(allowed))})"
    return _err(path, doc, loc + [key], f"unknown field{hint}")


def check_url(url: Any) -> str | None:
    """None if ``url`` is a usable portal URL, else what is wrong with it."""
    if not isinstance(url, str) or not url.strip():
        return "must be an http(s) URL"
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        return f"not a valid URL: {exc}"
    if parts.scheme not in ("http", "https"):
        return f"must start with http:// or https://, got {url!r}"
    host = (parts.hostname or "").lower()
    if not host or not (HOST_RE.match(host) or re.match(r"^[\d.]+$|^[0-9a-f:]+$", host)):
        return f"has no valid host name: {url!r}"
    if parts.username or parts.password:
        return "must not carry a user name or password"
    return None


def load_registry(path: str | Path) -> Registry:
    """Load and validate a registry file; raises RuleFileError (file:line: field: message)."""
    from crawlers.options import parse_resolve

    path = Path(path)
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise RuleFileError(path, getattr(doc, "line", 1) or 1, "", "a registry is a mapping with name, defaults and portals")
    for key in doc:
        if key not in TOP_KEYS:
            raise _unknown(path, doc, [], key, TOP_KEYS)
    name = doc.get("name", "")
    if name is None:
        name = ""
    if not isinstance(name, str):
        raise _err(path, doc, ["name"], "must be text")
    defaults = doc.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise _err(path, doc, ["defaults"], "must be a mapping, e.g. {max_pages: 300, render: auto}")
    for key, value in defaults.items():
        if key not in SETTINGS:
            raise _unknown(path, doc, ["defaults"], key, set(SETTINGS))
        _check_setting(path, doc, ["defaults", key], key, value)
    portals_doc = doc.get("portals")
    if not isinstance(portals_doc, list) or not portals_doc:
        raise _err(path, doc, ["portals"] if "portals" in doc else [], "portals: a non-empty list of portals is required")

    entries: list[PortalEntry] = []
    seen_ids: dict[str, int] = {}
    seen_urls: dict[str, str] = {}
    for i, p in enumerate(portals_doc):
        loc = ["portals", i]
        if not isinstance(p, dict):
            raise _err(path, doc, loc, "each portal is a mapping with id, name, url and level")
        for key in p:
            if key not in PORTAL_KEYS:
                raise _unknown(path, doc, loc, key, PORTAL_KEYS)
        for req in ("id", "url", "level"):
            if req not in p or p[req] in (None, ""):
                raise RuleFileError(path, line_of(doc, loc + [req]), field_path(loc + [req]), "required field is missing")
        pid = p["id"]
        if not isinstance(pid, str) or not ID_RE.match(pid):
            raise _err(path, doc, loc + ["id"], f"must be letters, digits, '-', '_' or '.' (at most 64), got {pid!r}")
        if pid in seen_ids:
            raise _err(path, doc, loc + ["id"], f"duplicate id {pid!r} (first used at line {seen_ids[pid]})")
        seen_ids[pid] = line_of(doc, loc + ["id"]) or 0
        problem = check_url(p["url"])
        if problem:
            raise _err(path, doc, loc + ["url"], problem)
        url = p["url"].strip()
        norm = url.rstrip("/").lower()
        if norm in seen_urls:
            raise _err(path, doc, loc + ["url"], f"same URL as portal {seen_urls[norm]!r}")
        seen_urls[norm] = pid
        if p["level"] not in LEVELS:
            raise _err(path, doc, loc + ["level"], f"must be one of {', '.join(LEVELS)}, got {p['level']!r}")
        pname = p.get("name", pid)
        if pname is None or not isinstance(pname, str):
            raise _err(path, doc, loc + ["name"], "must be text")
        parent = p.get("parent")
        if parent is not None and not isinstance(parent, str):
            raise _err(path, doc, loc + ["parent"], "must be the id of another portal")
        resolve = p.get("resolve") or []
        if isinstance(resolve, str):
            resolve = [resolve]
        if not isinstance(resolve, list) or not all(isinstance(r, str) for r in resolve):
            raise _err(path, doc, loc + ["resolve"], 'must be a list of "HOST:PORT:ADDR" strings')
        for j, entry in enumerate(resolve):
            try:
                parse_resolve([entry])
            except ValueError as exc:
                raise _err(path, doc, loc + ["resolve", j], str(exc)) from None
        settings = {}
        for key in SETTINGS:
            if key in p:
                _check_setting(path, doc, loc + [key], key, p[key])
                settings[key] = p[key]
        entries.append(PortalEntry(id=pid, name=pname.strip() or pid, url=url, level=p["level"], parent=parent,
                                   resolve=list(resolve), settings=settings, line=line_of(doc, loc)))

    ids = {e.id for e in entries}
    for i, e in enumerate(entries):
        if e.parent is None:
            continue
        loc = ["portals", i, "parent"]
        if e.parent == e.id:
            raise _err(path, doc, loc, "a portal cannot be its own parent")
        if e.parent not in ids:
            raise _err(path, doc, loc, f"no portal has id {e.parent!r} (ids: {', '.join(sorted(ids))})")
    # cycles (a -> b -> a) make no sense for a province tree
    by_id = {e.id: e for e in entries}
    for i, e in enumerate(entries):
        seen, cur = {e.id}, e
        while cur.parent:
            if cur.parent in seen:
                raise _err(path, doc, ["portals", i, "parent"], f"parent chain loops back to {cur.parent!r}")
            seen.add(cur.parent)
            cur = by_id[cur.parent]
    provinces = [e for e in entries if e.level == "province"]
    if len(provinces) == 1:
        for e in entries:
            if e.parent is None and e.level != "province":
                e.parent = provinces[0].id

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Registry(file=str(path), name=name.strip(), defaults=dict(defaults), portals=entries, digest=digest)
