"""Generate the sample province "Tỉnh Hòa An" under checker/demo/province/.

The portals are static files (served by :mod:`checker.demo.server`); this script is how
they were written, kept so that they can be changed coherently. Run it from the
repository root::

    python -m checker.demo.make_province

It rewrites every portal directory it owns (registry.yaml and expected.yaml are written
by hand and are left alone). Each portal imitates a different CMS the way real
Vietnamese government portals differ: Liferay (province), DNN/.aspx CamelCase (Sở Xây
dựng), SharePoint with a JavaScript-built menu (Sở TN&MT), Joomla query-string URLs
(Sở GD&ĐT), a home-grown PHP site (huyện Bình Sơn), an old table-based ASP site with
legacy TCVN3 text (huyện Lai Sơn) and a WordPress site on a .com.vn domain (Sở Y tế).
Dates are static text written for an evaluation on 2026-11-22.
"""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).parent / "province"
E = html.escape

# --------------------------------------------------------------------------------------
# encodings
# --------------------------------------------------------------------------------------
_TCVN3_LOWER = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9, "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD,
    "ắ": 0xBE, "ặ": 0xC6, "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB, "đ": 0xAE,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1, "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4,
    "ế": 0xD5, "ệ": 0xD6, "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE, "ò": 0xDF, "ỏ": 0xE1,
    "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4, "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE, "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2,
    "ú": 0xF3, "ụ": 0xF4, "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9, "ỳ": 0xFA,
    "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}
_TCVN3_UPPER = {"Ă": 0xA1, "Â": 0xA2, "Đ": 0xA7, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6}


def tcvn3(text: str) -> str:
    """Vietnamese text as it looks when TCVN3 (ABC, .VnTime font) bytes are read as
    Latin-1: ``tcvn3("Lịch công tác") == "LÞch c«ng t¸c"``. Accented capitals have no
    code in the .VnTime font (they used .VnTimeH), so they are written lower-case."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in _TCVN3_UPPER:
            out.append(chr(_TCVN3_UPPER[ch]))
        elif ch.lower() in _TCVN3_LOWER:
            out.append(chr(_TCVN3_LOWER[ch.lower()]))
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append({"–": "-", "“": '"', "”": '"', "…": "...", "’": "'"}.get(ch, "?"))
    return "".join(out)


def cp1258(text: str) -> bytes:
    """Encode in windows-1258 (base letters â ă ê ô ơ ư đ precomposed, tones combining)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        head = unicodedata.normalize("NFC", d[:2])
        try:
            out += head.encode("cp1258") + d[2:].encode("cp1258")
        except UnicodeEncodeError:
            out += d.encode("cp1258", errors="replace")
    return bytes(out)


def pdf(lines: list[str]) -> bytes:
    """A small valid one-page PDF with the given text (diacritics dropped: base-14 font)."""
    def plain(s: str) -> str:
        s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
        s = "".join(c for c in s if not unicodedata.combining(c))
        return s.encode("latin-1", "replace").decode("latin-1").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    y = 800
    ops = ["BT /F1 11 Tf"]
    for line in lines:
        ops.append(f"1 0 0 1 50 {y} Tm ({plain(line)}) Tj")
        y -= 16
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def svg_map(title: str, communes: list[str]) -> bytes:
    cells = []
    for i, name in enumerate(communes):
        x, y = 20 + (i % 4) * 190, 60 + (i // 4) * 110
        cells.append(f'<polygon points="{x},{y} {x+170},{y+10} {x+180},{y+95} {x+5},{y+100}" fill="#e8f3d6" stroke="#c0392b" stroke-dasharray="6,3"/>'
                     f'<text x="{x+20}" y="{y+55}" font-size="15">{E(name)}</text>')
    h = 80 + ((len(communes) + 3) // 4) * 110
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="{h}" role="img" aria-label="{E(title)}">'
            f'<title>{E(title)}</title><text x="20" y="35" font-size="22" font-weight="bold">{E(title)}</text>'
            + "".join(cells) + "</svg>").encode("utf-8")


def svg_chart(title: str, boxes: list[str]) -> bytes:
    parts = [f'<rect x="300" y="50" width="200" height="40" fill="#1d4e89"/><text x="310" y="75" fill="#fff" font-size="13">{E(boxes[0])}</text>']
    for i, b in enumerate(boxes[1:]):
        x, y = 10 + (i % 4) * 200, 140 + (i // 4) * 70
        parts.append(f'<line x1="400" y1="90" x2="{x+90}" y2="{y}" stroke="#555"/><rect x="{x}" y="{y}" width="185" height="40" fill="#dfe9f5" stroke="#1d4e89"/>'
                     f'<text x="{x+6}" y="{y+25}" font-size="11">{E(b)}</text>')
    h = 220 + ((len(boxes) + 2) // 4) * 70
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="820" height="{h}" role="img" aria-label="{E(title)}">'
            f'<title>{E(title)}</title>' + "".join(parts) + "</svg>").encode("utf-8")


# --------------------------------------------------------------------------------------
# portal model
# --------------------------------------------------------------------------------------
class Portal:
    def __init__(self, host: str, name: str, theme, *, lang: str | None = "vi", toolbar: str | None = None,
                 footer: str = "", nav: list | None = None, search: dict | None = None, search_form: str = "",
                 publisher: str = ""):
        self.host = host
        self.name = name
        self.theme = theme
        self.lang = lang
        self.toolbar = toolbar  # "working", "fake" or None
        self.footer = footer
        self.nav = nav or []
        self.search_form = search_form
        self.publisher = publisher or name
        self.files: dict[str, bytes] = {}
        self.meta: dict = {"paths": {}}
        if search:
            self.meta["search"] = search

    def render(self, url: str, title: str, body: str, dc: dict | None = None, head: str = "") -> str:
        return self.theme(self, url, title, body, dc, head)

    def page(self, url: str, title: str, body: str, *, dc: dict | None = None, head: str = "",
             content_type: str | None = None, status: int | None = None, bom: bool = False) -> None:
        data = self.render(url, title, body, dc, head).encode("utf-8")
        if bom:
            data = b"\xef\xbb\xbf" + data
        self.store(url, data, content_type=content_type, status=status)

    def store(self, url: str, data: bytes, *, content_type: str | None = None, status: int | None = None) -> None:
        parts = urlsplit(url)
        spec: dict = {}
        if parts.query:
            fname = "_meta/pages/" + re.sub(r"[^A-Za-z0-9]+", "_", parts.path + "_" + parts.query).strip("_") + ".html"
            spec["body_file"] = fname
        else:
            path = parts.path
            if path.endswith("/"):
                fname = path[1:] + "index.html"
            elif "." in path.rsplit("/", 1)[-1]:
                fname = path[1:]
            else:
                fname = path[1:] + ".html"
        self.files[fname] = data
        if content_type:
            spec["content_type"] = content_type
        if status:
            spec["status"] = status
        if spec:
            self.meta["paths"][url] = spec

    def override(self, url: str, **spec) -> None:
        self.meta["paths"][url] = spec

    def write(self) -> None:
        d = ROOT / self.host
        if d.exists():
            shutil.rmtree(d)
        for rel, data in self.files.items():
            f = d / rel
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_bytes(data)
        meta = {k: v for k, v in self.meta.items() if v}
        if meta:
            (d / "_meta.yaml").write_text(
                "# Per-path overrides for checker.demo.server (generated by checker/demo/make_province.py)\n"
                + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True), encoding="utf-8")


def dc_meta(dc: dict | None) -> str:
    if not dc:
        return ""
    out = ['<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">']
    for k, v in dc.items():
        out.append(f'<meta name="DC.{k}" content="{E(v)}">')
    return "\n".join(out)


def toolbar_html(kind: str | None, style: str = "a") -> str:
    if kind == "working":
        if style == "a":
            return ('<div class="accessibility-bar" role="toolbar" aria-label="Hỗ trợ người khuyết tật">'
                    '<span>Cỡ chữ:</span> <button type="button" id="btnFontUp" title="Tăng cỡ chữ">A+</button>'
                    '<button type="button" id="btnFontDown" title="Giảm cỡ chữ">A-</button>'
                    '<button type="button" id="btnContrast" title="Chế độ tương phản cao">Tương phản</button></div>'
                    '<script>(function(){var s=100;function f(d){s=Math.max(80,Math.min(180,s+d));'
                    'document.documentElement.style.fontSize=s+"%";}'
                    'document.getElementById("btnFontUp").onclick=function(){f(10)};'
                    'document.getElementById("btnFontDown").onclick=function(){f(-10)};'
                    'document.getElementById("btnContrast").onclick=function(){document.body.classList.toggle("contrast")};})();</script>'
                    '<style>body.contrast{background:#000;color:#fff}body.contrast a{color:#ff0}</style>')
        return ('<ul class="tro-nang" aria-label="Trợ năng">'
                '<li><a href="#" onclick="return zoomText(1)" title="Phóng to chữ">A<sup>+</sup></a></li>'
                '<li><a href="#" onclick="return zoomText(0)" title="Cỡ chữ mặc định">A</a></li>'
                '<li><a href="#" onclick="return zoomText(-1)" title="Thu nhỏ chữ">A<sup>-</sup></a></li>'
                '<li><a href="#" onclick="document.documentElement.classList.toggle(\'hc\');return false" title="Độ tương phản">&#9681;</a></li></ul>'
                '<script>var __z=16;function zoomText(d){__z=d===0?16:Math.max(12,Math.min(28,__z+2*d));'
                'document.body.style.fontSize=__z+"px";return false;}</script>'
                '<style>html.hc body{background:#000;color:#ff0}html.hc a{color:#0ff}</style>')
    if kind == "fake":
        return ('<div class="font-tools"><a href="javascript:void(0);" class="font-up" title="Tăng cỡ chữ">A+</a> '
                '<a href="javascript:void(0);" class="font-down" title="Giảm cỡ chữ">A-</a></div>')
    return ""


def lang_attr(p: Portal) -> str:
    return f' lang="{p.lang}"' if p.lang else ""


# --------------------------------------------------------------------------------------
# themes (one per CMS family)
# --------------------------------------------------------------------------------------
def theme_liferay(p: Portal, url: str, title: str, body: str, dc, head: str) -> str:
    def item(label, href, kids):
        sub = ""
        if kids:
            sub = '<ul class="child-menu" role="menu">' + "".join(
                f'<li role="presentation"><a role="menuitem" href="{h}">{E(lb)}</a></li>' for lb, h in kids) + "</ul>"
        return f'<li class="lfr-nav-item dropdown" role="presentation"><a role="menuitem" href="{href}"><span>{E(label)}</span></a>{sub}</li>'
    nav = "".join(item(*n) for n in p.nav)
    return f"""<!DOCTYPE html>
<html class="ltr" dir="ltr"{lang_attr(p)}>
<head>
<meta charset="utf-8">
<title>{E(title)} - {E(p.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
{dc_meta(dc)}
<link rel="stylesheet" href="/o/hoaan-theme/css/main.css">
{head}
</head>
<body class="controls-visible guest-site signed-out public-page site">
<a class="sr-only" href="#content">Bỏ qua để đến nội dung chính</a>
<div id="wrapper">
<header id="banner" role="banner">
 <div class="top-bar"><span class="date">Chủ Nhật, ngày 22/11/2026</span>
 {toolbar_html(p.toolbar, "a")}
 <a href="/en/" lang="en">English</a>
 {p.search_form}</div>
 <div class="logo"><a href="/" title="Trang chủ"><img src="/o/hoaan-theme/images/logo.svg" alt="Cổng thông tin điện tử tỉnh Hòa An"></a>
 <h1 class="site-title">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH HÒA AN</h1></div>
 <nav id="navigation" class="sort-pages modify-pages" role="navigation" aria-label="Menu chính">
 <ul aria-label="Site Pages" role="menubar">{nav}</ul></nav>
</header>
<section id="content" role="main">
<div class="portlet-boundary"><div class="portlet-body">
<h2 class="portlet-title">{E(title)}</h2>
{body}
</div></div>
</section>
<footer id="footer" role="contentinfo">{p.footer}</footer>
</div>
</body>
</html>
"""


def theme_dnn(p: Portal, url: str, title: str, body: str, dc, head: str) -> str:
    def item(label, href, kids):
        sub = ""
        if kids:
            sub = '<div class="mega-sub"><ul>' + "".join(f'<li><a href="{h}">{E(lb)}</a></li>' for lb, h in kids) + "</ul></div>"
        return f'<li class="mega-item"><a href="{href}">{E(label)}</a>{sub}</li>'
    nav = "".join(item(*n) for n in p.nav)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"{lang_attr(p)}>
<head id="Head">
<meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>{E(title)} | {E(p.name)}</title>
{dc_meta(dc)}
<link href="/Portals/_default/Skins/SXD/skin.css" type="text/css" rel="stylesheet" />
{head}
</head>
<body id="Body">
<div class="search-wrap">{p.search_form}</div>
<form method="post" action="{E(url)}" id="Form">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWAg==" />
<div id="dnn_wrapper">
 <div id="dnn_HeaderPane" class="header">
  <div class="top-links">{toolbar_html(p.toolbar, "b")}</div>
  <a id="dnn_dnnLOGO_hypLogo" title="{E(p.name)}" href="/"><img id="dnn_dnnLOGO_imgLogo" src="/Portals/0/logo-sxd.png" alt="Logo Sở Xây dựng tỉnh Hòa An" /></a>
  <span class="site-name">SỞ XÂY DỰNG TỈNH HÒA AN</span>
 </div>
 <div id="dnn_dnnNAV" class="menu-wrap"><ul class="mega-menu">{nav}</ul></div>
 <div id="dnn_ContentPane" class="content">
  <div class="DnnModule"><h2 class="Title">{E(title)}</h2>
  <div class="Normal">{body}</div></div>
 </div>
 <div id="dnn_FooterPane" class="footer">{p.footer}</div>
</div>
</form>
</body>
</html>
"""


def theme_sharepoint(p: Portal, url: str, title: str, body: str, dc, head: str) -> str:
    # The top navigation is empty in the HTML: /SiteAssets/js/topnav.js builds it.
    return f"""<!DOCTYPE html>
<html dir="ltr"{lang_attr(p)}>
<head>
<meta http-equiv="X-UA-Compatible" content="IE=10">
<meta http-equiv="Content-type" content="text/html; charset=utf-8">
<title>{E(title)}</title>
<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css">
<script type="text/javascript" src="/SiteAssets/js/topnav.js"></script>
{head}
</head>
<body>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div id="s4-titlerow" class="ms-dialogHidden">
 <div class="banner"><a href="/Pages/default.aspx"><img src="/SiteAssets/images/banner-stnmt.jpg" alt="Sở Tài nguyên và Môi trường tỉnh Hòa An"></a></div>
 <div class="tools">{toolbar_html(p.toolbar)} {p.search_form}</div>
 <div id="DeltaTopNavigation" class="ms-displayInline ms-core-navigation" role="navigation">
  <div id="zz1_TopNavigationMenu" class="ms-core-listMenu-horizontalBox noindex"></div>
 </div>
</div>
<div id="contentRow">
 <div id="sideNavBox" class="ms-dialogHidden ms-forceWrap ms-noList">
  <div class="ms-core-navigation" role="navigation"><ul class="root ms-core-listMenu-root static">
   <li class="static"><a class="static menu-item" href="/tin-tuc/Pages/default.aspx"><span class="menu-item-text">Tin tức - Sự kiện</span></a></li>
   <li class="static"><a class="static menu-item" href="/Pages/lien-he.aspx"><span class="menu-item-text">Liên hệ</span></a></li>
  </ul></div>
 </div>
 <div id="contentBox" aria-live="polite" aria-relevant="all">
  <div id="DeltaPlaceHolderMain"><h1 class="ms-core-pageTitle">{E(title)}</h1>
  <div class="ms-rtestate-field">{body}</div></div>
 </div>
</div>
<div class="footer-stnmt">{p.footer}</div>
</div></div>
<script type="text/javascript">TopNav.render("zz1_TopNavigationMenu");</script>
</body>
</html>
"""


def theme_joomla(p: Portal, url: str, title: str, body: str, dc, head: str) -> str:
    items = []
    for label, href, kids in p.nav:
        sub = ""
        if kids:
            sub = "<ul>" + "".join(f'<li><a href="{E(h)}">{E(lb)}</a></li>' for lb, h in kids) + "</ul>"
        items.append(f'<li class="item-{len(items) + 101} parent"><a href="{E(href)}">{E(label)}</a>{sub}</li>')
    return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi-vn" dir="ltr">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8" />
  <meta name="generator" content="Joomla! - Open Source Content Management" />
  <title>{E(title)}</title>
  <link href="/templates/sgd/css/template.css" rel="stylesheet" type="text/css" />
{head}
</head>
<body>
<div id="page">
 <div id="header"><img src="/images/banner-sgddt.jpg" alt="" width="980" height="160" /></div>
 <div id="menu"><ul class="menu">{''.join(items)}</ul></div>
 <div id="left">
  <div class="moduletable"><h3>Tìm kiếm</h3>{p.search_form}</div>
  <div class="moduletable"><h3>Thống kê truy cập</h3><p>Đang online: 12<br />Tổng lượt truy cập: 1.245.863</p></div>
 </div>
 <div id="main"><div class="item-page"><h2>{E(title)}</h2>{body}</div></div>
 <div id="footer">{p.footer}</div>
</div>
</body>
</html>
"""


def theme_binhson(p: Portal, url: str, title: str, body: str, dc, head: str) -> str:
    def item(label, href, kids):
        if not kids:
            return f'<li class="nav-item"><a class="nav-link" href="{href}">{E(label)}</a></li>'
        sub = "".join(f'<li><a class="dropdown-item" href="{h}">{E(lb)}</a></li>' for lb, h in kids)
        return (f'<li class="nav-item dropdown"><a class="nav-link dropdown-toggle" href="{href}">{E(label)}</a>'
                f'<ul class="dropdown-menu">{sub}</ul></li>')
    nav = "".join(item(*n) for n in p.nav)
    return f"""<!doctype html>
<html{lang_attr(p)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(title)} - {E(p.name)}</title>
<meta name="description" content="{E(title)}">
{dc_meta(dc)}
<link rel="stylesheet" href="/assets/css/style.css?v=3.2">
{head}
</head>
<body>
<header class="site-header">
 <div class="container topbar">{toolbar_html(p.toolbar, "a")}<div class="search-box">{p.search_form}</div></div>
 <div class="container brand"><a href="/"><img src="/assets/img/quoc-huy.png" alt="Quốc huy"></a>
  <div><p class="brand-sub">ỦY BAN NHÂN DÂN TỈNH HÒA AN</p><p class="brand-title">CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN BÌNH SƠN</p></div></div>
 <nav class="navbar main-nav" aria-label="Menu chính"><ul class="navbar-nav">{nav}</ul></nav>
</header>
<main id="main" class="container">
<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li>{E(title)}</li></ol>
<h1>{E(title)}</h1>
{body}
</main>
<footer class="site-footer">{p.footer}</footer>
</body>
</html>
"""


def theme_laison(p: Portal, url: str, title: str, body: str, dc, head: str) -> str:
    cells = "".join(f'<td class="menu" nowrap><a href="{E(h)}" class="menulink">{E(lb)}</a></td>' for lb, h, _ in p.nav)
    return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{E(title)} - UBND huyen Lai Son</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
{head}
</head>
<body topmargin="0" leftmargin="0" bgcolor="#FFFFFF">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="/images/banner_laison.jpg" width="1000" height="150"></td></tr>
<tr><td bgcolor="#0a5ca8"><table id="tblMenu" border="0" cellpadding="4" cellspacing="0"><tr>{cells}</tr></table></td></tr>
<tr><td>
 <table width="100%" border="0" cellpadding="6" cellspacing="0"><tr>
 <td width="200" valign="top" class="leftcol">{p.search_form}</td>
 <td valign="top" class="maincontent"><p class="title_cat">{E(title)}</p>
 {body}
 </td></tr></table>
</td></tr>
<tr><td class="footer" bgcolor="#e4eef8">{p.footer}</td></tr>
</table>
</body>
</html>
"""


def theme_wordpress(p: Portal, url: str, title: str, body: str, dc, head: str) -> str:
    def item(label, href, kids):
        sub = ""
        if kids:
            sub = '<ul class="sub-menu">' + "".join(f'<li class="menu-item"><a href="{h}">{E(lb)}</a></li>' for lb, h in kids) + "</ul>"
        return f'<li class="menu-item menu-item-type-post_type"><a href="{href}">{E(label)}</a>{sub}</li>'
    nav = "".join(item(*n) for n in p.nav)
    return f"""<!DOCTYPE html>
<html{lang_attr(p)}>
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{E(title)} &#8211; {E(p.name)}</title>
{dc_meta(dc)}
<meta name="generator" content="WordPress 6.4.3">
<link rel="stylesheet" id="astra-theme-css-css" href="/wp-content/themes/astra/assets/css/minified/main.min.css?ver=4.6.4" media="all">
{head}
</head>
<body class="page-template-default page wp-custom-logo">
<div id="page" class="hfeed site">
<header id="masthead" class="site-header">
 <div class="site-branding"><a href="/" rel="home"><img src="/wp-content/uploads/2021/03/logo-soyte.png" alt="Sở Y tế Hòa An"></a>
 <p class="site-title">SỞ Y TẾ TỈNH HÒA AN</p></div>
 <div class="header-search">{p.search_form}</div>
 <div class="main-navigation"><ul id="menu-main-menu" class="main-header-menu">{nav}</ul></div>
</header>
<div id="content" class="site-content"><div class="ast-container">
<article class="page type-page status-publish"><header class="entry-header"><h1 class="entry-title">{E(title)}</h1></header>
<div class="entry-content">{body}</div></article>
</div></div>
<footer class="site-footer" id="colophon">{p.footer}</footer>
</div>
</body>
</html>
"""


def theme_plain(p: Portal, url: str, title: str, body: str, dc, head: str) -> str:
    nav = " | ".join(f'<a href="{h}">{E(lb)}</a>' for lb, h, _ in p.nav)
    return f"""<!DOCTYPE html>
<html{lang_attr(p)}><head><meta charset="utf-8"><title>{E(title)} - {E(p.name)}</title></head>
<body><header><h1>{E(p.name)}</h1><nav>{nav}</nav></header><main><h2>{E(title)}</h2>{body}</main>
<footer>{p.footer}</footer></body></html>
"""


# --------------------------------------------------------------------------------------
# content helpers
# --------------------------------------------------------------------------------------
def table(headers: list[str], rows: list[list[str]], cls: str = "table") -> str:
    th = "".join(f"<th>{E(h)}</th>" for h in headers)
    trs = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>'


def ul(items: list[str], cls: str = "list") -> str:
    return f'<ul class="{cls}">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def a(href: str, text: str, **attrs) -> str:
    extra = "".join(f' {k.rstrip("_")}="{E(v)}"' for k, v in attrs.items())
    return f'<a href="{E(href)}"{extra}>{E(text)}</a>'


def paras(*texts: str) -> str:
    return "".join(f"<p>{E(t)}</p>" for t in texts)


def vn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def bio_block(L: dict, heading: str = "h3") -> str:
    parts = [f'<div class="leader"><img src="{L.get("img", "/images/no-photo.jpg")}" alt="Ảnh {E(L["name"])}" width="120">',
             f"<{heading}>{E(L['position'])} {E(L['name'])}</{heading}>"]
    if L.get("bio", True):
        parts.append("<ul class='bio'>"
                     f"<li>Ngày sinh: {E(L['born'])}</li><li>Quê quán: {E(L['home'])}</li>"
                     f"<li>Trình độ chuyên môn: {E(L['degree'])}</li><li>Trình độ lý luận chính trị: Cao cấp</li></ul>"
                     f"<p><strong>Quá trình công tác:</strong> {E(L['career'])}</p>")
    if L.get("duties"):
        parts.append(f"<p><strong>{E(L.get('duties_label', 'Nhiệm vụ đảm nhiệm'))}:</strong> {E(L['duties'])}</p>")
    if L.get("phone"):
        parts.append(f"<p>Điện thoại: {E(L['phone'])} - Email: {E(L['email'])}</p>")
    parts.append("</div>")
    return "".join(parts)


def schedule_table(days: list[tuple[str, list[tuple[str, str]]]]) -> str:
    rows = []
    for day, events in days:
        first = True
        for when, what in events:
            rows.append([f"<strong>{E(day)}</strong>" if first else "", E(when), E(what)])
            first = False
    return table(["Thứ, ngày", "Thời gian", "Nội dung công việc"], rows, "schedule")


def week_days(start_day: int, month: int, year: int, events: list[list[tuple[str, str]]]) -> list:
    names = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
    out = []
    for i, ev in enumerate(events):
        out.append((f"{names[i]} ({start_day + i:02d}/{month:02d}/{year})", ev))
    return out


# --------------------------------------------------------------------------------------
# the portals
# --------------------------------------------------------------------------------------
def main() -> None:
    from checker.demo import _province_content as C  # the content, in its own module

    ROOT.mkdir(parents=True, exist_ok=True)
    portals = C.build_all()
    for p in portals:
        p.write()
    print("wrote", ", ".join(p.host for p in portals))


if __name__ == "__main__":
    main()
