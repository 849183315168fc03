"""Legal citations from structured fields: the references of a rule, and their rendering.

A rule's legal basis is a list of references, each naming a document (number/symbol,
kind, title, validity dates) and a unit of it (chapter, article, clause, point, indent),
with a ``provisional`` flag when the unit is not confirmed from the official text. Text is
*rendered* from those fields, never typed by hand, because hand-typed citations misread:
"Điều 14; Thông tư 24/2011/TT-BTTTT Điều 4 khoản 1 Nghị định …" reads as Article 4 of
the Decree. Vietnamese drafting cites from the smallest unit to the document ("điểm a
khoản 1 Điều 10 Nghị định số …"); English from the document down ("Decree …, Art.
10(1)(a)"). Each document is named once; companion
documents (circulars, standards) are citations of their own with their own validity.

The loader (:mod:`checker.rules`) turns a rule file's ``legal`` into the stored form
(:func:`normalise`); the reports read that form from ``results.json``'s ``rules.meta``,
and still read the older hand-typed shape (``document``/``article``/``text``/``also``) of
results written before, through the same :func:`normalise`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

KINDS = ("decree", "circular", "directive", "decision", "law", "standard")
# How a kind is named before the number; standards are named by their number alone.
KIND_LABEL = {"vi": {"decree": "Nghị định", "circular": "Thông tư", "directive": "Chỉ thị",
                     "decision": "Quyết định", "law": "Luật", "standard": ""},
              "en": {"decree": "Decree", "circular": "Circular", "directive": "Directive",
                     "decision": "Decision", "law": "Law", "standard": ""}}
# Words that name a kind in front of a number in hand-typed text ("TT 28/2009/TT-BTTTT").
_KIND_WORDS = {"nghị định": "decree", "thông tư": "circular", "tt": "circular", "chỉ thị": "directive",
               "quyết định": "decision", "luật": "law", "decree": "decree", "circular": "circular",
               "directive": "directive", "decision": "decision", "law": "law"}
_ORDINAL = {"vi": ["thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "thứ tám"],
            "en": ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]}
_WORDS = {"vi": {"article": "Điều {0}", "clause": "khoản {0}", "point": "điểm {0}", "chapter": "Chương {0}",
                 "indent": "gạch đầu dòng {0}", "and": " và ", "number": "số ",
                 "from_to": "hiệu lực từ {0} đến {1}", "from": "hiệu lực từ {0}", "to": "hiệu lực đến {0}"},
          "en": {"article": "Art. {0}", "clause": "({0})", "point": "({0})", "chapter": "Chapter {0}",
                 "indent": "{0} indent", "and": " and ", "number": "",
                 "from_to": "in force {0} to {1}", "from": "in force from {0}", "to": "in force to {0}"}}


@dataclass(frozen=True)
class Document:
    """A legal document or standard, identified by its number/symbol (e.g. 24/2011/TT-BTTTT)."""

    number: str
    kind: str = ""
    title: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    valid_from: str = ""  # ISO date, for companion documents that came into or went out of force
    valid_to: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"number": self.number, "kind": self.kind}
        for k in ("title", "valid_from", "valid_to"):
            if getattr(self, k):
                d[k] = getattr(self, k)
        return d


@dataclass(frozen=True)
class Reference:
    """One unit of one document: chapter, or article › clause › point › indent."""

    document: Document
    chapter: str = ""
    article: str = ""
    clause: str = ""
    point: str = ""
    indent: int = 0
    provisional: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"document": self.document.to_dict()}
        for k in ("chapter", "article", "clause", "point", "indent", "provisional"):
            if getattr(self, k):
                d[k] = getattr(self, k)
        return d


def kind_of(number: str) -> str:
    """The kind a number/symbol implies: NĐ-CP a decree, TT- a circular, TCVN a standard."""
    n = number.upper()
    if re.match(r"^(TCVN|QCVN|ISO|IEC|W3C|WCAG)\b", n):
        return "standard"
    for mark, kind in (("NĐ-", "decree"), ("ND-", "decree"), ("TT-", "circular"), ("CT-", "directive"),
                       ("QĐ-", "decision"), ("QD-", "decision"), ("QH", "law")):
        if f"/{mark}" in n:
            return kind
    return ""


def _split_kind(text: str) -> tuple[str, str]:
    """("Thông tư 24/2011/TT-BTTTT") → ("circular", "24/2011/TT-BTTTT"); a bare number keeps kind ""."""
    t = " ".join(str(text).split())
    low = t.lower()
    for word in sorted(_KIND_WORDS, key=len, reverse=True):
        if low.startswith(word + " "):
            rest = t[len(word) + 1:].strip()
            rest = re.sub(r"^(số|No\.?)\s+", "", rest, flags=re.I)
            return _KIND_WORDS[word], rest
    return "", t


def document(value: Any, catalogue: dict[str, Any] | None = None) -> Document:
    """A :class:`Document` from a number/symbol (looked up in ``catalogue``, the rule file's
    ``documents``) or from a mapping with ``number`` and optional kind/title/validity."""
    catalogue = catalogue or {}
    if isinstance(value, Document):
        return value
    if isinstance(value, dict):
        spec = dict(value)
        number = str(spec.get("number") or "")
    else:
        kind, number = _split_kind(str(value or ""))
        spec = {"kind": kind} if kind else {}
    known = catalogue.get(number)
    if isinstance(known, dict):
        spec = {**known, **{k: v for k, v in spec.items() if v}}
    title = spec.get("title")
    return Document(number=number, kind=str(spec.get("kind") or kind_of(number)),
                    title=dict(title) if isinstance(title, dict) else ({"vi": title} if isinstance(title, str) and title else {}),
                    valid_from=str(spec.get("valid_from") or ""), valid_to=str(spec.get("valid_to") or ""))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def reference(spec: dict[str, Any], catalogue: dict[str, Any] | None = None, default: str = "") -> Reference:
    """One reference; ``default`` is the document of a reference that names none (results
    of the older shape cited the regime's document implicitly)."""
    indent = spec.get("indent")
    return Reference(document=document(spec.get("document") or default, catalogue), chapter=_text(spec.get("chapter")),
                     article=_text(spec.get("article")), clause=_text(spec.get("clause")),
                     point=_text(spec.get("point")), indent=indent if isinstance(indent, int) and indent > 0 else 0,
                     provisional=bool(spec.get("provisional")))


_UNIT = re.compile(r"(Điều|Art\.?|Article)\s+(\d+)|(khoản|clause)\s+(\d+)|(điểm|point)\s+([a-zđ])\b", re.I)


def parse(text: str, default: Document, catalogue: dict[str, Any] | None = None) -> Reference | None:
    """A reference from hand-typed text of the old shape's ``also`` ("Điều 17",
    "Thông tư 24/2011/TT-BTTTT, Điều 4 khoản 1", "TT 28/2009/TT-BTTTT (to 31/12/2020)").
    Remarks in parentheses are dropped: validity now comes from the document's fields."""
    t = re.sub(r"\([^)]*\)", "", str(text)).strip(" ,;")
    if not t:
        return None
    units = {"article": "", "clause": "", "point": ""}
    for m in _UNIT.finditer(t):
        if m.group(2):
            units["article"] = m.group(2)
        elif m.group(4):
            units["clause"] = m.group(4)
        elif m.group(6):
            units["point"] = m.group(6).lower()
    head = _UNIT.sub("", t).strip(" ,;")
    doc = document(head, catalogue) if head else default
    return Reference(document=doc, article=units["article"], clause=units["clause"], point=units["point"])


def normalise(legal: Any, catalogue: dict[str, Any] | None = None, default: str = "") -> list[Reference]:
    """The references of a ``legal`` value: the structured shape (``{refs: [...]}``) or the
    older one (``document``, ``article``, ``clause``, ``point``, ``chapter``, ``also``);
    ``default``: the document of a reference that names none."""
    if not isinstance(legal, dict):
        return []
    refs = legal.get("refs")
    if isinstance(refs, list):
        return [reference(r, catalogue, default) for r in refs if isinstance(r, dict)]
    first = reference(legal, catalogue, default)
    out = [first]
    for extra in legal.get("also") or []:
        ref = parse(str(extra), first.document, catalogue)
        if ref is not None and ref not in out:
            out.append(ref)
    return out


def stored(legal: Any, catalogue: dict[str, Any] | None = None) -> dict[str, Any]:
    """What ``rules.meta`` stores for a rule's legal basis: the resolved references, the note,
    and for readers of the older shape the first reference's fields, ``provisional`` (any
    reference) and ``text`` (the rendered citation in each language)."""
    refs = normalise(legal, catalogue)
    out: dict[str, Any] = {"refs": [r.to_dict() for r in refs]}
    if refs:
        first = refs[0]
        out["document"] = label(first.document, "vi", number_word=False)
        for k in ("chapter", "article", "clause", "point"):
            if getattr(first, k):
                out[k] = int(getattr(first, k)) if k in ("article", "clause") and getattr(first, k).isdigit() else getattr(first, k)
    out["provisional"] = any(r.provisional for r in refs)
    out["text"] = {lang: render(refs, lang) for lang in ("vi", "en")}
    note = legal.get("note") if isinstance(legal, dict) else None
    if note:
        out["note"] = note
    return out


# -- rendering ---------------------------------------------------------------------------------
def label(doc: Document, lang: str, *, number_word: bool = True) -> str:
    """"Thông tư số 24/2011/TT-BTTTT", "Circular 24/2011/TT-BTTTT", "TCVN 6909:2001"."""
    lang = lang if lang in KIND_LABEL else "vi"
    kind = KIND_LABEL[lang].get(doc.kind, "")
    if not kind:
        return doc.number
    return f"{kind} {_WORDS[lang]['number'] if number_word else ''}{doc.number}"


def _date(iso: str) -> str:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else iso


def validity(doc: Document, lang: str) -> str:
    w = _WORDS.get(lang, _WORDS["vi"])
    if doc.valid_from and doc.valid_to:
        return w["from_to"].format(_date(doc.valid_from), _date(doc.valid_to))
    if doc.valid_from:
        return w["from"].format(_date(doc.valid_from))
    if doc.valid_to:
        return w["to"].format(_date(doc.valid_to))
    return ""


def _ordinal(n: int, lang: str) -> str:
    words = _ORDINAL.get(lang, _ORDINAL["vi"])
    return words[n - 1] if 0 < n <= len(words) else str(n)


def _points(points: list[str], lang: str) -> str:
    w = _WORDS.get(lang, _WORDS["vi"])
    if lang == "en":
        parts = [f"({p})" for p in points]
    else:
        parts = [w["point"].format(p) for p in points]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + w["and"] + parts[-1]


def unit(ref: Reference, lang: str, points: list[str] | None = None) -> str:
    """The unit within its document: "điểm a khoản 1 Điều 10" / "Art. 10(1)(a)"."""
    w = _WORDS.get(lang, _WORDS["vi"])
    pts = points if points is not None else ([ref.point] if ref.point else [])
    indent = w["indent"].format(_ordinal(ref.indent, lang)) if ref.indent else ""
    if not ref.article:
        return w["chapter"].format(ref.chapter) if ref.chapter else ""
    if lang == "en":
        text = w["article"].format(ref.article)
        if ref.clause:
            text += w["clause"].format(ref.clause)
            if pts:
                text += _points(pts, lang)
        return f"{text}, {indent}" if indent else text
    parts = [indent] if indent else []
    if ref.clause and pts:
        parts.append(_points(pts, lang))
    if ref.clause:
        parts.append(w["clause"].format(ref.clause))
    parts.append(w["article"].format(ref.article))
    return " ".join(parts)


def _units(refs: list[Reference], lang: str) -> list[str]:
    """Units of one document in order, without repeats; points of one clause merged
    ("điểm b và điểm c khoản 1 Điều 6")."""
    merged: dict[tuple[str, str, str, int], list[str]] = {}
    first: dict[tuple[str, str, str, int], Reference] = {}
    for r in refs:
        key = (r.chapter, r.article, r.clause, r.indent)
        pts = merged.setdefault(key, [])
        first.setdefault(key, r)
        if r.point and r.point not in pts:
            pts.append(r.point)
    out = []
    for key, pts in merged.items():
        text = unit(first[key], lang, pts)
        if text and text not in out:
            out.append(text)
    return out


def citation(doc: Document, refs: list[Reference], lang: str) -> str:
    """One document's citation: its units, its name, its validity when it has one."""
    w = _WORDS.get(lang, _WORDS["vi"])
    units = _units(refs, lang)
    joined = units[0] if len(units) == 1 else (", ".join(units[:-1]) + w["and"] + units[-1]) if units else ""
    name = label(doc, lang)
    if not joined:
        text = name
    elif lang == "en":
        text = f"{name}, {joined}"
    else:
        text = f"{joined} {name}"
    when = validity(doc, lang)
    return f"{text} ({when})" if when else text


def by_document(refs: list[Reference]) -> list[tuple[Document, list[Reference]]]:
    """References grouped by document number, in order of first mention: each document once."""
    groups: dict[str, tuple[Document, list[Reference]]] = {}
    for r in refs:
        key = r.document.number.replace(" ", "").lower()
        groups.setdefault(key, (r.document, []))[1].append(r)
    return list(groups.values())


def render(refs: list[Reference], lang: str) -> str:
    """All citations of a rule, one per document, joined with "; "."""
    return "; ".join(citation(doc, rs, lang) for doc, rs in by_document(refs))


def is_primary(doc: Document, primary: str) -> bool:
    """Whether ``doc`` is ``primary`` (number/symbol): the regime's own document, whose
    articles order and group the findings (reports.regime)."""
    return bool(primary) and doc.number.replace(" ", "").lower() == primary.replace(" ", "").lower()
