"""Vietnamese-aware text matching.

Portals write the same words many ways: ``Lãnh đạo``, ``LÃNH ĐẠO``, ``lanh dao`` in a
menu, ``lanh-dao`` or ``lanhdao`` in a URL, sometimes decomposed (NFD) Unicode from
Word, the tone on either vowel (``Văn hoá``/``Văn hóa``). :func:`fold` drops every mark
so that all of these are equal, but folding also makes different words equal
("truyền thông", communications, and "truyền thống", tradition, are both
``truyen thong``). So :class:`Terms` compares text that carries tone marks *with* them
(:func:`tonal`: NFC, case-folded, tone placement normalised, "đ" kept) and folds only
text written without marks and URL slugs; there, a short phrase that collides with
another word once folded is a *weak* match the caller must confirm (docs/rules.md, "Tone marks").

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


# A long text (a page's main text, a paragraph) is folded word by word: folding never looks
# across white space (NFC composes and NFD reorders only after a starter, and no white-space
# character composes or has a combining class; case folding is per character; a white-space
# run is a non-word run), so fold(text) is the non-empty folds of its words joined by one
# space. A portal writes a few thousand distinct words: each is folded once, and a 30 KB text
# costs a dictionary look-up per word instead of two normalisations and two regex passes
# over it (~4x less CPU). The table is replaced, not cleared, when full (a thread still
# reading the old one is unaffected).
_WORDS_MAX = 20000
_word_folds: list[dict[str, str]] = [{}]


def _fold_words(text: str) -> str:
    words = text.split()
    table = _word_folds[0]
    try:  # most texts hold only words folded before
        return " ".join(filter(None, map(table.__getitem__, words)))
    except KeyError:
        pass
    new = set(words).difference(table)
    if len(table) + len(new) > _WORDS_MAX:
        table = _word_folds[0] = {}
        new = set(words)
    for w in new:
        table[w] = _fold(w)
    return " ".join(filter(None, map(table.__getitem__, words)))  # a punctuation word folds to ""


_fold_long = lru_cache(maxsize=32)(_fold_words)


def fold_keep_accents(text: str) -> str:
    """Case-fold and collapse spaces but keep diacritics (for exact Vietnamese phrases)."""
    return _SPACE.sub(" ", nfc(text).casefold()).strip()


# Any Latin letter with a diacritic (Latin-1 Supplement, Extended-A/B, Extended Additional,
# where every precomposed Vietnamese letter lies, "đ" included) or a combining mark.
_MARKED = re.compile("[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]")
_TONE = re.compile("[\u0300\u0301\u0303\u0309\u0323]")  # huyền, sắc, ngã, hỏi, nặng
_WORD = re.compile(r"[^\W_]+")


def has_marks(text: str) -> bool:
    """The text is written with Vietnamese diacritics (so it can be compared with them)."""
    return not text.isascii() and bool(_MARKED.search(text))


@lru_cache(maxsize=16384)
def _tone_word(word: str) -> str:  # cached: a portal's labels use a few thousand syllables
    d = unicodedata.normalize("NFD", word)
    tones = _TONE.findall(d)
    if not tones:
        return word
    # the tone moved to the end of the syllable: "hoá" and "hóa" (old and new placement) agree
    return unicodedata.normalize("NFC", _TONE.sub("", d)) + tones[0]


def _tonal(text: str) -> str:
    return " ".join(w if w.isascii() else _tone_word(w) for w in _WORD.findall(nfc(text).casefold()))


_tonal_short = lru_cache(maxsize=16384)(_tonal)
# page texts: the content judgement compares several rules' words with the same page in turn
_tonal_long = lru_cache(maxsize=32)(_tonal)


def tonal(text: str) -> str:
    """Comparison form that keeps the marks: NFC, case-folded, words joined by one space,
    "đ" kept, each syllable's tone mark put in one place (``Văn Hoá`` == ``văn hóa``);
    ``tonal("Truyền thông") != tonal("truyền thống")``. A key, not display text."""
    if not text:
        return ""
    return _tonal_short(text) if len(text) <= 256 else _tonal_long(text)


def forms(text: str) -> tuple[str, str, bool]:
    """(tonal, folded, marked): the forms :meth:`Terms.match_forms` compares, the tonal one
    only computed for text written with marks."""
    marked = has_marks(text)
    return (tonal(text) if marked else ""), fold(text), marked


def slug(text: str) -> str:
    """URL slug form: ``"Lịch công tác"`` -> ``"lich-cong-tac"``."""
    return fold(text).replace(" ", "-")


def url_words(url: str) -> str:
    """Fold a URL path (and query) into words: ``/gioi-thieu/LanhDao.aspx`` -> ``gioi thieu lanhdao aspx``.

    CamelCase is split too (``LanhDao`` -> ``lanh dao``) because .NET portals use it.
    """
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", url)
    return fold(spaced)


def _alternation(phrases: set[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?:^|\s)({alternatives})(?=\s|$)")


def _blank(rx: re.Pattern[str] | None, text: str) -> str:
    return rx.sub(" ", text) if rx is not None and text else text


class Terms:
    """A compiled list of phrases, matched on word boundaries, tone-aware.

    :meth:`match` compares a text that carries tone marks with its marks (a phrase written
    with marks must be there with the same marks; a phrase written without them, an
    English word or an abbreviation, is compared folded), and a text without marks folded.
    A folded comparison of a phrase in ``colliding`` (folded forms shared by different
    words, see rules/collisions.yaml) of at most two words is *weak*: the caller must find
    more (a longer phrase, or the page's own title) before believing it.

    :meth:`find` is the plain folded comparison of an already-folded text (``Terms(["lịch
    công tác"]).find("lich cong tac tuan")`` returns ``"lich cong tac"``), for callers
    that only have folded text. An empty phrase list matches nothing.
    """

    def __init__(self, phrases: list[str] | tuple[str, ...] | None, colliding: frozenset[str] | set[str] = frozenset()):
        raw = [x for x in (phrases or []) if fold(x)]
        self.phrases = [fold(x) for x in raw]
        self._re = _alternation(set(self.phrases))
        # Slugs without separators (``lanhdao``) for URL matching.
        joined = "|".join(re.escape(p.replace(" ", "")) for p in sorted(set(self.phrases), key=len, reverse=True))
        self._joined: re.Pattern[str] | None = re.compile(rf"({joined})") if self.phrases else None
        marked = [x for x in raw if has_marks(x)]
        self._by_tonal = {tonal(x): fold(x) for x in marked}
        self._re_tonal = _alternation(set(self._by_tonal))
        self._re_plain = _alternation({fold(x) for x in raw if not has_marks(x)})
        self.weak = frozenset(p for p in self.phrases if p in colliding and len(p.split()) <= 2)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def first_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """(folded, tonal) first words of the phrases: :meth:`match_forms` finds nothing in a
        text whose folded words hold none of the first and whose tonal words none of the
        second (phrases match whole words). A set lookup per text instead of a regex."""
        return (frozenset(p.split(" ", 1)[0] for p in self.phrases),
                frozenset(t.split(" ", 1)[0] for t in self._by_tonal))

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

    def match(self, text: str) -> tuple[str, bool] | None:
        """(folded phrase, weak) for the phrase found in a raw text, or None (see the class)."""
        if not text:
            return None
        return self.match_forms(*forms(text))

    def match_forms(self, tonal_text: str, folded_text: str, marked: bool) -> tuple[str, bool] | None:
        """:meth:`match` on precomputed forms (``tonal`` only needed when ``marked``)."""
        if marked:
            m = self._re_tonal.search(tonal_text) if self._re_tonal is not None else None
            p = self._re_plain.search(folded_text) if self._re_plain is not None else None
            if m is not None and (p is None or len(m.group(1).split()) >= len(p.group(1).split())):
                return self._by_tonal[m.group(1)], False
            if p is None:
                return None
            return p.group(1), p.group(1) in self.weak
        return self.strongest(folded_text)

    def remove_forms(self, tonal_text: str, folded_text: str, marked: bool) -> tuple[str, str]:
        """Both forms with every occurrence of a phrase blanked out, compared as
        :meth:`match_forms` compares them: in text with marks, a phrase written with marks
        goes from the tonal form (and its folded form from the folded one, so that a
        phrase without marks cannot be found inside it); other phrases from the folded form."""
        if not marked:
            return tonal_text, _blank(self._re, folded_text)
        found = {self._by_tonal[m.group(1)] for m in self._re_tonal.finditer(tonal_text)} if self._re_tonal else set()
        folded_text = _blank(self._re_plain, folded_text)
        if found:
            folded_text = _blank(_alternation(found), folded_text)
        return _blank(self._re_tonal, tonal_text), folded_text

    def strongest(self, folded_text: str) -> tuple[str, bool] | None:
        """(phrase, weak) of a folded comparison, a strong phrase preferred to a weak one."""
        if self._re is None or not folded_text:
            return None
        first: str | None = None
        for m in self._re.finditer(folded_text):
            if m.group(1) not in self.weak:
                return m.group(1), False
            first = first or m.group(1)
        return (first, True) if first is not None else None

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
