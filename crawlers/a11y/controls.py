"""Support controls and their measurements, as plain data both sides share.

The gatherer (crawlers/a11y/support.py) uses this module to recognise a control in the
rendered DOM by its label (the rule's vocabularies) and to know when a click "did
something" (to stop after the first working control, to poll until the page settles);
the check (checker/functions/a11y.py) uses the *same* functions to judge the recorded
measurements. One heuristic, two readers: the verdict of a replay is the verdict of the
live run. Nothing here touches a browser.

Categories (the label vocabularies come from the rule's YAML options):

- ``text_larger`` / ``text_smaller``: "A+", "Tăng cỡ chữ" … — *tested*: after a click the
  median rendered font size (``font-size`` × CSS ``zoom``) of the page's visible text must
  grow (shrink).
- ``contrast``: "Tương phản cao", "Chế độ màu" … — *tested*: after a click the text/background
  colours of the page (or a CSS ``filter`` on ``<html>``/``<body>``) must change.
- ``read_aloud``, ``keyboard`` (skip links, ``accesskey``), ``help_page`` — *found*, not tested.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from crawlers.text import Terms, fold

TEXT_LARGER, TEXT_SMALLER, CONTRAST = "text_larger", "text_smaller", "contrast"
READ_ALOUD, KEYBOARD, HELP_PAGE = "read_aloud", "keyboard", "help_page"
CATEGORIES = (TEXT_LARGER, TEXT_SMALLER, CONTRAST, READ_ALOUD, KEYBOARD, HELP_PAGE)
TESTABLE = (TEXT_LARGER, TEXT_SMALLER, CONTRAST)

MAX_LABEL = 60
EXTRA_WORDS = 3  # words a label may have beyond the vocabulary phrase it matched
# thresholds for "it did something"
MIN_FONT_PX = 0.5  # median font size must move by at least this …
MIN_FONT_RATIO = 0.02  # … and by at least 2 %
MIN_SIZE_SHARE = 0.2  # or this share of text elements grew (shrank) by 2 %
MIN_COLOR_SHARE = 0.2  # share of text elements whose colour pair changed


# -- vocabularies ----------------------------------------------------------------------------
def _symbol_form(text: str) -> str:
    t = (text or "").replace("＋", "+").replace("−", "-").replace("–", "-").replace("—", "-").replace("﹣", "-")
    return "".join(t.split()).upper()


class Vocab:
    """Labels of one category. Word phrases are matched like everywhere in d43 (folded,
    whole words); short symbol labels ("A+", "A-", which fold to "a") must equal the whole
    label, spaces ignored."""

    def __init__(self, phrases: Iterable[str]):
        phrases = [p for p in phrases if p and p.strip()]
        self.symbols = {_symbol_form(p): p for p in phrases if len(fold(p).replace(" ", "")) <= 2}
        self.words = Terms([p for p in phrases if len(fold(p).replace(" ", "")) > 2])
        self._seen: dict[str, str | None] = {}  # label -> hit (menus repeat on every page)

    def match(self, labels: Iterable[str]) -> str | None:
        for label in labels:
            if not label or len(label) > MAX_LABEL:
                continue
            if label not in self._seen:
                self._seen[label] = self._match_one(label)
            if self._seen[label]:
                return self._seen[label]
        return None

    def _match_one(self, label: str) -> str | None:
        if self.symbols:
            hit = self.symbols.get(_symbol_form(label))
            if hit:
                return hit
        folded = fold(label)
        found = self.words.find(folded)
        # a control's label is short: "Hỗ trợ người khuyết tật" is a feature, the news
        # headline "Hỗ trợ người khuyết tật tìm việc làm tại huyện" is not
        if found and len(folded.split()) <= len(found.split()) + EXTRA_WORDS:
            return found
        return None


@dataclass
class Vocabularies:
    by_category: dict[str, Vocab]
    scripts: list[str] = field(default_factory=list)  # folded read-aloud script hints

    @classmethod
    def build(cls, lists: dict[str, Any], scripts: Iterable[str]) -> Vocabularies:
        return cls({c: Vocab(lists.get(c) or []) for c in CATEGORIES}, [s.lower() for s in scripts if s])

    def shown_label(self, category: str, labels: list[str]) -> str:
        """The label that matched (e.g. the title "Trợ năng" of an icon bar whose text is
        "A+ A A- ◑"), for evidence."""
        vocab = self.by_category[category]
        return next((x for x in labels if vocab.match([x])), labels[0] if labels else "")[:MAX_LABEL]

    def classify(self, labels: list[str], *, is_link: bool, href: str) -> tuple[str, str] | None:
        """(category, matched phrase) for a control's labels, or None."""
        for cat in (TEXT_LARGER, TEXT_SMALLER, CONTRAST, READ_ALOUD):
            hit = self.by_category[cat].match(labels)
            if hit:
                return cat, hit
        hit = self.by_category[KEYBOARD].match(labels)
        if hit and (not is_link or href.startswith("#")):
            return KEYBOARD, hit
        hit = self.by_category[HELP_PAGE].match(labels)
        if hit:
            return HELP_PAGE, hit
        return None


# -- found controls ----------------------------------------------------------------------------
@dataclass
class Control:
    category: str
    label: str  # what the visitor sees (first label)
    matched: str  # the vocabulary phrase it matched
    page_url: str
    selector: str  # readable selector for the report
    path: str = ""  # full :nth-child path in the rendered DOM ("" for static finds)
    html: str = ""
    href: str = ""
    clickable: bool = True
    visible: bool = True
    source: str = "browser"  # "browser" (rendered DOM) or "static" (fetched HTML)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Control:
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


def pick(found: list[Control]) -> list[Control]:
    """One control per element: of nested matches of the same category keep the clickable
    innermost one (``<li><a>A+</a></li>`` -> the ``<a>``)."""
    keep: list[Control] = []
    for c in found:
        nested = [d for d in found if d is not c and d.category == c.category and d.path and c.path
                  and d.path.startswith(c.path + " > ")]
        if nested and (not c.clickable or any(d.clickable for d in nested)):
            continue
        keep.append(c)
    return keep


def dedupe(controls: Iterable[Control]) -> list[Control]:
    """One control per (category, label, selector): menus repeat on every page."""
    out, seen = [], set()
    for c in controls:
        key = (c.category, c.label, c.selector)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def classify_candidates(raw: dict[str, Any], vocab: Vocabularies, page_url: str) -> list[Control]:
    """Controls among the candidates support.js listed in a rendered page."""
    found: list[Control] = []
    for cand in raw.get("candidates") or []:
        href = cand.get("href") or ""
        hit = vocab.classify(cand.get("labels") or [], is_link=cand.get("tag") == "a" and bool(href), href=href)
        if hit is None:
            continue
        cat, phrase = hit
        found.append(Control(category=cat, label=vocab.shown_label(cat, cand.get("labels") or [""]), matched=phrase,
                             page_url=page_url, selector=cand.get("selector") or cand.get("path") or "",
                             path=cand.get("path") or "", html=cand.get("html") or "", href=cand.get("abs") or href,
                             clickable=bool(cand.get("clickable")), visible=bool(cand.get("visible", True))))
    found = pick(found)
    if raw.get("accesskeys"):
        found.append(Control(KEYBOARD, f"{raw['accesskeys']} accesskey", "accesskey", page_url, "[accesskey]"))
    for src in raw.get("scripts") or []:
        low = (src or "").lower()
        hint = next((h for h in vocab.scripts if h in low), None)
        if hint:
            found.append(Control(READ_ALOUD, hint, hint, page_url, "script", html=(src or "")[:200]))
            break
    return found


# -- measurements --------------------------------------------------------------------------------
@dataclass
class Measure:
    """Font sizes and colour pairs of a page's visible text elements, and the styles of
    ``<html>``/``<body>`` (filter, background, zoom, transform), as support.js measured them."""

    url: str
    sizes: list[float]
    colors: list[str]
    root: dict[str, Any]

    @property
    def scale(self) -> float:
        m = re.match(r"matrix\(([-\d.e]+)", str(self.root.get("transform") or ""))
        return float(m.group(1)) if m else 1.0

    @property
    def median(self) -> float:
        return statistics.median(self.sizes) * self.scale if self.sizes else 0.0

    @property
    def top_color(self) -> str:
        return Counter(self.colors).most_common(1)[0][0] if self.colors else ""

    def to_json(self) -> dict[str, Any]:
        """Colours as ``{pair: count}`` in order of first appearance (a page repeats a few
        pairs hundreds of times); the judgement only counts them."""
        return {"url": self.url, "sizes": list(self.sizes), "colors": dict(Counter(self.colors)), "root": dict(self.root)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Measure:
        colors = d.get("colors") or {}
        if isinstance(colors, dict):
            colors = [c for c, n in colors.items() for _ in range(int(n))]
        return cls(url=d.get("url", ""), sizes=[float(x) for x in d.get("sizes") or []], colors=list(colors),
                   root=dict(d.get("root") or {}))


def text_change(before: Measure, after: Measure, category: str) -> tuple[bool | None, str, str, str]:
    """Did the page's text grow (``text_larger``) or shrink (``text_smaller``)? Yes when the
    median rendered size moved, or when at least ``MIN_SIZE_SHARE`` of the text elements did
    (widgets that resize only the article). One element — the button itself — is not enough.

    ``None`` (cannot tell) when the text moved the *other* way by as much: the control does
    something to the text, and one click cannot show what. A counter that starts from a base
    size the page does not use is the common case (DotNetNuke skins: ``A+`` sets the content
    pane to 13 + 2 = 15 px on a page whose text is 16 px, so the first click shrinks it and
    the second enlarges it). Only "nothing moved" is evidence that the control does nothing."""
    mb, ma = before.median, after.median
    b, a = f"{mb:g}px", f"{ma:g}px"
    if not mb or not ma:
        return False, "no visible text measured", b, a
    sign = 1 if category == TEXT_LARGER else -1
    word, other = ("larger", "smaller") if sign > 0 else ("smaller", "larger")
    moved = sign * (ma - mb) >= MIN_FONT_PX and sign * (ma - mb) / mb >= MIN_FONT_RATIO
    share = _moved_share(before, after, sign)
    detail = (f"font-size {b} → {a} (median of {len(after.sizes)} text elements; "
              f"{share:.0%} of them {word})")
    if moved or share >= MIN_SIZE_SHARE:
        return True, detail, b, a
    back = -sign * (ma - mb) >= MIN_FONT_PX and -sign * (ma - mb) / mb >= MIN_FONT_RATIO
    back_share = _moved_share(before, after, -sign)
    if back or back_share >= MIN_SIZE_SHARE:
        return None, (f"{detail}; {back_share:.0%} of them {other} instead: the control changes the text "
                      f"but one click does not show it {'enlarges' if sign > 0 else 'reduces'} it"), b, a
    return False, detail, b, a


def _moved_share(before: Measure, after: Measure, sign: int) -> float:
    """Share of text elements whose size moved in direction ``sign`` by at least 2 %,
    pairing the sorted sizes (the same elements before and after, in the usual case)."""
    xs = sorted(v * before.scale for v in before.sizes)
    ys = sorted(v * after.scale for v in after.sizes)
    if not xs or not ys:
        return 0.0
    n = min(len(xs), len(ys))
    if len(xs) != len(ys):  # a navigation: compare quantiles instead of elements
        xs = [xs[int(i * len(xs) / n)] for i in range(n)]
        ys = [ys[int(i * len(ys) / n)] for i in range(n)]
    return sum(1 for x, y in zip(xs, ys, strict=True) if sign * (y - x) / x >= MIN_FONT_RATIO) / n if n else 0.0


def color_change(before: Measure, after: Measure) -> tuple[bool, str, str, str]:
    """Did the colours change? Yes when ``MIN_COLOR_SHARE`` of the text elements changed
    their colour pair, or a filter / background was put on ``<html>``/``<body>``."""
    if not before.colors or not after.colors:
        return False, "no visible text measured", "", ""
    common = sum((Counter(before.colors) & Counter(after.colors)).values())
    share = 1.0 - common / max(len(before.colors), len(after.colors))
    rb, ra = before.root, after.root
    root_changed = (rb.get("filter") != ra.get("filter")) or (rb.get("bg") != ra.get("bg"))
    b, a = before.top_color, after.top_color
    parts = [f"text colours: {b} → {a} (most common pair); {share:.0%} of text elements changed"]
    if rb.get("filter") != ra.get("filter"):
        parts.append(f"filter {rb.get('filter')} → {ra.get('filter')}")
    if rb.get("bg") != ra.get("bg"):
        parts.append(f"page background {rb.get('bg')} → {ra.get('bg')}")
    return (share >= MIN_COLOR_SHARE or root_changed), "; ".join(parts), b, a


def change(before: Measure, after: Measure, category: str) -> tuple[bool | None, str, str, str]:
    """(it worked, detail, before, after) for a control of ``category``; it worked is None
    when the measurements cannot tell (see :func:`text_change`)."""
    if category == CONTRAST:
        return color_change(before, after)
    return text_change(before, after, category)


# -- one click, recorded -------------------------------------------------------------------------
@dataclass
class Trial:
    """One control clicked on one page: what was clicked, how, and the measurements before
    and after (or why there are none: ``error``, ``missing`` when the control was not on
    that page). :meth:`judge` turns it into a verdict."""

    control: Control
    url: str
    via: str = ""  # "click", "script click" (element hidden), "after A+"
    before: Measure | None = None
    after: Measure | None = None
    error: str = ""
    missing: bool = False
    seconds: float = 0.0

    def judge(self) -> tuple[bool | None, str, str, str]:
        """(works, detail, before, after); works is None when the click could not be tested
        or its measurements cannot tell (:func:`text_change`)."""
        if self.error or self.before is None or self.after is None:
            return None, self.error or "not measured", "", ""
        return change(self.before, self.after, self.control.category)

    @property
    def works(self) -> bool | None:
        return self.judge()[0]

    def to_json(self) -> dict[str, Any]:
        return {"category": self.control.category, "control": self.control.to_json(), "url": self.url,
                "via": self.via, "before": self.before.to_json() if self.before else None,
                "after": self.after.to_json() if self.after else None, "error": self.error,
                "missing": self.missing, "seconds": round(self.seconds, 3)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Trial:
        return cls(control=Control.from_json(d["control"]), url=d.get("url", ""), via=d.get("via", ""),
                   before=Measure.from_json(d["before"]) if d.get("before") else None,
                   after=Measure.from_json(d["after"]) if d.get("after") else None,
                   error=d.get("error", ""), missing=bool(d.get("missing")), seconds=float(d.get("seconds") or 0))
