"""Making untrusted page content safe to show: URLs, excerpts, file names, spreadsheet cells.

Everything a crawled page gave us (titles, excerpts, URLs) is attacker-controlled. HTML
escaping is left to Jinja's autoescape; this module covers what escaping cannot: link
schemes, highlighted excerpts, file names and spreadsheet formulas.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

# Browsers drop ASCII tab/newline anywhere in a URL and C0 controls/space at its ends,
# so "java\tscript:" is javascript:. Normalise the same way before judging the scheme.
_URL_STRIP_INSIDE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
# XML 1.0 (JUnit, XLSX) forbids these; they also confuse terminals and spreadsheets.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _clean_url(url: str) -> str:
    return _URL_STRIP_INSIDE.sub("", str(url or "")).strip(_C0_AND_SPACE)


def safe_href(url: str | None) -> str | None:
    """The URL to put in ``href`` if it is an absolute http(s) URL, else ``None`` (show as text)."""
    cleaned = _clean_url(url or "")
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return cleaned


def safe_relative_href(path: str | None, prefix: str = "") -> str | None:
    """A link to an archived copy: an http(s) URL, or a relative path below the report folder.

    Relative paths are resolved from the report folder, so pages one level down pass
    ``prefix="../"``. Absolute paths, ``..`` escapes and any other scheme are refused.
    """
    cleaned = _clean_url(path or "")
    if not cleaned:
        return None
    absolute = safe_href(cleaned)
    if absolute:
        return absolute
    if ":" in cleaned.split("/", 1)[0] or cleaned.startswith(("/", "\\")):
        return None  # a scheme (javascript:, file:, data:) or an absolute path
    segments = cleaned.replace("\\", "/").split("/")
    if any(s == ".." for s in segments):
        return None
    return prefix + quote(cleaned.replace("\\", "/"), safe="/._-~%#?=&")


def highlight(excerpt: str, match: str | None) -> Markup:
    """Escape ``excerpt`` and wrap occurrences of ``match`` in ``<mark>``; both are untrusted."""
    text = unicodedata.normalize("NFC", str(excerpt or ""))
    needle = unicodedata.normalize("NFC", str(match or "")).strip()
    if not needle or len(needle) > 500:
        return escape(text)
    out: list[str] = []
    pos = 0
    for m in re.finditer(re.escape(needle), text, flags=re.IGNORECASE):
        if m.end() == m.start():
            continue
        out.append(str(escape(text[pos:m.start()])))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def portal_filename(portal_id: str) -> str:
    """A file name for a portal page that is safe on Linux, Windows and file shares.

    Unsafe or altered ids get a short hash suffix so two ids never share a file.
    """
    raw = str(portal_id)
    base = re.sub(r"[^A-Za-z0-9._-]", "_", unicodedata.normalize("NFKD", raw))
    base = base.strip("._-")[:80]
    if not base or base != raw or base.lower().split(".")[0] in _WINDOWS_RESERVED:
        digest = hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        base = f"{base or 'portal'}-{digest}"
    return base + ".html"


def xml_text(value: object) -> str:
    """Text that XML 1.0 accepts (JUnit, XLSX): drop the control characters it forbids."""
    return _XML_ILLEGAL.sub("", "" if value is None else str(value))


def cell(value: object) -> object:
    """A spreadsheet cell that can never run as a formula (CSV injection, OWASP).

    Numbers stay numbers; text starting with = + - @ tab CR LF (or their full-width forms)
    gets a leading apostrophe.
    """
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = xml_text(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
