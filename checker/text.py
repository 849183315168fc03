"""Vietnamese-aware text matching.

Portals write the same words many ways: ``Lãnh đạo``, ``LÃNH ĐẠO``, ``lanh dao`` in a
menu, ``lanh-dao`` or ``lanhdao`` in a URL, sometimes decomposed (NFD) Unicode from
Word. Every comparison in the checker goes through :func:`fold` so that these are equal.
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


@lru_cache(maxsize=65536)
def strip_diacritics(text: str) -> str:
    """Remove Vietnamese diacritics; ``đ``/``Đ`` become ``d``/``D``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Case-fold, drop diacritics and collapse every non-alphanumeric run to one space.

    ``fold("Lãnh đạo – Sở")`` == ``fold("lanh-dao-so")`` == ``"lanh dao so"``.
    """
    if not text:
        return ""
    plain = strip_diacritics(nfc(text).casefold())
    return _NON_WORD.sub(" ", plain).strip()


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
    text = _SPACE.sub(" ", text or "").strip()
    if not text:
        return ""
    if needle:
        folded = fold_positions(text)
        target = fold(needle)
        idx = folded[0].find(target) if target else -1
        if idx >= 0:
            start_char = folded[1][idx]
            lo = max(0, start_char - width // 3)
            hi = min(len(text), lo + width)
            piece = text[lo:hi]
            return ("…" if lo > 0 else "") + piece + ("…" if hi < len(text) else "")
    return text[:width] + ("…" if len(text) > width else "")


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
