"""Results: the ``d43.results/1`` document (docs/results.md, docs/results.schema.json) and its Python model.

Extensions over the contract are additive: ``messages`` ({vi, en}) beside ``message``
(English), ``rules.meta`` (titles, legal basis, severity, weight, help per rule, so that
``d43 report`` can re-render without the rules file), and per-portal ``status``,
``error``, ``crawl`` and ``errors``; provenance: ``as_of`` (the time the verdicts were
computed for, scan-wide and per portal), ``rules.name``, ``rules.regime`` (the legal regime
the rules implement: id, document, title, basis, in force, replaced by, levels — what the
reports name), ``tool`` (d43's version) and the portal's ``duration_s`` (wall-clock seconds
of crawl, gathering and evaluation).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker import __version__

SCHEMA = "d43.results/1"
STATUSES = ("pass", "fail", "review", "not_applicable", "error")
MAX_EXCERPT = 300  # characters; page content is untrusted and unbounded


class Bi(str):
    """A text d43 writes, in both languages: the ``str`` value is the English text (so every
    place that takes a plain note still works), :attr:`vi` the Vietnamese one.

    ``Bi("đã tìm", "searched")``. Concatenating gives a plain (English) ``str``: build the
    whole text in both languages first, then wrap it.
    """

    vi: str

    def __new__(cls, vi: str, en: str) -> Bi:
        obj = super().__new__(cls, en)
        obj.vi = vi
        return obj

    @property
    def en(self) -> str:
        return str.__str__(self)

    def __reduce__(self) -> tuple[Any, ...]:  # pickles across the scan's worker processes
        return (Bi, (self.vi, self.en))


@dataclass
class Evidence:
    """A place a person can check: the URL and a short excerpt of what was (not) found.

    ``note`` is English (the results.json contract); ``notes`` ({"vi", "en"}) is the note in
    both languages, serialised beside it. Pass a :class:`Bi` as ``note`` to fill both.
    ``extra["reason"]``, when present, is a technical reason from outside d43 (an exception,
    a browser's error), kept verbatim: the notes give the lead-in in each language.
    """

    url: str
    excerpt: str = ""
    note: str = ""  # e.g. "HTTP 404", "searched", "axe: image-alt"
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. selector, impact, wcag
    notes: dict[str, str] = field(default_factory=dict)  # {"vi": …, "en": …}

    def __post_init__(self) -> None:
        if isinstance(self.note, Bi):
            self.notes = {"vi": self.note.vi, "en": self.note.en, **self.notes}
            self.note = self.note.en

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"url": self.url[:2000], "excerpt": (self.excerpt or "")[:MAX_EXCERPT]}
        if self.note:
            d["note"] = self.note[:MAX_EXCERPT]
        if self.notes:
            d["notes"] = {k: str(v)[:MAX_EXCERPT] for k, v in self.notes.items()}
        if self.extra:
            d.update({k: v for k, v in self.extra.items() if k not in d})
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        known = {"url", "excerpt", "note", "notes"}
        notes = d.get("notes")
        return cls(url=d.get("url", ""), excerpt=d.get("excerpt", ""), note=d.get("note", ""),
                   extra={k: v for k, v in d.items() if k not in known},
                   notes={k: v for k, v in notes.items() if isinstance(v, str)} if isinstance(notes, dict) else {})

    def note_in(self, lang: str) -> str:
        """The note in ``lang``; an old results.json has only the English ``note``."""
        return self.notes.get(lang) or self.note


@dataclass
class RuleResult:
    rule: str
    status: str
    message: str  # English
    messages: dict[str, str] = field(default_factory=dict)  # {"vi": …, "en": …}
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "status": self.status, "message": self.message,
                "messages": self.messages or {"en": self.message},
                "evidence": [e.to_dict() for e in self.evidence]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RuleResult:
        return cls(rule=d["rule"], status=d["status"], message=d.get("message", ""),
                   messages=d.get("messages") or {"en": d.get("message", "")},
                   evidence=[Evidence.from_dict(e) for e in d.get("evidence", [])])


@dataclass
class PortalResult:
    id: str
    name: str
    url: str
    level: str
    score: float | None = None
    pages_fetched: int = 0
    results: list[RuleResult] = field(default_factory=list)
    status: str = "ok"  # "ok", or "error" when the portal could not be scanned at all
    error: str | None = None
    errors: list[str] = field(default_factory=list)  # fetch problems met during the crawl
    crawl: dict[str, Any] = field(default_factory=dict)  # duration, rendered pages, tls …
    parent: str | None = None
    started_at: str = ""
    finished_at: str = ""
    as_of: str = ""  # the time the verdicts were computed for (``now`` of the evaluation)
    duration_s: float | None = None  # crawl + gathering + evaluation, wall clock

    def counts(self) -> dict[str, int]:
        c = {s: 0 for s in STATUSES}
        for r in self.results:
            c[r.status] = c.get(r.status, 0) + 1
        return c

    def result(self, rule_id: str) -> RuleResult | None:
        return next((r for r in self.results if r.rule == rule_id), None)

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "name": self.name, "url": self.url, "level": self.level,
             "score": self.score, "pages_fetched": self.pages_fetched,
             "status": self.status, "error": self.error, "parent": self.parent,
             "started_at": self.started_at, "finished_at": self.finished_at,
             "as_of": self.as_of, "duration_s": self.duration_s,
             "counts": self.counts(), "crawl": self.crawl, "errors": self.errors[:200],
             "results": [r.to_dict() for r in self.results]}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PortalResult:
        return cls(id=d["id"], name=d.get("name", d["id"]), url=d["url"], level=d["level"],
                   score=d.get("score"), pages_fetched=d.get("pages_fetched", 0),
                   results=[RuleResult.from_dict(r) for r in d.get("results", [])],
                   status=d.get("status", "ok"), error=d.get("error"), errors=d.get("errors", []),
                   crawl=d.get("crawl", {}), parent=d.get("parent"),
                   started_at=d.get("started_at", ""), finished_at=d.get("finished_at", ""),
                   as_of=d.get("as_of") or "",
                   duration_s=d["duration_s"] if isinstance(d.get("duration_s"), (int, float)) else None)


@dataclass
class ScanResults:
    rules_file: str
    rules_version: str
    started_at: str
    finished_at: str = ""
    portals: list[PortalResult] = field(default_factory=list)
    rules_meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    name: str = ""  # e.g. the province name from the registry
    as_of: str = ""  # the time the verdicts were computed for; each portal records its own too
    rules_name: str = ""  # the rule set's name (e.g. decree43), not its file
    tool_version: str = __version__  # d43's version that computed the verdicts ("" when unknown)
    regime: dict[str, Any] = field(default_factory=dict)  # checker.regime.Regime.to_dict(); {} in older results

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "name": self.name,
                "rules": {"file": self.rules_file, "name": self.rules_name, "version": self.rules_version,
                          **({"regime": self.regime_provenance()} if self.regime else {}), "meta": self.rules_meta},
                "tool": {"name": "d43", "version": self.tool_version},
                "started_at": self.started_at, "finished_at": self.finished_at, "as_of": self.effective_as_of(),
                "portals": [p.to_dict() for p in self.portals]}

    def regime_provenance(self) -> dict[str, Any]:
        """The stored regime plus ``in_force_on_as_of``: false when the as-of date is outside
        the regime's in_force (e.g. a regime already replaced: ``replaced_by`` says by what)."""
        out = {k: v for k, v in self.regime.items() if k != "in_force_on_as_of"}
        raw = out.get("in_force")
        in_force: dict[str, Any] = raw if isinstance(raw, dict) else {}
        day = self.effective_as_of()[:10]
        if in_force.get("from") and day:
            out["in_force_on_as_of"] = str(in_force["from"]) <= day and (not in_force.get("to") or day <= str(in_force["to"]))
        return out

    def rule_set_name(self) -> str:
        """``rules_name``, else (older results) the stem of ``rules_file``, never its folder."""
        if self.rules_name or not self.rules_file:
            return self.rules_name
        return self.rules_file.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]

    def effective_as_of(self) -> str:
        """``as_of``, else the earliest of the portals' (each portal is judged as of its own
        time when the scan was given no ``now``), else the scan's start."""
        if self.as_of:
            return self.as_of
        times = sorted(p.as_of for p in self.portals if p.as_of)
        return times[0] if times else self.started_at

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ScanResults:
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} document (schema: {d.get('schema')!r})")
        rules = d.get("rules", {})
        return cls(rules_file=rules.get("file", ""), rules_version=rules.get("version", ""),
                   rules_meta=rules.get("meta", {}), started_at=d.get("started_at", ""),
                   finished_at=d.get("finished_at", ""), name=d.get("name", ""),
                   as_of=d.get("as_of") or "", rules_name=rules.get("name", ""),
                   regime=rules["regime"] if isinstance(rules.get("regime"), dict) else {},
                   tool_version=(d.get("tool") or {}).get("version", "") if isinstance(d.get("tool"), dict) else "",
                   portals=[PortalResult.from_dict(p) for p in d.get("portals", [])])

    def write(self, path: str | Path) -> None:
        """Write atomically: a reader never sees a half-written file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def read(cls, path: str | Path) -> ScanResults:
        """Read a results.json, validated first: a file that is not JSON, is another
        document, or lacks a field raises :class:`ResultsFileError` (one line naming the
        file and the field), never a KeyError deep in the model."""
        path = Path(path)
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ResultsFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ResultsFileError(f"{path}: not UTF-8 text (is it a results.json?)") from None
        except json.JSONDecodeError as exc:
            raise ResultsFileError(f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
        problem = results_problem(doc)
        if problem:
            raise ResultsFileError(f"{path}: {problem}")
        return cls.from_dict(doc)


class ResultsFileError(ValueError):
    """A results.json (``--baseline``, ``d43 report``) that cannot be read; one line."""


def results_problem(doc: Any) -> str | None:
    """What makes ``doc`` unusable as a ``d43.results/1`` document (the first problem), or None.

    Checks exactly what :meth:`ScanResults.from_dict` and the gate rely on: the schema, the
    portals with their id, url and level, and each rule result's rule and status."""
    if not isinstance(doc, dict):
        return f"not a {SCHEMA} document (a JSON object is expected, got {type(doc).__name__})"
    if doc.get("schema") != SCHEMA:
        return f"not a {SCHEMA} document (schema: {doc.get('schema')!r})"
    portals = doc.get("portals")
    if not isinstance(portals, list):
        return "portals: missing or not a list"
    for i, p in enumerate(portals):
        if not isinstance(p, dict):
            return f"portals[{i}]: not an object"
        for key in ("id", "url", "level"):
            if not isinstance(p.get(key), str):
                return f"portals[{i}].{key}: missing or not text"
        results = p.get("results", [])
        if not isinstance(results, list):
            return f"portals[{i}].results: not a list"
        for j, r in enumerate(results):
            if not isinstance(r, dict) or not isinstance(r.get("rule"), str):
                return f"portals[{i}].results[{j}].rule: missing or not text"
            if r.get("status") not in STATUSES:
                return (f"portals[{i}].results[{j}].status: must be one of {', '.join(STATUSES)}, "
                        f"got {r.get('status')!r}")
            if not isinstance(r.get("evidence", []), list):
                return f"portals[{i}].results[{j}].evidence: not a list"
    for key in ("rules",):
        if key in doc and not isinstance(doc[key], dict):
            return f"{key}: not an object"
    return None


def bi(vi: str, en: str, *args: Any, **kwargs: Any) -> Bi:
    """``Bi(vi.format(...), en.format(...))`` where each argument that is a :class:`Bi` gives
    its own language to each side: ``bi("đã loại: {}", "rejected: {}", j.reason)``."""
    def side(v: Any, lang: str) -> Any:
        return (v.vi if lang == "vi" else v.en) if isinstance(v, Bi) else v

    return Bi(vi.format(*(side(a, "vi") for a in args), **{k: side(v, "vi") for k, v in kwargs.items()}),
              en.format(*(side(a, "en") for a in args), **{k: side(v, "en") for k, v in kwargs.items()}))


def bi_join(sep: str, items: list[Any]) -> Bi:
    """``sep.join(items)`` in each language (plain strings are the same in both)."""
    return Bi(sep.join(i.vi if isinstance(i, Bi) else str(i) for i in items),
              sep.join(i.en if isinstance(i, Bi) else str(i) for i in items))


def fetch_failed(url: str, reason: str | None, excerpt: str = "") -> Evidence:
    """Evidence of a page that could not be fetched; the fetcher's own words (an exception,
    in English) go to ``extra["reason"]``, the note says so in each language."""
    return Evidence(url, excerpt, Bi("không tải được", "fetch failed"), {"reason": reason} if reason else {})
