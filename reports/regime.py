"""What the reports say about the legal regime, taken from the results (``rules.regime``).

The regime is data of the rule file (checker/regime.py); results.json carries it, so a
report re-rendered later names the same document, its "Căn cứ …" sentence and its level
names, and states when the regime was already replaced on the as-of date. Results written
before the regime was stored are read through the bundled rule file of the same name, or
else named by the document their rules cite most.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from checker.results import ScanResults
from reports import citations
from reports.i18n import pick, strings

NOTICE = {
    "vi": {"replaced": "Lưu ý: {title} đã được thay thế bởi {successor}{successor_title} từ ngày {on}. Kết quả này "
                       "đánh giá theo {title}, không phải văn bản có hiệu lực tại thời điểm đánh giá ({as_of}).",
           "expired": "Lưu ý: {title} hết hiệu lực sau ngày {to}. Kết quả này đánh giá theo {title}, không phải văn "
                      "bản có hiệu lực tại thời điểm đánh giá ({as_of})."},
    "en": {"replaced": "Note: {title} was replaced by {successor}{successor_title} from {on}. These results judge the "
                       "portals against {title}, not the document in force on the as-of date ({as_of}).",
           "expired": "Note: {title} ceased to be in force after {to}. These results judge the portals against "
                      "{title}, not the document in force on the as-of date ({as_of})."},
}
INTRO = {"vi": "Tổng hợp kết quả kiểm tra việc cung cấp thông tin theo {title}.",
         "en": "Results of checking information provision under {title}."}
GENERIC_INTRO = {"vi": "Tổng hợp kết quả kiểm tra việc cung cấp thông tin trên cổng/trang thông tin điện tử.",
                 "en": "Results of checking information provision on government portals and websites."}


@dataclass
class RegimeView:
    """The regime in one language, ready for the templates."""

    id: str
    document: str  # number/symbol of the regime's document ("" when unknown)
    title: str  # how the reports name it
    document_label: str  # "Nghị định số …" (the document, numbered), for sentences of the Word report
    basis: str  # the summary's "Căn cứ …" sentence ("" when the rule file gives none)
    intro: str  # the dashboard's opening line
    levels: dict[str, str] = field(default_factory=dict)  # level id -> name
    notice: str = ""  # "replaced by …" when the as-of date is after the regime's in_force.to


def _main_document(results: ScanResults) -> str:
    """The document the rules cite most (results that carry no regime)."""
    count: Counter[str] = Counter()
    for meta in results.rules_meta.values():
        legal = meta.get("legal") if isinstance(meta, dict) else None
        for ref in citations.normalise(legal):
            if ref.document.number:
                count[ref.document.number] += 1
    return count.most_common(1)[0][0] if count else ""


def _date(iso: str, lang: str) -> str:
    parts = iso[:10].split("-")
    if len(parts) != 3:
        return iso
    return f"{parts[2]}/{parts[1]}/{parts[0]}" if lang == "vi" else iso[:10]


def view(results: ScanResults, lang: str) -> RegimeView:
    """The regime of ``results`` in ``lang``."""
    reg = results.regime  # {} when none: the application layer fills older results' from the bundled file
    number = str(reg.get("document") or "") or _main_document(results)
    doc = citations.document({"number": number, "kind": reg.get("kind") or "", "title": reg.get("document_title") or {}}
                             ) if number else None
    title = pick(reg.get("title"), lang) or (citations.label(doc, lang, number_word=False) if doc else "")
    levels = {str(k): pick(v, lang, str(k)) for k, v in (reg.get("levels") or {}).items()}
    intro = INTRO.get(lang, INTRO["vi"]).format(title=title) if title else GENERIC_INTRO.get(lang, GENERIC_INTRO["vi"])
    return RegimeView(id=str(reg.get("id") or results.rules_name), document=number, title=title,
                      document_label=citations.label(doc, lang) if doc else title, basis=pick(reg.get("basis"), lang),
                      intro=intro, levels=levels, notice=notice(reg, title, results.effective_as_of(), lang))


def notice(reg: dict[str, Any], title: str, as_of: str, lang: str) -> str:
    """"Replaced by …" when ``as_of`` is after the regime's last day in force, else ""."""
    to = str((reg.get("in_force") or {}).get("to") or "")
    day = as_of[:10]
    if not to or not day or day <= to:
        return ""
    words = NOTICE.get(lang, NOTICE["vi"])
    succ = reg.get("replaced_by")
    when = _date(day, lang)
    if isinstance(succ, dict) and succ.get("document"):
        doc = citations.document({"number": str(succ["document"]), "kind": succ.get("kind") or "",
                                  "title": succ.get("title") or {}})
        succ_title = pick(doc.title, lang)
        return words["replaced"].format(title=title, successor=citations.label(doc, lang),
                                        successor_title=f" ({succ_title})" if succ_title else "",
                                        on=_date(str(succ.get("from") or ""), lang) or "–", as_of=when)
    return words["expired"].format(title=title, to=_date(to, lang), as_of=when)


def labels(results: ScanResults, lang: str) -> dict[str, Any]:
    """The report strings of ``lang`` with the regime's own: its title (``decree``), the
    dashboard's intro, the summary's basis, the level names, the replaced-by notice."""
    s = dict(strings(lang))
    v = view(results, lang)
    s.update({"decree": v.title, "dash_intro": v.intro, "sum_basis": v.basis, "regime_notice": v.notice,
              "level": {**s.get("level", {}), **v.levels}, "regime_document": v.document_label})
    return s


def is_primary(doc: citations.Document, primary: str) -> bool:
    """Whether ``doc`` is the regime's document ``primary`` (number/symbol)."""
    return bool(primary) and doc.number.replace(" ", "").lower() == primary.replace(" ", "").lower()
