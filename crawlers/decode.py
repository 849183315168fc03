"""Decoding HTML bytes to text: BOM, then HTTP header, then ``<meta>``, then detection.

httpx decodes from the Content-Type header alone and selectolax's Lexbor parser assumes
UTF-8, so we decode ourselves (w3lib/Scrapy order) and hand the parser text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

# TCVN3 (ABC) and VNI legacy fonts put Vietnamese letters on Latin-1 code points; the
# text then shows runs such as "Ch­¬ng tr×nh" (TCVN3) or "Chöông trình" (VNI).
_TCVN3_CHARS = set("¸µ¶·¹¨¾»¼½Æ©ÊÇÈÉËÐÌÎÏÑªÕÒÓÔÖ«ÝØÜÞ¬ãßáâä­èåæçé®óïñò")
_VNI_PATTERNS = re.compile(r"[aeiouyAEIOUY][ùøûõïöôøòóñ](?=\w)|ñ[aeiou]|Ñ[AEIOU]")
_LEGACY_FONTS = re.compile(r"\.?vn[\s-]?time|vni[\s-]?times|\.vnarial|vni-helve", re.I)


@dataclass
class Decoded:
    text: str
    encoding: str
    declared: str | None
    legacy: str | None


def _lookup(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def detect_legacy(text: str) -> str | None:
    """'TCVN3' or 'VNI' when the text looks like Vietnamese typed in a legacy font encoding."""
    sample = text[:200_000]
    if _LEGACY_FONTS.search(sample):
        return "TCVN3" if re.search(r"\.?vn[\s-]?time|\.vnarial", sample, re.I) else "VNI"
    tcvn = sum(1 for ch in sample if ch in _TCVN3_CHARS)
    if tcvn >= 20 and tcvn / max(1, len(sample)) > 0.005:
        return "TCVN3"
    if len(_VNI_PATTERNS.findall(sample)) >= 20:
        return "VNI"
    return None


def decode_html(body: bytes, content_type: str = "") -> Decoded:
    m = _HEADER.search(content_type or "")
    header = _lookup(m.group(1)) if m else None
    mm = _META.search(body[:4096])
    meta = _lookup(mm.group(1).decode("ascii", "ignore")) if mm else None
    declared = header or meta
    for bom, enc in _BOMS:
        if body.startswith(bom):
            text = body[len(bom):].decode(enc, errors="replace")
            return Decoded(text, enc, declared, detect_legacy(text))
    for enc in (header, meta):
        if enc:
            try:
                text = body.decode(enc)
                if enc in ("latin-1", "iso8859-1", "cp1252") and _looks_utf8(body):
                    text = body.decode("utf-8")  # mislabelled UTF-8, common on Vietnamese portals
                    enc = "utf-8"
                return Decoded(text, enc, declared, detect_legacy(text))
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        text = body.decode("utf-8")
        return Decoded(text, "utf-8", declared, detect_legacy(text))
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    enc = best.encoding if best else "windows-1258"
    text = body.decode(enc, errors="replace")
    return Decoded(text, enc, declared, detect_legacy(text))


def _looks_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in body[:100_000])
