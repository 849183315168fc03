"""Which language a page or an address is in: English pages and sub-sites are evidence for
``english.info`` (Art. 13) and nothing else; a Vietnamese requirement is decided by
Vietnamese pages (the English "Projects" page of a province is not its procurement section).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from crawlers.snapshot import Page
from crawlers.text import fold

__all__ = ["english_url", "is_english"]

_EN_STOP = frozenset("the of and to in is for on with by are as from this that be at or its".split())
VI_MARKS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
_EN_PATH = re.compile(r"^/(?:[^/]+/){0,2}(?:en|eng|english|en-us|en-gb|en_us|en_gb)(?:/|$|\.)", re.I)
_EN_QUERY_KEYS = ("lang", "language", "culture", "locale", "languageid")


@lru_cache(maxsize=16384)
def english_url(url: str) -> bool:
    """The address is an English version: a path segment ``en``/``english`` within the first
    three (``/en/…``, ``/web/english/…``, ``/portal/en/…``), ``?lang=en``/``culture=en-US``,
    or an ``en.``/``english.`` host."""
    parts = urlsplit(url)
    if _EN_PATH.match(parts.path or "/"):
        return True
    if (parts.hostname or "").startswith(("en.", "english.")):
        return True
    return any(k.lower() in _EN_QUERY_KEYS and v.lower().startswith("en") for k, v in parse_qsl(parts.query))


def is_english(page: Page | None) -> bool:
    """The page's content is English (stop words, few Vietnamese letters), whatever lang says."""
    if page is None or not page.ok:
        return False
    text = page.main_text[:4000]
    words = fold(text).split()
    if len(words) < 15:
        return page.lang.lower().startswith("en") and not VI_MARKS.search(text)
    stop = sum(1 for w in words if w in _EN_STOP)
    vi = len(VI_MARKS.findall(text))
    return stop / len(words) >= 0.06 and vi / max(1, len(text)) < 0.01
