"""Support features for people with disabilities (Art. 8): find the controls a portal offers
and show in Chromium that they do something.

Categories (their label vocabularies come from the rule's YAML options):

- ``text_larger`` / ``text_smaller``: "A+", "Tăng cỡ chữ" … — *tested*: after a click the
  median rendered font size (``font-size`` × CSS ``zoom``) of the page's visible text must
  grow (shrink).
- ``contrast``: "Tương phản cao", "Chế độ màu" … — *tested*: after a click the text/background
  colours of the page (or a CSS ``filter`` on ``<html>``/``<body>``) must change.
- ``read_aloud``, ``keyboard`` (skip links, ``accesskey``), ``help_page`` ("Trợ năng",
  "Hỗ trợ người khuyết tật" links or toolbar openers) — *found*, not tested: they make a
  ``review``, never a ``pass`` on their own.

Each control is tested in a new tab with the page's stored state cleared (no cookies or
localStorage carried over from another test), on the page where it was found; a text-size control that does
nothing there is tried once more on a content page, and "A-" is also tried after "A+" (some
widgets only undo an enlargement).
"""

from __future__ import annotations

import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from checker.a11y.static import css_path
from crawlers.text import Terms, fold
from crawlers.snapshot import Page

TEXT_LARGER, TEXT_SMALLER, CONTRAST = "text_larger", "text_smaller", "contrast"
READ_ALOUD, KEYBOARD, HELP_PAGE = "read_aloud", "keyboard", "help_page"
CATEGORIES = (TEXT_LARGER, TEXT_SMALLER, CONTRAST, READ_ALOUD, KEYBOARD, HELP_PAGE)
TESTABLE = (TEXT_LARGER, TEXT_SMALLER, CONTRAST)
NAMES = {TEXT_LARGER: ("tăng cỡ chữ", "enlarge text"), TEXT_SMALLER: ("giảm cỡ chữ", "reduce text"),
         CONTRAST: ("tương phản / chế độ màu", "contrast / colour mode"), READ_ALOUD: ("đọc bài", "read aloud"),
         KEYBOARD: ("truy cập bằng bàn phím", "keyboard access"), HELP_PAGE: ("trang/công cụ trợ năng", "accessibility page/tool")}

MAX_LABEL = 60
EXTRA_WORDS = 3  # words a label may have beyond the vocabulary phrase it matched
# thresholds for "it did something"
MIN_FONT_PX = 0.5  # median font size must move by at least this …
MIN_FONT_RATIO = 0.02  # … and by at least 2 %
MIN_SIZE_SHARE = 0.2  # or this share of text elements grew (shrank) by 2 %
MIN_COLOR_SHARE = 0.2  # share of text elements whose colour pair changed


@lru_cache(maxsize=1)
def support_js() -> str:
    return resources.files("checker.a11y").joinpath("support.js").read_text(encoding="utf-8")


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
        hit = self.words.find(folded)
        # a control's label is short: "Hỗ trợ người khuyết tật" is a feature, the news
        # headline "Hỗ trợ người khuyết tật tìm việc làm tại huyện" is not
        if hit and len(folded.split()) <= len(hit.split()) + EXTRA_WORDS:
            return hit
        return None


@dataclass
class Vocabularies:
    by_category: dict[str, Vocab]
    scripts: list[str] = field(default_factory=list)  # folded read-aloud script hints

    @classmethod
    def build(cls, lists: dict[str, list[str]], scripts: list[str]) -> "Vocabularies":
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


def _pick(found: list[Control]) -> list[Control]:
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


def classify_candidates(raw: dict[str, Any], vocab: Vocabularies, page_url: str) -> list[Control]:
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
    found = _pick(found)
    if raw.get("accesskeys"):
        found.append(Control(KEYBOARD, f"{raw['accesskeys']} accesskey", "accesskey", page_url, "[accesskey]"))
    for src in raw.get("scripts") or []:
        low = (src or "").lower()
        hint = next((h for h in vocab.scripts if h in low), None)
        if hint:
            found.append(Control(READ_ALOUD, hint, hint, page_url, "script", html=(src or "")[:200]))
            break
    return found


def static_controls(page: Page, vocab: Vocabularies) -> list[Control]:
    """Controls visible in the fetched HTML (no scripts run): used without a browser and to
    report help-page links on pages the browser did not open."""
    found: list[Control] = []
    for node in page.tree.css("body *"):
        if node.tag in ("script", "style", "noscript", "template", "svg", "path", "select", "option", "optgroup"):
            continue
        labels = _static_labels(node)
        if not labels:
            continue
        href = (node.attributes.get("href") or "").strip() if node.tag == "a" else ""
        hit = vocab.classify(labels, is_link=node.tag == "a" and bool(href), href=href)
        if hit is None:
            continue
        cat, phrase = hit
        shown = vocab.shown_label(cat, labels)
        a = node.attributes
        clickable = node.tag in ("a", "button", "input", "label") or "onclick" in a or a.get("role") == "button"
        html = " ".join((node.html or "")[:200].split())
        found.append(Control(cat, shown, phrase, page.url, css_path(node), path=css_path(node),
                             html=html, href=href, clickable=clickable, source="static"))
    found = _pick(found)
    keys = page.tree.css("[accesskey]")
    if keys:
        found.append(Control(KEYBOARD, f"{len(keys)} accesskey", "accesskey", page.url, "[accesskey]", source="static"))
    for s in page.tree.css("script"):
        text = ((s.attributes.get("src") or "") + " " + (s.text() or "")[:2000]).lower()
        hint = next((h for h in vocab.scripts if h in text), None)
        if hint:
            found.append(Control(READ_ALOUD, hint, hint, page.url, "script", source="static"))
            break
    return found


def _static_labels(node) -> list[str]:
    a = node.attributes
    own = ""
    kids = [c for c in node.iter() if c.tag and not c.tag.startswith("-")] if node.child is not None else []
    if node.tag == "img":
        own = a.get("alt") or ""
    elif node.tag == "input":
        own = a.get("value") or a.get("alt") or ""
    elif len(kids) <= 4:
        own = node.text(deep=True) or ""
        if not own.strip():
            img = node.css_first("img[alt]")
            own = (img.attributes.get("alt") or "") if img is not None else ""
    labels = [" ".join(own.split())] + [(a.get(k) or "").strip() for k in ("aria-label", "title", "data-original-title")]
    return [x for x in labels if x and len(x) <= MAX_LABEL]


# -- testing in the browser --------------------------------------------------------------------
@dataclass
class Measure:
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


@dataclass
class TestResult:
    control: Control
    works: bool | None  # None: could not be tested (error)
    detail: str  # "font-size 16px → 20px (median of 84 text elements)"
    before: str = ""
    after: str = ""
    url: str = ""
    seconds: float = 0.0
    via: str = ""  # "click", "script click" (element hidden), "after A+"
    missing: bool = False  # the control is not on that page


def text_change(before: Measure, after: Measure, category: str) -> tuple[bool, str, str, str]:
    """Did the page's text grow (``text_larger``) or shrink (``text_smaller``)? Yes when the
    median rendered size moved, or when at least ``MIN_SIZE_SHARE`` of the text elements did
    (widgets that resize only the article). One element — the button itself — is not enough."""
    mb, ma = before.median, after.median
    b, a = f"{mb:g}px", f"{ma:g}px"
    if not mb or not ma:
        return False, "no visible text measured", b, a
    sign = 1 if category == TEXT_LARGER else -1
    moved = sign * (ma - mb) >= MIN_FONT_PX and sign * (ma - mb) / mb >= MIN_FONT_RATIO
    share = _moved_share(before, after, sign)
    detail = (f"font-size {b} → {a} (median of {len(after.sizes)} text elements; "
              f"{share:.0%} of them {'larger' if sign > 0 else 'smaller'})")
    return moved or share >= MIN_SIZE_SHARE, detail, b, a


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
    return sum(1 for x, y in zip(xs, ys) if sign * (y - x) / x >= MIN_FONT_RATIO) / n if n else 0.0


def color_change(before: Measure, after: Measure) -> tuple[bool, str, str, str]:
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


class Tester:
    """Runs control tests with one BrowserSession (each test in a new tab, state cleared)."""

    def __init__(self, session: Any, timeout: float = 15.0, settle_ms: int = 250, poll_ms: int = 1000):
        self.session = session
        self.timeout = timeout
        self.settle_ms = settle_ms
        self.poll_ms = poll_ms
        self._page = None

    # pages ---------------------------------------------------------------------------------
    # Tests run in the session's shared context, so the session's address policy (route
    # guard) applies to every request; state a widget keeps (cookies, localStorage,
    # sessionStorage) is cleared before and after each test so that tests do not leak into
    # each other.
    def _new_page(self):
        """The tester's tab (one for all scans and tests: opening a tab costs more than a
        navigation); call :meth:`close` when done."""
        if self._page is None or self._page.is_closed():
            from checker.a11y.axe import block_media

            self._page = self.session.new_page()
            self._page.add_init_script(support_js())
            block_media(self._page)  # sizes and colours do not need the pictures
        return self._page

    def close(self) -> None:
        if self._page is not None:
            try:
                self._page.close()
            except Exception:
                pass
            self._page = None

    def _reset(self, page) -> None:
        try:
            page.evaluate("() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }")
        except Exception:
            pass
        try:
            page.context.clear_cookies()
        except Exception:
            pass

    def _open(self, page, url: str, reset: bool = False):
        if reset:  # localStorage is cleared after each test, on the page's own origin
            try:
                page.context.clear_cookies()
            except Exception:
                pass
        resp = page.goto(url, wait_until="domcontentloaded", timeout=self.timeout * 1000)
        if resp is not None and resp.status >= 400:
            raise RuntimeError(f"HTTP {resp.status} in the browser")
        self._settle(page)
        return page

    def _settle(self, page) -> None:
        try:
            page.wait_for_load_state("load", timeout=min(5.0, self.timeout) * 1000)
        except Exception:
            pass
        if self.settle_ms:
            page.wait_for_timeout(self.settle_ms)

    def _eval(self, page, expr: str, arg: Any = None) -> Any:
        """Evaluate, surviving a navigation the last click started. The init script installs
        the helpers on every document; if they are missing (a page script replaced them),
        they are injected again."""
        for attempt in range(3):
            try:
                if attempt and not page.evaluate("() => !!window.__d43a11y"):
                    page.evaluate(support_js())
                return page.evaluate(expr, arg)
            except Exception as exc:
                msg = str(exc)
                retry = "context was destroyed" in msg or "navigat" in msg or "__d43a11y" in msg or "undefined" in msg
                if attempt == 2 or not retry:
                    raise
                self._settle(page)
        return None

    def measure(self, page) -> Measure:
        d = self._eval(page, "() => window.__d43a11y.measure()")
        return Measure(url=d.get("url", ""), sizes=list(d.get("sizes") or []), colors=list(d.get("colors") or []),
                       root=dict(d.get("root") or {}))

    # finding ------------------------------------------------------------------------------
    def scan(self, url: str, vocab: Vocabularies) -> list[Control]:
        """Controls in the rendered DOM of ``url`` (raises when the page does not load)."""
        page = self._new_page()
        self._open(page, url)
        raw = self._eval(page, "() => window.__d43a11y.candidates()")
        return classify_candidates(raw, vocab, page.url)

    def _locate(self, page, control: Control, vocab: Vocabularies) -> tuple[str, bool] | None:
        raw = self._eval(page, "() => window.__d43a11y.candidates()")
        found = classify_candidates(raw, vocab, page.url)
        same = [c for c in found if c.category == control.category]
        exact = next((c for c in same if c.path == control.path), None)
        hit = exact or next((c for c in same if c.label == control.label), None) or (same[0] if same else None)
        return (hit.path, hit.visible) if hit else None

    def _click(self, page, control: Control, vocab: Vocabularies) -> str:
        where = self._locate(page, control, vocab)
        if where is None:
            raise LookupError(f"control {control.label!r} not found on {page.url}")
        path, visible = where
        if visible:
            try:
                page.locator(f"css={path}").first.click(timeout=3000)
                return "click"
            except Exception:
                pass
        # hidden or covered (e.g. inside a closed toolbar): fire the element's click handler
        self._eval(page, "p => { const el = document.querySelector(p); if (!el) throw new Error('gone'); el.click(); }", path)
        return "script click"

    def _after(self, page, before: Measure, category: str) -> Measure:
        deadline = time.monotonic() + self.poll_ms / 1000
        self._settle_short(page)
        after = self.measure(page)
        while time.monotonic() < deadline and not self._changed(before, after, category):
            page.wait_for_timeout(250)
            after = self.measure(page)
        return after

    def _settle_short(self, page) -> None:
        try:
            page.wait_for_load_state("domcontentloaded", timeout=3000)
        except Exception:
            pass
        page.wait_for_timeout(150)

    @staticmethod
    def _changed(before: Measure, after: Measure, category: str) -> bool:
        if category == CONTRAST:
            return color_change(before, after)[0]
        return text_change(before, after, category)[0]

    # testing -------------------------------------------------------------------------------
    def test(self, control: Control, vocab: Vocabularies, url: str | None = None,
             first: Control | None = None) -> TestResult:
        """Click ``control`` on ``url`` (default: where it was found) and measure the change.
        With ``first``, click that control before measuring the baseline (A+ before A-)."""
        url = url or control.page_url
        t0 = time.monotonic()
        try:
            page = self._new_page()
        except Exception as exc:
            return TestResult(control, None, f"browser: {type(exc).__name__}: {_line(exc)}", url=url)
        try:
            self._open(page, url, reset=True)
            via = ""
            if first is not None:
                self._click(page, first, vocab)
                self._settle_short(page)
                page.wait_for_timeout(300)
                via = f"after {first.label}"
            before = self.measure(page)
            how = self._click(page, control, vocab)
            after = self._after(page, before, control.category)
            if control.category == CONTRAST:
                works, detail, b, a = color_change(before, after)
            else:
                works, detail, b, a = text_change(before, after, control.category)
            return TestResult(control, works, detail, b, a, url=url, seconds=time.monotonic() - t0,
                              via=", ".join(x for x in (how, via) if x))
        except LookupError as exc:
            return TestResult(control, None, str(exc), url=url, seconds=time.monotonic() - t0, missing=True)
        except Exception as exc:
            return TestResult(control, None, f"could not test: {type(exc).__name__}: {_line(exc)}", url=url,
                              seconds=time.monotonic() - t0)
        finally:
            self._reset(page)


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else ""
