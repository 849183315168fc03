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

from crawlers.legacy import (  # noqa: F401  (importable from here, as before)
    TCVN3,
    detect_legacy,
    legacy_to_unicode,
    to_tcvn3,
    to_vni,
    vietnamese_score,
)

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-:.]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_LATIN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
# WHATWG: these labels mean windows-1252 in browsers
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
            "iso8859-1": "cp1252", "x-user-defined": "cp1252", "unicode": "utf-8", "utf8": "utf-8",
            "vn3": "cp1252", "tcvn": "cp1252", "tcvn3": "cp1252", "vni": "cp1252"}


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
    import charset_normalizer  # the last resort, seldom reached: not loaded into every analysis worker (~4 MB)

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
