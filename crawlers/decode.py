"""Decoding HTML bytes to text: BOM, then HTTP header, then ``<meta>``, then detection.

httpx decodes from the Content-Type header alone and selectolax's Lexbor parser assumes
UTF-8, so we decode ourselves (w3lib/Scrapy order) and hand the parser text. Vietnamese
specifics handled here:

* UTF-8 with a BOM (the BOM wins over any declaration, as in browsers);
* **mislabelled** pages: a header/meta saying ISO-8859-1 / windows-1252 / ASCII (Apache's
  old ``AddDefaultCharset``) on a body that is valid UTF-8 -> UTF-8; on a body that reads as
  windows-1258 Vietnamese -> windows-1258; a header saying UTF-8 on a windows-1258 body ->
  the ``<meta>`` charset, else detection;
* no declaration at all: UTF-8 when valid, else windows-1258 when it reads as Vietnamese,
  else charset-normalizer;
* **legacy font encodings** (TCVN3/ABC ``.VnTime``, VNI ``VNI-Times``): the bytes are
  Latin-1 code points shown through a font with Vietnamese glyphs. They cannot be
  "decoded" (the page is Latin-1 as far as any standard is concerned), so the text is kept as
  the browser would decode it and ``legacy`` says ``"TCVN3"`` or ``"VNI"`` (access.unicode
  judges it). :func:`legacy_to_unicode` converts such text for matching.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-:.]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_LATIN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
# WHATWG: these labels mean windows-1252 in browsers
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
            "iso8859-1": "cp1252", "x-user-defined": "cp1252", "unicode": "utf-8", "utf8": "utf-8",
            "vn3": "cp1252", "tcvn": "cp1252", "tcvn3": "cp1252", "vni": "cp1252"}

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


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode_cp1258(text: str) -> bytes:
    """Vietnamese Unicode -> windows-1258 bytes (base letter + combining tone mark, as
    Windows writes it; Python's codec alone refuses precomposed toned letters)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))
        out += (base + tones).encode("cp1258", errors="replace")
    return bytes(out)


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
_ANY_LEGACY = re.compile(rf"[{_TCVN3_STRONG}øûäñöØÛÄÑÖ]")


@dataclass
class Decoded:
    text: str
    encoding: str
    declared: str | None
    legacy: str | None
    verbatim: bool = False  # ``text`` is the body decoded as strict UTF-8 (its UTF-8 is the body)


def _lookup(name: str | None) -> str | None:
    if not name:
        return None
    name = _ALIASES.get(name.strip().lower(), name.strip())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def detect_legacy(text: str) -> str | None:
    """'TCVN3' or 'VNI' when ``text`` (as Latin-1/UTF-8 decoded) looks like Vietnamese typed
    in a legacy font encoding. Unicode Vietnamese and European languages do not match; a
    font name alone is not enough, it must come with legacy-looking words."""
    sample = text[:300_000]
    if _ANY_LEGACY.search(sample) is None:
        return None
    fonts = _LEGACY_FONTS.search(sample)
    need = 3 if fonts else 8
    tcvn = len((_TCVN3_IND_BROAD if fonts else _TCVN3_IND).findall(sample))
    if tcvn >= need and not fonts:
        # the symbols must be a real share of the Latin-1 letters (not a few « » in French)
        high = len(_LATIN1_HIGH.findall(sample))
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


def _reads_as_1258(body: bytes) -> str | None:
    try:
        text = body.decode("cp1258")
    except UnicodeDecodeError:
        return None
    if vietnamese_score(text) >= 0.8:
        return unicodedata.normalize("NFC", text)
    return None


def _utf8(body: bytes) -> str | None:
    """The body decoded as UTF-8, or None when it is not valid UTF-8 (one decode, used)."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _mostly_utf8(body: bytes) -> bool:
    """Valid UTF-8 but for a few stray bytes (a truncated tail, one pasted character)."""
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return bad <= max(2, len(text) // 2000) and any(ord(c) > 127 and c != "\ufffd" for c in text[:200_000])


def decode_html(body: bytes, content_type: str = "") -> Decoded:
    m = _HEADER.search(content_type or "")
    header = _lookup(m.group(1)) if m else None
    mm = _META.search(body[:4096])
    meta = _lookup(mm.group(1).decode("ascii", "ignore")) if mm else None
    declared = header or meta
    for bom, enc in _BOMS:
        if body.startswith(bom):
            text = body[len(bom):].decode(enc, errors="replace")
            return _done(text, enc, declared, body)
    for enc in dict.fromkeys(e for e in (header, meta) if e):
        pair = _try_declared(body, enc)
        if pair is not None:
            return _done(pair[0], pair[1], declared, body)
    # nothing (usable) declared
    utf8 = _utf8(body)
    if utf8 is not None:
        return _done(utf8, "utf-8", declared, body)
    if _mostly_utf8(body):
        return _done(body.decode("utf-8", errors="replace"), "utf-8", declared, body)
    legacy_view = body.decode("latin-1")
    if detect_legacy(legacy_view):
        return _done(body.decode("cp1252", errors="replace"), "cp1252", declared, body)
    as_1258 = _reads_as_1258(body)
    if as_1258 is not None:
        return _done(as_1258, "cp1258", declared, body)
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    guess = (_lookup(best.encoding) if best else None) or "cp1258"
    return _done(body.decode(guess, errors="replace"), guess, declared, body)


def _try_declared(body: bytes, enc: str) -> tuple[str, str] | None:
    """(text, encoding) when the declared ``enc`` fits the body (with the corrections for
    common Vietnamese mislabelling), else None."""
    if enc in _LATIN:
        if any(b > 127 for b in body[:200_000]):
            text = _utf8(body)
            if text is not None:
                return text, "utf-8"  # mislabelled UTF-8
            if not detect_legacy(body.decode("latin-1")):
                text = _reads_as_1258(body)
                if text is not None:
                    return text, "cp1258"  # mislabelled windows-1258
        return body.decode(enc, errors="replace"), enc
    if enc == "cp1258":
        try:
            return unicodedata.normalize("NFC", body.decode("cp1258")), enc
        except UnicodeDecodeError:
            return None
    if enc == "utf-8":
        text = _utf8(body)
        if text is not None:
            return text, "utf-8"
        if _mostly_utf8(body):
            return body.decode("utf-8", errors="replace"), "utf-8"
        return None
    try:
        return body.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        if enc.startswith("utf"):
            return None
        try:
            text = body.decode(enc, errors="replace")
        except LookupError:
            return None
        return (text, enc) if text.count("\ufffd") < 5 else None


def _done(text: str, enc: str, declared: str | None, body: bytes) -> Decoded:
    # legacy text is judged on what a browser shows: for single-byte encodings the Latin-1
    # view of the bytes (TCVN3/VNI fonts map glyphs onto Latin-1 code points)
    if enc.startswith("utf"):
        legacy = detect_legacy(text)
    else:
        legacy = detect_legacy(body[:300_000].decode("latin-1"))
    # UTF-8 decoded without a BOM and without a replacement character was decoded losslessly:
    # the text's UTF-8 is the body itself (the analysis stores the body, not a re-encoding)
    verbatim = enc == "utf-8" and "\ufffd" not in text and not body.startswith(codecs.BOM_UTF8)
    return Decoded(text, enc, declared, legacy, verbatim)
