"""What can be judged from a page's HTML alone, without a browser.

This is a *subset* of what axe-core checks in Chromium (no contrast, no keyboard, no
scripts, no CSS), so rule ``a11y.wcag`` turns its findings into ``review``, never ``pass``.
Each finding carries the axe rule id it stands for, so a report groups static and browser
findings the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.a11y import rule_wcag
from checker.results import Bi, bi
from crawlers.snapshot import Page

# Impacts axe-core gives these rules (axe-core 4.x rule metadata).
IMPACT = {"html-has-lang": "serious", "html-lang-valid": "serious", "document-title": "serious",
          "image-alt": "critical", "input-image-alt": "critical", "label": "critical", "select-name": "critical",
          "link-name": "serious", "button-name": "critical", "input-button-name": "critical",
          "frame-title": "serious", "page-has-heading-one": "moderate", "heading-order": "moderate",
          "empty-heading": "minor"}
STATIC_RULES = tuple(IMPACT)

_LANG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")
_NO_LABEL_INPUTS = {"hidden", "submit", "button", "reset", "image"}
_MAX_PER_RULE = 50


@dataclass
class Finding:
    axe_id: str
    selector: str
    html: str
    note: str = ""

    @property
    def impact(self) -> str:
        return IMPACT.get(self.axe_id, "moderate")

    @property
    def wcag(self) -> str:
        return rule_wcag(self.axe_id)


def _heading_level(h) -> int:
    """1–6 for an ``<h1>``–``<h6>`` node (what the ``h1, …, h6`` selector returns)."""
    return int((h.tag or "h0")[1])


def check_page(page: Page) -> list[Finding]:
    """Static findings on one page (at most 50 per rule)."""
    tree = page.tree
    out: list[Finding] = []

    def add(rule: str, node, note: str = "") -> None:
        if sum(1 for f in out if f.axe_id == rule) < _MAX_PER_RULE:
            out.append(Finding(rule, css_path(node) if node is not None else "html", _html(node), note))

    html = tree.css_first("html")
    lang = (html.attributes.get("lang") or html.attributes.get("xml:lang") or "").strip() if html is not None else ""
    if not lang:
        add("html-has-lang", html, Bi("thẻ <html> không có thuộc tính lang", "no lang attribute on <html>"))
    elif not _LANG.match(lang):
        add("html-lang-valid", html, bi("lang={!r} không phải mã ngôn ngữ", "lang={!r} is not a language code", lang))

    title = tree.css_first("title")
    if title is None or not " ".join(title.text().split()):
        add("document-title", title if title is not None else html, Bi("không có thẻ <title>", "no <title>") if title is None
            else Bi("thẻ <title> trống", "empty <title>"))

    ids_labelled = {(n.attributes.get("for") or "").strip() for n in tree.css("label[for]")}
    for img in tree.css("img"):
        a = img.attributes
        if "alt" in a or _role(img) in ("presentation", "none") or _aria_name(a):
            continue
        add("image-alt", img)
    for inp in tree.css("input[type=image]"):
        if not ((inp.attributes.get("alt") or "").strip() or _aria_name(inp.attributes)):
            add("input-image-alt", inp)

    for field_node in tree.css("input, select, textarea"):
        a = field_node.attributes
        kind = (a.get("type") or "text").lower()
        if field_node.tag == "input" and kind in _NO_LABEL_INPUTS:
            if kind == "button" and not ((a.get("value") or "").strip() or _aria_name(a)):
                add("input-button-name", field_node)
            continue
        if _aria_name(a) or (a.get("placeholder") or "").strip() and field_node.tag != "select":
            continue
        if (a.get("id") or "").strip() in ids_labelled and (a.get("id") or "").strip():
            continue
        if _has_ancestor(field_node, "label"):
            continue
        add("select-name" if field_node.tag == "select" else "label", field_node)

    for link in tree.css("a[href]"):
        if _accessible_text(link) or _aria_name(link.attributes) or _role(link) in ("presentation", "none"):
            continue
        add("link-name", link)
    for button in tree.css("button"):
        if _accessible_text(button) or _aria_name(button.attributes):
            continue
        add("button-name", button)
    for frame in tree.css("iframe, frame"):
        if not _aria_name(frame.attributes):
            add("frame-title", frame)

    levels: list[int] = []
    for h in tree.css("h1, h2, h3, h4, h5, h6"):
        if not _accessible_text(h):
            add("empty-heading", h)
            continue
        levels.append(_heading_level(h))
    if 1 not in levels:
        add("page-has-heading-one", tree.css_first("body") or html, Bi("trang không có thẻ <h1>", "no <h1> on the page"))
    prev = 0
    for h in tree.css("h1, h2, h3, h4, h5, h6"):
        lvl = _heading_level(h)
        if prev and lvl > prev + 1:
            add("heading-order", h, bi("sau <h{}> là <h{}>", "<h{}> is followed by <h{}>", prev, lvl))
        if _accessible_text(h):
            prev = lvl
    return out


def _role(node) -> str:
    return (node.attributes.get("role") or "").strip().lower()


def _aria_name(attrs) -> bool:
    return any((attrs.get(k) or "").strip() for k in ("aria-label", "aria-labelledby", "title"))


def _accessible_text(node) -> bool:
    if " ".join((node.text(deep=True) or "").split()):
        return True
    for img in node.css("img, input[type=image]"):
        if (img.attributes.get("alt") or "").strip() or _aria_name(img.attributes):
            return True
    return any(svg.css_first("title") is not None or _aria_name(svg.attributes) for svg in node.css("svg"))


def _has_ancestor(node, tag: str) -> bool:
    n = node.parent
    while n is not None:
        if n.tag == tag:
            return True
        n = n.parent
    return False


def _html(node) -> str:
    if node is None:
        return ""
    raw = node.html or ""
    if len(raw) > 200:
        # opening tag only, for elements with large content
        end = raw.find(">")
        raw = raw[: end + 1] + "…" if 0 < end < 200 else raw[:200] + "…"
    return " ".join(raw.split())


def css_path(node) -> str:
    """A CSS selector for ``node``: from the nearest ancestor with an id, else from <html>,
    with ``:nth-of-type`` where siblings share the tag."""
    parts: list[str] = []
    n = node
    while n is not None and n.tag not in ("-undef", "#document", None):
        ident = (n.attributes.get("id") or "").strip()
        if ident and re.fullmatch(r"[A-Za-z][\w-]*", ident):
            parts.append(f"#{ident}")
            break
        parent = n.parent
        part = n.tag
        if parent is not None and n.tag not in ("html", "body", "head"):
            same = [c for c in _children(parent) if c.tag == n.tag]
            if len(same) > 1:
                idx = next((i for i, c in enumerate(same, 1) if c.mem_id == n.mem_id), 1)
                part += f":nth-of-type({idx})"
        parts.append(part)
        if n.tag == "html":
            break
        n = parent
    return " > ".join(reversed(parts))


def _children(node):
    c = node.child
    while c is not None:
        if c.tag and not c.tag.startswith("-") and c.tag != "_text":
            yield c
        c = c.next
