"""Vietnamese typed in legacy font encodings (TCVN3/ABC ``.VnTime``, VNI ``VNI-Times``):
the tables, the conversion back to Unicode, and the detector.

Such text is Latin-1 code points shown through a font with Vietnamese glyphs: it cannot be
"decoded", only recognised. The crawler recognises it in the HTML it decodes
(:func:`crawlers.decode.decode_html`, informational ``legacy_encoding``) and the
``encoding`` check in the visible text (``checker/functions/technical.py``, through the
page fact ``legacy_text``).
"""

from __future__ import annotations

import re
import unicodedata

# --- legacy encodings ---------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993 VN3, the ".VnTime" fonts): one byte per Vietnamese letter.
TCVN3 = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "đ": 0xAE,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
}
_TCVN3_REV = {chr(b): u for u, b in TCVN3.items()}

# VNI (VNI-Times fonts): a base letter followed by a mark byte.
_VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_HAT_TONES = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}  # â ê ô
_VNI_BREVE_TONES = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}  # ă
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_vni(text: str) -> str:
    """Vietnamese Unicode -> VNI bytes shown as Latin-1 text (what a VNI page decodes to)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        low = ch.lower()
        up = ch != low
        d = unicodedata.normalize("NFD", low)
        base, marks = d[0], d[1:]
        if low == "đ":
            s = "ñ"
        elif base not in "aeiouy" or not marks and low not in "ăâêôơư":
            out.append(ch)
            continue
        else:
            tone = next((m for m in marks if m in _VNI_TONES), "")
            hat, breve, horn = "\u0302" in marks, "\u0306" in marks, "\u031b" in marks
            if base == "i":
                s = "i" if not tone else _VNI_I[tone]
            elif base == "y" and tone == "\u0323":
                s = "î"
            elif hat:
                s = base + _VNI_HAT_TONES[tone]
            elif breve:
                s = base + _VNI_BREVE_TONES[tone]
            elif horn:
                s = ("ô" if base == "o" else "ö") + (_VNI_TONES[tone] if tone else "")
            else:
                s = base + (_VNI_TONES[tone] if tone else "")
        out.append(s.upper() if up else s)
    return "".join(out)


def to_tcvn3(text: str) -> str:
    """Vietnamese Unicode -> TCVN3 bytes shown as Latin-1 text (what a .VnTime page decodes to).
    Upper-case accented letters have no TCVN3 code (they live in the .VnTimeH font): lowered."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in TCVN3:
            out.append(chr(TCVN3[ch]))
        elif ch.lower() in TCVN3:
            out.append(chr(TCVN3[ch.lower()]))
        else:
            out.append(ch)
    return "".join(out)



def legacy_to_unicode(text: str, legacy: str) -> str:
    """Best-effort conversion of legacy-font text (as decoded Latin-1) back to Unicode."""
    if legacy == "TCVN3":
        return "".join(_TCVN3_REV.get(c, c) for c in text)
    if legacy == "VNI":
        return _VNI_RE.sub(lambda m: _VNI_REV[m.group(0)], text)
    return text


def _build_vni_rev() -> dict[str, str]:
    rev: dict[str, str] = {}
    letters = "aăâeêioôơuưyđ"
    tones = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]
    for L in letters:
        for t in tones:
            u = unicodedata.normalize("NFC", L + t)
            for ch in (u, u.upper()):
                v = to_vni(ch)
                if v != ch:
                    rev[v] = ch
    return rev


_VNI_REV = _build_vni_rev()
_VNI_RE = re.compile("|".join(sorted((re.escape(k) for k in _VNI_REV), key=len, reverse=True)))

# Indicator characters: code points legacy encodings produce that never occur in
# Vietnamese next to letters. The strong TCVN3 set (symbols standing for à á ả ã ạ ă â đ ê ô
# ơ ư ì …) never appears inside words in any European language either; the broad set adds
# letters such as ç å æ Ö that German or Danish use, so it only counts when a legacy font is
# named on the page.
_TCVN3_STRONG = "µ¶·¸¹¨¼½¾©®ª¬\u00ad×÷¡¢£¤¥¦§"  # « (ô) and » (ằ) count only inside words
_TCVN3_BROAD = _TCVN3_STRONG + "ÆÇËÎÏÐÑÖØÜÞßäåæçëïñöøûüþ"
_TCVN3_IND = re.compile(rf"(?<=[A-Za-z])[{_TCVN3_STRONG}]|[{_TCVN3_STRONG}](?=[A-Za-z])|(?<=[A-Za-z])[«»](?=[A-Za-z])")
_TCVN3_IND_BROAD = re.compile(rf"(?<=[A-Za-z])[{_TCVN3_BROAD}]|[{_TCVN3_BROAD}](?=[A-Za-z])")
# VNI: a vowel followed by a mark byte; only marks no European word puts after a vowel
# (not ï ë ü å, which naïve, Noël, Citroën … use)
_VNI_IND = re.compile(r"[aeouyAEOUY][øûäØÛÄ]|[aeoAEO][âêÂÊ](?=[A-Za-z])|[öôÖÔ][ùøûõïÙØÛÕÏ]|"
                      r"(?<![A-Za-z])[ñÑ][aeiouAEIOU]")
_LEGACY_FONTS = re.compile(r"\.?vn[\s-]?time|\.vnarial|\.vnhelvet|vni[\s-]?(times|helve|arial)", re.I)
_LATIN1_HIGH = re.compile(r"[\u0080-\u00ff]")
# quick pre-filter: legacy text always has some of these (none of them is a Vietnamese letter)
_ANY_LEGACY = _TCVN3_STRONG + "øûäñöØÛÄÑÖ"


def _may_be_legacy(sample: str) -> bool:
    """Whether ``sample`` holds any :data:`_ANY_LEGACY` character. One ``in`` a character
    (memchr-like scans) is ~3x faster than a character-class search over a page's text,
    and it runs twice on every page (its HTML and its visible text)."""
    return any(c in sample for c in _ANY_LEGACY)



def detect_legacy(text: str) -> str | None:
    """'TCVN3' or 'VNI' when ``text`` (as Latin-1/UTF-8 decoded) looks like Vietnamese typed
    in a legacy font encoding. Unicode Vietnamese and European languages do not match; a
    font name alone is not enough, it must come with legacy-looking words."""
    sample = text[:300_000]
    if not _may_be_legacy(sample):
        return None
    fonts = _LEGACY_FONTS.search(sample)
    need = 3 if fonts else 8
    spans = [m.start() for m in (_TCVN3_IND_BROAD if fonts else _TCVN3_IND).finditer(sample)]
    tcvn = len(spans)
    if tcvn >= need and not fonts:
        # the symbols must be a real share of the Latin-1 letters where they are (not a few
        # « » in French); counted between the first and the last, so that a legacy passage
        # pasted into a page of Unicode Vietnamese (whose à ó … are Latin-1 too) still counts
        high = len(_LATIN1_HIGH.findall(sample, spans[0], spans[-1] + 1))
        if tcvn < 0.25 * high:
            tcvn = 0
    vni = len(_VNI_IND.findall(sample))
    if vni >= need:
        # converted back, VNI text must read as Vietnamese (German/French text does not)
        words = " ".join(w for w in sample.split() if _VNI_IND.search(w))[:50_000]
        if vietnamese_score(legacy_to_unicode(words, "VNI")) < 0.7:
            vni = 0
    if max(tcvn, vni) < need:
        return None
    if fonts and tcvn >= need and vni >= need:
        return "TCVN3" if re.search(r"\.?vn[\s-]?time|\.vnarial|\.vnhelvet", fonts.group(0), re.I) else "VNI"
    return "TCVN3" if tcvn >= vni else "VNI"


_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}
_VI_PLAIN = set("àáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝ")


def vietnamese_score(text: str) -> float:
    """Share of non-ASCII letters that are Vietnamese letters (after NFC)."""
    text = unicodedata.normalize("NFC", text[:100_000])
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return 0.0
    vi = sum(1 for c in non_ascii if c in _VI_LETTERS or c in _VI_PLAIN)
    strong = sum(1 for c in non_ascii if c in _VI_LETTERS)
    if strong == 0:
        return 0.0
    return vi / len(non_ascii)


# -- where: the excerpt the encoding check shows ------------------------------------------------
def legacy_text(text: str) -> tuple[str | None, str]:
    """('TCVN3'|'VNI', excerpt) when ``text`` holds legacy-encoded Vietnamese, else (None, "").

    The same decision as :func:`detect_legacy` (one detector: the crawler's on the HTML, the
    ``encoding`` check's on the visible text); the excerpt is where its indicators are
    densest, so that it shows legacy words rather than a stray foreign name."""
    kind = detect_legacy(text)
    if kind is None:
        return None, ""
    sample = text[:300_000]
    pattern = _VNI_IND if kind == "VNI" else _TCVN3_IND_BROAD
    hits = [m.start() for m in pattern.finditer(sample)]
    best, i, j = 0, hits[0] if hits else 0, 0
    for k, pos in enumerate(hits):
        while hits[j] < pos - 120:
            j += 1
        if k - j > best:
            best, i = k - j, hits[j]
    lo = max(0, i - 20)
    return kind, " ".join(sample[lo: lo + 160].split())
