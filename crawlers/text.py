"""Vietnamese-aware text matching.

Portals write the same words many ways: ``Lãnh đạo``, ``LÃNH ĐẠO``, ``lanh dao`` in a
menu, ``lanh-dao`` or ``lanhdao`` in a URL, sometimes decomposed (NFD) Unicode from
Word. Every comparison in the checker goes through :func:`fold` so that these are equal.

A leaf module (standard library only): the crawler and the checker both use it, and
crawlers/ imports nothing from checker/.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def nfc(text: str) -> str:
    """NFC-normalise (decomposed Vietnamese from Word/Mac becomes composed)."""
    return unicodedata.normalize("NFC", text)


# Combining marks (Vietnamese tones and the horn/breve/circumflex after NFD all lie in the
# first block; the others cover rarer decomposed input).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics; ``đ``/``Đ`` become ``d``/``D``."""
    return _strip_short(text) if len(text) <= 256 else _strip_long(text)


def _strip(text: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")))


# Short strings (menu labels, titles) repeat on every page; long ones (page texts) are
# folded by several rules in turn. Both caches are bounded (long ones tightly: pages keep
# their own folded texts in crawlers.snapshot's caches).
_strip_short = lru_cache(maxsize=65536)(_strip)
_strip_long = lru_cache(maxsize=32)(_strip)


def fold(text: str) -> str:
    """Case-fold, drop diacritics and collapse every non-alphanumeric run to one space.

    ``fold("Lãnh đạo – Sở")`` == ``fold("lanh-dao-so")`` == ``"lanh dao so"``.
    Short strings (link texts, titles, menu labels repeated on every page) are cached.
    """
    if not text:
        return ""
    return _fold_short(text) if len(text) <= 256 else _fold_long(text)


def _fold(text: str) -> str:
    # _strip, not strip_diacritics: fold's own cache already serves repeated texts; caching
    # the intermediate too held two more strings per distinct text (13 MB when evaluating a
    # 10,000-page portal) for almost no hits
    plain = _strip(nfc(text).casefold())
    return _NON_WORD.sub(" ", plain).strip()


# 16k entries hold every label that repeats across pages (menus, footers); a large portal's
# one-off labels, titles and URL segments (tens of thousands, ~200 bytes each) are folded
# again when needed (~2 µs) rather than kept.
_fold_short = lru_cache(maxsize=16384)(_fold)
_fold_long = lru_cache(maxsize=32)(_fold)


def fold_keep_accents(text: str) -> str:
    """Case-fold and collapse spaces but keep diacritics (for exact Vietnamese phrases)."""
    return _SPACE.sub(" ", nfc(text).casefold()).strip()


def slug(text: str) -> str:
    """URL slug form: ``"Lịch công tác"`` -> ``"lich-cong-tac"``."""
    return fold(text).replace(" ", "-")


def url_words(url: str) -> str:
    """Fold a URL path (and query) into words: ``/gioi-thieu/LanhDao.aspx`` -> ``gioi thieu lanhdao aspx``.

    CamelCase is split too (``LanhDao`` -> ``lanh dao``) because .NET portals use it.
    """
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", url)
    return fold(spaced)


class Terms:
    """A compiled list of folded phrases, matched on word boundaries.

    Phrases are folded with :func:`fold`; matching a text means the folded text contains
    the folded phrase as whole words. ``Terms(["lịch công tác"]).find("LỊCH CÔNG TÁC tuần")``
    returns ``"lich cong tac"``. An empty phrase list matches nothing.
    """

    def __init__(self, phrases: list[str] | tuple[str, ...] | None):
        self.phrases = [p for p in (fold(x) for x in (phrases or [])) if p]
        self._re: re.Pattern[str] | None
        self._joined: re.Pattern[str] | None
        if self.phrases:
            alternatives = "|".join(re.escape(p) for p in sorted(set(self.phrases), key=len, reverse=True))
            self._re = re.compile(rf"(?:^|\s)({alternatives})(?=\s|$)")
            # Slugs without separators (``lanhdao``) for URL matching.
            joined = "|".join(re.escape(p.replace(" ", "")) for p in sorted(set(self.phrases), key=len, reverse=True))
            self._joined = re.compile(rf"({joined})")
        else:
            self._re = None
            self._joined = None

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def find(self, folded_text: str) -> str | None:
        """Return the first phrase found in an already-folded text, or None."""
        if self._re is None or not folded_text:
            return None
        m = self._re.search(folded_text)
        return m.group(1) if m else None

    def find_all(self, folded_text: str) -> set[str]:
        if self._re is None or not folded_text:
            return set()
        return {m.group(1) for m in self._re.finditer(folded_text)}

    def find_in_url(self, url: str) -> str | None:
        """Match a URL's words, also with separators removed (``/lanhdao.aspx``)."""
        words = url_words(url)
        hit = self.find(words)
        if hit:
            return hit
        if self._joined is None:
            return None
        m = self._joined.search(words.replace(" ", ""))
        # Only accept joined matches of multi-word phrases: single short words such as
        # "tin" would match everywhere once separators are gone.
        if m and len(m.group(1)) >= 8:
            return m.group(1)
        return None


def excerpt(text: str, needle: str | None = None, width: int = 160) -> str:
    """A short, single-line excerpt of ``text`` around ``needle`` (folded match), for evidence."""
    text = _SPACE.sub(" ", nfc(text or "")).strip()
    if not text:
        return ""
    if needle:
        start_char = _find_folded(text, needle)
        if start_char is not None:
            lo = max(0, start_char - width // 3)
            hi = min(len(text), lo + width)
            piece = text[lo:hi]
            return ("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else "")
    return text[:width] + ("…" if len(text) > width else "")


def _find_folded(text: str, needle: str) -> int | None:
    span = find_folded_span(text, needle)
    return span[0] if span else None


def find_folded_span(text: str, needle: str) -> tuple[int, int] | None:
    """(start, end) of the first run of ``text`` that folds to ``fold(needle)``, whole words.

    Linear-time regex search on a diacritic-free copy of the text; falls back to a
    character-by-character map only when folding changed the text's length."""
    words = fold(needle).split()
    if not words or not text:
        return None
    plain = strip_diacritics(text.casefold())
    if len(plain) == len(text):  # the usual case: folding kept one character per character
        pattern = r"(?<![0-9a-z])" + r"[^0-9a-z]+".join(map(re.escape, words)) + r"(?![0-9a-z])"
        m = re.search(pattern, plain)
        return (m.start(), m.end()) if m else None
    folded, pos = fold_positions(text)  # rare (NFD text, "ß"): map character by character
    phrase = " ".join(words)
    idx = folded.find(phrase)
    if idx < 0:
        return None
    return pos[idx], pos[idx + len(phrase) - 1] + 1


def fold_positions(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` character by character, returning the folded string and, for each
    folded character, the index of the original character it came from."""
    out: list[str] = []
    pos: list[int] = []
    prev_space = True
    for i, ch in enumerate(text):
        f = strip_diacritics(ch.casefold())
        f = "".join(c if c.isalnum() and c.isascii() else " " for c in f) or " "
        for c in f:
            if c == " ":
                if prev_space:
                    continue
                prev_space = True
            else:
                prev_space = False
            out.append(c)
            pos.append(i)
    return "".join(out), pos
