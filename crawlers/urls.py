"""URL normalisation, de-duplication keys, crawler-trap detection, and the one copy of two
URL heuristics the crawler and the checks share: which URLs are documents (files, not
pages) and which host a URL belongs to."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from datetime import date
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Files, not pages: the crawler records them as documents without parsing, and the checks
# count a link to one as a published file (a section listing documents).
DOC_EXT = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".rtf",
           ".zip", ".rar", ".7z")
SKIP_EXT = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".ico", ".svg", ".mp3", ".mp4", ".avi", ".wmv",
            ".flv", ".mov", ".webm", ".css", ".js", ".woff", ".woff2", ".ttf", ".eot", ".exe", ".msi", ".iso",
            ".apk", ".tif", ".tiff", ".swf")
_SESSION_PARAMS = {"jsessionid", "phpsessid", "sid", "sessionid", "aspsessionid", "cfid", "cftoken", "utm_source",
                   "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid", "gclid"}
_ASPNET_SESSION = re.compile(r"/\(S\([a-z0-9]+\)\)", re.I)
_JSESSION_PATH = re.compile(r";jsessionid=[^/?#]*", re.I)
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = "/?:@!$'()*+,;=-._~%"


def normalize(url: str) -> str:
    """Canonical form used for fetching: lower-case scheme and host, no default port, no
    fragment, dot segments resolved, percent-escapes normalised, session ids removed."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if ":" not in host else f"[{host}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc += f":{port}"
    path = _ASPNET_SESSION.sub("", _JSESSION_PATH.sub("", parts.path)) or "/"
    path = _remove_dot_segments(path)
    path = quote(unquote(path), safe=_SAFE_PATH) if "%" in path or not path.isascii() or " " in path else path
    query = parts.query
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() not in _SESSION_PARAMS]
        query = urlencode(pairs, doseq=True, safe=_SAFE_QUERY) if pairs else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def dedup_key(url: str) -> str:
    """Key under which two URLs are the same page: normalised, query parameters sorted,
    ``index.html``/trailing-slash variants merged."""
    parts = urlsplit(url)
    path = parts.path
    low = path.lower()
    for idx in ("index.html", "index.htm", "index.php", "default.aspx", "index.aspx", "index.jsp"):
        if low.endswith("/" + idx):
            path = path[: -len(idx)]
            break
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    host = parts.netloc.removeprefix("www.")
    return f"{host}{path}?{query}"


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    out: list[str] = []
    for seg in path.split("/"):
        if seg == "..":
            if len(out) > 1:
                out.pop()
        elif seg != ".":
            out.append(seg)
    res = "/".join(out)
    if path.endswith(("/.", "/..")):
        res += "/"
    return res if res.startswith("/") else "/" + res


def is_document(url: str) -> bool:
    """A link to a file (PDF, DOC, XLS, ZIP …) by its path's extension (:data:`DOC_EXT`)."""
    return urlsplit(url).path.lower().endswith(DOC_EXT)


# -- host identity ---------------------------------------------------------------------------------
# Two granularities, both needed. The *site authority* keeps a non-default port: the crawler
# decides which links to follow with it, and two servers on one host but different ports
# (test fixtures on 127.0.0.1, a CMS admin port) are different sites to crawl. The checks
# compare *host names* (a portal's domain, its units' domains under the province's, the
# links to the service portal): a domain is a name, ports play no part in the regime's rules.
@functools.lru_cache(maxsize=4096)
def host_of(url: str) -> str:
    """The host name of a URL: lower case, without a trailing dot, without port; "" if none."""
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def bare_host(host: str) -> str:
    """A host name without its ``www.`` prefix and trailing dot (``www.x.gov.vn.`` and
    ``x.gov.vn`` are one site)."""
    return host.rstrip(".").removeprefix("www.")


def same_host(a: str, b: str) -> bool:
    """Two host names of one site: equal, or the ``www.``/non-``www.`` twins."""
    return bare_host(a) == bare_host(b)


def site_authority(url: str) -> str:
    """``host[:port]`` of a URL, lower case, without ``www.`` and without a default port
    (which site a link belongs to, for the crawler). Called for every link of every page:
    the authority is cut out with string operations and parsed once per distinct value."""
    _, sep, rest = url.partition("//")
    if not sep:
        return ""
    end = len(rest)
    for ch in "/?#":
        i = rest.find(ch)
        if 0 <= i < end:
            end = i
    return _bare_authority(rest[:end])


@functools.lru_cache(maxsize=4096)
def _bare_authority(authority: str) -> str:
    parts = urlsplit("//" + authority)
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port}" if port and port not in (80, 443) else host


def is_skipped_resource(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(SKIP_EXT)


_DATE_KEYS = {"date", "day", "month", "year", "ngay", "thang", "nam", "week", "tuan", "d", "m", "y", "yy", "yyyy",
              "mm", "dd", "cal", "calendar", "lich", "time", "from", "to", "tungay", "denngay", "start", "end"}
_CAL_WORDS = re.compile(r"calendar|lich|event|su-kien|schedule|ngay|date|archive", re.I)
_YEAR = re.compile(r"(?<!\d)(1[0-9]{3}|2[0-9]{3}|[3-9][0-9]{3})(?!\d)")
_DIGITS = re.compile(r"\d+")
_DATE_VALUE = re.compile(r"^\d{1,4}([-/.]\d{1,2}([-/.]\d{1,4})?)?$")


class TrapGuard:
    """Decides whether a discovered URL is worth queueing.

    * calendar explosions: a URL whose query has date-like parameters, or whose path has a
      ``/YYYY/MM/`` pattern next to calendar words, counts against a per-pattern budget
      (``max_calendar_pages``); years far outside [1990, next year] are refused outright;
    * query-string explosions: at most ``max_query_variants`` distinct queries per path;
    * overlong URLs, and paths that repeat a segment 3+ times (``/a/b/a/b/a/b``).
    """

    def __init__(self, max_query_variants: int = 40, max_calendar_pages: int = 12, max_url_length: int = 400):
        self.max_query_variants = max_query_variants
        self.max_calendar_pages = max_calendar_pages
        self.max_url_length = max_url_length
        self._queries: dict[str, int] = defaultdict(int)
        self._calendar: dict[str, int] = defaultdict(int)
        self.skipped = 0
        self.examples: list[str] = []
        self._max_year = date.today().year + 2

    def allow(self, url: str) -> bool:
        why = self._reason(url)
        if why:
            self.skipped += 1
            if len(self.examples) < 5:
                self.examples.append(f"{why}: {url[:160]}")
            return False
        return True

    def _reason(self, url: str) -> str | None:
        if len(url) > self.max_url_length:
            return "URL too long"
        parts = urlsplit(url)
        path = parts.path
        segs = [s for s in path.split("/") if s]
        if len(segs) >= 6:
            counts: dict[str, int] = defaultdict(int)
            for s in segs:
                counts[s] += 1
                if counts[s] >= 3:
                    return "repeating path"
        calendar = False
        if parts.query:
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            if len(pairs) > 12:
                return "too many query parameters"
            for k, v in pairs:
                kl = k.lower()
                date_like = kl in _DATE_KEYS or (_DATE_VALUE.match(v) and _CAL_WORDS.search(k))
                if date_like and (_DATE_VALUE.match(v or "0") or not v):
                    calendar = True
                    if self._bad_year(v):
                        return "calendar date out of range"
        if not calendar and _CAL_WORDS.search(path):
            years = _YEAR.findall(path)
            if years:
                calendar = True
                if any(self._bad_year(y) for y in years):
                    return "calendar date out of range"
        if calendar:
            pattern = parts.netloc + _DIGITS.sub("N", path) + "?" + "&".join(sorted(k for k, _ in parse_qsl(parts.query)))
            self._calendar[pattern] += 1
            if self._calendar[pattern] > self.max_calendar_pages:
                return "calendar pattern budget"
        if parts.query:
            key = parts.netloc + path
            self._queries[key] += 1
            if self._queries[key] > self.max_query_variants:
                return "query-string budget"
        return None

    def _bad_year(self, value: str) -> bool:
        return any(not 1990 <= int(y) <= self._max_year for y in _YEAR.findall(value or ""))
