"""The portal registry, ``REGISTRY.yaml`` (docs/registry.md): loading and validation.

```yaml
name: Tỉnh Quảng Ngãi
rules: auto                     # optional: a bundled rule set (decree43), auto, or a path
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

Every problem is a :class:`checker.yamlfile.RuleFileError` naming file, line and field;
all the problems of a file are reported at once (:class:`RegistryError`, one
``file:line: field: message`` line each, ``d43 scan`` exits 2), so a registry of 40 portals
is fixed in one pass, not one mistake per run. Crawl settings (``max_pages``, ``render``, ``delay`` …) may sit in
``defaults`` or on one portal; the command line beats both, the portal beats ``defaults``.

``level`` must be a level of the chosen rule file's regime (``--rules``, else the
registry's ``rules:``, else the default set). A portal of another level without ``parent``
gets the registry's portal of the regime's top level (the province) as its parent when
there is exactly one such portal (the usual one-province registry).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from checker.rules import RuleSet, load_rules, resolve_rules
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
TOP_KEYS = {"name", "rules", "defaults", "portals"}
PORTAL_KEYS = {"id", "name", "url", "level", "parent", "resolve", "scope"} | set(SETTINGS)
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
    scope: str = "host"  # "prefix": a component site, the URL's folder of its host (crawlers/scope.py)

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
    ruleset: RuleSet | None = None  # the rule set the portals are judged by (its regime's levels)

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
        if entry.scope != "host":
            d["scope"] = entry.scope
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


class RegistryError(RuleFileError):
    """Every mistake of one registry file. Its attributes are the first mistake's (the
    earliest line); ``errors`` holds them all and ``str()`` is one line per mistake."""

    def __init__(self, errors: list[RuleFileError]):
        first = errors[0]
        super().__init__(first.file, first.line, first.field, first.message)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class _Problems:
    """Collects the mistakes of one file, each located by its field path."""

    def __init__(self, path: Path, doc: Any):
        self.path, self.doc = path, doc
        self.errors: list[RuleFileError] = []

    def add(self, loc: list[Any], message: str) -> None:
        self.errors.append(RuleFileError(self.path, line_of(self.doc, loc), field_path(loc), message))

    def unknown(self, loc: list[Any], key: Any, allowed: set[str]) -> None:
        import difflib

        close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(sorted(allowed))})"
        self.add(loc + [key], f"unknown field{hint}")

    def setting(self, loc: list[Any], key: str, value: Any) -> bool:
        """Check one crawl setting; False (and a mistake noted) when it is bad."""
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
            self.add(loc, f"must be {want}, got {value!r}")
        return ok

    def raise_if_any(self) -> None:
        if self.errors:
            ordered = sorted(self.errors, key=lambda e: e.line or 0)  # stable: same line keeps its order
            raise RegistryError(ordered)


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


def load_registry(path: str | Path, *, rules: str | None = None, now: datetime | None = None) -> Registry:
    """Load and validate a registry file and the rule set it is judged by (``rules``, the
    ``--rules`` option, beats the file's ``rules:``; ``auto`` is resolved for ``now``);
    raises :class:`RegistryError` listing every mistake (``file:line: field: message``), or
    RuleFileError when the YAML (or the rule file) cannot be read."""
    path = Path(path)
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise RuleFileError(path, getattr(doc, "line", 1) or 1, "", "a registry is a mapping with name, defaults and portals")
    problems = _Problems(path, doc)
    for key in doc:
        if key not in TOP_KEYS:
            problems.unknown([], key, TOP_KEYS)
    ruleset = _ruleset(problems, rules, now)
    levels = ruleset.regime.level_ids if ruleset is not None else None
    name = doc.get("name", "")
    if name is None:
        name = ""
    if not isinstance(name, str):
        problems.add(["name"], "must be text")
        name = ""
    defaults = doc.get("defaults") or {}
    if not isinstance(defaults, dict):
        problems.add(["defaults"], "must be a mapping, e.g. {max_pages: 300, render: auto}")
        defaults = {}
    for key, value in defaults.items():
        if key not in SETTINGS:
            problems.unknown(["defaults"], key, set(SETTINGS))
        else:
            problems.setting(["defaults", key], key, value)
    portals_doc = doc.get("portals")
    if not isinstance(portals_doc, list) or not portals_doc:
        import difflib

        misspelt = any(difflib.get_close_matches(str(k), ["portals"], n=1) for k in doc if k not in TOP_KEYS)
        if "portals" in doc or not misspelt:  # else "portal: … did you mean 'portals'" already says it
            problems.add(["portals"] if "portals" in doc else [], "portals: a non-empty list of portals is required")
        portals_doc = []
    seen_ids: dict[str, int] = {}  # id -> line of its first use
    seen_urls: dict[str, str] = {}  # normalised URL -> portal id
    positions: dict[str, int] = {}  # id -> index in portals (for the field path of a parent mistake)
    entries: list[PortalEntry] = []
    for i, p in enumerate(portals_doc):
        entry = _portal(problems, ["portals", i], p, seen_ids, seen_urls, levels, ruleset)
        if entry is not None:
            entries.append(entry)
            positions[entry.id] = i
    _check_parents(problems, entries, set(seen_ids), positions)
    problems.raise_if_any()
    top = ruleset.regime.top_level if ruleset is not None else ""
    provinces = [e for e in entries if e.level == top]
    if len(provinces) == 1:
        for e in entries:
            if e.parent is None and e.level != top:
                e.parent = provinces[0].id

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Registry(file=str(path), name=name.strip(), defaults=dict(defaults), portals=entries, digest=digest,
                    ruleset=ruleset)


def _ruleset(problems: _Problems, option: str | None, now: datetime | None) -> RuleSet | None:
    """The rule set named by ``--rules`` (``option``), else by the file's ``rules:`` (a path
    relative to the registry), else the default; None when ``rules:`` is wrong (noted). A
    mistake inside the rule file itself is raised as it is (its own file and line)."""
    if option:
        return load_rules(resolve_rules(option, now=now))
    spec = problems.doc.get("rules")
    if spec is None:
        return load_rules(resolve_rules(None))
    if not isinstance(spec, str) or not spec.strip():
        problems.add(["rules"], "must be a bundled rule set's name (e.g. decree43), auto, or a path to a rules file")
        return None
    try:
        found = resolve_rules(spec.strip(), now=now, base=problems.path.parent,
                              where=(problems.path, line_of(problems.doc, ["rules"]), "rules"))
    except RuleFileError as exc:
        problems.errors.append(exc)
        return None
    return load_rules(found)


def _portal(problems: _Problems, loc: list[Any], p: Any, seen_ids: dict[str, int],
            seen_urls: dict[str, str], levels: tuple[str, ...] | None = None,
            ruleset: RuleSet | None = None) -> PortalEntry | None:
    """One portal entry, or None when it has mistakes (each noted)."""
    from crawlers.options import parse_resolve

    if not isinstance(p, dict):
        problems.add(loc, "each portal is a mapping with id, name, url and level")
        return None
    before = len(problems.errors)
    for key in p:
        if key not in PORTAL_KEYS:
            problems.unknown(loc, key, PORTAL_KEYS)
    for req in ("id", "url", "level"):
        if req not in p or p[req] in (None, ""):
            problems.errors.append(RuleFileError(problems.path, line_of(problems.doc, loc + [req]),
                                                 field_path(loc + [req]), "required field is missing"))
    pid = p.get("id")
    if pid not in (None, ""):
        if not isinstance(pid, str) or not ID_RE.match(pid):
            problems.add(loc + ["id"], f"must be letters, digits, '-', '_' or '.' (at most 64), got {pid!r}")
        elif pid in seen_ids:
            problems.add(loc + ["id"], f"duplicate id {pid!r} (first used at line {seen_ids[pid]})")
        else:
            seen_ids[pid] = line_of(problems.doc, loc + ["id"]) or 0
    url = p.get("url")
    if url not in (None, ""):
        problem = check_url(url)
        if problem:
            problems.add(loc + ["url"], problem)
        else:
            url = str(url).strip()
            norm = url.rstrip("/").lower()
            if norm in seen_urls:
                problems.add(loc + ["url"], f"same URL as portal {seen_urls[norm]!r}")
            else:
                seen_urls[norm] = str(pid)
    level = p.get("level")
    if level not in (None, "") and not isinstance(level, str):
        problems.add(loc + ["level"], f"must be a level name, got {level!r}")
    elif level not in (None, "") and levels is not None and level not in levels:
        regime = f" of regime {ruleset.regime.id!r}" if ruleset is not None and ruleset.regime.id else ""
        problems.add(loc + ["level"], f"must be one of {', '.join(levels)}, got {level!r} (the levels{regime})")
    pname = p.get("name", pid)
    if pname is None or not isinstance(pname, str):
        problems.add(loc + ["name"], "must be text")
    parent = p.get("parent")
    if parent is not None and not isinstance(parent, str):
        problems.add(loc + ["parent"], "must be the id of another portal")
    resolve = p.get("resolve") or []
    if isinstance(resolve, str):
        resolve = [resolve]
    if not isinstance(resolve, list) or not all(isinstance(r, str) for r in resolve):
        problems.add(loc + ["resolve"], 'must be a list of "HOST:PORT:ADDR" strings')
        resolve = []
    for j, entry in enumerate(resolve):
        try:
            parse_resolve([entry])
        except ValueError as exc:
            problems.add(loc + ["resolve", j], str(exc))
    settings = {key: p[key] for key in SETTINGS if key in p and problems.setting(loc + [key], key, p[key])}
    scope = _scope(problems, loc, p.get("scope", "host"), url)
    if len(problems.errors) > before:
        return None
    pid, url, level = str(pid), str(url), str(level)  # checked above: text
    return PortalEntry(id=pid, name=str(pname or pid).strip() or pid, url=url, level=level, parent=parent,
                       resolve=list(resolve), settings=settings, line=line_of(problems.doc, loc), scope=scope)


def _scope(problems: _Problems, loc: list[Any], value: Any, url: Any) -> str:
    """``scope: host`` (the default) or ``scope: prefix``: a component site, which needs a
    URL with a folder (``https://hoaan.gov.vn/xa-binh-son/``)."""
    from crawlers.scope import SCOPES, prefix_of

    if value not in SCOPES:
        problems.add(loc + ["scope"], f"must be one of {', '.join(SCOPES)}, got {value!r}")
        return "host"
    if value == "prefix" and isinstance(url, str) and not check_url(url) and prefix_of(url.strip()) == "/":
        problems.add(loc + ["scope"], f"scope: prefix needs a URL with a path, e.g. https://host/xa-binh-son/, got {url!r}")
    return str(value)


def _check_parents(problems: _Problems, entries: list[PortalEntry], ids: set[str], positions: dict[str, int]) -> None:
    """Parents must be other portals of the file (``ids``: every id written, even on a portal
    with other mistakes, so one mistake is not reported twice), without loops."""
    for e in entries:
        if e.parent is None:
            continue
        loc = ["portals", positions[e.id], "parent"]
        if e.parent == e.id:
            problems.add(loc, "a portal cannot be its own parent")
        elif e.parent not in ids:
            problems.add(loc, f"no portal has id {e.parent!r} (ids: {', '.join(sorted(ids))})")
    # cycles (a -> b -> a) make no sense for a province tree
    by_id = {e.id: e for e in entries}
    for e in entries:
        seen, cur = {e.id}, e
        while cur.parent and cur.parent in by_id and cur.parent != cur.id:
            if cur.parent in seen:
                problems.add(["portals", positions[e.id], "parent"], f"parent chain loops back to {cur.parent!r}")
                break
            seen.add(cur.parent)
            cur = by_id[cur.parent]
