"""Page templates of the sample province, one per CMS family that real Vietnamese
government portals run (Liferay, DNN, SharePoint, Joomla, home-grown PHP, table-based ASP,
WordPress), plus the page chrome they share: Dublin Core metadata, the accessibility
toolbar (working or fake) and the ``lang`` attribute. Used by :mod:`checker.demo.make_province`."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checker.demo.sample_portal import Portal

E = html.escape


# --------------------------------------------------------------------------------------
# page chrome
# --------------------------------------------------------------------------------------
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
    items: list[str] = []
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
