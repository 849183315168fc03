"""A language detector for the reports: which texts the *tool* wrote in the wrong language.

Reports mix two kinds of text: what the portal published (names, URLs, page excerpts,
selectors, matched words) and what d43 wrote (labels, messages, evidence notes,
measurements). Only the second must be in the report's language. The detector

1. collects the text nodes of a rendered report (HTML: every text node outside
   ``<script>``, ``<style>``, ``<blockquote>`` (excerpts), ``<code>`` (selectors, ids) and
   any element that declares another language with ``lang=…``; CSV/JUnit: every cell or
   line);
2. removes from each text the portal's own strings found in results.json (portal names,
   URLs, excerpts, rule ids, matched words, every string in evidence ``extra``), longest
   first, and URLs, e-mail addresses, numbers and document numbers ("43/2011/NĐ-CP");
3. judges what is left word by word:

   * Vietnamese report: every word must be a Vietnamese syllable (an initial consonant, a
     vowel nucleus and a final from Vietnamese orthography, diacritics stripped) or one of a
     few shared tokens (HTTP, WCAG, PDF, CMS …). English words almost never pass: "menu",
     "link", "searched", "days", "scan" are not Vietnamese syllables. (A few short English
     words are syllables too, "the", "to", "no": a sentence of English always holds others.)
   * English report: no Vietnamese-only letter (đ, ă, â, ê, ô, ơ, ư or a tone mark).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

SHARED = {
    "http", "https", "wcag", "pdf", "html", "url", "css", "js", "javascript", "cms", "axe", "axe-core", "dc", "dublin",
    "core", "utf", "tcvn", "vntime", "vni", "cp", "nd", "tt", "btttt", "qd", "ubnd", "tls", "px", "a", "aa", "aaa",
    "d43", "xlsx", "csv", "json", "junit", "email", "e-mail", "fax", "website", "web", "chromium", "ttg", "ct",
    "svg", "iso", "id", "www", "gov", "vn", "ok", "h1", "h2", "h3", "alt", "lang", "robots", "txt",
    "sitemap", "xml", "rss", "captcha", "aria", "ip", "dns", "menu", "unicode", "meta", "gis", "vd", "unikey",
    "vni-times", "accesskey", "google", "translate", "english", "en", "wcag2a", "wcag2aa", "bom", "excel", "word",
    "title", "label", "href",  # HTML attribute names in the WCAG help texts
}
_URL = re.compile(r"javascript:\S*|(?:https?|file|mailto):[^\s<>\"“”)]*|\b[\w.-]+\.(?:gov\.vn|com\.vn|vn|com|org|net)\b[^\s<>\"“”)]*",
                  re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w.-]+")
_DOCNO = re.compile(r"\b\d+/\d{4}/[A-ZĐa-zđ-]+\b|\(đ\)")  # document numbers; point "đ" of an article
# (Vietnamese points run a, b, c, d, đ, e …: an English citation keeps the point's letter)
# Code and names the tool quotes, not prose: HTML tags, Dublin Core names, charset=…, CLI
# options, anchors, file names and paths, text quoted from the page in “…”.
_CODE = re.compile(r"<[^<>]{1,80}>|\bDC\.\w+|\bcharset=[\w-]+|--[\w-]+(?:\s+(?:never|auto|always))?|#[\w-]+|"
                   r"(?:/[\w.-]+)+|\b[\w-]+\.(?:json|xlsx|csv|xml|yaml|html|warc\.gz)\b|“[^”]{0,200}”")
_ACRONYM = re.compile(r"^(?:[A-ZĐ]{1,5}|[IVX]{1,5})$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_VI_ONLY = re.compile(r"[đĐăĂâÂêÊôÔơƠưƯ]|[\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]")
_INITIAL = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_NUCLEUS = ("(?:uye|uya|uyu|uoi|uou|oai|oay|oeo|ieu|yeu|uay|uoi|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|"
            "uy|ye|a|e|i|o|u|y)")
_FINAL = "(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(f"^{_INITIAL}{_NUCLEUS}{_FINAL}$")
RAW_LABEL = "(nguyên văn, tiếng Anh):"  # reports/i18n.py "reason": what follows is verbatim English
SKIP_TAGS = {"script", "style", "blockquote", "code"}


def strip_marks(word: str) -> str:
    """``"Nghị"`` → ``"nghi"``, ``"đường"`` → ``"duong"``."""
    word = word.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def is_vietnamese_word(word: str) -> bool:
    if _ACRONYM.match(word):  # TCVN, HTTP, KĐ (a status abbreviation), III (a chapter)
        return True
    w = word.lower()
    if w in SHARED or len(w) == 1:
        return True
    return all(_SYLLABLE.match(strip_marks(part)) or part.lower() in SHARED for part in w.split("-"))


def portal_strings(doc: dict[str, Any]) -> list[str]:
    """Every string in results.json that came from the portal (or is an id), longest first."""
    found: set[str] = set()
    if doc.get("name"):
        found.add(doc["name"])

    def add(v: Any) -> None:
        if isinstance(v, str) and v.strip():
            found.add(v.strip())
            found.update(line.strip() for line in v.splitlines() if line.strip())
        elif isinstance(v, (list, tuple)):
            for x in v:
                add(x)

    for p in doc.get("portals", []):
        for k in ("id", "name", "url", "parent"):
            add(p.get(k))
        for r in p.get("results", []):
            add(r.get("rule"))
            for e in r.get("evidence", []):
                for k, v in e.items():
                    if k not in ("note", "notes", "reason"):
                        add(v)
    found.update(doc.get("rules", {}).get("meta", {}).keys())
    return sorted(found, key=len, reverse=True)


def portal_pattern(strings: list[str]) -> re.Pattern[str]:
    """One pattern for the portal's strings, matched as whole words only (a portal id "s"
    must not cut words of the tool's own text)."""
    ordered = sorted({" ".join(s.strip(" …").split()) for s in strings if s.strip(" …")}, key=len, reverse=True)
    return re.compile(r"(?<![\w@./-])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w@-])")


def remainder(text: str, portal: re.Pattern[str]) -> str:
    """``text`` without the portal's strings, e-mails, URLs, document numbers and code."""
    text = portal.sub(" ", " ".join(text.split()))
    for pat in (_EMAIL, _URL, _DOCNO, _CODE):
        text = pat.sub(" ", text)
    return text


def wrong_language(text: str, lang: str) -> list[str]:
    """The words of ``text`` that are not of ``lang`` (an empty list when all are)."""
    words = _WORD.findall(text)
    if lang == "vi":
        return [w for w in words if not is_vietnamese_word(w)]
    return [w for w in words if _VI_ONLY.search(unicodedata.normalize("NFD", w))]


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr", "img", "meta", "link", "input", "wbr"):
            return
        a = dict(attrs)
        skip = (tag in SKIP_TAGS or (tag != "html" and "lang" in a) or "url" in (a.get("class") or "").split()
                or (self.stack and self.stack[-1][1]))
        self.stack.append((tag, bool(skip)))
        for k in ("aria-label", "title", "alt"):
            if a.get(k) and not skip:
                self.texts.append(str(a[k]))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and not (self.stack and self.stack[-1][1]):
            self.texts.append(data)


def html_texts(page: str) -> list[str]:
    p = _Texts()
    p.feed(page)
    return p.texts


def junit_texts(data: str) -> list[str]:
    """What a CI page shows of a JUnit file: names, messages and bodies (not property keys,
    the portal's level or the ``type`` code)."""
    import xml.etree.ElementTree as ET

    out: list[str] = []
    for el in ET.fromstring(data).iter():
        if el.tag in ("testsuite", "testcase") and el.get("name"):
            out.append(el.get("name") or "")
        if el.tag in ("failure", "error") and el.get("message"):
            out.append(el.get("message") or "")
        if el.tag in ("failure", "error", "system-out") and el.text:
            # a raw technical reason is shown behind its label, declared English
            out += [line.split(RAW_LABEL)[0] for line in el.text.splitlines() if line.strip()]
    return out


def csv_texts(data: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data)) for c in row if c.strip()]


def problems(texts: list[str], lang: str, portal: re.Pattern[str]) -> list[tuple[str, list[str]]]:
    out = []
    for t in texts:
        bad = wrong_language(remainder(t, portal), lang)
        if bad:
            out.append((" ".join(t.split())[:160], bad))
    return out
