"""Support features for people with disabilities (Art. 8), the judging side.

Finding controls in the *fetched* HTML (no browser: :func:`static_controls`) and judging
the clicks the gatherer recorded in Chromium (:func:`judge`). The vocabularies, the
controls, the measurements and the "did it change" thresholds are shared with the gatherer
and live in :mod:`crawlers.a11y.controls` (re-exported here); the browser work is in
:mod:`crawlers.a11y.support`.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.a11y.static import css_path
from crawlers.a11y.controls import (
    CATEGORIES,
    CONTRAST,
    HELP_PAGE,
    KEYBOARD,
    MAX_LABEL,
    READ_ALOUD,
    TESTABLE,
    TEXT_LARGER,
    TEXT_SMALLER,
    Control,
    Measure,
    Trial,
    Vocab,
    Vocabularies,
    color_change,
    dedupe,
    pick,
    text_change,
)
from crawlers.snapshot import Page

__all__ = ["CATEGORIES", "CONTRAST", "HELP_PAGE", "KEYBOARD", "READ_ALOUD", "TESTABLE", "TEXT_LARGER", "TEXT_SMALLER",
           "NAMES", "Control", "Measure", "Trial", "TestResult", "Vocab", "Vocabularies", "color_change", "dedupe",
           "judge", "static_controls", "text_change"]

NAMES = {TEXT_LARGER: ("tăng cỡ chữ", "enlarge text"), TEXT_SMALLER: ("giảm cỡ chữ", "reduce text"),
         CONTRAST: ("tương phản / chế độ màu", "contrast / colour mode"), READ_ALOUD: ("đọc bài", "read aloud"),
         KEYBOARD: ("truy cập bằng bàn phím", "keyboard access"), HELP_PAGE: ("trang/công cụ trợ năng", "accessibility page/tool")}


@dataclass
class TestResult:
    """A recorded click, judged."""

    __test__ = False  # not a pytest test class

    control: Control
    works: bool | None  # None: could not be tested (error)
    detail: str  # "font-size 16px → 20px (median of 84 text elements)"
    before: str = ""
    after: str = ""
    url: str = ""
    seconds: float = 0.0
    via: str = ""  # "click", "script click" (element hidden), "after A+"
    missing: bool = False  # the control is not on that page


def judge(trial: Trial) -> TestResult:
    """The verdict on one recorded click: the same thresholds the gatherer used to decide
    whether to try the next control (:func:`crawlers.a11y.controls.change`)."""
    works, detail, before, after = trial.judge()
    return TestResult(trial.control, works, detail, before, after, url=trial.url, seconds=trial.seconds,
                      via=trial.via, missing=trial.missing)


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
    found = pick(found)
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
