<!DOCTYPE html>
<html dir="ltr" lang="vi">
<head>
<meta http-equiv="X-UA-Compatible" content="IE=10">
<meta http-equiv="Content-type" content="text/html; charset=utf-8">
<title>Chức năng, nhiệm vụ, quyền hạn</title>
<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css">
<script type="text/javascript" src="/SiteAssets/js/topnav.js"></script>

</head>
<body>
<div id="s4-workspace"><div id="s4-bodyContainer">
<div id="s4-titlerow" class="ms-dialogHidden">
 <div class="banner"><a href="/Pages/default.aspx"><img src="/SiteAssets/images/banner-stnmt.jpg" alt="Sở Tài nguyên và Môi trường tỉnh Hòa An"></a></div>
 <div class="tools"><div class="font-tools"><a href="javascript:void(0);" class="font-up" title="Tăng cỡ chữ">A+</a> <a href="javascript:void(0);" class="font-down" title="Giảm cỡ chữ">A-</a></div> <form action="/_layouts/15/osssearchresults.aspx" method="get" role="search"><label for="k">Tìm kiếm trên trang</label><input id="k" name="k" type="search"><button type="submit">Tìm</button></form></div>
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
  <div id="DeltaPlaceHolderMain"><h1 class="ms-core-pageTitle">Chức năng, nhiệm vụ, quyền hạn</h1>
  <div class="ms-rtestate-field"><p>Sở Tài nguyên và Môi trường thực hiện chức năng, nhiệm vụ, quyền hạn theo Quyết định số 21/2023/QĐ-UBND của UBND tỉnh: tham mưu quản lý nhà nước về đất đai, tài nguyên nước, khoáng sản, môi trường, khí tượng thủy văn, biển và hải đảo.</p><p><a href="/SiteAssets/files/QD-quy-dinh-chuc-nang-nhiem-vu-STNMT.pdf">Toàn văn Quyết định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức (PDF)</a></p></div></div>
 </div>
</div>
<div class="footer-stnmt"><p><strong>SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH HÒA AN</strong></p><p>Địa chỉ: Số 5 Đường Nguyễn Huệ, phường Hòa Bình, TP. Hòa An</p><p>Điện thoại: 0257.3823.200 - Fax: 0257.3823.201</p><p>Email: <a href="mailto:stnmt@hoaan.gov.vn">stnmt@hoaan.gov.vn</a></p><div class="lien-ket"><h3>Liên kết website</h3><ul class="list"><li><a href="http://hoaan.gov.vn/">Cổng TTĐT tỉnh Hòa An</a></li><li><a href="http://dichvucong.hoaan.gov.vn/">Dịch vụ công</a></li></ul></div></div>
</div></div>
<script type="text/javascript">TopNav.render("zz1_TopNavigationMenu");</script>
</body>
</html>
