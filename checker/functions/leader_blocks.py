"""The text blocks of a leaders' page, in document order: step 1 of leader extraction
(:mod:`checker.functions.leader_extract`).

The content area (the template's declared main container, :func:`crawlers.dom.declared_main`,
else the body; boxes named by :data:`crawlers.dom.LAYOUT_WORD` removed) is cut into blocks:
paragraphs, cells, list items, headings. A data table's cells are prefixed with their column
header ("Nhiệm vụ: …"); a cell of a "Họ và tên" column is read as blocks of its own so that
the name starts one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin

from selectolax.lexbor import LexborHTMLParser

from crawlers.dom import LAYOUT_WORD, class_key, declared_main
from crawlers.snapshot import Page
from crawlers.text import fold

__all__ = ["Block", "Columns", "page_blocks"]

_BLOCK_TAGS = frozenset("""address article aside blockquote body dd div dl dt fieldset figcaption figure footer form
h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead tfoot tr td th ul center""".split())
# (Not <form>: ASP.NET WebForms wraps the whole page in one.)
_SKIP_TAGS = frozenset(["script", "style", "noscript", "template", "svg", "iframe", "select", "button", "input",
                        "textarea", "nav", "header", "footer", "aside"])
_INNER_BLOCK = ",".join(sorted(_BLOCK_TAGS - {"body"}))


@dataclass
class Block:
    text: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (absolute URL, link text)
    link_only: bool = False


# -- blocks -----------------------------------------------------------------------------------
def _abs(page: Page, href: str) -> str | None:
    href = (href or "").strip()
    if not href or href.lower().startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
        return None
    try:
        return urldefrag(urljoin(page.final_url, href))[0]
    except ValueError:
        return None


def _node_links(page: Page, node) -> list[tuple[str, str]]:
    out = []
    nodes = [node] if node.tag == "a" else []
    for a in nodes + list(node.css("a[href]")):
        url = _abs(page, a.attributes.get("href") or "")
        if url:
            text = " ".join(a.text(separator=" ").split())
            if not text:
                img = a.css_first("img")
                text = (img.attributes.get("alt") or "") if img is not None else ""
            out.append((url, text))
    return out


def _content_root(page: Page):
    tree = LexborHTMLParser(page.text or "<html></html>")
    for tag in _SKIP_TAGS:
        for n in tree.css(tag):
            n.decompose()
    main = declared_main(tree)
    for n in list(tree.css("[id], [class]")):
        if n.tag in ("body", "html") or (main is not None and n.mem_id == main.mem_id):
            continue
        if LAYOUT_WORD.search(class_key(n)):
            n.decompose()
    return main if main is not None and len(main.text(strip=True)) > 40 else tree.body


@dataclass(frozen=True)
class Columns:
    """How a leaders' table's column headers are read (the ``leaders`` rule's options, folded):
    ``person`` finds a header of a column holding the person (name, position: the cell is
    read as the leader's own blocks) and ``fact`` one holding a fact about them (then it is
    not the person's), both as whole words; ``header`` finds, anywhere in a cell, the words
    that make a first row of short cells a header row without ``<th>``."""

    person: re.Pattern[str]
    fact: re.Pattern[str]
    header: re.Pattern[str]

    @classmethod
    def of(cls, person: str, fact: str, header: str) -> Columns:
        """From three regex alternations (:func:`checker.vocabulary.alternation_of`)."""
        return cls(re.compile(rf"\b{person}\b"), re.compile(rf"\b{fact}\b"), re.compile(header))


def _header_row(table, columns: Columns) -> list[str] | None:
    rows = table.css("tr")
    if not rows:
        return None
    cells = rows[0].css("th, td")
    labels = [" ".join(c.text(separator=" ").split()) for c in cells]
    if rows[0].css_first("th") is not None or (
            len(labels) >= 2 and all(len(x) <= 40 for x in labels) and
            any(columns.header.search(fold(x)) for x in labels)):
        return labels
    return None


def _walk(page: Page, node, out: list[Block], columns: Columns) -> None:
    pending: list[str] = []
    links: list[tuple[str, str]] = []

    def flush() -> None:
        text = " ".join(" ".join(pending).split())
        if text:
            only = bool(links) and fold(text) == fold(" ".join(t for _, t in links))
            out.append(Block(text, list(links), only))
        pending.clear()
        links.clear()

    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            pending.append(child.text_content or "")
            continue
        if tag in _SKIP_TAGS or tag in ("-comment", "img"):
            if tag == "img":
                continue
            continue
        if tag == "br" or tag == "hr":
            flush()
            continue
        if tag == "table":
            flush()
            header = _header_row(child, columns)
            if header:
                for tr in child.css("tr")[1:]:
                    for i, cell in enumerate(tr.css("td, th")):
                        text = " ".join(cell.text(separator=" ").split())
                        if not text:
                            continue
                        label = header[i] if i < len(header) else ""
                        if label and columns.person.search(fold(label)) and not columns.fact.search(fold(label)):
                            # "Họ và tên, chức vụ": the cell *is* the leader ("<b>Name</b><br>Position"),
                            # read as blocks of its own so the name starts one.
                            _walk(page, cell, out, columns)
                            continue
                        out.append(Block(f"{label}: {text}" if label else text, _node_links(page, cell)))
            else:
                _walk(page, child, out, columns)
            continue
        if tag in _BLOCK_TAGS or child.css_first(_INNER_BLOCK) is not None:
            flush()
            _walk(page, child, out, columns)
            if tag == "a":
                url = _abs(page, child.attributes.get("href") or "")
                if url and out:
                    out[-1].links.append((url, out[-1].text))
            continue
        pending.append(child.text(separator=" "))
        links.extend(_node_links(page, child))
    flush()


def page_blocks(page: Page, columns: Columns) -> list[Block]:
    """The page's blocks; a table's column headers read with ``columns``."""
    root = _content_root(page)
    out: list[Block] = []
    if root is not None:
        _walk(page, root, out, columns)
    return out
