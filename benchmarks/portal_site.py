"""A text-heavy Vietnamese government portal written to a folder and served by nginx.

What the benchmark (benchmarks/bench_portal.py) crawls, shaped like the portals d43 checks
rather than like a micro-benchmark:

* ``N`` HTML pages: a home page, a few fixed pages (introduction, contacts, site map …),
  paginated listings of 28 news/document categories (20 entries with a summary each) and
  the articles themselves: long Vietnamese prose (median page about 55 KB, from about 25 to
  110 KB), a 39-link mega menu, breadcrumbs, a sidebar of latest news, related articles
  (about 22 content links per page in all), a footer with address, telephone and e-mail,
  inline scripts and styles, ``<meta>`` tags, dates;
* attached PDFs (one article in eight), ``/sitemap.xml`` and ``/robots.txt``;
* served by Debian's nginx in its own prefix on 127.0.0.1 with gzip on and nginx's own
  ETag and Last-Modified on every file, so that a second scan gets ``304 Not Modified``.
  Its access log records the bytes sent per response (:meth:`Nginx.bytes_since`).

The text is drawn from a fixed pool of paragraphs with a fixed seed: the same ``N`` always
gives the same site, byte for byte.

    python benchmarks/portal_site.py --pages 50 --serve   # prints the URL, Ctrl-C stops
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# 12 top sections and their sub-sections: 40 menu links, as real portals' mega menus
SECTIONS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("Giới thiệu", "gioi-thieu", [("Chức năng nhiệm vụ", "chuc-nang-nhiem-vu"), ("Cơ cấu tổ chức", "co-cau-to-chuc"),
                                  ("Lãnh đạo Sở", "lanh-dao")]),
    ("Tin tức - Sự kiện", "tin-tuc", [("Tin hoạt động", "tin-hoat-dong"), ("Tin trong tỉnh", "tin-trong-tinh"),
                                      ("Tin trong nước", "tin-trong-nuoc")]),
    ("Chỉ đạo điều hành", "chi-dao-dieu-hanh", [("Ý kiến chỉ đạo", "y-kien-chi-dao"), ("Lịch công tác", "lich-cong-tac")]),
    ("Văn bản", "van-ban", [("Văn bản quy phạm pháp luật", "van-ban-qppl"), ("Văn bản chỉ đạo", "van-ban-chi-dao"),
                            ("Dự thảo văn bản", "du-thao")]),
    ("Quy hoạch - Kế hoạch", "quy-hoach", [("Quy hoạch", "quy-hoach-chung"), ("Kế hoạch", "ke-hoach")]),
    ("Dự án - Đấu thầu", "du-an", [("Dự án đầu tư", "du-an-dau-tu"), ("Thông tin đấu thầu", "dau-thau")]),
    ("Thủ tục hành chính", "thu-tuc", [("Dịch vụ công trực tuyến", "dich-vu-cong"), ("Kết quả giải quyết", "ket-qua")]),
    ("Thống kê", "thong-ke", [("Số liệu thống kê", "so-lieu"), ("Báo cáo", "bao-cao")]),
    ("Hỏi đáp", "hoi-dap", [("Câu hỏi thường gặp", "cau-hoi"), ("Trả lời kiến nghị", "kien-nghi")]),
    ("Phổ biến pháp luật", "pho-bien", [("Tuyên truyền", "tuyen-truyen"), ("Cải cách hành chính", "cai-cach")]),
    ("Khoa học công nghệ", "khcn", [("Đề tài khoa học", "de-tai"), ("Chuyển đổi số", "chuyen-doi-so")]),
    ("Liên hệ", "lien-he", [("Đường dây nóng", "duong-day-nong"), ("Góp ý", "gop-y")]),
]
FIXED = [("gioi-thieu/chuc-nang-nhiem-vu.html", "Chức năng nhiệm vụ"), ("gioi-thieu/co-cau-to-chuc.html", "Cơ cấu tổ chức"),
         ("gioi-thieu/lanh-dao.html", "Lãnh đạo Sở"), ("lien-he/index.html", "Liên hệ"),
         ("so-do-cong.html", "Sơ đồ cổng thông tin"), ("chinh-sach-bao-mat.html", "Chính sách bảo mật"),
         ("en/index.html", "English")]
_FIXED_SLUGS = {"chuc-nang-nhiem-vu", "co-cau-to-chuc", "lanh-dao"}
CATEGORIES = [(sub, slug, sec_slug) for _, sec_slug, subs in SECTIONS for sub, slug in subs if slug not in _FIXED_SLUGS]
PER_LISTING = 20

_WORDS = ("Ủy ban nhân dân tỉnh Sở Xây dựng đã tổ chức hội nghị triển khai kế hoạch năm về công tác quản lý nhà nước "
          "trên địa bàn các huyện thị xã thành phố nhằm nâng cao chất lượng dịch vụ công trực tuyến cho người dân và "
          "doanh nghiệp theo chỉ đạo của Chính phủ về cải cách thủ tục hành chính chuyển đổi số đầu tư công xây dựng "
          "nông thôn mới giải ngân vốn bảo đảm an toàn giao thông phòng chống thiên tai biến đổi khí hậu môi trường "
          "đồng thời đẩy mạnh tuyên truyền phổ biến giáo dục pháp luật kiểm tra giám sát thanh tra tiếp công dân "
          "giải quyết khiếu nại tố cáo kịp thời đúng quy định Giám đốc Phó Giám đốc Chánh Văn phòng trưởng phòng "
          "cán bộ công chức viên chức người lao động hợp tác phát triển kinh tế xã hội quốc phòng an ninh").split()


def _paragraphs(n: int = 1500, seed: int = 43) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        sents = []
        for _ in range(rnd.randint(2, 6)):
            words = [rnd.choice(_WORDS) for _ in range(rnd.randint(12, 30))]
            s = " ".join(words)
            if rnd.random() < 0.15:
                s += f" ngày {rnd.randint(1, 28)}/{rnd.randint(1, 12)}/20{rnd.randint(10, 26)}"
            if rnd.random() < 0.08:
                s += f" (Quyết định số {rnd.randint(1, 3000)}/QĐ-UBND)"
            sents.append(s[0].upper() + s[1:] + ".")
        out.append(" ".join(sents))
    return out


_PARAS = _paragraphs()


def _sub_href(sec: str, sub: str) -> str:
    return f"/{sec}/{sub}.html" if sub in _FIXED_SLUGS else f"/{sec}/{sub}/trang-1.html"


def _menu() -> str:
    items = []
    for name, slug, subs in SECTIONS:
        sub = "".join(f'<li class="sub-item"><a href="{_sub_href(slug, s)}" title="{n}">{n}</a></li>' for n, s in subs)
        items.append(f'<li class="menu-item has-sub"><a href="{_sub_href(slug, subs[0][1])}">{name}</a>'
                     f'<ul class="sub-menu">{sub}</ul></li>')
    # 12 top + 27 sub-sections = 39 menu links
    return '<nav class="mainmenu" id="main-nav"><ul class="menu">' + "".join(items) + "</ul></nav>"


_MENU = _menu()
_HEAD_EXTRA = ('<link rel="stylesheet" href="/static/site.css"><link rel="icon" href="/favicon.ico">'
               '<style>.mainmenu ul{list-style:none;margin:0;padding:0}.menu-item{display:inline-block;position:relative}'
               '.sub-menu{display:none;position:absolute}.menu-item:hover .sub-menu{display:block}'
               '.news-item{overflow:hidden;margin-bottom:12px}.news-item img{float:left;width:160px;margin-right:10px}'
               '.sidebar h3{background:#0b5394;color:#fff;padding:6px}</style>'
               '<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}'
               'gtag("js",new Date());gtag("config","G-XXXX");var _portal={lang:"vi",unit:"sxd"};</script>')
_HEADER = ('<header class="site-header"><div class="banner"><a href="/index.html"><img src="/static/banner.png" '
           'alt="Sở Xây dựng tỉnh Quảng Ngãi"></a><div class="topbar"><a href="/so-do-cong.html">Sơ đồ cổng</a> | '
           '<a href="/lien-he/index.html">Liên hệ</a> | <a href="/en/index.html" hreflang="en">English</a>'
           '<form action="/tim-kiem" method="get"><input name="q" placeholder="Tìm kiếm"></form></div></div>'
           + _MENU + "</header>")
_FOOTER = ('<footer class="site-footer"><div class="footer-info"><p><strong>SỞ XÂY DỰNG TỈNH QUẢNG NGÃI</strong></p>'
           '<p>Cơ quan chủ quản: Ủy ban nhân dân tỉnh Quảng Ngãi. Người chịu trách nhiệm chính: Giám đốc Sở Xây dựng.</p>'
           '<p>Địa chỉ: 52 Hùng Vương, thành phố Quảng Ngãi. Điện thoại: 0255 3822 111. Fax: 0255 3822 112.</p>'
           '<p>Email: <a href="mailto:sxd@quangngai.gov.vn">sxd@quangngai.gov.vn</a>. Giấy phép số 12/GP-TTĐT '
           'ngày 05/3/2024. Ghi rõ nguồn khi phát hành lại thông tin từ cổng này.</p></div>'
           '<ul class="footer-links"><li><a href="/chinh-sach-bao-mat.html">Chính sách bảo mật</a></li>'
           '<li><a href="/so-do-cong.html">Sơ đồ cổng</a></li><li><a href="https://quangngai.gov.vn/">Cổng tỉnh</a></li>'
           '<li><a href="https://chinhphu.vn/">Cổng Chính phủ</a></li></ul></footer>'
           '<script src="/static/jquery.min.js"></script><script>$(function(){$(".menu-item").hover(function(){})});</script>')


class Layout:
    """Which page is where, for ``n`` HTML pages (home + fixed pages + listings + articles)."""

    def __init__(self, n: int):
        fixed = 1 + len(FIXED) + len(CATEGORIES)  # home, fixed pages, every category's first listing
        rest = max(0, n - fixed)
        # articles and the listing pages past the first: a listing per PER_LISTING articles
        self.articles = rest * PER_LISTING // (PER_LISTING + 1)
        per_cat = [self.articles // len(CATEGORIES) + (1 if i < self.articles % len(CATEGORIES) else 0)
                   for i in range(len(CATEGORIES))]
        self.per_cat = per_cat
        self.listings = [max(1, -(-k // PER_LISTING)) for k in per_cat]
        self.extra_articles = max(0, n - fixed - self.articles - sum(x - 1 for x in self.listings))
        if self.extra_articles:  # rounding: the remainder goes to the first categories
            for i in range(self.extra_articles):
                self.per_cat[i % len(CATEGORIES)] += 1
            self.articles += self.extra_articles
            self.listings = [max(1, -(-k // PER_LISTING)) for k in self.per_cat]
        # article ids are global; category c holds ids start[c] .. start[c] + per_cat[c] - 1
        self.start = [sum(self.per_cat[:c]) for c in range(len(CATEGORIES))]

    def cat_of(self, aid: int) -> int:
        for c in range(len(CATEGORIES) - 1, -1, -1):
            if aid >= self.start[c]:
                return c
        return 0

    def article_path(self, aid: int) -> str:
        c = self.cat_of(aid)
        _, slug, sec = CATEGORIES[c]
        return f"{sec}/{slug}/{2015 + aid % 11}/bai-viet-{aid}.html"

    def listing_path(self, c: int, k: int) -> str:
        _, slug, sec = CATEGORIES[c]
        return f"{sec}/{slug}/trang-{k}.html"

    def title(self, aid: int) -> str:
        rnd = random.Random(aid * 7 + 1)
        words = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(8, 16)))
        return words[0].upper() + words[1:]

    def pdf(self, aid: int) -> str | None:
        return f"van-ban/tai-lieu-{aid}.pdf" if aid % 8 == 3 else None


def _page(title: str, crumbs: list[tuple[str, str]], main: str, side: str, desc: str) -> str:
    bc = " » ".join(f'<a href="/{p}">{t}</a>' for p, t in crumbs)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{title} - Sở Xây dựng tỉnh Quảng Ngãi</title>'
            f'<meta name="description" content="{desc[:200]}"><meta name="DC.title" content="{title[:120]}">'
            f'<meta property="og:title" content="{title[:120]}">{_HEAD_EXTRA}</head><body><div id="wrapper">{_HEADER}'
            f'<div class="breadcrumb"><a href="/index.html">Trang chủ</a> » {bc}</div><div class="container">'
            f'<main id="content" class="main-content">{main}</main><aside class="sidebar col-right">{side}</aside></div>'
            f'{_FOOTER}</div></body></html>')


def _latest(lay: Layout, seed: int, k: int = 10) -> str:
    rnd = random.Random(seed)
    ids = [rnd.randrange(lay.articles) for _ in range(k)] if lay.articles else []
    lis = "".join(f'<li><a href="/{lay.article_path(i)}">{lay.title(i)}</a> <span class="date">'
                  f'({1 + i % 28:02d}/{1 + i % 12:02d}/{2015 + i % 11})</span></li>' for i in ids)
    return f'<div class="box-latest"><h3>Tin mới nhất</h3><ul>{lis}</ul></div>'


def article_html(lay: Layout, aid: int) -> str:
    rnd = random.Random(aid)
    c = lay.cat_of(aid)
    name, slug, sec = CATEGORIES[c]
    # page sizes spread around a median of ~55 KB (log-normal-ish: a few long reports)
    target = int(min(110_000, max(8_000, rnd.lognormvariate(11.0, 0.3)))) - 16_000
    paras: list[str] = []
    size = 0
    while size < target or not paras:
        p = _PARAS[rnd.randrange(len(_PARAS))]
        paras.append(f"<p>{p}</p>")
        size += len(p.encode("utf-8")) + 7
    date = f"{1 + aid % 28:02d}/{1 + aid % 12:02d}/{2015 + aid % 11}"
    rel_ids = [lay.start[c] + rnd.randrange(lay.per_cat[c]) for _ in range(12)] if lay.per_cat[c] else []
    rel = "".join(f'<li><a href="/{lay.article_path(i)}">{lay.title(i)}</a></li>' for i in rel_ids)
    pdf = lay.pdf(aid)
    att = (f'<p class="attachment">Tệp đính kèm: <a href="/{pdf}">Tải về văn bản (PDF)</a></p>' if pdf else "")
    title = lay.title(aid)
    main = (f'<article class="news-detail"><h1 class="title">{title}</h1><div class="meta">Ngày đăng: {date} | '
            f'Lượt xem: {aid * 13 % 5000}</div><div class="sapo"><strong>{paras[0][3:200]}</strong></div>'
            f'<div class="detail-content">{"".join(paras)}</div>{att}<p class="author">Phòng Quản lý xây dựng</p>'
            f'</article><div class="related"><h3>Tin liên quan</h3><ul>{rel}</ul></div>')
    crumbs = [(lay.listing_path(c, 1), name)]
    return _page(title, crumbs, main, _latest(lay, aid + 99), paras[0][3:300])


def listing_html(lay: Layout, c: int, k: int) -> str:
    name, slug, sec = CATEGORIES[c]
    lo = lay.start[c] + (k - 1) * PER_LISTING
    ids = range(lo, min(lo + PER_LISTING, lay.start[c] + lay.per_cat[c]))
    items = []
    for i in ids:
        summary = _PARAS[(i * 31) % len(_PARAS)][:420]
        items.append(f'<div class="news-item"><img src="/static/thumb.jpg" alt=""><h3><a href="/{lay.article_path(i)}">'
                     f'{lay.title(i)}</a></h3><span class="date">{1 + i % 28:02d}/{1 + i % 12:02d}/{2015 + i % 11}'
                     f'</span><p>{summary}</p></div>')
    last = lay.listings[c]
    pages = sorted({1, *range(max(1, k - 2), min(last, k + 3) + 1), last})
    pager = "".join(f'<a href="/{lay.listing_path(c, p)}">{p}</a>' if p != k else f"<span>{p}</span>" for p in pages)
    intro = " ".join(_PARAS[(c * 17 + k + j) % len(_PARAS)] for j in range(6))
    main = (f'<h1>{name}</h1><div class="category-intro"><p>{intro}</p></div><div class="news-list">{"".join(items)}</div>'
            f'<div class="pagination">{pager}</div>')
    return _page(f"{name} - trang {k}", [(lay.listing_path(c, 1), name)], main,
                 _latest(lay, c * 1000 + k), intro)


def simple_html(lay: Layout, title: str, seed: int) -> str:
    rnd = random.Random(seed)
    body = "".join(f"<p>{_PARAS[rnd.randrange(len(_PARAS))]}</p>" for _ in range(25))
    return _page(title, [], f"<article><h1>{title}</h1>{body}</article>", _latest(lay, seed), body[3:200])


def home_html(lay: Layout) -> str:
    blocks = []
    for c in range(0, len(CATEGORIES), 3):
        name, _, _ = CATEGORIES[c]
        ids = range(lay.start[c], lay.start[c] + min(3, lay.per_cat[c]))
        lis = "".join(f'<li><a href="/{lay.article_path(i)}">{lay.title(i)}</a></li>' for i in ids)
        blocks.append(f'<section class="home-block"><h2><a href="/{lay.listing_path(c, 1)}">{name}</a></h2><ul>{lis}</ul></section>')
    fixed = "".join(f'<li><a href="/{p}">{t}</a></li>' for p, t in FIXED)
    main = f'<h1 class="sr-only">Trang chủ</h1>{"".join(blocks)}<ul class="quick-links">{fixed}</ul>'
    return _page("Trang chủ", [], main, _latest(lay, 1), "Cổng thông tin điện tử Sở Xây dựng tỉnh Quảng Ngãi")


def _pdf_bytes(aid: int) -> bytes:
    text = f"Van ban so {aid}/QD-SXD " * 300
    stream = f"BT /F1 10 Tf 50 750 Td ({text[:4000]}) Tj ET".encode("latin-1")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    for i, o in enumerate(objs, 1):
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    out += b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    return bytes(out)


def generate(root: str | os.PathLike, n: int) -> dict:
    """Write a portal of ``n`` HTML pages under ``root``; returns counts and sizes."""
    root = Path(root)
    lay = Layout(n)
    sizes: list[int] = []
    urls: list[str] = []

    def put(rel: str, html: str) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        data = html.encode("utf-8")
        p.write_bytes(data)
        sizes.append(len(data))
        urls.append(rel)

    put("index.html", home_html(lay))
    for k, (rel, title) in enumerate(FIXED):
        put(rel, simple_html(lay, title, 500 + k))
    for c in range(len(CATEGORIES)):
        for k in range(1, lay.listings[c] + 1):
            put(lay.listing_path(c, k), listing_html(lay, c, k))
    pdfs = 0
    for aid in range(lay.articles):
        put(lay.article_path(aid), article_html(lay, aid))
        pdf = lay.pdf(aid)
        if pdf:
            (root / pdf).parent.mkdir(parents=True, exist_ok=True)
            (root / pdf).write_bytes(_pdf_bytes(aid))
            pdfs += 1
    host = "http://127.0.0.1"
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(f"<url><loc>{host}/{u}</loc></url>\n" for u in urls) + "</urlset>\n", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\nDisallow: /tim-kiem\n", encoding="utf-8")
    sizes.sort()
    return {"pages": len(urls), "articles": lay.articles, "listings": sum(lay.listings), "pdfs": pdfs,
            "median_kb": sizes[len(sizes) // 2] / 1000, "total_mb": sum(sizes) / 1e6}


NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format bench '$status $bytes_sent $request_method $request_uri';
    access_log {prefix}/access.log bench buffer=64k flush=1s;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    sendfile on;
    keepalive_requests 100000;
    keepalive_timeout 65;
    gzip on;
    gzip_comp_level 1;
    gzip_min_length 256;
    gzip_types text/plain text/css application/xml text/xml application/javascript;
    etag on;
    charset utf-8;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {root};
        index index.html;
        location / {{ try_files $uri $uri/ =404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """Debian's nginx serving ``root`` from its own prefix (config, logs, pid, temp files)
    on 127.0.0.1; nothing of the system's nginx configuration but ``mime.types`` is used."""

    def __init__(self, root: str | os.PathLike, binary: str | None = None):
        self.root = Path(root).resolve()
        self.binary = binary or shutil.which("nginx") or "/usr/sbin/nginx"
        self.prefix = Path(tempfile.mkdtemp(prefix="d43-nginx-"))
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self._log_pos = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> Nginx:
        for d in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
            (self.prefix / d).mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(NGINX_CONF.format(prefix=self.prefix, port=self.port, root=self.root))
        # root's nginx hands the workers to "nobody": the site and its parents must be readable
        for p in [self.root, *self.root.parents]:
            if str(p).startswith(tempfile.gettempdir()) and p != Path(tempfile.gettempdir()):
                p.chmod(p.stat().st_mode | 0o055)
        self.proc = subprocess.Popen([self.binary, "-p", str(self.prefix), "-c", str(conf), "-e", str(self.prefix / "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.proc.stderr.read().decode(errors='replace') if self.proc.stderr else ''}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not start listening")

    def pids(self) -> list[int]:
        """nginx's master and worker process ids (for their CPU time)."""
        out = [self.proc.pid] if self.proc else []
        try:
            kids = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split() if self.proc else []
            out += [int(k) for k in kids]
        except OSError:
            pass
        return out

    def cpu_seconds(self) -> float:
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
        return total

    def flush_log(self) -> None:
        """Ask nginx to reopen its logs (which flushes the buffered access log), then wait a moment."""
        if self.proc is not None:
            self.proc.send_signal(10)  # SIGUSR1: reopen log files
            time.sleep(0.5)

    def bytes_since(self) -> dict:
        """Responses and bytes sent since the last call (from the access log)."""
        self.flush_log()
        log = self.prefix / "access.log"
        stats = {"responses": 0, "bytes": 0, "not_modified": 0}
        if not log.exists():
            return stats
        with open(log, "rb") as fh:
            fh.seek(self._log_pos)
            for line in fh:
                parts = line.split()
                if len(parts) >= 2:
                    stats["responses"] += 1
                    stats["bytes"] += int(parts[1])
                    stats["not_modified"] += parts[0] == b"304"
            self._log_pos = fh.tell()
        return stats

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        shutil.rmtree(self.prefix, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--out", help="folder to write (default: a temporary folder)")
    ap.add_argument("--serve", action="store_true", help="serve it with nginx until interrupted")
    a = ap.parse_args()
    out = a.out or tempfile.mkdtemp(prefix="d43-portal-")
    print(generate(out, a.pages), out)
    if a.serve:
        srv = Nginx(out).start()
        print(srv.url, flush=True)
        try:
            srv.proc.wait() if srv.proc else None
        except KeyboardInterrupt:
            pass
        finally:
            srv.stop()


if __name__ == "__main__":
    main()
