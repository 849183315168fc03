"""The legal regime a rule file implements, as data (the rule file's ``regime:`` block).

A regime names its legal document (a key of the file's ``documents:``), its title and the
"Căn cứ …" sentence in both languages, the dates it is in force, what replaced it, and the
levels of portal it knows (``province``, ``department`` …) with their names. Nothing in
code names a decree: reports, the CLI's ``--level``, the registry's ``level`` and
``--rules auto`` all read it from here (docs/rules.md, "The regime").

The first level listed is the top of a province's tree (the provincial portal): portals
of the other levels default to it as their parent in a registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from checker.yamlfile import RuleFileError, line_of

REQUIRED = ("id", "document", "title", "levels")


@dataclass(frozen=True)
class Level:
    """A level of portal the regime knows, with its name in each language."""

    id: str
    name: dict[str, str]


@dataclass(frozen=True)
class Regime:
    """A rule file's legal regime (see the module docstring)."""

    id: str
    document: str = ""  # number/symbol, a key of the rule file's documents
    title: dict[str, str] = field(default_factory=dict)
    basis: dict[str, str] = field(default_factory=dict)
    in_force_from: str = ""  # ISO dates; "" when open
    in_force_to: str = ""
    replaced_by: dict[str, Any] | None = None  # {document, from, kind, title}: the successor as the documents name it
    levels: tuple[Level, ...] = ()
    document_kind: str = ""
    document_title: dict[str, str] = field(default_factory=dict)

    @property
    def level_ids(self) -> tuple[str, ...]:
        return tuple(lv.id for lv in self.levels)

    @property
    def top_level(self) -> str:
        """The level at the top of a province's tree (the first one declared)."""
        return self.levels[0].id if self.levels else ""

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def in_force_on(self, day: date) -> bool:
        """Whether the regime is in force on ``day`` (``from`` and ``to`` included); a
        regime without ``in_force`` is never chosen by date."""
        if not self.in_force_from:
            return False
        iso = day.isoformat()
        return self.in_force_from <= iso and (not self.in_force_to or iso <= self.in_force_to)

    def span(self) -> str:
        """"2011-10-01 – 2022-08-14", "from 2022-08-15", or "no in_force"."""
        if not self.in_force_from:
            return "no in_force"
        return f"{self.in_force_from} – {self.in_force_to}" if self.in_force_to else f"from {self.in_force_from}"

    def to_dict(self) -> dict[str, Any]:
        """What results.json stores (``rules.regime``), so reports render without the rule file."""
        d: dict[str, Any] = {"id": self.id, "document": self.document, "kind": self.document_kind,
                             "document_title": self.document_title, "title": self.title, "basis": self.basis,
                             "in_force": {k: v for k, v in (("from", self.in_force_from), ("to", self.in_force_to)) if v},
                             "replaced_by": self.replaced_by,
                             "levels": {lv.id: dict(lv.name) for lv in self.levels}}
        return d


def _iso(value: Any) -> Any:
    """YAML reads an unquoted 2022-08-15 as a date: keep it as ISO text."""
    return value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else value


def normalise_dates(doc: Any) -> None:
    """Turn unquoted YAML dates of the regime block into ISO text before validation."""
    regime = doc.get("regime") if isinstance(doc, dict) else None
    if not isinstance(regime, dict):
        return
    for key in ("in_force", "replaced_by"):
        block = regime.get(key)
        if isinstance(block, dict):
            for k in list(block):
                block[k] = _iso(block[k])


def parse(path: Path, doc: Any, documents: dict[str, Any], base: Regime | None, rule_levels: list[str]) -> Regime:
    """The regime of a validated rule document: its ``regime:`` block over the base file's
    (key by key; ``levels`` replaces the base's whole list). A file with neither declares
    an unnamed regime whose levels are those its rules use, in the order they first appear."""
    block = doc.get("regime")
    if block is None:
        if base is not None:
            return _with_documents(base, documents)
        name = str(doc.get("name", path.stem))
        return Regime(id=name, levels=tuple(Level(lv, {}) for lv in rule_levels))
    merged: dict[str, Any] = dict(_raw(base)) if base is not None else {}
    merged.update(block)
    missing = [k for k in REQUIRED if not merged.get(k)]
    if missing:
        raise RuleFileError(path, line_of(doc, ["regime"]), "regime", f"lacks {', '.join(missing)}")
    for key in ("from", "to"):
        value = (merged.get("in_force") or {}).get(key)
        if value:
            try:
                date.fromisoformat(str(value))
            except ValueError:
                raise RuleFileError(path, line_of(doc, ["regime", "in_force", key]), f"regime.in_force.{key}",
                                    f"not a date: {value!r}") from None
    in_force = merged.get("in_force") or {}
    if in_force.get("from") and in_force.get("to") and str(in_force["to"]) < str(in_force["from"]):
        raise RuleFileError(path, line_of(doc, ["regime", "in_force", "to"]), "regime.in_force.to",
                            f"ends ({in_force['to']}) before it starts ({in_force['from']})")
    for loc in (["regime", "document"], ["regime", "replaced_by", "document"]):
        owner = merged if len(loc) == 2 else (merged.get("replaced_by") or {})
        number = owner.get(loc[-1])
        if number and number not in documents:
            raise RuleFileError(path, line_of(doc, loc), ".".join(loc),
                                f"{number!r} is not a key of documents: (known: {', '.join(documents) or 'none'})")
    levels = tuple(Level(str(k), dict(v)) for k, v in dict(merged["levels"]).items())
    return _with_documents(Regime(
        id=str(merged["id"]), document=str(merged["document"]), title=dict(merged["title"]),
        basis=dict(merged.get("basis") or {}), in_force_from=str(in_force.get("from") or ""),
        in_force_to=str(in_force.get("to") or ""),
        replaced_by=dict(merged["replaced_by"]) if merged.get("replaced_by") else None, levels=levels), documents)


def _raw(regime: Regime) -> dict[str, Any]:
    in_force = {k: v for k, v in (("from", regime.in_force_from), ("to", regime.in_force_to)) if v}
    out: dict[str, Any] = {"id": regime.id, "document": regime.document, "title": regime.title,
                           "basis": regime.basis, "levels": {lv.id: lv.name for lv in regime.levels}}
    if in_force:
        out["in_force"] = in_force
    if regime.replaced_by:
        out["replaced_by"] = {k: regime.replaced_by[k] for k in ("document", "from") if k in regime.replaced_by}
    return out


def _with_documents(regime: Regime, documents: dict[str, Any]) -> Regime:
    """The regime with its document's and its successor's kind and title from ``documents``."""
    from reports import citations

    doc = citations.document(regime.document, documents) if regime.document else None
    replaced = None
    if regime.replaced_by:
        succ = citations.document(str(regime.replaced_by.get("document", "")), documents)
        replaced = {"document": succ.number, "from": str(regime.replaced_by.get("from") or ""), "kind": succ.kind,
                    "title": dict(succ.title)}
    return Regime(id=regime.id, document=regime.document, title=regime.title, basis=regime.basis,
                  in_force_from=regime.in_force_from, in_force_to=regime.in_force_to, replaced_by=replaced,
                  levels=regime.levels, document_kind=doc.kind if doc else "",
                  document_title=dict(doc.title) if doc else {})
